"""The shared assembly on the real dumps: each rule of the issue on the order that shows it.

Expected values are read off the dumps themselves (numbered lines, heading lines), not copied
from gold files.
"""
from __future__ import annotations

import re

import pytest

from normalize.tables import cell_to_paragraph, number_cell_to_number, tables_to_items
from parsers.intermediate import RawTable, TableRow
from parsers.text_dump import parse_text_dump
from tests.conftest import sample


def items_of(prefix: str):
    doc = parse_text_dump(sample(prefix).read_bytes())
    return tables_to_items(doc.tables)[0]


def by_number(items):
    return {i.item_number: i for i in items}


def text(item, field):
    return cell_to_paragraph(item.fields[field])


def numbered_dump_lines(prefix: str) -> list[str]:
    """Numbers of the dump's TAB lines whose first cell is a bare item number."""
    out = []
    for line in sample(prefix).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            first = re.sub(r"</?p>", "", line.split("\t")[0]).strip()
            if re.fullmatch(r"\d+(\.\d+)*\.?", first):
                out.append(first.rstrip("."))
    return out


@pytest.mark.parametrize("cell, number", [("3.4.", "3.4"), ("6.", "6"), ("1.1.1", "1.1.1"), ("12", "12"),
                                          ("IV.", "IV"), ("1. 2", "1.2"), ("Март", None), ("", None)])
def test_number_cell_to_number(cell, number):
    assert number_cell_to_number(cell) == number


def test_header_repeated_on_every_page_is_dropped():
    items = items_of("002")
    assert not any(text(i, "action") == "Описание действий" for i in items)
    assert [i.item_number for i in items] == numbered_dump_lines("002")


def test_numbered_rows_become_items_in_order_and_headings_do_not():
    items = items_of("001")
    expected = [n for n in numbered_dump_lines("001")]
    assert [i.item_number for i in items] == expected


def test_two_heading_levels_give_section_paths():
    items = by_number(items_of("001"))
    assert [p.split(" ")[0] for p in items["4"].section_path] == ["1.", "1.1."]
    assert items["4"].section_path[-1] == "1.1. Преодоление дефицита базовой инфраструктуры"
    assert [p.split(" ")[0] for p in items["1"].section_path] == ["1."]  # directly under a level-1 heading
    assert items["31"].section_path == ["4. Управление реализацией «дорожной карты»"]


def test_heading_with_its_number_in_both_cells_is_printed_once():
    items = by_number(items_of("000"))
    assert items["1.1"].section_path[0].startswith("1. Диагностика факторов риска")
    assert not items["1.1"].section_path[0].startswith("1. 1.")


def test_three_levels_numbered_parents_become_headings():
    items = by_number(items_of("004"))
    assert "1.1" not in items  # "1.1." has only a title and items 1.1.1 … below it
    assert [p.split(" ")[0] for p in items["1.1.1"].section_path] == ["1.", "1.1."]
    assert items["1.1.1"].section_path[-1].startswith("1.1. Организация мониторинга рисков")


def test_untabbed_headings_and_dash_rows():
    items = items_of("003")
    assert all(re.search(r"\w", text(i, "action")) for i in items)  # "-----" rows are not items
    assert by_number(items)["3.1"].section_path[-1].startswith("3. Мероприятия по повышению качества")
    assert by_number(items)["7.1"].section_path[-1].startswith("7. Сопровождение на муниципальном уровне")


def test_continuation_after_page_break_joins_its_row():
    items = by_number(items_of("000"))
    # row 1.3's second paragraph and its executor's tail are printed after the page break
    assert "(группа 2)" in text(items["1.3"], "action")
    assert text(items["1.3"], "executors").startswith(
        "Департамент общего и дополнительного образования Министерства просвещения и воспитания Ульяновской области")
    # the continuation line is not an item: items are exactly the numbered lines but heading "1."
    assert [i.item_number for i in items_of("000")] == [n for n in numbered_dump_lines("000") if n != "1"]


def test_rows_interleaved_at_a_page_break_are_separated():
    items = by_number(items_of("000"))
    assert text(items["3.4"], "action") == "Экспертиза документов муниципальных графиков (дорожных карт) поддержки " \
        "концептуальных ШНОР и антирисковых программ по реализации необходимых мер для наступления позитивных изменений (1 мониторинг)"
    assert text(items["3.4"], "deadline") == "До 15 мая 2022"
    assert text(items["3.4"], "executors") == "ОГАУ «Институт развития образования»"
    assert text(items["3.5"], "action").startswith("Организация и проведение стажировочной площадки")
    assert text(items["3.5"], "deadline") == "Март-апрель 2022"


def test_result_continuation_printed_in_the_next_rows_is_given_back_once():
    items = by_number(items_of("000"))
    assert text(items["4.4"], "result").endswith("из Методических рекомендаций по разработке муниципальных планов-графиков")
    assert text(items["4.5"], "result").startswith("Перечень выполненных мероприятий")
    assert not text(items["4.6"], "result").startswith("разработке")


def _fragment(rows, page, width=4):
    return RawTable(rows=[TableRow(cells=r + [""] * (width - len(r)), page=page) for r in rows])


def test_page_fragments_are_stitched_and_a_cut_row_is_joined():
    header = ["№", "Мероприятие", "Срок", "Ответственный"]
    page1 = _fragment([header, ["1.", "Совещание с руководителями", "Март 2022", "Отдел"],
                       ["2.", "Разработка плана мероприятий по", "Апрель 2022", "Отдел"]], 1)
    page2 = _fragment([header, ["", "повышению качества", "", ""], ["3.", "Мониторинг", "Май 2022", "Отдел"]], 2)
    items, headers = tables_to_items([page1, page2])
    assert len(headers) == 1
    assert [i.item_number for i in items] == ["1", "2", "3"]
    assert text(items[1], "action") == "Разработка плана мероприятий по повышению качества"
    assert items[2].page == 2


def test_a_header_cell_garbled_on_the_first_page_is_named_by_the_header_printed_again():
    garbled = ["№", "Мероприятие", "Сроки", "Orpe ici p@HHbiii", "Результат"]
    header = ["№", "Мероприятие", "Сроки", "Ответственный", "Результат"]
    page1 = _fragment([garbled, ["1.", "Совещание", "Март 2022", "Петров П.П.", "Протокол"]], 1, width=5)
    page2 = _fragment([header, ["2.", "Мониторинг", "Май 2022", "Сидоров С.С.", "Справка"]], 2, width=5)
    page3 = _fragment([garbled, ["3.", "Отчёт", "Июнь 2022", "Иванов И.И.", "Отчёт"]], 3, width=5)
    items, headers = tables_to_items([page1, page2, page3])
    assert len(headers) == 1
    assert [text(i, "executors") for i in items] == ["Петров П.П.", "Сидоров С.С.", "Иванов И.И."]
    assert [i.item_number for i in items] == ["1", "2", "3"]  # the garbled repeat is still a repeat


def test_unnamed_columns_are_named_by_their_cells():
    # "Кто делает" and "Когда" are no header words; the cells say what the columns hold
    rows = [["№", "Мероприятие", "Кто делает", "Срок", "Результат"],
            ["1.", "Совещание", "Петров П.П.", "Март 2022", "Протокол"],
            ["2.", "Мониторинг", "И.И. Иванова, Сидоров С.", "до 15.04.2022", "Справка"],
            ["3.", "Отчёт", "Кузнецова А.В.", "Ежеквартально", "Отчёт"],
            ["4.", "Семинар", "", "Май", "Материалы"]]
    items, _ = tables_to_items([_fragment(rows, 1, width=5)])
    assert [text(i, "executors") for i in items] == ["Петров П.П.", "И.И. Иванова, Сидоров С.", "Кузнецова А.В.", ""]
    rows[0] = ["№", "Мероприятие", "Ответственный", "Когда", "Результат"]
    items, _ = tables_to_items([_fragment(rows, 1, width=5)])
    assert [text(i, "deadline") for i in items] == ["Март 2022", "до 15.04.2022", "Ежеквартально", "Май"]
    assert text(items[0], "result") == "Протокол"


@pytest.mark.parametrize("header_cell", ["Отв. лица", "Кто делает", "Orpe ici p@HHbiii"])
def test_a_column_of_roles_and_organisations_is_named_executors(header_cell):
    # no surname with initials anywhere: the cells open with role and organisation words
    rows = [["№", "Содержание работы", "Дата", header_cell],
            ["1.", "Педсовет по итогам четверти", "28.04", "ЗУВР, директор"],
            ["2.", "Проверка классных журналов", "в течение месяца", "Классные руководители"],
            ["3.", "Неделя открытых уроков", "14.03-19.03", "Учителя-предметники, Рук. ШМО"],
            ["4.", "Совещание при директоре", "Апрель", "Управление образования администрации района"],
            ["5.", "Участие в конкурсе", "Май", "Образовательные организации"]]
    items, _ = tables_to_items([_fragment(rows, 1)])
    assert [text(i, "executors") for i in items] == [r[3] for r in rows[1:]]


def test_a_column_of_measures_is_not_taken_for_executors():
    rows = [["№", "Раздел", "Содержание", "Срок"],
            ["1.", "Организация работы", "Проведение совещания с руководителями ОО", "Март"],
            ["2.", "Мониторинг", "Разработка плана мероприятий", "Апрель"],
            ["3.", "Отчётность", "Повышение качества образования", "Май"],
            ["4.", "Контроль", "Проверка классных журналов", "Июнь"]]
    items, _ = tables_to_items([_fragment(rows, 1)])
    assert [text(i, "executors") for i in items] == ["", "", "", ""]


@pytest.mark.parametrize("header_rows", [
    [["№", "Мероприятие", "Дата начала", "Дата окончания", "Ответственный"]],
    [["№", "Мероприятие", "Срок реализации", "Срок реализации", "Ответственный"],
     ["", "", "начало", "окончание", ""]],
    [["№", "Мероприятие", "Срок реализации", "", "Ответственный"], ["", "", "начало", "окончание", ""]],
    [["№", "Мероприятие", "Срок с", "по", "Ответственный"]],
])
def test_a_deadline_in_start_and_end_columns_is_one_deadline(header_rows):
    body = [["1.", "Совещание", "01.02.2023", "28.02.2023", "Отдел"],
            ["2.", "Мониторинг", "март 2023", "декабрь 2023", "Отдел"],
            ["3.", "Конференция", "", "15.12.2023", "Отдел"],
            ["4.", "Семинар", "Май 2023", "", "Отдел"]]
    items, _ = tables_to_items([_fragment(header_rows + body, 1, width=5)])
    assert [text(i, "deadline") for i in items] == [
        "01.02.2023 – 28.02.2023", "март 2023 – декабрь 2023", "15.12.2023", "Май 2023"]
    assert [text(i, "executors") for i in items] == ["Отдел"] * 4


@pytest.mark.parametrize("header", [
    ["№", "Мероприятие", "Срок исполнения", "Отметка о выполнении", "Ответственный"],
    ["№", "Мероприятие", "Срок", "Форма завершения", "Ответственный"],
    ["№", "Мероприятие", "Срок", "Примечание", "Ответственный"],
])
def test_a_column_beside_the_deadline_that_is_no_end_stays_apart(header):
    body = [["1.", "Совещание", "Март 2023", "Протокол 28.02.2023", "Отдел"]]
    items, _ = tables_to_items([_fragment([header] + body, 1, width=5)])
    assert text(items[0], "deadline") == "Март 2023"


@pytest.mark.parametrize("rows", [
    # a column of mixed cells stays unnamed
    [["№", "Мероприятие", "Срок", "Прочее"],
     ["1.", "Совещание", "Март 2022", "Петров П.П."],
     ["2.", "Мониторинг", "Апрель 2022", "см. приложение"],
     ["3.", "Отчёт", "Май 2022", "по согласованию"]],
    # no executors column: "Место проведения" names a column that is no schema field
    [["№", "Мероприятие", "Срок", "Место проведения"],
     ["1.", "Совещание", "Март 2023", "МБОУ СОШ № 1"],
     ["2.", "Семинар", "Апрель 2023", "МБОУ СОШ № 2"],
     ["3.", "Конференция", "Май 2023", "Управление образования"]],
], ids=["mixed cells", "a place column of school names"])
def test_a_column_that_is_no_executors_column_stays_so(rows):
    items, _ = tables_to_items([_fragment(rows, 1)])
    assert [text(i, "executors") for i in items] == ["", "", ""]


def test_column_number_row_is_dropped():
    table = _fragment([["№", "Мероприятие", "Срок", "Ответственный"], ["1", "2", "3", "4"],
                       ["1.1", "Совещание", "Март", "Директор"]], 1)
    items, _ = tables_to_items([table])
    assert [i.item_number for i in items] == ["1.1"]


def test_table_without_a_roadmap_header_is_ignored():
    table = _fragment([["Наименование показателя", "2015", "2016", "2017"], ["Доля", "1", "2", "3"]], 1)
    assert tables_to_items([table]) == ([], [])


def test_numbered_but_empty_template_rows_are_dropped():
    table = _fragment([["№", "Мероприятия", "Сроки исполнения", "Ответственные"],
                       ["1.1", "Анализ нормативно-правовой базы", "Январь 2015 г.", "Директор"],
                       ["1.2", "", "", ""], ["1.3", "", "", ""]], None)
    items, _ = tables_to_items([table])
    assert [i.item_number for i in items] == ["1.1"]
