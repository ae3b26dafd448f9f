"""normalize.lexicon.lookalikes and data/lookalikes.yaml: the one look-alike table and its folds."""
from __future__ import annotations

import pytest

from normalize.lexicon import (
    capital_twins,
    fold_lookalikes,
    load_yaml,
    ocr_lookalikes,
    twins,
    twins_to_cyrillic,
    zero_to_o,
)

RAW = load_yaml("lookalikes.yaml")


def is_latin(ch: str) -> bool:
    return len(ch) == 1 and "a" <= ch.lower() <= "z"


def is_cyrillic(ch: str) -> bool:
    return len(ch) == 1 and ("а" <= ch.lower() <= "я" or ch in "ёЁ")


@pytest.mark.parametrize("key", ["twins", "ocr"])
def test_each_entry_is_one_latin_letter_to_one_cyrillic_letter(key):
    for latin, cyrillic in RAW[key].items():
        assert is_latin(latin) and is_cyrillic(cyrillic), (key, latin, cyrillic)
        assert latin.isupper() == cyrillic.isupper(), (key, latin, cyrillic)


def test_every_latin_letter_is_listed_once():
    assert not set(RAW["twins"]) & set(RAW["ocr"])
    assert ocr_lookalikes() == {**twins(), **RAW["ocr"]}


def test_capital_twins_are_the_capitals_of_the_table():
    assert set(capital_twins()) == {k for k in twins() if k.isupper()}
    assert twins_to_cyrillic("T.B.") == "Т.В."


@pytest.mark.parametrize("text, expected", [
    ("Mинистерство oбразования", "Министерство образования"),  # mostly Cyrillic words are folded
    ("МБОУ CОШ", "МБОУ СОШ"),
    ("Упрaвление", "Управление"),
    ("COШ", "COШ"),                                               # more Latin than Cyrillic: not a Cyrillic word
    ("Microsoft Word", "Microsoft Word"),                        # Latin words stay
    ("сентяbря", "сентяbря"),                                     # OCR confusions are the deadline lexer's only
])
def test_fold_lookalikes(text, expected):
    assert fold_lookalikes(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("0гау", "огау"), ("д0 10 мая", "до 10 мая"), ("10.03.2022", "10.03.2022"), ("а01", "а01"), ("20 0", "20 0"),
])
def test_zero_to_o(text, expected):
    assert zero_to_o(text) == expected
