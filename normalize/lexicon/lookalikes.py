"""Look-alike letters: the one table in data/lookalikes.yaml and the folds built from it.

``fold_lookalikes`` (Latin twins inside mostly Cyrillic words) is what every reader uses;
``capital_twins`` gives the Latin capitals an initial may be printed with; ``ocr_lookalikes``
is the deadline lexer's broader table; ``zero_to_o`` turns OCR's zero for "о" back.
(``parsers/ocr_text.py`` keeps the OCR parser's own repair table: it works on tesseract's words
before any reader sees them.)
"""
from __future__ import annotations

import re
from functools import lru_cache

from normalize.lexicon.data_files import load_yaml

_ZERO_FOR_O = re.compile(r"(?<=[^\W\d_])0(?!\d)|(?<!\d)0(?=[^\W\d_])")


@lru_cache(maxsize=1)
def twins() -> dict[str, str]:
    """Latin letter -> the Cyrillic letter it is drawn like."""
    return {str(k): str(v) for k, v in load_yaml("lookalikes.yaml")["twins"].items()}


@lru_cache(maxsize=1)
def ocr_lookalikes() -> dict[str, str]:
    """The twins plus the letters OCR confuses with a Cyrillic letter of another shape."""
    table = dict(twins())
    table.update({str(k): str(v) for k, v in load_yaml("lookalikes.yaml")["ocr"].items()})
    return table


@lru_cache(maxsize=1)
def capital_twins() -> str:
    """The Latin capitals drawn like a Cyrillic capital ("ABCEHKMOPTX"), for character classes."""
    return "".join(k for k in twins() if k.isupper())


@lru_cache(maxsize=1)
def _twin_table() -> dict[int, str]:
    return str.maketrans(twins())


_LATIN_LETTER = re.compile("[A-Za-z]")


def twins_to_cyrillic(text: str) -> str:
    """Every Latin twin in ``text`` as its Cyrillic letter ("T" -> "Т")."""
    return text.translate(_twin_table())


def fold_lookalikes(text: str) -> str:
    """Replace Latin look-alike letters by Cyrillic ones inside words that are mostly Cyrillic."""
    if not _LATIN_LETTER.search(text):
        return text  # most text: nothing to fold, and no word-by-word count of letters
    out = []
    for word in text.split(" "):
        cyr = sum("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in word)
        lat = sum("a" <= ch.lower() <= "z" for ch in word)
        out.append(twins_to_cyrillic(word) if cyr and lat and cyr >= lat else word)
    return " ".join(out)


def zero_to_o(text: str) -> str:
    """OCR's zero for the letter О, touching a letter and no digit ("0гау" -> "огау"), as "о"."""
    letter = load_yaml("lookalikes.yaml")["zero"]["0"]
    return _ZERO_FOR_O.sub(letter, text)
