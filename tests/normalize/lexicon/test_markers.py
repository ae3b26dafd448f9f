"""normalize.lexicon.markers: the small grammars several readers share, each written once."""
from __future__ import annotations

import pytest

from normalize.lexicon import DEFINITION, DEFINITION_AT_END, DEFINITION_OPENING, ITEM_NUMBER, SCHOOL_YEAR, mostly_upper


@pytest.mark.parametrize("text, x", [
    ("школ с низкими результатами (далее – ШНОР)", "ШНОР"),     # en dash
    ("Министерство (далее — «Министерство»)", "«Министерство»"),  # em dash
    ("КАУ ДПО «АИРО» (далее ‑ АИРО)", "АИРО"),                   # non-breaking hyphen
    ("системе (далее − ИС МЭДК)", "ИС МЭДК"),                    # minus sign
    ("школы (далее- ШНОР)", "ШНОР"),                             # hyphen, no space before
    ("центр (далее также – Центр)", "Центр"),
    ("центр (далее по тексту: ЦНППМ)", "ЦНППМ"),
    ("центр (далее ЦНППМ)", "ЦНППМ"),
])
def test_definition_accepts_every_dash(text, x):
    m = DEFINITION.search(text)
    assert m and m.group("x") == x
    assert DEFINITION_AT_END.sub("", text) == text[:m.start()].rstrip()
    assert DEFINITION_OPENING.split(text)[0] == text[:m.start()].rstrip()


@pytest.mark.parametrize("text", ["(далее в тексте)", "далее – ШНОР"])
def test_definition_needs_a_bracket_opening_with_dalee(text):
    assert (DEFINITION.search(text) is None) == (not text.startswith("("))


@pytest.mark.parametrize("cell, number", [
    ("1", "1"), ("2.3.", "2.3"), ("1. 2", "1. 2"), (" 10.1.2 ", "10.1.2"), ("1.2.3.4.5", None), ("а)", None), ("2022", None),
])
def test_item_number(cell, number):
    m = ITEM_NUMBER.match(cell)
    assert (m.group(1) if m else None) == number


@pytest.mark.parametrize("text, years", [
    ("на 2015/2016 учебный год", ("2015", "2016")),
    ("2021-22 уч. год", ("2021", "22")),
    ("2024–2025 учебного года", ("2024", "2025")),
    ("на 2022-2024 годы", None),
    ("№ 12015-2016 учебный год", None),
])
def test_school_year(text, years):
    m = SCHOOL_YEAR.search(text)
    assert (m.groups() if m else None) == years


@pytest.mark.parametrize("text, upper", [
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", True), ("МБОУ «Школа»", False), ("ОБ УТВЕРЖДЕНИИ ПЛАНА на 2022", True), ("А", False),
])
def test_mostly_upper(text, upper):
    assert mostly_upper(text) is upper
