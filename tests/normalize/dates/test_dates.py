"""normalize.dates: deadline cells -> intervals, kind, recurrence (conventions: docs/dates.md).

The tables hold cell text as printed in the corpus dumps (000-004) and the real documents
(r01 accessibility roadmap, r02 anti-corruption plan, r04 school work plan); the expected values
follow from the conventions, not from running the parser.
"""
from __future__ import annotations

import calendar
import json
import pickle
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from normalize.dates import KINDS, Deadline, deadlines_to_jsonl, parse_deadline
from normalize.dates.words import DATA_NAME, RECURRENCES, load_date_words
from normalize.lexicon import load_yaml

WORDS = load_date_words()
D = date.fromisoformat


def iv(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    return (D(start) if start else None, D(end) if end else None)


def check(text, year, intervals, kind, recurrence=None, **kw):
    d = parse_deadline(text, year, **kw)
    assert (d.intervals, d.kind, d.recurrence) == (intervals, kind, recurrence), d.warnings
    if kind == "unparsed":
        assert d.warnings
    return d


# a day, a day range ----------------------------------------------------------------------------
DAYS = [
    ("15.12.2021", 2022, [iv("2021-12-15", "2021-12-15")], "date"),  # 002
    ("19.01.2022 года", 2022, [iv("2022-01-19", "2022-01-19")], "date"),  # 003
    ("25.02.2022 г.", 2022, [iv("2022-02-25", "2022-02-25")], "date"),  # 003
    ("30.06. 2016", 2015, [iv("2016-06-30", "2016-06-30")], "date"),  # r01, space after the dot
    ("22. 02", 2022, [iv("2022-02-22", "2022-02-22")], "date"),  # r04
    ("06.09.", 2015, [iv("2015-09-06", "2015-09-06")], "date"),  # r04
    ("01.09", 2022, [iv("2022-09-01", "2022-09-01")], "date"),  # the plan year
    ("3 марта 2022 г.", 2021, [iv("2022-03-03", "2022-03-03")], "date"),
    ("1 июня", 2016, [iv("2016-06-01", "2016-06-01")], "date"),  # r04
    ("14/02/2023", 2023, [iv("2023-02-14", "2023-02-14")], "date"),  # 004's header writes dates so
    ("16.02.2022 – 01.03.2022", 2022, [iv("2022-02-16", "2022-03-01")], "period"),  # 002
    ("25.04.2022- 01.06.2022", 2022, [iv("2022-04-25", "2022-06-01")], "period"),  # 003
    ("12.09.2022 г.- 21.09.2022 г", 2022, [iv("2022-09-12", "2022-09-21")], "period"),  # 003
    ("с 1 по 15 сентября 2022 г.", 2021, [iv("2022-09-01", "2022-09-15")], "period"),
    ("25-27 мая", 2022, [iv("2022-05-25", "2022-05-27")], "period"),
    ("28 ноября – 2 декабря", 2022, [iv("2022-11-28", "2022-12-02")], "period"),
    ("31.08-15.09", 2015, [iv("2015-08-31", "2015-09-15")], "period"),  # r04
    ("14.09.-19.09", 2015, [iv("2015-09-14", "2015-09-19")], "period"),  # r04
    ("20-24.11", 2015, [iv("2015-11-20", "2015-11-24")], "period"),  # r04
    ("15 -19.02", 2016, [iv("2016-02-15", "2016-02-19")], "period"),  # r04
    ("28.12-10.01", 2022, [iv("2022-12-28", "2023-01-10")], "period"),  # runs into the next year
    ("с 01.09.2015г.по 31.05.2016г.", 2015, [iv("2015-09-01", "2016-05-31")], "period"),
]

# months, quarters, half years, years, academic years, decades ---------------------------------
PERIODS = [
    ("Декабрь 2021", 2022, [iv("2021-12-01", "2021-12-31")], "period"),  # 000
    ("Март", 2021, [iv("2021-03-01", "2021-03-31")], "period"),  # 001: no year, the plan year
    ("Февраль", 2021, [iv("2021-02-01", "2021-02-28")], "period"),  # 001
    ("Февраль, 2022", 2022, [iv("2022-02-01", "2022-02-28")], "period"),  # 003
    ("Январь 2015 г.", 2015, [iv("2015-01-01", "2015-01-31")], "period"),  # r03
    ("Январь-февраль 2022", 2022, [iv("2022-01-01", "2022-02-28")], "period"),  # 000
    ("Апрель - Май", 2021, [iv("2021-04-01", "2021-05-31")], "period"),  # 001
    ("Декабрь 2021 - январь 2022", 2022, [iv("2021-12-01", "2022-01-31")], "period"),  # 000
    ("Март 2022- октябрь-ноябрь 2022", 2022, [iv("2022-03-01", "2022-11-30")], "period"),  # 003
    ("ноябрь-декабрь, 2022 г. (по отдельному плану)", 2022, [iv("2022-11-01", "2022-12-31")], "period"),  # 002
    ("апрель 2022 г. (по отделенному плану)", 2022, [iv("2022-04-01", "2022-04-30")], "period"),  # 002
    ("Декабрь - январь 2022", 2022, [iv("2021-12-01", "2022-01-31")], "period"),  # the year is the end's
    ("ноябрь - февраль", 2022, [iv("2022-11-01", "2023-02-28")], "period"),
    ("I квартал 2022", 2021, [iv("2022-01-01", "2022-03-31")], "period"),
    ("2 квартал", 2022, [iv("2022-04-01", "2022-06-30")], "period"),
    ("IV кв. 2022 г.", 2021, [iv("2022-10-01", "2022-12-31")], "period"),
    ("I-II квартал 2022", 2022, [iv("2022-01-01", "2022-06-30")], "period"),
    ("Ш квартал 2022", 2022, [iv("2022-07-01", "2022-09-30")], "period"),  # OCR's III
    ("I полугодие 2022", 2021, [iv("2022-01-01", "2022-06-30")], "period"),
    ("второе полугодие", 2022, [iv("2022-07-01", "2022-12-31")], "period"),
    ("2023 год", 2022, [iv("2023-01-01", "2023-12-31")], "period"),
    ("2022", 2022, [iv("2022-01-01", "2022-12-31")], "period"),  # 000: a cell's continuation line
    ("2015-2017", 2015, [iv("2015-01-01", "2017-12-31")], "period"),  # r01
    ("2022-2024 г.г.", 2022, [iv("2022-01-01", "2024-12-31")], "period"),
    ("2022 – 2024 годов", 2022, [iv("2022-01-01", "2024-12-31")], "period"),
    ("2022-24 гг.", 2022, [iv("2022-01-01", "2024-12-31")], "period"),
    ("2022/2023 учебный год", 2022, [iv("2022-09-01", "2023-08-31")], "period"),
    ("2024-2025 уч.г.", 2024, [iv("2024-09-01", "2025-08-31")], "period"),  # r02
    ("учебный год", 2022, [iv("2022-09-01", "2023-08-31")], "period"),
    ("1 полугодие 2023-2024 уч. года", 2023, [iv("2023-09-01", "2023-12-31")], "period"),
    ("первая декада марта", 2022, [iv("2022-03-01", "2022-03-10")], "period"),
    ("в третьей декаде февраля 2024 г.", 2024, [iv("2024-02-21", "2024-02-29")], "period"),
]

# by a date, throughout ---------------------------------------------------------------------------
BY_AND_THROUGHOUT = [
    ("До 1 апреля 2022", 2022, [iv(None, "2022-04-01")], "by_date"),  # 000
    ("До 15 мая", 2022, [iv(None, "2022-05-15")], "by_date"),  # 000, before the page break
    ("Не позднее 16.02.2022", 2022, [iv(None, "2022-02-16")], "by_date"),  # 003
    ("До 01.12.2023", 2023, [iv(None, "2023-12-01")], "by_date"),  # 004
    ("До 15.09.2015", 2015, [iv(None, "2015-09-15")], "by_date"),  # r01
    ("до01.09", 2015, [iv(None, "2015-09-01")], "by_date"),  # r04, glued
    ("в срок до 01.09", 2022, [iv(None, "2022-09-01")], "by_date"),
    ("до конца 2022 года", 2021, [iv(None, "2022-12-31")], "by_date"),
    ("до конца года", 2022, [iv(None, "2022-12-31")], "by_date"),
    ("к 1 сентября 2022 г.", 2022, [iv(None, "2022-09-01")], "by_date"),
    ("В течение года", 2021, [iv("2021-01-01", "2021-12-31")], "continuous"),  # 001
    ("В течении года", 2022, [iv("2022-01-01", "2022-12-31")], "continuous"),  # 000 (sic)
    ("В течении года по графику", 2022, [iv("2022-01-01", "2022-12-31")], "continuous"),  # 000
    ("в течение 2022 года", 2021, [iv("2022-01-01", "2022-12-31")], "continuous"),
    ("в течение I квартала 2022 г.", 2022, [iv("2022-01-01", "2022-03-31")], "continuous"),
    ("Постоянно", 2015, [iv("2015-01-01", "2015-12-31")], "continuous"),  # r01
    ("Постоянн о", 2015, [iv("2015-01-01", "2015-12-31")], "continuous"),  # r01, split by the PDF
    ("Втечение года", 2021, [iv("2021-01-01", "2021-12-31")], "continuous"),  # glued preposition
    ("весь период", 2022, [iv("2022-01-01", "2022-12-31")], "continuous"),
    ("в течение всего периода", 2022, [iv("2022-01-01", "2022-12-31")], "continuous"),
    ("весь период реализации дорожной карты", 2022, [iv("2022-01-01", "2022-12-31")], "continuous"),
    ("в течение 2022-2023 учебного года", 2022, [iv("2022-09-01", "2023-08-31")], "continuous"),
    ("в течение учебного года", 2022, [iv("2022-09-01", "2023-08-31")], "continuous"),
]

# recurrences ----------------------------------------------------------------------------------
RECURRING = [
    ("Ежемесячно", 2021, [iv("2021-01-01", "2021-12-31")], "monthly"),  # 001
    ("Ежемесячно по графику", 2022, [iv("2022-01-01", "2022-12-31")], "monthly"),  # 000
    ("Ежеквартально", 2021, [iv("2021-01-01", "2021-12-31")], "quarterly"),  # 001
    ("1 раз в полугодие", 2021, [iv("2021-01-01", "2021-12-31")], "semiannual"),  # 001
    ("1 разв полугодие", 2021, [iv("2021-01-01", "2021-12-31")], "semiannual"),  # OCR lost the space before "в"
    ("Ежеквартальн 0", 2021, [iv("2021-01-01", "2021-12-31")], "quarterly"),  # wrapped, "0" read for "о"
    ("Не реже одного раза в полугодие", 2024, [iv("2024-01-01", "2024-12-31")], "semiannual"),  # r02
    ("Два раза в год", 2024, [iv("2024-01-01", "2024-12-31")], "semiannual"),  # r02
    ("По мере необходимости не реже двух раз в учебный год", 2024, [iv("2024-09-01", "2025-08-31")], "semiannual"),  # r02
    ("1 квартал ежегодно", 2023, [iv("2023-01-01", "2023-03-31")], "annual"),  # 004
    ("март ежегодно", 2023, [iv("2023-03-01", "2023-03-31")], "annual"),  # 004
    ("январь - декабрь ежегодно", 2023, [iv("2023-01-01", "2023-12-31")], "annual"),  # 004
    ("ежегодно", 2023, [iv("2023-01-01", "2023-12-31")], "annual"),  # 004
    ("еженедельно", 2022, [iv("2022-01-01", "2022-12-31")], "weekly"),
    ("1 раз в квартал", 2022, [iv("2022-01-01", "2022-12-31")], "quarterly"),
    ("2 раза в год", 2022, [iv("2022-01-01", "2022-12-31")], "semiannual"),
    ("до 5 числа ежемесячно", 2022, [iv("2022-01-01", "2022-12-31")], "monthly"),
    ("до 25 числа каждого месяца", 2022, [iv("2022-01-01", "2022-12-31")], "monthly"),
    ("Ежегодно до 1 марта", 2022, [iv(None, "2022-03-01")], "annual"),
    ("в течение года (ежемесячно)", 2022, [iv("2022-01-01", "2022-12-31")], "monthly"),
    ("По мере необходимости, но не реже 1 раза в квартал", 2022, [iv("2022-01-01", "2022-12-31")], "quarterly"),
    # a dated stage, then its recurrence: read as "ежегодно до 31.12"
    ("до 31.12.2023 г., далее - ежегодно", 2023, [iv(None, "2023-12-31")], "annual"),
    ("Март 2023, далее – 2 раза в год", 2023, [iv("2023-03-01", "2023-03-31")], "semiannual"),
    ("2023 год; в дальнейшем ежеквартально", 2023, [iv("2023-01-01", "2023-12-31")], "quarterly"),
]

# several intervals ------------------------------------------------------------------------------
MULTIPLE = [
    ("апрель, август, октябрь 2022 г. (по отделенному плану)", 2021,  # 002: the year applies to all
     [iv("2022-04-01", "2022-04-30"), iv("2022-08-01", "2022-08-31"), iv("2022-10-01", "2022-10-31")]),
    ("Декабрь 2023 Май 2023", 2023, [iv("2023-12-01", "2023-12-31"), iv("2023-05-01", "2023-05-31")]),  # 004
    ("10.02.2022-23.06.2022 15.09.2022-22.12.2022", 2022,  # 003
     [iv("2022-02-10", "2022-06-23"), iv("2022-09-15", "2022-12-22")]),
    ("Март – декабрь 2022 года 12.03.2022", 2022, [iv("2022-03-01", "2022-12-31"), iv("2022-03-12", "2022-03-12")]),  # 003
    ("Февраль - март 2022 года 2022-2024 г.г.", 2022, [iv("2022-02-01", "2022-03-31"), iv("2022-01-01", "2024-12-31")]),  # 003
    ("28.03.2022 По плану работы школьных и районных методических объединений "  # 003, joined
     "(март – август 2022 года, сентябрь 2022 года – май 2023 года)", 2022,
     [iv("2022-03-28", "2022-03-28"), iv("2022-03-01", "2022-08-31"), iv("2022-09-01", "2023-05-31")]),
    ("Октябрь-декабрь 2024 г. Апрель-май 2025 г.", 2024, [iv("2024-10-01", "2024-12-31"), iv("2025-04-01", "2025-05-31")]),  # r02
    ("Первый этап - 01.06.2016, далее - постоянно", 2015, [iv("2016-06-01", "2016-06-01"), iv("2016-06-02", None)]),  # r01
    ("Первый этап - 01.06.2016; далее - постоянно", 2015, [iv("2016-06-01", "2016-06-01"), iv("2016-06-02", None)]),  # r01
    ("Декабрь, январь 2022", 2022, [iv("2021-12-01", "2021-12-31"), iv("2022-01-01", "2022-01-31")]),
]

# schedules, requests, events ------------------------------------------------------------------------
SCHEDULES = [
    "По отдельному графику",  # 001
    "По запросу ОО",  # 003
    "В соответствии с графиком размещения документов",  # 003
    "в соответствии с расписанием",  # 004
    "по графику",  # 004
    "По плану РОО",  # r04
    "по плануРОО",  # r04, glued
    "по положен.",  # r04
    "В случае штатных изменений",  # r02
    "По факту выявления",  # r02
    "По мере издания документов",  # r02
    "по мере необходимости",
    "по итогам ГИА",
    "после проведения ГИА",
]

# cells that must not be read, and the reason's key word ------------------------------------------
UNPARSED = [
    ("В течение", "names no period"),  # 000: the cell continues on the next page
    ("года", "nothing"),  # 000: the continuation
    ("месяц проведения", "nothing"),  # 004: a header fragment, filler words only
    ("руководители ГМО", "did not understand"),  # 004: an executor in the wrong column
    ("-----------------------", "nothing"),  # 003: a converter's line of dashes
    ("Кл.часы", "did not understand"),  # r04
    ("развитие", "did not understand"),  # not "раз" + "в": only vocabulary words are unglued
    ("I неделя", "weeks"),  # r04
    ("07.12-19.20.", "not a calendar date"),  # r04: a typo
    ("29.02.2023", "not a calendar date"),
    ("01.01.0202", "outside"),  # an OCR'd year
    ("01.11.2022 - 01.03.2022", "ends before it starts"),
    ("в течение 2 недель", "duration"),
    ("после 15.03.2022", "start"),
    ("ежемесячно, ежеквартально", "different recurrences"),
    ("кроме 15.03.2022", "did not understand"),
    ("начало недели", "did not understand"),  # weeks are not resolved
    ("не позднее 10 рабочих дней", "duration"),  # a duration, not a date
    ("", "no deadline given"),
    (None, "no deadline given"),
]

# OCR noise: each reads the same as the clean text beside it --------------------------------------------
NOISE = [
    ("Декабрь2021", "Декабрь 2021"),
    ("2022г.", "2022 год"),
    ("ДEKAБPЬ 2021", "Декабрь 2021"),  # Latin E, K, A, P
    ("MAPT 2022", "Март 2022"),  # all Latin
    ("0ктябрь 2022", "Октябрь 2022"),  # zero for О
    ("Oктябрь 2О22", "Октябрь 2022"),  # Latin O; Cyrillic О for zero
    ("B тeчeниe гoдa", "В течение года"),
    ("c 1 пo 15 ceнтября 2022", "с 1 по 15 сентября 2022"),
    ("сент. 2022", "сентябрь 2022"),
    ("февр. 2022", "февраль 2022"),
    ("дек. 2022", "декабрь 2022"),
    ("НОЯБРЯ 2022", "ноябрь 2022"),
    ("Октябрb 2022", "Октябрь 2022"),  # Latin b for ь
    ("2022r.", "2022 г."),
    ("Февраль — март 2022", "Февраль-март 2022"),  # em dash
    ("Сентябрь – октябрь, 2022 г.;", "Сентябрь-октябрь 2022"),
    ("сентябрь 2022 г. (по отдель-\nному плану)", "сентябрь 2022"),
    # what tesseract and pdfplumber made of 001 and 003 (.scan.pdf, .pdf)
    ("Ежеквартальн о", "Ежеквартально"),
    ("По запросу 0O", "По запросу ОО"),
    ("Февраль - март 2022 года 2022- 2024 г.г.", "Февраль - март 2022 года 2022-2024 г.г."),
    ("Декабрь 2021 — январь 2022", "Декабрь 2021 - январь 2022"),
]


def ids(cases):
    return [str(c[0])[:40] for c in cases]


@pytest.mark.parametrize("text,year,intervals,kind", DAYS + PERIODS + BY_AND_THROUGHOUT, ids=ids(DAYS + PERIODS + BY_AND_THROUGHOUT))
def test_single_interval(text, year, intervals, kind):
    check(text, year, intervals, kind)


@pytest.mark.parametrize("text,year,intervals,recurrence", RECURRING, ids=ids(RECURRING))
def test_recurring(text, year, intervals, recurrence):
    check(text, year, intervals, "recurring", recurrence)


@pytest.mark.parametrize("text,year,intervals", MULTIPLE, ids=ids(MULTIPLE))
def test_multiple(text, year, intervals):
    check(text, year, intervals, "multiple")


@pytest.mark.parametrize("text", SCHEDULES)
def test_by_schedule(text):
    check(text, 2022, [], "by_schedule")


@pytest.mark.parametrize("text,reason", UNPARSED, ids=ids(UNPARSED))
def test_unparsed_says_why(text, reason):
    d = check(text, 2022, [], "unparsed")
    assert reason in d.warnings[0]


@pytest.mark.parametrize("noisy,clean", NOISE, ids=ids(NOISE))
def test_ocr_noise_reads_like_clean_text(noisy, clean):
    a, b = parse_deadline(noisy, 2022), parse_deadline(clean, 2022)
    assert a.kind != "unparsed"
    assert (a.intervals, a.kind, a.recurrence) == (b.intervals, b.kind, b.recurrence)


# the month in question is not named (r04 "в теч.месяца") -------------------------------------------
@pytest.mark.parametrize("text", ["в теч.месяца", "в теч. мес.", "В течен. мес", "в теч..мес", "в течении месяца."])
def test_unnamed_month_is_continuous_without_dates(text):
    d = check(text, 2015, [], "continuous")
    assert "does not name the month" in d.warnings[0]


def test_day_of_an_unnamed_month_is_a_by_date_without_dates():
    d = check("до 5 числа", 2022, [], "by_date")
    assert d.warnings


# a school-year plan (r02 2024/2025, r04 2015/2016) ----------------------------------------------------
ACADEMIC = [
    ("Август- сентябрь", 2015, [iv("2015-08-01", "2015-09-30")], "period", None),  # r04
    ("29.02.-05.03", 2015, [iv("2016-02-29", "2016-03-05")], "period", None),  # r04: leap 2016
    ("июнь", 2015, [iv("2016-06-01", "2016-06-30")], "period", None),  # r04
    ("В течение года", 2015, [iv("2015-09-01", "2016-08-31")], "continuous", None),  # r04
    ("Ноябрь Апрель", 2024, [iv("2024-11-01", "2024-11-30"), iv("2025-04-01", "2025-04-30")], "multiple", None),  # r02
    ("Октябрь, май", 2024, [iv("2024-10-01", "2024-10-31"), iv("2025-05-01", "2025-05-31")], "multiple", None),  # r02
    ("Январь - апрель", 2024, [iv("2025-01-01", "2025-04-30")], "period", None),  # r02
    ("В течение учебного года, при приеме на работу", 2024, [iv("2024-09-01", "2025-08-31")], "continuous", None),  # r02
    ("Не реже одного раза в полугодие", 2024, [iv("2024-09-01", "2025-08-31")], "recurring", "semiannual"),  # r02
    ("второе полугодие", 2024, [iv("2025-01-01", "2025-08-31")], "period", None),
    ("Апрель 2025 г.", 2024, [iv("2025-04-01", "2025-04-30")], "period", None),  # r02: a written year stays
]


@pytest.mark.parametrize("text,year,intervals,kind,recurrence", ACADEMIC, ids=ids(ACADEMIC))
def test_academic_plan(text, year, intervals, kind, recurrence):
    check(text, year, intervals, kind, recurrence, academic=True)


def test_r04_joined_lines_are_not_a_two_digit_year():
    """r04 cells joined line by line once read "30.01. 24.01" as 30.01.2024 and "19.20. 07" as 2007."""
    d = check("24.01-30.01. 24.01-30.01.", 2015, [iv("2016-01-24", "2016-01-30")] * 2, "multiple", academic=True)
    assert d.years == () and d.warnings == []
    check("28.12. 10.12", 2015, [iv("2015-12-28", "2015-12-28"), iv("2015-12-10", "2015-12-10")], "multiple")
    d = check("В течение года 07.12 -12.12 07.12-19.20. 07.12-12.12 10.12", 2015, [], "unparsed")
    assert "19.20" in d.warnings[0] and d.years == ()


def test_calendar_plan_cannot_date_february_29_of_a_common_year():
    check("29.02.-05.03", 2015, [], "unparsed")


# without a plan year --------------------------------------------------------------------------------
def test_without_plan_year_a_cell_without_a_year_keeps_its_kind_and_says_why():
    d = check("Март", None, [], "period")
    assert "no plan year" in d.warnings[0]
    d = check("Ежемесячно", None, [], "recurring", "monthly")
    assert "no plan year" in d.warnings[0]


def test_without_plan_year_written_years_still_resolve():
    check("Декабрь 2021 - январь 2022", None, [iv("2021-12-01", "2022-01-31")], "period")
    d = check("Декабрь 2023, март", None, [iv("2023-12-01", "2023-12-31")], "multiple")
    assert "'март'" in d.warnings[0]


# years written in the cell, warnings ---------------------------------------------------------------
@pytest.mark.parametrize("text,years", [
    ("Декабрь 2021 - январь 2022", (2021, 2022)),
    ("10.02.2022-23.06.2022 15.09.2022-22.12.2022", (2022, 2022, 2022, 2022)),
    ("2015-16 уч. год", (2015, 2016)),
    ("26.09.14г", (2014,)),
    ("Март", ()),
    ("Кл.часы 2016", (2016,)),
])
def test_years_written_in_the_cell(text, years):
    assert parse_deadline(text, 2015).years == years


def test_two_digit_year_is_20xx_with_a_warning():
    d = check("26.09.14г", 2015, [iv("2014-09-26", "2014-09-26")], "date")  # r04
    assert "2014" in d.warnings[0]


def test_dateparser_fallback_reads_a_lone_date_in_another_language():
    d = check("15 березня 2022", 2022, [iv("2022-03-15", "2022-03-15")], "date")
    assert "dateparser" in d.warnings[0]


# the public object and the CLI helper ----------------------------------------------------------------------
def test_to_json_and_jsonl():
    lines = list(deadlines_to_jsonl(["Март-апрель 2022\n", "Ежеквартально", ""], 2022))
    assert [json.loads(line) for line in lines] == [
        {"text": "Март-апрель 2022", "intervals": [["2022-03-01", "2022-04-30"]], "kind": "period", "recurrence": None},
        {"text": "Ежеквартально", "intervals": [["2022-01-01", "2022-12-31"]], "kind": "recurring", "recurrence": "quarterly"},
        {"text": "", "intervals": [], "kind": "unparsed", "recurrence": None},
    ]
    assert json.loads(next(deadlines_to_jsonl(["До 1 апреля 2022"], 2022)))["intervals"] == [[None, "2022-04-01"]]


def test_deadline_is_frozen_picklable_and_has_schema_start_end():
    d = parse_deadline("Март – декабрь 2022 года 12.03.2022", 2022)
    assert pickle.loads(pickle.dumps(d)) == d
    with pytest.raises(AttributeError):
        d.kind = "date"
    assert (d.start, d.end) == (D("2022-03-01"), D("2022-12-31"))
    assert (parse_deadline("до 1 апреля 2022", 2022).start, parse_deadline("до 1 апреля 2022", 2022).end) == (None, D("2022-04-01"))


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="kind"):
        Deadline([], "someday")
    with pytest.raises(ValueError, match="plan_year"):
        parse_deadline("Март", plan_year="2022")


# properties ---------------------------------------------------------------------------------------------
years = st.integers(2000, 2099)
RAW_MONTHS = load_yaml(DATA_NAME)["months"]
# every case form, then every abbreviation with its dot; FORMS[m][1] is the genitive
FORMS = {m: list(RAW_MONTHS[m]["cases"].values()) + [a + "." for a in RAW_MONTHS[m]["abbreviations"]] for m in range(1, 13)}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
ORDINAL = {1: "первый", 2: "второй", 3: "третий", 4: "четвертый"}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


@FAST
@given(m=st.integers(1, 12), y=years, data=st.data(), case=st.sampled_from([str.lower, str.upper, str.capitalize]))
def test_every_month_in_every_form(m, y, data, case):
    form = case(data.draw(st.sampled_from(FORMS[m])))
    check(f"{form} {y} г.", 2050, [month_span(y, m)], "period")
    check(form, y, [month_span(y, m)], "period")


@FAST
@given(m1=st.integers(1, 12), m2=st.integers(1, 12), y=years)
def test_every_month_range_with_the_year_written_once(m1, m2, y):
    text = f"{FORMS[m1][0]} - {FORMS[m2][0]} {y}"
    start_year = y if m1 <= m2 else y - 1  # a range runs forward: "декабрь - январь 2022" starts in 2021
    check(text, 2050, [(date(start_year, m1, 1), month_span(y, m2)[1])], "period")


@FAST
@given(q=st.integers(1, 4), y=years, style=st.sampled_from(["roman", "arabic", "ordinal"]), word=st.sampled_from(["квартал", "кв.", "квартала"]))
def test_every_quarter(q, y, style, word):
    number = {"roman": ROMAN[q], "arabic": str(q), "ordinal": ORDINAL[q]}[style]
    first = 3 * q - 2
    check(f"{number} {word} {y} года", 2050, [(date(y, first, 1), month_span(y, first + 2)[1])], "period")


@FAST
@given(h=st.integers(1, 2), y=years, style=st.sampled_from(["I", "1", "1-е", "первое", "1-ое"]))
def test_every_half_year(h, y, style):
    number = {"I": ROMAN[h], "1": str(h), "1-е": f"{h}-е", "первое": ["первое", "второе"][h - 1], "1-ое": f"{h}-ое"}[style]
    expected = (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
    check(f"{number} полугодие {y} г.", 2050, [expected], "period")


@FAST
@given(y1=st.integers(2000, 2090), span=st.integers(0, 10), word=st.sampled_from(["гг.", "г.г.", "годы", "годов", "год", ""]))
def test_every_year_and_year_range(y1, span, word):
    y2 = y1 + span
    text = f"{y1} {word}" if span == 0 else f"{y1}-{y2} {word}"
    check(text, 2050, [(date(y1, 1, 1), date(y2, 12, 31))], "period")


@FAST
@given(d1=st.dates(date(2000, 1, 1), date(2099, 12, 31)), days=st.integers(0, 400), dash=st.sampled_from(["-", " – ", "- ", " —"]))
def test_every_day_range(d1, days, dash):
    d2 = d1 + timedelta(days=days)
    text = f"{d1:%d.%m.%Y}{dash}{d2:%d.%m.%Y}"
    check(text, 2050, [(d1, d2)], "period")


@FAST
@given(d=st.dates(date(2000, 1, 1), date(2099, 12, 31)), data=st.data())
def test_every_single_day_numeric_and_in_words(d, data):
    check(f"{d:%d.%m.%Y}", 2050, [(d, d)], "date")
    genitive = FORMS[d.month][1]
    check(f"{d.day} {genitive} {d.year} г.", 2050, [(d, d)], "date")
    check(f"до {d.day} {genitive} {d.year} года", 2050, [(None, d)], "by_date")


VOCAB = sorted({w for group in WORDS.entries.values() for phrase, _ in group for w in phrase})
TOKEN_SOUP = st.lists(
    st.one_of(
        st.sampled_from(VOCAB),
        st.sampled_from(["-", ",", "(", ")", ";", ".", "/", "–", ":"]),
        st.integers(0, 3000).map(str),
        st.sampled_from(["31.02", "01.13", "00.00.0000", "29.02.2100", "I", "IV", "1-й", "14г", "2099", "2100", "99"]),
    ),
    max_size=12,
).map(" ".join)


def assert_well_formed(d: Deadline) -> None:
    assert d.kind in KINDS and (d.recurrence is None or d.recurrence in RECURRENCES)
    if d.kind == "unparsed":
        assert d.intervals == [] and d.warnings
    for start, end in d.intervals:
        assert start is None or end is None or start <= end


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60), year=st.one_of(st.none(), st.integers(1990, 2100)), academic=st.booleans())
@example(text="0.0", year=None, academic=False)
def test_arbitrary_text_never_raises(text, year, academic):
    assert_well_formed(parse_deadline(text, year, academic=academic))


@settings(max_examples=300, deadline=None)
@given(text=TOKEN_SOUP, year=st.one_of(st.none(), st.integers(1990, 2100)), academic=st.booleans())
def test_any_mix_of_known_words_never_raises(text, year, academic):
    assert_well_formed(parse_deadline(text, year, academic=academic))
