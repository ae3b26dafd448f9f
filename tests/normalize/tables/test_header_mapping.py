"""Header cells from real roadmap tables mapped to schema fields by meaning."""
from __future__ import annotations

import pytest

from normalize.lexicon import load_yaml
from normalize.tables import FIELDS, header_cell_to_field, rows_to_header
from normalize.tables.headers import HeaderMap, row_repeats_header


@pytest.mark.parametrize("header, field", [
    ("№", "item_number"), ("№ п/п", "item_number"), ("№ пп", "item_number"),
    ("Задачи", "action"), ("Мероприятие", "action"), ("Описание действий", "action"),
    ("Наименование мероприятия", "action"), ("Содержание работы", "action"), ("Мероприятия", "action"),
    ("Сроки реализации", "deadline"), ("Сроки исполнения", "deadline"), ("Срок реализации / Срок исполнения", "deadline"),
    ("Сроки реализации (по плану)", "deadline"), ("дата", "deadline"),
    ("Исполнители", "executors"), ("Ответственный", "executors"), ("Ответственные исполнители", "executors"),
    ("Ответственные исполнители, соисполнители", "executors"), ("Ответственные лица", "executors"),
    ("Показатель реализации", "result"), ("Региональный показатель реализации", "result"),
    ("Ожидаемый результат", "result"), ("Планируемый результат", "result"),
    ("Планируемые результаты влияния мероприятия на повышение значения показателя доступности", "result"),
    ("Информационное сопровождение проекта", "info"), ("Информационное сопровождение", "info"),
    # a column about the legal act that mentions the measure is not the measure column
    ("Нормативный правовой акт, иной документ, которым предусмотрено проведение мероприятия", "other"),
    # OCR noise: Latin look-alike letters and a dropped letter
    ("Сроки рeализации", "deadline"), ("Отвeтственный", "executors"), ("Ответсвенный исполнитель", "executors"),
])
def test_header_cell_to_field(header, field):
    assert header_cell_to_field(header) == field


def test_header_found_below_a_title_row_and_split_over_two_rows():
    rows = [["План мероприятий", "", "", ""],
            ["№", "Мероприятие", "Срок", "Ответственные"],
            ["п/п", "", "исполнения", "исполнители"],
            ["1.", "Совещание", "Март", "Отдел образования"]]
    header = rows_to_header(rows)
    assert header.row_count == 3
    assert header.columns == {"item_number": 0, "action": 1, "deadline": 2, "executors": 3}


def test_indicator_table_is_not_a_roadmap():
    rows = [["Наименование показателя", "2015", "2016", "2017"], ["Доля объектов", "10", "20", "30"]]
    assert rows_to_header(rows) is None


def test_keyword_data_names_only_known_fields():
    data = load_yaml("header_keywords.yaml")
    assert set(data) == set(FIELDS) | {"other"}
    seen = {}
    for field, words in data.items():
        for w in words:
            assert w == w.lower() and w.strip() == w
            assert seen.setdefault(w, field) == field, f"{w!r} listed under two fields"


def test_indicator_table_with_year_columns_is_not_a_roadmap():
    # r01's "ТАБЛИЦА ПОВЫШЕНИЯ ЗНАЧЕНИЙ ПОКАЗАТЕЛЕЙ": a measure-like name column, a responsible
    # unit column and one column per year
    one_row = [["Наименование показателей доступности", "Структурное подразделение, ответственное за мониторинг",
                "2015", "2016", "2017"], ["1", "Удельный вес объектов", "Проректор", "10", "20"]]
    two_rows = [["Наименование показателей доступности", "Ответственное подразделение", "Значения показателей", ""],
                ["", "", "2015 г.", "2016 г."], ["1", "Удельный вес объектов", "10", "20"]]
    assert rows_to_header(one_row) is None
    assert rows_to_header(two_rows) is None


HEADER = HeaderMap({"item_number": 0, "action": 1, "deadline": 2, "executors": 3, "result": 4}, 1,
                   ("№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные исполнители",
                    "Ожидаемый результат"))


@pytest.mark.parametrize("cells, repeats", [
    (list(HEADER.texts), True),  # printed again word for word
    (["№", "Мероприятие", "Сроки", "Исполнитель", "Результат"], True),  # other words, the same fields
    (["№ п/п", "Наименование мероприятия", "Срок исполнения", "", ""], False),  # 3 of 5: under 70%
    (["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные исполнители", ""], True),  # 4 of 5
    (["1.1.", "Проведение совещания с руководителями образовательных организаций по вопросам реализации",
      "Февраль 2022 года", "Управление образования", "Проведено совещание"], False),  # a body row
    (["", "", "", "", ""], False),
])
def test_a_repeated_header_is_told_from_a_body_row(cells, repeats):
    assert row_repeats_header(cells, HEADER) is repeats
