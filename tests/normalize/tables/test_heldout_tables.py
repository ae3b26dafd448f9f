"""Held-out style orders (tests/fixtures/heldout, made by make_heldout_fixtures.py) through the
parsers and the shared table assembly: header wordings, extra columns, two-row headers, heading
rows of several kinds, numbers inside the measure text, non-roadmap tables, multi-page PDFs."""
from __future__ import annotations


import pytest

from normalize.tables import header_cell_to_field, rejoin_broken_dates, tables_to_items
from tests.conftest import FIXTURES
from parsers import parse_bytes

HERE = FIXTURES / "heldout"


def _items(name: str):
    doc = parse_bytes((HERE / name).read_bytes())
    return tables_to_items(doc.tables)[0]


@pytest.mark.parametrize("text, field", [
    ("№ п.п.", "item_number"),
    ("Наименование мероприятий", "action"),
    ("Содержание мероприятия", "action"),
    ("Срок выполнения", "deadline"),
    ("Срок исполнения (дата)", "deadline"),
    ("Ответственные за исполнение", "executors"),
    ("Исполнитель (соисполнители)", "executors"),
    ("Ожидаемый результат / показатель", "result"),
    ("Форма завершения", "result"),
    ("Итоговый документ", "result"),
    ("Примечание", "other"),
    # a narrow PDF column breaks words without a hyphen
    ("Наименов\nание\nмероприя\nтий", "action"),
    ("Ответстве\nнные за\nисполнен\nие", "executors"),
    ("Примечан\nие", "other"),
])
def test_header_wordings(text, field):
    assert header_cell_to_field(text) == field


@pytest.mark.parametrize("text, expected", [
    ("до 01.04.202\n4", "до 01.04.2024"),
    ("до 01.04.20\n24", "до 01.04.2024"),
    ("01.04.2024\n15.05.2024", "01.04.2024\n15.05.2024"),
    ("1.2\n3 раза", "1.2\n3 раза"),
])
def test_rejoin_broken_dates(text, expected):
    assert rejoin_broken_dates(text) == expected


@pytest.mark.parametrize("name", ["roman_extra_column.docx", "roman_extra_column.pdf"])
def test_roman_headings_extra_column_and_member_table(name):
    items = _items(name)
    assert [i.item_number for i in items] == ["1.1", "1.2", "2.1", "2.2"]
    assert items[0].section_path == ["I. Организационные мероприятия"]
    assert items[3].section_path == ["II. Методическое сопровождение"]
    assert " ".join(items[0].fields["deadline"].split()) == "до 01.04.2024"
    assert " ".join(items[1].fields["action"].split()) == \
        "Проведение совещания с руководителями муниципальных органов управления образованием"
    assert items[0].fields["result"].replace("\n", " ") == "Приказ о создании рабочей группы"
    # the "Примечание" column is not a field and the ФИО | Должность table is not a roadmap
    assert all("согласованию" not in v for i in items for v in i.fields.values())
    assert all("Петрова" not in i.fields["executors"] for i in items)


def test_two_row_header_no_number_column_two_roadmaps():
    items = _items("two_roadmaps.docx")
    assert [i.item_number for i in items] == ["1.1", "1.2", "2.1"] * 2
    assert items[0].fields["action"] == "Подготовка проекта положения о муниципальном опорном центре"
    assert items[0].section_path == ["Раздел 1. Нормативное обеспечение"]
    assert items[1].section_path[-1] == "Организационное обеспечение"
    assert items[2].section_path == ["Раздел 2. Кадровое обеспечение"]
    assert items[5].section_path == ["Раздел 2. Кадровое обеспечение по профилактике правонарушений"]
    assert items[2].fields["result"] == "Итоговый документ: приказ"
    assert {i.table_index for i in items[:3]} != {i.table_index for i in items[3:]}
    assert all("мероприятия" not in i.fields["action"].split("\n")[-1] for i in items)
    assert all("Итого:" not in v for i in items for v in i.fields.values())


def test_text_dump_without_number_column_and_total_line():
    items = _items("no_number_column.txt")
    assert [i.fields["action"] for i in items] == [
        "Направление запросов в образовательные организации о выборе предметов",
        "Формирование базы данных участников ГИА",
        "Проведение заседаний городских методических объединений",
    ]
    assert [i.section_path for i in items] == [["I. Организационные мероприятия"]] * 2 + \
        [["II. Работа с педагогами"]]
    assert items[1].fields["result"] == "База данных"


@pytest.mark.parametrize("name", ["long_table.pdf", "long_table_no_repeat.pdf"])
def test_table_over_several_pages(name):
    doc = parse_bytes((HERE / name).read_bytes())
    items = tables_to_items(doc.tables)[0]
    assert len({i.page for i in items}) >= 3
    assert [i.item_number for i in items] == [str(n) for n in range(1, 35)]
    for item in items:
        n = int(item.item_number)
        text = " ".join(item.fields["action"].split())
        assert text.startswith(f"Проведение обучающего семинара № {n} для заместителей директоров")
        if n % 11 == 0:  # the long rows a page break may cut end with their own words
            assert text.endswith("представителей общественных организаций")
        # a 3 cm column breaks "Информационно-аналитическая" inside words: compare without spaces
        assert "".join(item.fields["result"].split()) == f"Информационно-аналитическаясправка№{n}"
        assert " ".join(item.fields["deadline"].split()) == f"до {min(n, 28):02d}.{(n % 12) + 1:02d}.2024"
