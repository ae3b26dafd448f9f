"""The year a roadmap is for: the year month-only deadlines and "в течение года" resolve to.

The whole policy, in the order it overrides:
1. the table's written years (the most common, the later one on a tie)          source "table"
2. else the years the order's title, then its text, names ("на 2022 год")       source "text"
3. else the year of the order's date                                            source "date"
4. a school-year plan ("на 2015/2016 учебный год") is for the year it starts,
   whatever the table says (its months before August fall in the second year)   source "school_year"
5. a year the caller sets (``Settings.plan_year``) wins over everything          source "settings"
``order_to_plan_year`` applies it and returns a ``PlanYear`` that says which rule decided.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from normalize.lexicon import SCHOOL_YEAR

SOURCES = ("table", "text", "date", "school_year", "settings")
_YEAR_PHRASE = re.compile(
    r"(?<![\w.])(?:в|на|в\s+течение|на\s+период|в\s+период)\s+(\d{4})\s*(?:[-–—/]\s*(\d{4})\s*)?"
    r"(?:г\.?\s*г\.?|гг\.?|г\.|год[а-яё]*|уч(?:ебн[а-яё]*|\.)\s*год[а-яё]*)", re.IGNORECASE)
# an academic plan names its school year near the top: its title or the first lines of its text
_ACADEMIC_REACH = 3000


@dataclass(frozen=True)
class PlanYear:
    """The plan year, whether the plan runs by school year, and which rule decided (SOURCES)."""

    year: int | None
    academic: bool = False
    source: str | None = None

    def __post_init__(self) -> None:
        if self.source is not None and self.source not in SOURCES:
            raise ValueError(f"plan year source {self.source!r} is not one of {', '.join(SOURCES)}")
        if (self.year is None) != (self.source is None):
            raise ValueError("a plan year has a source exactly when it has a year")


def plan_year_hints(text: str) -> list[int]:
    """Years ``text`` says the roadmap is for, in the order it names them: "в 2022 году",
    "на 2022 год", "на 2022-2024 годы" (each year of the range), "2024-2025 учебный год" (2024,
    the year the school year starts)."""
    found: list[tuple[int, list[int]]] = []
    for m in SCHOOL_YEAR.finditer(text):
        found.append((m.start(), [int(m.group(1))]))
    school_spans = [(m.start(), m.end()) for m in SCHOOL_YEAR.finditer(text)]
    for m in _YEAR_PHRASE.finditer(text):
        if any(s <= m.start(1) < e for s, e in school_spans):
            continue
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        years = list(range(first, last + 1)) if first <= last <= first + 30 else [first]
        found.append((m.start(), years))
    hints: list[int] = []
    for _, years in sorted(found):
        for year in years:
            if 1990 <= year <= 2100 and year not in hints:
                hints.append(year)
    return hints


def _without_quotes(text: str) -> str:
    """Text with «quoted» titles of other documents removed (their years are theirs)."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"«[^«»]*»", " ", text)
    return text


def order_to_hints(title: str | None, text: str) -> list[int]:
    """The years the title names, then those the rest of the text names outside quotes."""
    hints = plan_year_hints(title or "")
    for year in plan_year_hints(_without_quotes(text)):
        if year not in hints:
            hints.append(year)
    return hints


def infer_plan_year(deadline_years: list[tuple[int, ...]], hints: list[int], doc_date: date | None) -> tuple[int | None, str]:
    """Rules 1-3: the table's written years decide (the most common, the later one on a tie);
    then the years the order's title or text names; then the order's date. Returns (year, source)."""
    counts: Counter[int] = Counter()
    for years in deadline_years:
        counts.update(set(years))
    if counts:
        year = max(counts, key=lambda y: (counts[y], y))
        return year, "table"
    if hints:
        return hints[0], "text"
    if doc_date is not None:
        return doc_date.year, "date"
    return None, "none"


def academic_start_year(title: str | None, text: str) -> int | None:
    """For a school-year plan ("на 2015/2016 учебный год") the year it starts; None otherwise.

    Such a plan's months before August fall in its second year, and its plan year is the first.
    """
    m = SCHOOL_YEAR.search(title or "") or SCHOOL_YEAR.search(text[:_ACADEMIC_REACH])
    return int(m.group(1)) if m else None


def order_to_plan_year(deadline_years: Iterable[tuple[int, ...] | None], hints: list[int],
                       doc_date: date | None, title: str | None, text: str,
                       override: int | None = None) -> PlanYear:
    """The whole policy (see the module docstring): the deadline cells' written years, the
    order's year hints, its date, title and the text above the table, and a caller's year."""
    year, source = infer_plan_year([y for y in deadline_years if y is not None], hints, doc_date)
    school_year = academic_start_year(title, text)
    if school_year is not None:
        year, source = school_year, "school_year"
    if override is not None:
        year, source = override, "settings"
    return PlanYear(year, academic=school_year is not None, source=source if year is not None else None)
