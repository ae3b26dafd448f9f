"""Table shapes of regional plans beyond the five orders (issue 12), on fixtures made by
tests/fixtures/shapes/make_shapes_fixtures.py: item numbers inside the measure text, section
headings carrying a goal and tasks, a table split into several Word tables on another grid,
and three-level numbering with long wrapped measures in ruled and borderless PDFs."""
from __future__ import annotations

import pytest

from normalize.tables import (
    action_to_number,
    actions_are_numbered,
    heading_cell_to_title,
    rows_to_header,
    tables_to_reports,
)
from parsers import parse_bytes
from parsers.intermediate import RawTable, TableRow
from tests.conftest import FIXTURES

HERE = FIXTURES / "shapes"


def _reports(name: str):
    return tables_to_reports(parse_bytes((HERE / name).read_bytes()).tables)


def _flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- numbers in the measure


@pytest.mark.parametrize("action, one_level, expected", [
    ("1.Разработка положения о службе медиации", True, ("1", "Разработка положения о службе медиации")),
    ("4. Организовать работу совета", True, ("4", "Организовать работу совета")),
    ("3) Провести мониторинг", True, ("3", "Провести мониторинг")),
    ("12) провести мониторинг", True, ("12", "провести мониторинг")),
    ("2 Организация консультаций", True, ("2", "Организация консультаций")),
    ("1.2.3. Подготовка отчёта", True, ("1.2.3", "Подготовка отчёта")),
    ("1.2 Подготовка отчёта", False, ("1.2", "Подготовка отчёта")),
    ("7. «Неделя науки»", True, ("7", "«Неделя науки»")),
    # a year, a quantity or a date opening a measure is no item number
    ("2023 год объявлен Годом педагога", True, (None, "2023 год объявлен Годом педагога")),
    ("5 мероприятий по профориентации", True, (None, "5 мероприятий по профориентации")),
    ("1,5 тыс. экземпляров", True, (None, "1,5 тыс. экземпляров")),
    ("01.09.2023 торжественная линейка", True, (None, "01.09.2023 торжественная линейка")),
    ("10 % педагогов", True, (None, "10 % педагогов")),
    # one level only in a numbered column
    ("4. Организовать работу совета", False, (None, "4. Организовать работу совета")),
    ("Проведение Дня здоровья", True, (None, "Проведение Дня здоровья")),
])
def test_action_to_number(action, one_level, expected):
    assert action_to_number(action, one_level) == expected


@pytest.mark.parametrize("actions, numbered", [
    (["1. Разработка", "2. Организовать", "3) Провести", "1. Участие"], True),
    (["1. Разработка", "2. Организовать", "2023 год объявлен Годом педагога"], True),
    (["2023 год объявлен …", "5 мероприятий …", "1 Сентября — линейка", "Проведение Дня здоровья"], False),
    (["1. Разработка", "Проведение", "Участие", "Организация"], False),
    (["1. Разработка"], False),
    ([], False),
])
def test_actions_are_numbered(actions, numbered):
    assert actions_are_numbered(actions) is numbered


NUMBERED_EXPECTED = [
    ("1", "НОРМАТИВНОЕ ОБЕСПЕЧЕНИЕ", "Разработка положения о школьной службе медиации"),
    ("2", "НОРМАТИВНОЕ ОБЕСПЕЧЕНИЕ", "Организовать работу методического совета по вопросам введения обновлённых ФГОС"),
    ("3", "НОРМАТИВНОЕ ОБЕСПЕЧЕНИЕ", "Провести мониторинг локальных актов школы"),
    ("1", "ОРГАНИЗАЦИОННАЯ РАБОТА", "Организовать участие педагогов в курсах повышения квалификации"),
    ("2", "ОРГАНИЗАЦИОННАЯ РАБОТА", "Проведение родительских собраний «Обновлённые ФГОС»"),
    (None, "ОРГАНИЗАЦИОННАЯ РАБОТА", "2023 год объявлен Годом педагога и наставника: цикл встреч с ветеранами труда"),
    ("4", "ОРГАНИЗАЦИОННАЯ РАБОТА", "Организовать наставничество для молодых специалистов"),
]
UNNUMBERED_EXPECTED = [
    "2023 год объявлен Годом педагога и наставника: цикл классных часов",
    "5 мероприятий по профориентации для учащихся 8-11 классов",
    "1 Сентября — торжественная линейка",
    "Проведение Дня здоровья",
]


@pytest.mark.parametrize("name", ["numbers_in_measure.docx", "numbers_in_measure.pdf", "numbers_in_measure.txt"])
def test_number_starts_the_measure_text(name):
    items, _ = _reports(name)
    first = [i for i in items if i.table_index == 0]
    assert [(i.item_number, i.section_path[-1], _flat(i.fields["action"])) for i in first] == NUMBERED_EXPECTED
    assert _flat(first[0].fields["deadline"]) == "сентябрь 2023 г."


@pytest.mark.parametrize("name", ["numbers_in_measure.docx", "numbers_in_measure.pdf"])
def test_measures_opening_with_a_year_or_a_quantity_keep_it(name):
    items, reports = _reports(name)
    assert len(reports) == 2  # the same header printed again on the same page is another table
    second = [i for i in items if i.table_index == 1]
    assert [(i.item_number, _flat(i.fields["action"])) for i in second] == [(None, a) for a in UNNUMBERED_EXPECTED]
    assert all(i.section_path == ["ВОСПИТАТЕЛЬНАЯ РАБОТА"] for i in second)


# --------------------------------------------------------------------------- headings with a goal


@pytest.mark.parametrize("text, title, has_description", [
    ("ОРГАНИЗАЦИОННАЯ РАБОТА\nЦель: создание условий\nЗадачи:\n1. Обеспечить.\n2. Сформировать.",
     "ОРГАНИЗАЦИОННАЯ РАБОТА", True),
    ("МЕТОДИЧЕСКАЯ РАБОТА. Цель: повышение компетентности. Задачи: 1. Организовать. 2. Обеспечить.",
     "МЕТОДИЧЕСКАЯ РАБОТА", True),
    ("РАБОТА С РОДИТЕЛЯМИ\nЦели: вовлечение родителей", "РАБОТА С РОДИТЕЛЯМИ", True),
    ("2. КАДРОВОЕ ОБЕСПЕЧЕНИЕ\nОсновные задачи: подбор кадров", "2. КАДРОВОЕ ОБЕСПЕЧЕНИЕ", True),
    ("Воспитательная работа\nДевиз: «Добро и милосердие»", "Воспитательная работа", True),
    ("I. Организационные мероприятия", "I. Организационные мероприятия", False),
    ("Мероприятия по целевой модели наставничества", "Мероприятия по целевой модели наставничества", False),
    ("Цель: повышение качества", "Цель: повышение качества", False),  # no title before it
    ("Выполнение задачи: подготовка", "Выполнение задачи: подготовка", False),  # not at a line start
])
def test_heading_cell_to_title(text, title, has_description):
    got_title, description = heading_cell_to_title(text)
    assert got_title == title
    assert (description is not None) is has_description


@pytest.mark.parametrize("name", ["section_goals.docx", "section_goals.pdf"])
def test_section_heading_with_goal_and_tasks(name):
    items, reports = _reports(name)
    first = [i for i in items if i.table_index == 0]
    assert [(i.item_number, i.section_path) for i in first] == [
        ("1", ["ОРГАНИЗАЦИОННО-УПРАВЛЕНЧЕСКАЯ РАБОТА"]), ("2", ["ОРГАНИЗАЦИОННО-УПРАВЛЕНЧЕСКАЯ РАБОТА"]),
        ("1", ["МЕТОДИЧЕСКАЯ РАБОТА"]), ("2", ["МЕТОДИЧЕСКАЯ РАБОТА"])]
    second = [i for i in items if i.table_index == 1]
    assert [(i.item_number, i.section_path) for i in second] == [
        (str(k), ["РАБОТА С РОДИТЕЛЯМИ"]) for k in (1, 2, 3)]
    assert _flat(second[0].fields["action"]) == "Проведение общешкольного родительского собрания"
    # the goal and the tasks are no rows and in no row's text
    texts = " ".join(v for i in items for v in i.fields.values())
    assert "Цель" not in texts and "Задачи" not in texts and "Информировать" not in texts
    warnings = [w for r in reports for w in r.warnings]
    assert sum("carries a" in w for w in warnings) == 3
    assert any("«МЕТОДИЧЕСКАЯ РАБОТА»" in w and "цель" in w for w in warnings)


# --------------------------------------------------------------------------- split tables


@pytest.mark.parametrize("name", ["split_tables.docx", "split_tables.pdf"])
def test_table_split_into_word_tables_on_another_grid(name):
    items, reports = _reports(name)
    assert len(reports) == 1
    assert [i.item_number for i in items] == ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2"]
    assert {i.table_index for i in items} == {0}
    by_number = {i.item_number: i for i in items}
    assert by_number["2.1"].section_path == ["II. Методическое обеспечение"]
    assert _flat(by_number["2.2"].fields["action"]) == "Участие в муниципальных методических объединениях"
    assert _flat(by_number["2.2"].fields["deadline"]) == "по плану управления образования"
    assert _flat(by_number["2.3"].fields["deadline"]) == "апрель 2024 г."
    assert by_number["2.2"].fields["executors"] == "руководители ШМО"
    # the working-group table after it has other columns: not a continuation
    assert all("директор" not in i.fields["executors"] for i in items)


# --------------------------------------------------------------------------- borderless, 1.1.1


def _comparable(name: str):
    items, _ = _reports(name)
    return [(i.item_number, i.section_path, _flat(i.fields["action"]), _flat(i.fields["deadline"]),
             _flat(i.fields["executors"])) for i in items]


def test_borderless_three_level_numbering_as_ruled():
    ruled, borderless = _comparable("levels_ruled.pdf"), _comparable("levels_borderless.pdf")
    assert [r[0] for r in ruled] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"] + [f"3.1.{k}" for k in range(1, 9)]
    assert ruled[0][1] == ["1. Организационное обеспечение", "1.1. Нормативная база"]
    assert ruled[3][1] == ["2. Методическое обеспечение", "2.1. Семинары"]
    assert ruled[0][2].endswith("на официальном сайте образовательной организации")
    assert ruled[-1][1] == ["3. Информационное обеспечение", "3.1. Сайт и публикации"]
    assert ruled[-1][2].startswith("Подготовка публикации № 8") and ruled[-1][4] == "Иванов С.С."
    assert borderless == ruled


# --------------------------------------------------------------------------- assembly rules


@pytest.mark.parametrize("second_page, tables", [(1, 2), (2, 1)])
def test_same_header_on_the_same_page_starts_another_table(second_page, tables):
    header = ["Мероприятие", "Срок", "Ответственный"]

    def table(page, action):
        return RawTable(rows=[TableRow(header, page), TableRow([action, "май", "Иванов И.И."], page)])
    _, reports = tables_to_reports([table(1, "Проведение совещания"), table(second_page, "Подготовка отчёта")])
    assert len(reports) == tables


@pytest.mark.parametrize("below, row_count", [
    (["ВОСПИТАТЕЛЬНАЯ РАБОТА", "", ""], 1),  # a section heading in capitals
    (["РАБОТА С РОДИТЕЛЯМИ\nЦели: вовлечение родителей", "", ""], 1),  # a heading with its goal
    (["(мероприятия)", "(сроки)", "(исполнители)"], 2),  # the header's second line
])
def test_heading_in_capitals_under_the_header_is_no_header_line(below, row_count):
    header = rows_to_header([["Наименование", "Сроки", "Ответственные"], below])
    assert header is not None and header.row_count == row_count
