"""Deadline cell -> intervals, kind and recurrence, following docs/dates.md.

    from normalize.dates import parse_deadline
    d = parse_deadline("Январь-февраль 2022", plan_year=2022)
    d.intervals   # [(date(2022, 1, 1), date(2022, 2, 28))]
    d.kind        # "period"

The work is split into named steps: ``lexer`` cleans the OCR text and cuts it into tokens,
``grammar`` reads what the cell names (points, chains, "до …", "в течение …", frequencies,
schedule notes), ``resolve`` fills the years and turns everything into dates, with the words of
``words`` (data/date_words.yaml); this face decides the kind and recurrence, and falls back on
dateparser for a cell the grammar cannot read (a single full date in another language or
layout: "15 березня 2022", "2022.03.15"). Anything not understood is "unparsed" with a warning
saying why, never a guess. ``context`` (context.py) carries what the table around a cell says:
the month of a heading row over day-only cells, the year of the deadline column's header.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Iterator

from normalize.dates.context import DeadlineContext, deadline_context, header_to_year, heading_to_month
from normalize.dates.grammar import CellParse, Element, Point, second_year, tokens_to_parse
from normalize.dates.lexer import MAX_YEAR, MIN_YEAR, Token, text_to_tokens
from normalize.dates.resolve import (
    Interval,
    ResolveError,
    YearContext,
    element_to_interval,
    elements_in_context,
    elements_years_spread,
    needs_year,
    point_in_context,
    point_to_span,
)
from normalize.dates.words import RECURRENCES, DateWords, load_date_words

__all__ = ["KINDS", "RECURRENCES", "Deadline", "DeadlineContext", "deadline_context", "deadlines_to_jsonl",
           "header_to_year", "heading_to_month", "parse_deadline"]

KINDS = ("date", "period", "by_date", "multiple", "recurring", "continuous", "by_schedule", "unparsed")
# dateparser is asked only about a cell that writes a four-digit year ("7, 14, 21" is no date)
FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")
WEEKDAY_NAMES = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
DOM_ROLES = ("dom", "by_dom")
# dateparser reads one date; a longer unparsed cell is prose around dates, not one date
# written differently, and asking dateparser costs as much as ~150 cells through the grammar
FALLBACK_MAX_CHARS = 40
# dateparser is asked only for a full date (day, month and year written) in these languages
FALLBACK_LANGUAGES = ["ru", "uk", "be", "en"]
FALLBACK_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@dataclass(frozen=True)
class Deadline:
    """What one deadline cell says.

    intervals: every interval the cell names, in printed order, inclusive; None for an open
    side ("до 1 апреля" has no start). years: the years written in the cell itself, in printed
    order with repeats (two-digit years expanded to 20xx), for plan-year inference.
    """

    intervals: list[Interval]
    kind: str
    recurrence: str | None = None
    years: tuple[int, ...] = ()
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.recurrence is not None and self.recurrence not in RECURRENCES:
            raise ValueError(f"recurrence must be None or one of {', '.join(RECURRENCES)}, got {self.recurrence!r}")

    @property
    def start(self) -> date | None:
        """The schema's deadline_start: the start of the earliest interval."""
        starts = [s for s, _ in self.intervals if s is not None]
        return min(starts) if starts else None

    @property
    def end(self) -> date | None:
        """The schema's deadline_end: the end of the latest interval."""
        ends = [e for _, e in self.intervals if e is not None]
        return max(ends) if ends else None

    def to_json(self, text: str | None) -> dict[str, Any]:
        """The record the CLI prints: text, ISO intervals, kind, recurrence."""
        return {
            "text": text,
            "intervals": [[s.isoformat() if s else None, e.isoformat() if e else None] for s, e in self.intervals],
            "kind": self.kind,
            "recurrence": self.recurrence,
        }


def unparsed(reason: str, years: tuple[int, ...] = (), warnings: Iterable[str] = ()) -> Deadline:
    return Deadline([], "unparsed", None, years, [reason, *warnings])


def tokens_to_years(toks: list[Token]) -> tuple[int, ...]:
    """The years written in the cell, in printed order (only years in MIN_YEAR..MAX_YEAR)."""
    out: list[int] = []
    for i, t in enumerate(toks):
        if t.kind == "date" and t.value[0] is not None:
            out.append(t.value[0])
        elif t.kind == "monthyear":
            out.append(t.value[0])
        elif t.year is not None:
            out.append(t.year)
        elif i >= 2 and toks[i - 1].kind in ("dash", "slash") and toks[i - 2].year is not None:
            # "2022-24 гг.", "2015/16 уч. год": two digits after a year, in its century
            second = second_year(toks[i - 2].year, t)
            if second is not None and second > toks[i - 2].year and len(t.text) == 2:
                out.append(second)
    return tuple(y for y in out if MIN_YEAR <= y <= MAX_YEAR)


def tokens_to_notes(toks: list[Token]) -> list[str]:
    """Warnings about how the text was read that do not change the result."""
    return [
        f"two-digit year in '{t.text}' read as {t.value[0]}"
        for t in toks
        if t.kind == "date" and t.value[3]
    ]


def text_to_dateparser_date(text: str) -> date | None:
    """A full date (day, month, year all written) read by dateparser, or None."""
    import dateparser  # imported here: it is slow to load and only a fallback

    found = dateparser.parse(text, languages=FALLBACK_LANGUAGES, settings=FALLBACK_SETTINGS)
    if found is None or not MIN_YEAR <= found.year <= MAX_YEAR:
        return None
    return found.date()


def element_kind(e: Element) -> str:
    """The kind of a cell that names only this element."""
    if e.role == "span":
        return "date" if len(e.points) == 1 and e.points[0].unit == "day" else "period"
    if e.role in ("by", "before", *DOM_ROLES):
        return "by_date"
    if e.role == "from":
        return "period"
    return "continuous"


def default_interval(ctx: YearContext, academic: bool) -> Interval | None:
    """The plan year (or academic year) a cell without a period of its own covers."""
    point = point_in_context(Point("academic" if academic else "year"), ctx)
    return point_to_span(point) if point is not None else None


def weekday_recurrence(parse: CellParse) -> None:
    """"по вторникам", "каждую пятницу" make a cell weekly unless it names its own recurrence
    ("ежемесячно по понедельникам" is monthly); two weekdays are more than once a week."""
    days = list(dict.fromkeys(parse.weekdays))
    if not days or parse.recurrences:
        return
    parse.recurrences.append("weekly" if len(days) == 1 else None)
    if len(days) > 1:
        named = ", ".join(WEEKDAY_NAMES[d - 1] for d in days)
        parse.notes.append(f"'{named}' is more than once a week, which has no recurrence value in the schema")


def weekday_warnings(parse: CellParse, intervals: list[Interval]) -> list[str]:
    """A weekday printed beside a single day ("Пятница, 3 марта") that is not that day's weekday."""
    if len(parse.weekday_labels) != 1 or len(intervals) != 1 or intervals[0][0] != intervals[0][1] or intervals[0][0] is None:
        return []
    day, printed = intervals[0][0], parse.weekday_labels[0]
    if day.isoweekday() == printed:
        return []
    return [f"{day.isoformat()} is a {WEEKDAY_NAMES[day.isoweekday() - 1]}, not a {WEEKDAY_NAMES[printed - 1]} as printed"]


def parse_to_deadline(parse: CellParse, ctx: YearContext, years: tuple[int, ...], notes: list[str],
                      context: DeadlineContext | None = None) -> Deadline:
    """Decide kind, recurrence and intervals from what the grammar read."""
    if parse.problems:
        return unparsed(parse.problems[0], years, notes)
    if parse.unknown:
        return unparsed(f"did not understand: {' '.join(parse.unknown[:6])}", years, notes)
    if parse.weekdays:
        weekday_recurrence(parse)
    if parse.counted_days and not parse.recurrences:
        return unparsed(f"'{parse.counted_days[0]}' counts days, which need a calendar of working days to be dated",
                        years, notes)
    warnings = list(notes) + list(parse.notes)
    if parse.counted_days:
        warnings += [f"'{d}' is not dated: it needs a calendar of working days" for d in parse.counted_days]
    if parse.context_month and context is not None:
        warnings.append(f"the month comes from the heading '{context.month_source}'")
    recurrences = list(dict.fromkeys(parse.recurrences))
    if len(recurrences) > 1:
        named = ", ".join(r or "irregular" for r in recurrences)
        return unparsed(f"the cell names different recurrences ({named})", years, warnings)
    recurring = bool(recurrences)
    spread = [e for e in elements_years_spread(parse.elements) if not (recurring and e.role in DOM_ROLES)]
    uses_context_year = context is not None and context.year is not None and (
        any(needs_year(e.points) for e in spread if e.role not in DOM_ROLES)
        or (not spread and (recurring or parse.continuous)))
    if uses_context_year:
        what = f"school year {context.year}/{context.year + 1}" if context.academic else f"year {context.year}"
        warnings.append(f"the {what} comes from the column header '{context.year_source}'")
    elements = elements_in_context(spread, ctx)
    intervals: list[Interval] = []
    missing: list[str] = []
    before: Interval | None = None
    for e in elements:
        if e.role == "during_unnamed":
            warnings.append(f"'{e.text}': the cell does not name the month or week")
            continue
        if e.role in DOM_ROLES:
            warnings.append(f"'{e.text}': the cell does not name the month")
            continue
        if any(p.year is None for p in e.points):
            missing.append(e.text)
            before = None
            continue
        try:
            interval = element_to_interval(e, before)
        except ResolveError as exc:
            return unparsed(f"'{e.text}': {exc}", years, warnings)
        if interval is not None:
            intervals.append(interval)
            before = interval
    if recurring:
        kind = "recurring"
        if not elements:
            default = default_interval(ctx, parse.academic_recurrence or ctx.academic)
            intervals = [default] if default else []
            if default is None:
                missing.append("the recurrence")
    elif not elements:
        if parse.continuous:
            kind = "continuous"
            default = default_interval(ctx, ctx.academic)
            intervals = [default] if default else []
            if default is None:
                missing.append("the continuous period")
        elif parse.schedule:
            kind = "by_schedule"
        else:
            return unparsed("nothing in the cell is a date, period, recurrence or schedule", years, warnings)
    elif parse.continuous:
        kind = "continuous"
    elif len(elements) == 1:
        kind = element_kind(elements[0])
    else:
        kind = "multiple"
    if missing:
        warnings.append(f"no plan year given, so {', '.join(repr(m) for m in missing)} could not be dated")
    if parse.weekday_labels:
        warnings += weekday_warnings(parse, intervals)
    return Deadline(intervals, kind, recurrences[0] if recurring else None, years, warnings)


def check_plan_year(plan_year: Any) -> None:
    if plan_year is not None and (
        not isinstance(plan_year, int) or isinstance(plan_year, bool) or not MIN_YEAR <= plan_year <= MAX_YEAR
    ):
        raise ValueError(f"plan_year must be None or a year between {MIN_YEAR} and {MAX_YEAR}, got {plan_year!r}")


def parse_deadline(
    text: str | None,
    plan_year: int | None = None,
    *,
    academic: bool = False,
    context: DeadlineContext | None = None,
    words: DateWords | None = None,
) -> Deadline:
    """Read one deadline cell.

    plan_year: the year a cell without one resolves to; without it such intervals are left
    out and a warning says so. academic: the plan is for the school year plan_year/plan_year+1
    (months before August fall in plan_year+1, "в течение года" is the school year).
    context: what the table around the cell says (``deadline_context``): the month of a heading
    row for cells holding only days, and a year in the column header, which replaces plan_year
    and academic for this cell; the warnings say when either was used.
    Never raises on any text; raises ValueError for a plan_year that is not a year.
    """
    check_plan_year(plan_year)
    if context is not None and not isinstance(context, DeadlineContext):
        raise ValueError(f"context must be None or a DeadlineContext, got {type(context).__name__}")
    if text is None or (isinstance(text, float) and math.isnan(text)):
        text = ""
    elif not isinstance(text, str):
        text = str(text)
    if not text.strip():
        return unparsed("no deadline given")
    words = words or load_date_words()
    toks = text_to_tokens(text, words)
    years = tokens_to_years(toks)
    notes = tokens_to_notes(toks)
    month, month_year = (context.month, context.month_year) if context is not None else (None, None)
    ctx = YearContext(context.year, context.academic) if context is not None and context.year is not None \
        else YearContext(plan_year, academic)
    deadline = parse_to_deadline(tokens_to_parse(toks, words, month, month_year), ctx, years, notes, context)
    collapsed = " ".join(text.split())
    if deadline.kind == "unparsed" and len(collapsed) <= FALLBACK_MAX_CHARS and FOUR_DIGIT_YEAR.search(collapsed):
        found = text_to_dateparser_date(collapsed)
        if found is not None:
            return Deadline([(found, found)], "date", None, years, ["read by the dateparser fallback"])
    return deadline


def deadlines_to_jsonl(lines: Iterable[str], plan_year: int | None, *, academic: bool = False) -> Iterator[str]:
    """One JSON line per input line (an empty line gives an unparsed record, so lines stay aligned)."""
    for line in lines:
        text = line.rstrip("\r\n")
        d = parse_deadline(text, plan_year, academic=academic)
        yield json.dumps(d.to_json(text), ensure_ascii=False)
