"""Classified tokens of a deadline cell -> what the cell names, before any year is resolved.

The grammar is built from small named pieces, each a function ``parse_x(toks, i)`` that returns
what it read and the index after it, or None:

    point      a day ("15.12.2021", "3 марта", "01.09"), a month, a quarter ("IV кв."), a half
               year, a decade of a month, a year, an academic year ("2022/2023 уч. г."), or a
               bare number whose unit comes from the next point ("25" of "25-27 мая")
    chain      points joined by dashes: "Март 2022- октябрь-ноябрь 2022" is one chain
    by         "до" / "не позднее" / "до конца" + point
    range      "с" + point + "по"/"до"/"-" + point ("с" + point alone is an open start)
    during     "в течение" + chain | "года" | "учебного года" | "месяца"
    frequency  "не реже одного раза в полугодие", "2 раза в год"
    then       "далее – постоянно" after a dated stage; "далее – ежегодно" makes the stage recur
    part       "начало/середина/конец" + a month, quarter, half year or year ("середина мая")
    qualifier  what qualifies a date without dating it: a time of day, a weekday ("по вторникам"
               makes a cell weekly), "ежедневно", a counted day ("первый рабочий день")

A context month (a calendar plan's heading row "ЯНВАРЬ") makes a number with no unit a day of
that month ("14-15", "7, 14, 21") and names the month of "5 числа" and "в конце месяца".

``tokens_to_parse`` walks the cell and collects these into a ``CellParse``. Words after a
schedule phrase ("по плану ...", "в соответствии с ...") or inside brackets are a note: they
are not read, but dates among them still are. Any other word the vocabulary lacks is recorded
as unknown, and the cell will be unparsed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from normalize.dates.lexer import MAX_YEAR, MIN_YEAR, Token
from normalize.dates.words import DateWords

# units whose points are counted by an index ("IV кв.", "второе полугодие", "первая декада")
INDEXED_UNITS = {"quarter", "half", "decade", "week"}
SEPARATORS = {"comma", "and", "dash", "slash", "colon", "other", "filler", "year_word", "time", "time_word"}
# the units a part word ("начало", "середина", "конец") can divide
PART_UNITS = {"month", "quarter", "half", "year", "academic"}


@dataclass(frozen=True)
class Point:
    """One calendar thing named in a cell; year None means the text gave none.

    unit: "day", "month", "quarter", "half" (month 9 marks a half of the academic year
    starting in ``year``), "decade" (of ``month``), "year", "academic" (Sep 1 year - Aug 31
    year+1), "week" and "dom" (a day of an unnamed month: never dated), "bare" (a number
    waiting for the unit of the point after it).
    """

    unit: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    index: int | None = None  # quarter, half, decade or week number; a bare number's value
    part: str | None = None  # "start", "middle" or "end" of the point ("середина мая")


@dataclass
class Element:
    """One dated item of a cell.

    role: "span" (the chain's first start to its last end), "by" (up to the end of the point),
    "from" (open end), "during" (continuous over the chain), "during_unnamed" (continuous over a
    month or week the cell does not name), "then_continuous" (continuous after the element
    before it), "dom" (a day of an unnamed month: "до 5 числа").
    """

    role: str
    points: list[Point]
    phrase: int
    text: str


@dataclass
class CellParse:
    """Everything the grammar read in one cell."""

    elements: list[Element] = field(default_factory=list)
    recurrences: list[str | None] = field(default_factory=list)
    academic_recurrence: bool = False  # the frequency's unit was "учебный год"
    continuous: bool = False  # "постоянно", "весь период", "в течение всего периода"
    weekdays: list[int] = field(default_factory=list)  # "по вторникам", "каждую пятницу": weekly
    weekday_labels: list[int] = field(default_factory=list)  # "Пятница, 3 марта"
    counted_days: list[str] = field(default_factory=list)  # "первый рабочий день": never dated
    context_month: bool = False  # a day-only cell took its month from the context
    schedule: bool = False  # a schedule, request, condition or event phrase
    note: bool = False  # from here on, words the vocabulary lacks are a note, not an error
    unknown: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # reasons the cell cannot be read
    notes: list[str] = field(default_factory=list)  # warnings that do not stop it


def kind_at(toks: list[Token], i: int) -> str | None:
    return toks[i].kind if i < len(toks) else None


def year_at(toks: list[Token], i: int) -> int | None:
    return toks[i].year if i < len(toks) else None


def index_at(toks: list[Token], i: int) -> int | None:
    """A small number that can count quarters, halves, decades, weeks or days."""
    if i >= len(toks):
        return None
    t = toks[i]
    if t.kind in ("num", "ordnum") and len(t.text.rstrip("-йяеогмыхиь")) <= 2:
        return t.value
    if t.kind in ("roman", "ordinal"):
        return t.value
    return None


def skip_year_words(toks: list[Token], i: int) -> int:
    while kind_at(toks, i) == "year_word":
        i += 1
    return i


def texts(toks: list[Token], i: int, j: int) -> str:
    return " ".join(t.text for t in toks[i:j])


def parse_year_after(toks: list[Token], i: int) -> tuple[int | None, int]:
    """An optional year right after a month or day ("марта 2022 г."), and where it ends."""
    year = year_at(toks, i)
    if year is None:
        return None, i
    if kind_at(toks, i + 1) == "slash" or (kind_at(toks, i + 1) == "dash" and kind_at(toks, i + 3) == "academic"):
        return None, i  # the start of an academic year, a point of its own
    return year, skip_year_words(toks, i + 1)


def second_year(first: int, tok: Token) -> int | None:
    """The year after a dash or slash: four digits, or two digits in the first one's century."""
    if tok.kind != "num":
        return None
    if len(tok.text) == 4:
        return tok.value
    if len(tok.text) == 2:
        return first - first % 100 + tok.value
    return None


def parse_year_point(toks: list[Token], i: int) -> tuple[Point, int] | None:
    """A year ("2023 год"), or an academic year ("2022/2023", "2022-2023 уч. год")."""
    first = year_at(toks, i)
    if first is None:
        return None
    sep = kind_at(toks, i + 1)
    if sep in ("slash", "dash") and i + 2 < len(toks):
        second = second_year(first, toks[i + 2])
        academic_word = kind_at(toks, i + 3) == "academic"
        if second == first + 1 and (sep == "slash" or academic_word):
            j = i + 3 + (1 if academic_word else 0)
            return Point("academic", first), skip_year_words(toks, j)
    j = skip_year_words(toks, i + 1)
    if kind_at(toks, j) == "academic" and kind_at(toks, j + 1) == "year_word":
        return None  # "2022 учебный год" does not say which academic year
    return Point("year", first), j


def parse_point(toks: list[Token], i: int) -> tuple[Point, int] | None:
    """One point at toks[i], or None."""
    if i >= len(toks):
        return None
    t = toks[i]
    k = t.kind
    if k == "date":
        year, month, day, _ = t.value
        j = i + 1
        if year is None:
            year, j = parse_year_after(toks, j)
        return Point("day", year, month, day), skip_year_words(toks, j)
    if k == "monthyear":
        year, month = t.value
        return Point("month", year, month), skip_year_words(toks, i + 1)
    if k == "month":
        year, j = parse_year_after(toks, i + 1)
        if year is None and kind_at(toks, j) == "dash" and year_at(toks, j + 1) is not None \
                and kind_at(toks, j + 2) not in ("dash", "slash", "academic"):
            year, j = toks[j + 1].year, skip_year_words(toks, j + 2)  # "окт-2023"
        if kind_at(toks, j) == "month_word":  # "Декабрь месяц (проведения)"
            j += 1
        return Point("month", year, t.value), j
    if k == "part":
        return parse_part(toks, i)
    nxt = kind_at(toks, i + 1)
    idx = index_at(toks, i)
    if k == "ocr_roman" and nxt in INDEXED_UNITS:
        idx = t.value
    if idx is not None and nxt == "month" and k in ("num", "ordnum", "ordinal"):
        year, j = parse_year_after(toks, i + 2)
        return Point("day", year, toks[i + 1].value, idx), j
    if idx is not None and nxt == "day_of_month":  # "до 10 числа (месяца)"
        return Point("dom", day=idx), i + 2 + (kind_at(toks, i + 2) == "month_word")
    if idx is not None and nxt in INDEXED_UNITS:
        unit = nxt
        j = i + 2
        month = None
        if unit in ("decade", "week") and kind_at(toks, j) == "month":
            month = toks[j].value
            j += 1
        if unit == "half" and year_at(toks, j) is not None:
            academic = parse_year_point(toks, j)
            if academic is not None and academic[0].unit == "academic":
                return Point("half", academic[0].year, index=idx, month=9), academic[1]
        year, j = parse_year_after(toks, j)
        return Point(unit, year, month, index=idx), j
    if t.year is not None:
        return parse_year_point(toks, i)
    if k == "academic" and nxt == "year_word":
        return Point("academic"), skip_year_words(toks, i + 1)
    if idx is not None:  # "25" of "25-27 мая", "десятого" of "с десятого по двадцатое июня"
        return Point("bare", index=idx), i + 1
    return None


def parse_part(toks: list[Token], i: int) -> tuple[Point, int] | None:
    """"середина мая", "конец года", "начало 2022 года", "в конце месяца" (a month the cell does
    not name: month None) at toks[i]."""
    part = toks[i].value
    j = i + 1
    if kind_at(toks, j) == "month_word":
        return Point("month", part=part), j + 1
    whole = whole_year_at(toks, j)
    if whole is not None:
        return replace(whole[0], part=part), skip_year_words(toks, whole[1])
    inner = parse_point(toks, j)
    if inner is None or inner[0].unit not in PART_UNITS or inner[0].part is not None:
        return None
    return replace(inner[0], part=part), inner[1]


def bare_to_point(bare: Point, after: Point) -> Point | None:
    """Give a bare number the unit of the point after it ("25" of "25-27 мая")."""
    n = bare.index
    if after.unit in ("day", "dom") and 1 <= n <= 31:
        return Point(after.unit, after.year, after.month, n)
    if after.unit in INDEXED_UNITS:
        return Point(after.unit, after.year, after.month, index=n)
    return None


def chain_points_fixed(points: list[Point], days: bool = False) -> list[Point] | None:
    """Resolve bare numbers inside a chain; None if one cannot be resolved. days: the context
    names the month, so a number with no unit after it is a day of that month ("14-15")."""
    out = list(points)
    for k in range(len(out) - 1, -1, -1):
        p = out[k]
        if p.unit != "bare":
            continue
        if k + 1 < len(out):
            fixed = bare_to_point(p, out[k + 1])
        elif days and 1 <= p.index <= 31 and not (k > 0 and out[k - 1].unit == "year"):
            fixed = Point("dom", day=p.index)
        elif k > 0 and out[k - 1].unit == "year" and out[k - 1].year is not None and p.index < 100:
            # "2022-24 гг.": two digits after a year are a year of the same century
            y = out[k - 1].year - out[k - 1].year % 100 + p.index
            fixed = Point("year", y) if y > out[k - 1].year else None
        else:
            fixed = None
        if fixed is None:
            return None
        out[k] = fixed
    return out


def parse_chain(toks: list[Token], i: int, joiners: tuple[str, ...] = ("dash",),
                days: bool = False) -> tuple[list[Point], int] | None:
    """Points joined by dashes (and by "по"/"до" after "с"), with bare numbers resolved (as days
    of the context's month when ``days``)."""
    first = parse_point(toks, i)
    if first is None:
        return None
    points, j = [first[0]], first[1]
    while kind_at(toks, j) in joiners:
        nxt = parse_point(toks, j + 1)
        if nxt is None:
            break
        points.append(nxt[0])
        j = nxt[1]
    fixed = chain_points_fixed(points, days)
    if fixed is None:
        return None
    last = fixed[-1]
    # "Февраль, 2022", "ноябрь-декабрь, 2022 г.": a year after a comma belongs to the months
    if (
        last.year is None
        and last.unit in ("day", "month", "quarter", "half", "decade")
        and kind_at(toks, j) == "comma"
        and year_at(toks, j + 1) is not None
        and kind_at(toks, j + 2) not in ("dash", "slash")
    ):
        fixed[-1] = replace(last, year=toks[j + 1].value)
        j = skip_year_words(toks, j + 2)
    return fixed, j


def count_at(toks: list[Token], j: int) -> int | None:
    """A small count at toks[j]: "2", "два"."""
    if kind_at(toks, j) == "num" and len(toks[j].text) <= 2:
        return toks[j].value
    if kind_at(toks, j) == "cardinal" and not toks[j].text.endswith("жды"):
        return toks[j].value
    return None


def parse_frequency(toks: list[Token], i: int, words: DateWords) -> tuple[str | None, bool, int, str] | None:
    """"не реже одного раза в полугодие", "раз в 2 мес.", "каждые 2 недели" -> (recurrence or
    None, academic unit?, end, text). The count is per unit, or once per N units."""
    j = i
    if kind_at(toks, j) == "qualifier":
        j += 1
    count = None
    adverb = False
    if kind_at(toks, j) == "every" and count_at(toks, j + 1):  # "каждые 2 недели"
        count, adverb, j = 1, True, j + 1
    elif kind_at(toks, j) == "num" and len(toks[j].text) <= 2:
        count = toks[j].value
        j += 1
    elif kind_at(toks, j) == "cardinal":
        count = toks[j].value
        adverb = toks[j].text.endswith("жды")
        j += 1
    if kind_at(toks, j) == "times":
        j += 1
        count = count or 1
    elif not adverb:
        return None
    if kind_at(toks, j) == "filler":
        j += 1
    per = count_at(toks, j)  # "раз в 2 месяца": once per two months
    if per is None or per < 1:
        per = 1
    else:
        j += 1
    unit_kind = kind_at(toks, j)
    academic = False
    if unit_kind == "academic" and kind_at(toks, j + 1) == "year_word":
        unit, academic, j = "year", True, j + 2
    else:
        unit = {"week": "week", "month_word": "month", "quarter": "quarter", "half": "half",
                "half_span": "half", "year_word": "year"}.get(unit_kind or "")
        if unit is None:
            return None
        j += 1
    times, rest = divmod(count * words.units_per_year[unit], per)
    recurrence = words.recurrence_by_times_per_year.get(times) if rest == 0 else None
    return recurrence, academic, j, texts(toks, i, j)


def parse_during(toks: list[Token], i: int, parse: CellParse, phrase: int, days: bool = False) -> int:
    """"в течение …" at toks[i]; records what it covers and returns the index after it."""
    j = i + 1
    while kind_at(toks, j) == "filler":
        j += 1
    k = kind_at(toks, j)
    if k in ("continuous", "whole_period"):  # "в течение всего периода (реализации …)"
        parse.continuous = True
        parse.note |= k == "whole_period"
        return j + 1
    whole = whole_year_at(toks, j)
    if whole is not None:
        point, end = whole
        parse.elements.append(Element("during", [point], phrase, texts(toks, i, end)))
        return skip_year_words(toks, end)
    if k in ("month_word", "week"):
        parse.elements.append(Element("during_unnamed", [], phrase, texts(toks, i, j + 1)))
        return j + 1
    chain = parse_chain(toks, j, days=days)
    if chain is None:
        parse.problems.append(f"'{texts(toks, i, j + 1)}' names no period")
        return j + 1 if k in ("num", "cardinal") else j
    points, end = chain
    if points[0].unit in ("week", "dom"):
        parse.problems.append(f"'{texts(toks, i, end)}' is a duration or a day of an unnamed month, not a date")
    else:
        parse.elements.append(Element("during", points, phrase, texts(toks, i, end)))
    return end


def whole_year_at(toks: list[Token], j: int) -> tuple[Point, int] | None:
    """"года" (the plan year) or "учебного года" (the academic year) at toks[j], with the index
    after it; None otherwise."""
    k = kind_at(toks, j)
    if k == "year_word":
        return Point("year"), j + 1
    if k == "academic" and kind_at(toks, j + 1) == "year_word":
        return Point("academic"), j + 2
    return None


def parse_by(toks: list[Token], i: int, parse: CellParse, phrase: int, days: bool = False) -> int | None:
    """"до …", "не позднее …", "до конца …", "по …" at toks[i]; None if no point follows.
    days: a bare number is a day of the context's month ("до 15")."""
    j = i + 1
    if toks[i].kind == "by_end":
        whole = whole_year_at(toks, j)
        if whole is not None:
            point, end = whole
            parse.elements.append(Element("by", [point], phrase, texts(toks, i, end)))
            return skip_year_words(toks, end)
    point = parse_point(toks, j)
    if point is not None and point[0].unit == "bare" and kind_at(toks, point[1]) == "day_word":
        parse.problems.append(f"'{texts(toks, i, point[1] + 1)}' is a duration, not a date")
        return point[1] + 1
    if point is not None and point[0].unit == "bare" and days and 1 <= (point[0].index or 0) <= 31:
        point = Point("dom", day=point[0].index), point[1]
    if point is None or point[0].unit == "bare":
        return None
    p, end = point
    # "до начала учебного года": by the day before it starts
    role = "by_dom" if p.unit == "dom" else "before" if p.part == "start" else "by"
    parse.elements.append(Element(role, [p], phrase, texts(toks, i, end)))
    return end


def parse_from(toks: list[Token], i: int, parse: CellParse, phrase: int, days: bool = False) -> int | None:
    """"с 1 по 15 сентября 2022 г.", "с 01.09.2022" at toks[i]; None if no point follows."""
    chain = parse_chain(toks, i + 1, joiners=("dash", "to", "by"), days=days)
    if chain is None:
        return None
    points, end = chain
    role = "span" if len(points) > 1 else "from"
    parse.elements.append(Element(role, points, phrase, texts(toks, i, end)))
    return end


# the kinds of a token (or of the token after it) that may open a qualifier of the date
QUALIFIER_KINDS = {"weekdays", "weekday", "daily", "every", "last"}
QUALIFIER_NEXT = {"time", "weekdays", "day_word", "time_word", "recurrence", "every"}


def parse_qualifier(toks: list[Token], i: int, parse: CellParse) -> int | None:
    """What qualifies a date or recurrence without dating anything itself, at toks[i]: a time of
    day, a weekday, "ежедневно", "в начале" before a recurrence, a counted day ("первый рабочий
    день"). Records it and returns the index after it; None when there is none."""
    k = toks[i].kind
    nxt = kind_at(toks, i + 1)
    if k in ("by", "from", "to") and nxt == "time":  # "с 10:00 до 12:00" beside a day
        return i + 2
    if k == "num" and nxt == "time_word":  # "в 14 ч. 30 мин."
        return i + 2
    if k == "to" and nxt == "weekdays":  # "по вторникам"
        return i + 1
    if k == "weekdays" or (k == "every" and nxt in ("weekday", "weekdays")):
        parse.weekdays.append(toks[i + (k == "every")].value)
        return i + 1 + (k == "every")
    if k == "weekday":  # "Пятница, 3 марта": a label of the date beside it
        parse.weekday_labels.append(toks[i].value)
        return i + 1
    if k == "daily":
        parse.recurrences.append(None)
        parse.notes.append(f"'{toks[i].text}' (every day) has no recurrence value in the schema")
        return i + 1
    if k == "part" and nxt in ("recurrence", "every"):  # "в начале каждого месяца"
        return i + 1
    if nxt == "day_word" and (k == "last" or index_at(toks, i) is not None):  # "первый рабочий день"
        end = i + 2 + (kind_at(toks, i + 2) in ("month_word", "quarter", "year_word"))
        parse.counted_days.append(texts(toks, i, end))
        return end
    return None


def tokens_to_parse(toks: list[Token], words: DateWords, month: int | None = None,
                    month_year: int | None = None) -> CellParse:
    """Walk a cell's tokens and collect what it names. month (and month_year): the month the
    context names (a heading row "ЯНВАРЬ" of a calendar plan), for cells that hold only days."""
    parse = CellParse()
    days = month is not None
    i, n, phrase, depth = 0, len(toks), 0, 0
    while i < n:
        t = toks[i]
        k = t.kind
        nxt = toks[i + 1].kind if i + 1 < n else None
        if k in QUALIFIER_KINDS or nxt in QUALIFIER_NEXT:
            end = parse_qualifier(toks, i, parse)
            if end is not None:
                i = end
                continue
        if k in ("lparen", "rparen", "semicolon"):
            depth = depth + 1 if k == "lparen" else max(0, depth - 1) if k == "rparen" else depth
            phrase += 1
            i += 1
            continue
        freq = parse_frequency(toks, i, words)
        if freq is not None:
            rec, academic, i, text = freq
            parse.recurrences.append(rec)
            parse.academic_recurrence |= academic
            if rec is None:
                parse.notes.append(f"'{text}' has no recurrence value in the schema")
            continue
        if k == "recurrence":
            parse.recurrences.append(t.value)
            i += 1
            continue
        if k == "during":
            i = parse_during(toks, i, parse, phrase + 1, days)
            phrase += 2
            continue
        if k in ("continuous", "whole_period"):
            parse.continuous = True
            parse.note |= k == "whole_period"
            i += 1
            continue
        if k in ("by", "by_end", "to"):
            end = parse_by(toks, i, parse, phrase + 1, days)
            if end is not None:
                i, phrase = end, phrase + 2
                continue
        if k == "from":
            end = parse_from(toks, i, parse, phrase + 1, days)
            if end is not None:
                i, phrase = end, phrase + 2
                continue
        if k == "then":
            j = i + 1 + (kind_at(toks, i + 1) in ("dash", "colon"))
            if kind_at(toks, j) in ("continuous", "whole_period"):
                parse.elements.append(Element("then_continuous", [], phrase + 1, texts(toks, i, j + 1)))
                i, phrase = j + 1, phrase + 2
                continue
            if kind_at(toks, j) == "recurrence" or parse_frequency(toks, j, words) is not None:
                i = j  # "до 31.12.2023, далее – ежегодно": the dated stage recurs, as "ежегодно до 31.12"
                continue
        if k in ("schedule", "after"):
            if k == "after" and parse_point(toks, i + 1) is not None:
                parse.problems.append(f"'{texts(toks, i, i + 2)}' names a start after a date, not a deadline")
            parse.schedule = parse.note = True
            phrase += 1
            i += 1
            continue
        if index_at(toks, i) is not None and kind_at(toks, i + 1) == "stage":
            i += 2  # "Первый этап – 01.06.2016": the label of the date after it
            continue
        if k == "stage":
            i += 1
            continue
        chain = parse_chain(toks, i, days=days)
        if chain is not None:
            points, end = chain
            role = "dom" if points[0].unit == "dom" else "span"
            parse.elements.append(Element(role, points, phrase, texts(toks, i, end)))
            i = end
            continue
        if k in SEPARATORS or parse.note or depth:
            i += 1
            continue
        if k == "num" and len(t.text) == 4 and 1000 <= t.value <= 2999:
            parse.problems.append(f"the year {t.value} is outside {MIN_YEAR}-{MAX_YEAR}")
        parse.unknown.append(t.text)
        i += 1
    return parse_in_month(parse, month, month_year)


def point_in_month(p: Point, month: int, year: int | None) -> Point:
    """A day of an unnamed month ("5 числа", "14" under "ЯНВАРЬ") or a part of one ("в конце
    месяца") placed in the context's month."""
    if p.unit == "dom":
        return Point("day", year, month, p.day)
    if p.unit == "month" and p.month is None:
        return replace(p, year=year, month=month)
    return p


def parse_in_month(parse: CellParse, month: int | None, year: int | None) -> CellParse:
    """Give the points that name no month the context's month; without one, a part of an
    unnamed month cannot be read."""
    if month is None:
        for e in parse.elements:
            if any(p.month is None and p.unit == "month" for p in e.points):
                parse.problems.append(f"'{e.text}': the cell does not name the month")
        return parse
    out: list[Element] = []
    for e in parse.elements:
        unnamed = [p for p in e.points if p.unit == "dom" or (p.unit == "month" and p.month is None)]
        if e.role == "during_unnamed" and month is not None and "нед" not in e.text:
            e = replace(e, role="during", points=[Point("month", year, month)])
            parse.context_month = True
        elif unnamed and month is not None:
            role = {"dom": "span", "by_dom": "by"}.get(e.role, e.role)
            e = replace(e, role=role, points=[point_in_month(p, month, year) for p in e.points])
            parse.context_month = True
        elif any(p.unit == "month" for p in unnamed):
            parse.problems.append(f"'{e.text}': the cell does not name the month")
        out.append(e)
    parse.elements = out
    return parse
