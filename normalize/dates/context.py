"""Where a deadline cell's missing month or year comes from: the table around the cell.

A calendar plan prints the month once, as a heading row ("ЯНВАРЬ", "Февраль 2024 г."), and only
days in its date cells ("7", "14-15", "7, 14, 21"); a plan's deadline column may name the year in
its header ("Сроки (2023 год)", "Срок исполнения (2023/2024 уч. год)"). ``deadline_context``
reads both into a ``DeadlineContext`` for ``parse_deadline``; the nearest heading that is only a
month decides the month, the header decides the year. The title's year reaches a cell through
the plan year (normalize.metadata.plan_year), not through here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from normalize.dates.lexer import MAX_YEAR, MIN_YEAR, text_to_tokens
from normalize.dates.words import load_date_words
from normalize.lexicon import SCHOOL_YEAR

# tokens a heading may hold beside its one month: "ЯНВАРЬ", "Январь 2024 г.", "МАРТ (месяц)"
HEADING_KINDS = {"month", "year_word", "month_word", "comma", "dash", "colon", "lparen", "rparen", "other", "semicolon"}
# a header that holds one of these names dates, not the year of the column
HEADER_DATE_KINDS = {"date", "monthyear", "month", "quarter", "half", "decade"}
MAX_SOURCE_CHARS = 60


@dataclass(frozen=True)
class DeadlineContext:
    """What the table says about a cell's month and year.

    month, month_year: the month of the nearest heading row that names only a month, and its
    year when the heading writes one; month_source: that heading as printed. year, academic:
    the year (or the school year starting in it) the deadline column's header names;
    year_source: that header as printed. The sources only go into warnings.
    """

    month: int | None = None
    month_year: int | None = None
    month_source: str | None = None
    year: int | None = None
    academic: bool = False
    year_source: str | None = None

    def __post_init__(self) -> None:
        if self.month is not None and not (isinstance(self.month, int) and 1 <= self.month <= 12):
            raise ValueError(f"context month must be None or 1..12, got {self.month!r}")
        for name in ("month_year", "year"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, int) and MIN_YEAR <= value <= MAX_YEAR):
                raise ValueError(f"context {name} must be None or a year between {MIN_YEAR} and {MAX_YEAR}, got {value!r}")


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SOURCE_CHARS else text[: MAX_SOURCE_CHARS - 1] + "…"


@lru_cache(maxsize=4096)
def heading_to_month(text: str) -> tuple[int, int | None] | None:
    """(month, year or None) when a heading names one month and nothing else ("ЯНВАРЬ",
    "Февраль 2024 г."); None otherwise."""
    if not text or len(text) > MAX_SOURCE_CHARS:
        return None
    months: list[int] = []
    years: list[int] = []
    for t in text_to_tokens(text, load_date_words()):
        if t.kind == "month":
            months.append(t.value)
        elif t.year is not None:
            years.append(t.year)
        elif t.kind not in HEADING_KINDS:
            return None
    if len(months) != 1 or len(years) > 1:
        return None
    return months[0], (years[0] if years else None)


@lru_cache(maxsize=1024)
def header_to_year(text: str) -> tuple[int, bool] | None:
    """(year, academic) when a column header names one year ("Сроки (2023 год)") or one school
    year ("Срок (2023/2024 уч. год)", academic True); None when it names none, several, or
    dates of its own."""
    if not text:
        return None
    school = list(SCHOOL_YEAR.finditer(text))
    if len(school) == 1:
        year = int(school[0].group(1))
        return (year, True) if MIN_YEAR <= year <= MAX_YEAR else None
    if school:
        return None
    toks = text_to_tokens(text, load_date_words())
    if any(t.kind in HEADER_DATE_KINDS for t in toks):
        return None
    years = {t.year for t in toks if t.year is not None}
    return (years.pop(), False) if len(years) == 1 else None


def deadline_context(section_path: Iterable[str] = (), header: str | None = None) -> DeadlineContext:
    """The context of a cell: the month of the nearest heading (the last one in the section path
    that names only a month) and the year its column's header names."""
    month = month_year = month_source = None
    for heading in reversed(list(section_path)):
        found = heading_to_month(heading or "")
        if found is not None:
            (month, month_year), month_source = found, short(heading)
            break
    year_found = header_to_year(header or "")
    year, academic = year_found if year_found else (None, False)
    return DeadlineContext(month, month_year, month_source, year, academic,
                           short(header) if year_found and header else None)
