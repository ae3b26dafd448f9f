"""Points and elements of a deadline cell -> calendar intervals.

Years are filled in three steps, each only where the text left them out:
1. inside a chain, from a year written on a point to its neighbours ("Январь-февраль 2022",
   "Декабрь - январь 2022" puts December in 2021: a chain runs forward in time);
2. across a list in one phrase, from a later item back to earlier ones ("апрель, август,
   октябрь 2022 г."), again stepping back a year when an earlier month comes later in the year;
3. from the plan year for whatever is left ("Март", "В течение года", "01.09").
An academic plan (a school year Y/Y+1) puts a month without a year in Y from August on and in
Y+1 before August, reads "года" as the academic year and "первое/второе полугодие" as its halves.
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, timedelta

from normalize.dates.grammar import Element, Point
from normalize.dates.lexer import MAX_YEAR, MIN_YEAR

# in a plan for the academic year Y/Y+1, months from this one on are in Y (the August
# teachers' council opens a school plan), earlier months are in Y+1
ACADEMIC_FIRST_MONTH = 8

Interval = tuple[date | None, date | None]


class ResolveError(ValueError):
    """A point or element cannot become dates; the message is one sentence saying why."""


@dataclass(frozen=True)
class YearContext:
    """The year a cell without one resolves to, and whether the plan is for a school year."""

    plan_year: int | None
    academic: bool = False


def month_last_day(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def point_key(p: Point) -> tuple[int, int] | None:
    """Where a point starts inside a calendar year, to order points without years."""
    if p.unit == "day" and p.month:
        return p.month, p.day or 1
    if p.unit == "month":
        return p.month or 1, 0
    if p.unit == "quarter" and p.index:
        return 3 * p.index - 2, 0
    if p.unit == "half" and p.index and p.month is None:
        return 6 * p.index - 5, 0
    if p.unit == "decade" and p.month and p.index:
        return p.month, 10 * (p.index - 1) + 1
    return None


def point_month(p: Point) -> int | None:
    key = point_key(p)
    return key[0] if key else None


def point_label(p: Point) -> str:
    if p.unit == "day":
        return f"{p.day:02d}.{p.month:02d}" + (f".{p.year}" if p.year else "")
    return f"{p.unit} {p.index or p.month or ''} {p.year or ''}".replace("  ", " ").strip()


def point_to_span(p: Point) -> tuple[date, date]:
    """The first and last day of a point whose year is known (of its part, if it names one)."""
    if p.part is not None:
        return part_of_span(p.part, point_to_span(replace(p, part=None)))
    y = p.year
    if y is None:
        raise ResolveError(f"{point_label(p)} has no year")
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ResolveError(f"the year {y} is outside {MIN_YEAR}-{MAX_YEAR}")
    try:
        if p.unit == "day":
            d = date(y, p.month, p.day)
            return d, d
        if p.unit == "month":
            return date(y, p.month, 1), month_last_day(y, p.month)
        if p.unit == "quarter":
            if not 1 <= p.index <= 4:
                raise ResolveError(f"there is no quarter {p.index}")
            first = 3 * p.index - 2
            return date(y, first, 1), month_last_day(y, first + 2)
        if p.unit == "half":
            if not 1 <= p.index <= 2:
                raise ResolveError(f"there is no half year {p.index}")
            if p.month == 9:  # a half of the academic year y/y+1
                return (date(y, 9, 1), date(y, 12, 31)) if p.index == 1 else (date(y + 1, 1, 1), date(y + 1, 8, 31))
            return (date(y, 1, 1), date(y, 6, 30)) if p.index == 1 else (date(y, 7, 1), date(y, 12, 31))
        if p.unit == "decade":
            if p.month is None:
                raise ResolveError("a decade is named without its month")
            if not 1 <= p.index <= 3:
                raise ResolveError(f"there is no decade {p.index} in a month")
            first = 10 * (p.index - 1) + 1
            last = first + 9 if p.index < 3 else monthrange(y, p.month)[1]
            return date(y, p.month, first), date(y, p.month, last)
        if p.unit == "year":
            return date(y, 1, 1), date(y, 12, 31)
        if p.unit == "academic":
            return date(y, 9, 1), date(y + 1, 8, 31)
    except ValueError as exc:
        if isinstance(exc, ResolveError):
            raise
        raise ResolveError(f"{point_label(p)} is not a calendar date") from None
    if p.unit == "week":
        raise ResolveError("weeks of a month are not resolved to days")
    raise ResolveError(f"a {p.unit} point has no dates of its own")


def part_of_span(part: str, span: tuple[date, date]) -> tuple[date, date]:
    """The start, middle or end of a span: of a month its first, second or third decade; of a
    longer span (a quarter, half year, year) its first month, its middle month (the middle two
    when the count is even) and its last month."""
    first, last = span
    if (first.year, first.month) == (last.year, last.month):
        start = {"start": 1, "middle": 11, "end": 21}[part]
        end = {"start": 10, "middle": 20}.get(part, last.day)
        return first.replace(day=start), first.replace(day=end)
    months = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    n = len(months)
    lo, hi = {"start": (0, 0), "end": (n - 1, n - 1)}.get(part, ((n - 1) // 2, n // 2))
    return date(*months[lo], 1), month_last_day(*months[hi])


def point_in_context(p: Point, ctx: YearContext) -> Point | None:
    """A point without a year placed in the plan year; None when there is no plan year."""
    if ctx.plan_year is None:
        return None
    y = ctx.plan_year
    if p.unit == "year" and ctx.academic:
        return replace(p, unit="academic", year=y)
    if p.unit in ("year", "academic"):
        return replace(p, year=y)
    if p.unit == "half" and ctx.academic:
        return replace(p, year=y, month=9)
    month = point_month(p)
    if ctx.academic and month is not None and month < ACADEMIC_FIRST_MONTH:
        return replace(p, year=y + 1)
    return replace(p, year=y)


def years_filled(points: list[Point]) -> list[Point]:
    """Step 1: spread the years written on a chain's points to its points without one."""
    out = list(points)
    for k in range(len(out) - 2, -1, -1):
        p, q = out[k], out[k + 1]
        if p.year is None and q.year is not None and p.unit not in ("year", "academic"):
            kp, kq = point_key(p), point_key(q)
            out[k] = replace(p, year=q.year - (1 if kp and kq and kp > kq else 0))
    for k in range(1, len(out)):
        p, q = out[k], out[k - 1]
        if p.year is None and q.year is not None and p.unit not in ("year", "academic"):
            kp, kq = point_key(p), point_key(q)
            out[k] = replace(p, year=q.year + (1 if kp and kq and kp < kq else 0))
    return out


def needs_year(points: list[Point]) -> bool:
    return any(p.year is None for p in points)


def elements_years_spread(elements: list[Element]) -> list[Element]:
    """Steps 1-2: years written in the cell spread along each chain and back over a list."""
    out = [replace(e, points=years_filled(e.points)) for e in elements]
    for k in range(len(out) - 2, -1, -1):
        e, f = out[k], out[k + 1]
        if e.role != "span" or f.role != "span" or e.phrase != f.phrase:
            continue
        if not e.points or not f.points or any(p.year is not None for p in e.points) or f.points[0].year is None:
            continue
        last, first = e.points[-1], f.points[0]
        kl, kf = point_key(last), point_key(first)
        year = first.year - (1 if kl and kf and kl > kf else 0)
        out[k] = replace(e, points=years_filled(e.points[:-1] + [replace(last, year=year)]))
    return out


def elements_in_context(elements: list[Element], ctx: YearContext) -> list[Element]:
    """Step 3: what still has no year is placed in the plan year; without one it keeps None."""
    out = list(elements)
    for k, e in enumerate(out):
        if e.points and needs_year(e.points):
            head = e.points[0] if e.points[0].year is None else None
            placed = point_in_context(head, ctx) if head is not None else None
            if placed is not None:
                out[k] = replace(e, points=years_filled([placed] + e.points[1:]))
    return out


def elements_years_filled(elements: list[Element], ctx: YearContext) -> list[Element]:
    """Steps 1-3 for every element of a cell; elements that still lack a year keep None."""
    return elements_in_context(elements_years_spread(elements), ctx)


def chain_to_interval(points: list[Point]) -> tuple[date, date]:
    """First day of the first point to the last day of the last; checks the chain runs forward."""
    spans = [point_to_span(p) for p in points]
    for (s1, _), (s2, e2) in zip(spans, spans[1:]):
        if s2 < s1 or e2 < s1:
            raise ResolveError(f"the range {point_label(points[0])} - {point_label(points[-1])} ends before it starts")
    return spans[0][0], spans[-1][1]


def element_to_interval(e: Element, before: Interval | None) -> Interval | None:
    """The interval an element names (years already filled); None for one that names none."""
    if e.role in ("span", "during"):
        return chain_to_interval(e.points)
    if e.role == "by":
        return None, point_to_span(e.points[0])[1]
    if e.role == "before":
        return None, point_to_span(replace(e.points[0], part=None))[0] - timedelta(days=1)
    if e.role == "from":
        return point_to_span(e.points[0])[0], None
    if e.role == "then_continuous":
        if before is None or before[1] is None:
            raise ResolveError("'далее' follows no dated stage")
        return before[1] + timedelta(days=1), None
    return None
