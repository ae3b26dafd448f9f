"""normalize.dates beyond the five orders: the month and year from the table around a cell, recurrences
with qualifiers and counts, filler words and other written forms, the plausible range.

Expected values follow from the conventions (../shared/dates.md) and the decisions in docs/dates.md,
not from running the parser. The extraction tests build their own calendar plans (DOCX with
python-docx, a text dump) inside the test.
"""
from __future__ import annotations

import io
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.dates import DeadlineContext, deadline_context, header_to_year, heading_to_month, parse_deadline
from normalize.lexicon import SCHOOL_YEAR

D = date.fromisoformat


def iv(start, end):
    return (D(start) if start else None, D(end) if end else None)


def day(d):
    return iv(d, d)


def ids(cases):
    return [str(c[0] if not isinstance(c[0], list) else c[2])[:40] for c in cases]


# the nearest month heading and the deadline column's header -------------------------------------
# (section_path, header, cell, plan_year, academic, intervals, kind, a word of the context warning)
CONTEXT = [
    (["СЕНТЯБРЬ"], "Сроки", "7", 2023, True, [day("2023-09-07")], "date", "heading 'СЕНТЯБРЬ'"),
    (["ЯНВАРЬ"], "Сроки", "14-15", 2023, True, [iv("2024-01-14", "2024-01-15")], "period", "heading"),  # school year: Y+1
    (["ЯНВАРЬ"], "Дата", "1-5", 2023, False, [iv("2023-01-01", "2023-01-05")], "period", "heading"),
    (["Раздел 1", "МАРТ"], None, "7, 14, 21", 2023, False,
     [day("2023-03-07"), day("2023-03-14"), day("2023-03-21")], "multiple", "heading 'МАРТ'"),
    (["МАРТ", "Спортивные мероприятия"], None, "3", 2023, False, [day("2023-03-03")], "date", "heading 'МАРТ'"),  # outer heading
    (["Февраль 2024 г."], None, "29", 2023, False, [day("2024-02-29")], "date", "heading"),  # the heading's year
    (["АПРЕЛЬ"], None, "в течение месяца", 2023, False, [iv("2023-04-01", "2023-04-30")], "continuous", "heading"),
    (["АПРЕЛЬ"], None, "до 15", 2023, False, [iv(None, "2023-04-15")], "by_date", "heading"),
    (["АПРЕЛЬ"], None, "до 10 числа", 2023, False, [iv(None, "2023-04-10")], "by_date", "heading"),
    (["АПРЕЛЬ"], None, "в конце месяца", 2023, False, [iv("2023-04-21", "2023-04-30")], "period", "heading"),
    (["АПРЕЛЬ"], None, "с 3 по 7", 2023, False, [iv("2023-04-03", "2023-04-07")], "period", "heading"),
    ([], "Сроки (2023 год)", "Март", 2021, False, [iv("2023-03-01", "2023-03-31")], "period", "column header 'Сроки (2023 год)'"),
    ([], "Срок исполнения (2024 г.)", "в течение года", 2021, False, [iv("2024-01-01", "2024-12-31")], "continuous", "2024"),
    ([], "Срок исполнения (2024 г.)", "ежеквартально", 2021, False, [iv("2024-01-01", "2024-12-31")], "recurring", "2024"),
    ([], "Сроки (2023/2024 уч. год)", "Январь", 2021, False, [iv("2024-01-01", "2024-01-31")], "period", "school year 2023/2024"),
    (["ОКТЯБРЬ"], "Сроки (2024 год)", "5", 2021, False, [day("2024-10-05")], "date", "2024 comes from the column header"),
]


@pytest.mark.parametrize("path,header,text,year,academic,intervals,kind,said", CONTEXT, ids=ids(CONTEXT))
def test_month_and_year_from_the_context(path, header, text, year, academic, intervals, kind, said):
    d = parse_deadline(text, year, academic=academic, context=deadline_context(path, header))
    assert (d.intervals, d.kind) == (intervals, kind), d.warnings
    assert any(said in w for w in d.warnings), d.warnings


# a context that the cell does not need changes nothing, and says nothing ---------------------------
UNUSED_CONTEXT = [
    (["МАРТ"], None, "25-27 мая", 2023, [iv("2023-05-25", "2023-05-27")], "period"),
    (["МАРТ"], None, "15.04.2023", 2023, [day("2023-04-15")], "date"),
    ([], "Сроки (2023 год)", "15.03.2022", 2021, [day("2022-03-15")], "date"),
    ([], "Сроки (2023 год)", "Март 2022", 2021, [iv("2022-03-01", "2022-03-31")], "period"),
    (["МАРТ"], None, "по графику", 2023, [], "by_schedule"),
]


@pytest.mark.parametrize("path,header,text,year,intervals,kind", UNUSED_CONTEXT, ids=ids(UNUSED_CONTEXT))
def test_a_context_the_cell_does_not_need_is_not_used(path, header, text, year, intervals, kind):
    d = parse_deadline(text, year, context=deadline_context(path, header))
    assert (d.intervals, d.kind) == (intervals, kind)
    assert not any("comes from" in w for w in d.warnings)


@pytest.mark.parametrize("text", ["7", "14-15", "7, 14, 21", "в конце месяца"])
def test_day_only_cells_without_a_month_are_unparsed(text):
    d = parse_deadline(text, 2023)
    assert d.kind == "unparsed" and d.warnings and not d.intervals


HEADINGS = [
    ("ЯНВАРЬ", (1, None)), ("Февраль 2024 г.", (2, 2024)), ("МАРТ:", (3, None)), ("Апрель (месяц)", (4, None)),
    ("Январь-февраль", None), ("Мероприятия в январе", None), ("1. Организационные действия", None),
    ("2023", None), ("", None),
]


@pytest.mark.parametrize("text,found", HEADINGS, ids=ids(HEADINGS))
def test_heading_to_month(text, found):
    assert heading_to_month(text) == found


HEADERS = [
    ("Сроки (2023 год)", (2023, False)), ("Срок исполнения (2024 г.)", (2024, False)), ("Сроки 2025", (2025, False)),
    ("Сроки (2023/2024 уч. год)", (2023, True)), ("Срок на 2024-2025 учебный год", (2024, True)),
    ("Сроки", None), ("Сроки (2022-2024 гг.)", None), ("Срок (14/02/2023)", None), ("Срок (март 2023)", None), (None, None),
]


@pytest.mark.parametrize("text,found", HEADERS, ids=ids(HEADERS))
def test_header_to_year(text, found):
    assert header_to_year(text or "") == found


def test_context_rejects_impossible_values():
    with pytest.raises(ValueError):
        DeadlineContext(month=13)
    with pytest.raises(ValueError):
        DeadlineContext(year=1800)
    with pytest.raises(ValueError):
        parse_deadline("7", 2023, context={"month": 1})


# a school, training, sports or heating year ----------------------------------------------------------
SEASONS = [
    ("на 2023/2024 учебный (тренировочный, отопительный) год", ("2023", "2024")),
    ("на 2024-2025 тренировочный год", ("2024", "2025")),
    ("2024-2025 спортивный сезон", ("2024", "2025")),
    ("в отопительный сезон 2023/2024", ("2023", "2024")),
    ("отопительного периода 2023-2024 гг.", ("2023", "2024")),
    ("на 2023-2024 годы спортивной подготовки", None),
    ("в 2023/2024 году", None),
]


@pytest.mark.parametrize("text,years", SEASONS, ids=ids(SEASONS))
def test_school_year_phrase_covers_training_and_heating_years(text, years):
    m = SCHOOL_YEAR.search(text)
    assert (m.groups() if m else None) == years


SEASON_CELLS = [
    ("2023/2024 тренировочный год", 2023, [iv("2023-09-01", "2024-08-31")], "period"),
    ("в течение тренировочного года", 2023, [iv("2023-09-01", "2024-08-31")], "continuous"),
    ("в течение отопительного сезона", 2023, [iv("2023-09-01", "2024-08-31")], "continuous"),
]


@pytest.mark.parametrize("text,year,intervals,kind", SEASON_CELLS, ids=ids(SEASON_CELLS))
def test_training_and_heating_years_in_a_cell(text, year, intervals, kind):
    d = parse_deadline(text, year)
    assert (d.intervals, d.kind) == (intervals, kind), d.warnings


# recurrences with qualifiers and counts ---------------------------------------------------------------
Y = [iv("2023-01-01", "2023-12-31")]
RECURRENCES = [
    ("ежемесячно по понедельникам", Y, "monthly", None),  # the adverb decides, the weekday qualifies
    ("еженедельно по четвергам", Y, "weekly", None),
    ("каждую пятницу", Y, "weekly", None),
    ("каждый понедельник", Y, "weekly", None),
    ("по вторникам", Y, "weekly", None),
    ("по средам", Y, "weekly", None),
    ("по понедельникам и пятницам", Y, None, "more than once a week"),
    ("раз в 2 мес.", Y, None, "no recurrence value"),  # six a year
    ("раз в 3 месяца", Y, "quarterly", None),
    ("один раз в шесть месяцев", Y, "semiannual", None),
    ("каждые 2 недели", Y, None, "no recurrence value"),
    ("раз в полгода", Y, "semiannual", None),
    ("раз в неделю", Y, "weekly", None),
    ("в начале каждого месяца", Y, "monthly", None),
    ("в конце каждого квартала", Y, "quarterly", None),
    ("первый рабочий день каждого месяца", Y, "monthly", "working days"),
    ("2 раза в квартал.", Y, None, "no recurrence value"),
    ("не реже одного раза в полугодие", Y, "semiannual", None),
    ("ежедневно", Y, None, "every day"),
    ("каждый день", Y, None, "every day"),
    ("два раза в год", Y, "semiannual", None),
    ("1 раз в месяц", Y, "monthly", None),
    ("ежегодно до 1 марта", [iv(None, "2023-03-01")], "annual", None),
    ("ежеквартально, до 10 числа месяца, следующего за отчетным", Y, "quarterly", None),
]


@pytest.mark.parametrize("text,intervals,recurrence,said", RECURRENCES, ids=ids(RECURRENCES))
def test_recurrences_with_qualifiers_and_counts(text, intervals, recurrence, said):
    d = parse_deadline(text, 2023)
    assert (d.intervals, d.kind, d.recurrence) == (intervals, "recurring", recurrence), d.warnings
    if said:
        assert any(said in w for w in d.warnings), d.warnings


def test_recurrence_in_a_school_year_plan_covers_the_school_year():
    d = parse_deadline("по вторникам", 2023, academic=True)
    assert (d.intervals, d.recurrence) == ([iv("2023-09-01", "2024-08-31")], "weekly")


@pytest.mark.parametrize("text", [
    "при необходимости", "по мере необходимости", "в случае штатных изменений", "по факту выявления",
])
def test_conditions_without_a_period_are_by_schedule(text):
    d = parse_deadline(text, 2023)
    assert (d.intervals, d.kind, d.recurrence) == ([], "by_schedule", None)


# filler words and other written forms ---------------------------------------------------------------------
FORMS = [
    ("Декабрь месяц проведения", [iv("2023-12-01", "2023-12-31")], "period"),
    ("Декабрь месяц", [iv("2023-12-01", "2023-12-31")], "period"),
    ("окт-2023", [iv("2023-10-01", "2023-10-31")], "period"),
    ("Апрель-2024", [iv("2024-04-01", "2024-04-30")], "period"),
    ("Пятница, 3 марта", [day("2023-03-03")], "date"),
    ("12 апреля 10:00", [day("2023-04-12")], "date"),
    ("15-го ноября, 14:30", [day("2023-11-15")], "date"),
    ("18 июля 2021 [17:48]", [day("2021-07-18")], "date"),
    ("01.03.2022 14:53:12", [day("2022-03-01")], "date"),
    ("30 декабря 2022 г. в 10.00", [day("2022-12-30")], "date"),
    ("в 14 ч. 30 мин. 15 мая", [day("2023-05-15")], "date"),
    ("с 10:00 до 12:00 15 мая", [day("2023-05-15")], "date"),
    ("тридцатое апреля", [day("2023-04-30")], "date"),
    ("первое сентября", [day("2023-09-01")], "date"),
    ("двадцать пятого мая", [day("2023-05-25")], "date"),
    ("тридцать первого декабря 2022 г.", [day("2022-12-31")], "date"),
    ("к пятнадцатому марта", [iv(None, "2023-03-15")], "by_date"),
    ("с десятого по двадцатое июня", [iv("2023-06-10", "2023-06-20")], "period"),
    ("31-го декабря 2023 года", [day("2023-12-31")], "date"),
    ("в срок до 15.03", [iv(None, "2023-03-15")], "by_date"),
    ("I квартал", [iv("2023-01-01", "2023-03-31")], "period"),
    ("IV кв. 2023 г.", [iv("2023-10-01", "2023-12-31")], "period"),
    ("1-е полугодие", [iv("2023-01-01", "2023-06-30")], "period"),
    ("2 декада марта", [iv("2023-03-11", "2023-03-20")], "period"),
    ("27. 05.99", [day("1999-05-27")], "date"),  # 90-99: the 1990s, inside the plausible range
]


@pytest.mark.parametrize("text,intervals,kind", FORMS, ids=ids(FORMS))
def test_filler_words_and_other_written_forms(text, intervals, kind):
    d = parse_deadline(text, 2023)
    assert (d.intervals, d.kind, d.recurrence) == (intervals, kind, None), d.warnings


# the start, middle or end of a period ----------------------------------------------------------------------
PARTS = [
    ("начало мая", [iv("2023-05-01", "2023-05-10")], "period"),
    ("середина мая", [iv("2023-05-11", "2023-05-20")], "period"),
    ("в конце февраля 2024 г.", [iv("2024-02-21", "2024-02-29")], "period"),
    ("конец года", [iv("2023-12-01", "2023-12-31")], "period"),
    ("начало 2022 года", [iv("2022-01-01", "2022-01-31")], "period"),
    ("середина 2024 года", [iv("2024-06-01", "2024-07-31")], "period"),
    ("конец I квартала", [iv("2023-03-01", "2023-03-31")], "period"),
    ("середина первого полугодия", [iv("2023-03-01", "2023-04-30")], "period"),
    ("начало учебного года", [iv("2023-09-01", "2023-09-30")], "period"),
    ("к середине мая", [iv(None, "2023-05-20")], "by_date"),
    ("до начала учебного года", [iv(None, "2023-08-31")], "by_date"),  # by the day before it starts
    ("до начала мая", [iv(None, "2023-04-30")], "by_date"),
    ("до конца мая", [iv(None, "2023-05-31")], "by_date"),
]


@pytest.mark.parametrize("text,intervals,kind", PARTS, ids=ids(PARTS))
def test_start_middle_and_end_of_a_period(text, intervals, kind):
    d = parse_deadline(text, 2023)
    assert (d.intervals, d.kind) == (intervals, kind), d.warnings


def test_part_of_the_year_in_a_school_year_plan():
    d = parse_deadline("конец года", 2023, academic=True)
    assert d.intervals == [iv("2024-08-01", "2024-08-31")]


def test_a_weekday_that_does_not_match_the_date_is_a_warning():
    d = parse_deadline("Понедельник, 3 марта 2023 г.", 2023)
    assert (d.intervals, d.kind) == ([day("2023-03-03")], "date")
    assert any("пятница" in w for w in d.warnings)
    assert not parse_deadline("Пятница, 3 марта 2023 г.", 2023).warnings


# outside the plausible range, impossible dates, counted days: unparsed with a reason -------------------------
UNPARSED = [
    ("01.01.1989", "outside"),
    ("01.01.2101", "outside"),
    ("1985 год", "outside"),
    ("15 марта 1985 г.", "outside"),
    ("до 2150 года", "outside"),
    ("31.02.2023", "not a calendar date"),
    ("30 февраля", "not a calendar date"),
    ("32.01.2023", "not a calendar date"),
    ("тридцать второе мая", "not a calendar date"),
    ("IV декада марта", "no decade"),
    ("пятый квартал", "no quarter"),
    ("первый рабочий день марта", "working days"),
    ("последний рабочий день месяца", "working days"),
    ("пятница", "nothing"),
    ("7, 14, 21", "did not understand"),  # no month: not a date (the dateparser fallback is not asked)
]


@pytest.mark.parametrize("text,reason", UNPARSED, ids=ids(UNPARSED))
def test_out_of_range_and_impossible_dates_are_unparsed_with_a_reason(text, reason):
    d = parse_deadline(text, 2023)
    assert (d.intervals, d.kind) == ([], "unparsed")
    assert reason in d.warnings[0], d.warnings


# the whole pipeline: a calendar plan and a header with the year ------------------------------------------------

def calendar_docx(title: str, header: str, body: list[tuple[str, ...]]) -> bytes:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("УТВЕРЖДАЮ Директор МБУ ДО «Спортивная школа № 1»")
    doc.add_paragraph(title)
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["№ п/п", "Наименование мероприятия", header, "Ответственный"]):
        cell.text = text
    for cells in body:
        row = table.add_row()
        if len(cells) == 1:
            merged = row.cells[0].merge(row.cells[3])
            merged.text = cells[0]
        else:
            for cell, text in zip(row.cells, cells):
                cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def calendar_dump(title: str, header: str, body: list[tuple[str, ...]]) -> bytes:
    lines = ["УТВЕРЖДАЮ Директор МБУ ДО «Спортивная школа № 1»", "", title, "",
             "\t".join(["№ п/п", "Наименование мероприятия", header, "Ответственный"])]
    lines += ["\t".join(cells) if len(cells) > 1 else cells[0] + "\t\t\t" for cells in body]
    return "\n".join(lines).encode("utf-8")


PLAN = [
    ("СЕНТЯБРЬ",),
    ("1", "Первенство школы по мини-футболу", "7", "Петров А.А."),
    ("2", "Турнир по волейболу", "14-15", "Иванов И.И."),
    ("ЯНВАРЬ",),
    ("3", "Кубок школы по лыжным гонкам", "1-5", "Сидоров С.С."),
    ("4", "Эстафеты", "7, 14, 21", "Сидоров С.С."),
]


@pytest.mark.parametrize("make,name", [(calendar_docx, "plan.docx"), (calendar_dump, "plan.txt")])
def test_calendar_plan_month_headings_date_the_day_cells(make, name):
    from ingest.extraction import extract_bytes

    ex = extract_bytes(make("Календарный план спортивных мероприятий на 2023/2024 тренировочный год", "Сроки", PLAN), name)
    assert ex.document["plan_year"] == 2023 and ex.document["plan_year_source"] == "school_year"
    got = {r["item_number"]: (r["section_path"][-1], r["deadline_kind"], r["deadline_intervals"]) for r in ex.rows}
    assert got == {
        "1": ("СЕНТЯБРЬ", "date", [["2023-09-07", "2023-09-07"]]),
        "2": ("СЕНТЯБРЬ", "period", [["2023-09-14", "2023-09-15"]]),
        "3": ("ЯНВАРЬ", "period", [["2024-01-01", "2024-01-05"]]),  # before August: the second year
        "4": ("ЯНВАРЬ", "multiple", [["2024-01-07", "2024-01-07"], ["2024-01-14", "2024-01-14"], ["2024-01-21", "2024-01-21"]]),
    }
    assert all(any("the month comes from the heading" in w for w in r["warnings"]) for r in ex.rows)


@pytest.mark.parametrize("make,name", [(calendar_docx, "plan.docx"), (calendar_dump, "plan.txt")])
def test_deadline_header_year_dates_month_only_cells(make, name):
    from ingest.extraction import extract_bytes

    body = [("1", "Заседание методического совета", "Март", "Петров А.А."),
            ("2", "Мониторинг", "ежеквартально", "Иванов И.И."),
            ("3", "Отчёт", "15.12.2022", "Иванов И.И.")]
    ex = extract_bytes(make("План работы учреждения", "Сроки (2023 год)", body), name)
    rows = {r["item_number"]: r for r in ex.rows}
    assert rows["1"]["deadline_intervals"] == [["2023-03-01", "2023-03-31"]]
    assert rows["2"]["deadline_intervals"] == [["2023-01-01", "2023-12-31"]]
    assert rows["3"]["deadline_intervals"] == [["2022-12-15", "2022-12-15"]]
    assert any("column header 'Сроки (2023 год)'" in w for w in rows["1"]["warnings"])
    assert not any("column header" in w for w in rows["3"]["warnings"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet="0123456789 -.,:/()ЯНВАРЬянвраьмтдекбисолпчзгуфжещцэюхй", max_size=40),
       month=st.none() | st.integers(1, 12), year=st.none() | st.integers(1990, 2100), academic=st.booleans())
def test_any_text_in_any_context_never_raises(text, month, year, academic):
    d = parse_deadline(text, 2023, academic=academic, context=DeadlineContext(month=month, year=year))
    assert all(s is None or e is None or s <= e for s, e in d.intervals)
