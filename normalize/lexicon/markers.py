"""Small shared grammars: the patterns several readers of an order need, written once.

ITEM_NUMBER    a table cell that is only an item number ("1", "2.3.", "1. 2")
DEFINITION     an abbreviation's definition "(далее – X)", "(далее также — «Министерство»)",
               "(далее по тексту: ШНОР)"; group ``x`` is X as printed. Every dash the corpus and
               converters print (- – — ‑ −) or a colon may stand before X, or nothing.
DEFINITION_AT_END   such a bracket closing a text, with the spaces before it
DEFINITION_OPENING  where such a bracket starts ("… (далее"), for cutting a title or a name there
SCHOOL_YEAR    a school-year phrase ("2015/2016 учебный год", "2021-22 уч. год"), or a training,
               sports or heating year or season ("2023/2024 тренировочный год", "отопительный
               сезон 2023-2024"); group 1 is the year it starts, group 2 the printed second year
mostly_upper   a line printed in capitals (a letterhead, a title in capitals)
"""
from __future__ import annotations

import re

DASHES = "-–—‑−"

ITEM_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\s?\.\s?\d{1,3}){0,3})\s?\.?\s*$")

DEFINITION = re.compile(
    rf"\(\s*далее\s*(?:по\s+тексту\s*|также\s*)?(?:[{DASHES}:]\s*)?(?P<x>[^()]*?)\s*\)", re.IGNORECASE)
DEFINITION_AT_END = re.compile(rf"\s*{DEFINITION.pattern}\s*$", re.IGNORECASE)
DEFINITION_OPENING = re.compile(r"\s*\(\s*далее\b", re.IGNORECASE)

# a year that runs from autumn to summer: school, training (sports) and heating years and seasons,
# named after the years ("2023/2024 учебный (тренировочный) год", "2024-2025 спортивный сезон") or
# before them ("отопительный сезон 2023/2024", "сезона 2023-2024 гг.")
_SEASON_AFTER = r"уч\.|учебн[а-яё]*|(?:тренировочн|отопительн|спортивн)[а-яё]*\s*(?:год|сезон|период)|сезон[а-яё]*"
_SEASON_BEFORE = "".join(f"|(?<={w} )" for w in (
    "сезон", "сезона", "сезоне", "сезоны", "сезонов", "отопительный период", "отопительного периода",
    "отопительном периоде", "тренировочный год", "тренировочного года", "тренировочном году"))[1:]
_YEARS = rf"(?:19|20)\d{{2}}\s*[{DASHES}/]\s*(?:19|20)?\d{{2}}"
SCHOOL_YEAR = re.compile(
    rf"(?<![\w.])(?:{_SEASON_BEFORE}|(?={_YEARS}\s*(?:{_SEASON_AFTER})))"
    rf"((?:19|20)\d{{2}})\s*[{DASHES}/]\s*((?:19|20)?\d{{2}})(?!\d)(?:\s*(?:{_SEASON_AFTER})(?:\s*год)?)?",
    re.IGNORECASE)


def mostly_upper(text: str) -> bool:
    """True when at least three letters in four are capitals (and there are two letters or more)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch.isupper() for ch in letters) * 4 >= len(letters) * 3
