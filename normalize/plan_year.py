"""The year a roadmap is for: the year month-only deadlines and "в течение года" resolve to."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date


def infer_plan_year(deadline_years: list[tuple[int, ...]], hints: list[int], doc_date: date | None) -> tuple[int | None, str]:
    """The table's written years decide (the most common, the later one on a tie); then the
    years the order's title or text names; then the order's date. Returns (year, source)."""
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


_ACADEMIC = re.compile(r"\b((?:19|20)\d{2})\s*[-/–—]\s*(?:(?:19|20)?\d{2})\s*(?:уч\.|учебн)", re.IGNORECASE)


def academic_start_year(title: str | None, text: str) -> int | None:
    """For a school-year plan ("на 2015/2016 учебный год") the year it starts; None otherwise.

    Such a plan's months before August fall in its second year, and its plan year is the first.
    """
    m = _ACADEMIC.search(title or "") or _ACADEMIC.search(text[:3000])
    return int(m.group(1)) if m else None
