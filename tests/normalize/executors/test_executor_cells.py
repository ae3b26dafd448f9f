"""Executor cells of other publishers' plans: several people without commas, plural roles,
bodies, and names a narrow column wrapped between surname and initials (cells as a PDF or a
scan prints them, and a generated PDF with a narrow executor column)."""
from __future__ import annotations

import io

import docx
import pytest
from docx.shared import Cm

from normalize.executors import OrderContext, resolve_executors


def parties(cell):
    row = resolve_executors([cell], OrderContext())[0]
    return [(e.kind, e.name, e.position) for e in row.executors]


@pytest.mark.parametrize("cell, expected", [
    # several people, no commas: run together, one per line, glued
    ("Петров А.А. Сидорова Е.Н.", [("person", "Петров А.А.", None), ("person", "Сидорова Е.Н.", None)]),
    ("Петров А.А.\nСидорова Е.Н.", [("person", "Петров А.А.", None), ("person", "Сидорова Е.Н.", None)]),
    ("Петров А.А.Сидорова Е.Н.", [("person", "Петров А.А.", None), ("person", "Сидорова Е.Н.", None)]),
    ("А.А. Петров Е.Н. Сидорова", [("person", "Петров А.А.", None), ("person", "Сидорова Е.Н.", None)]),
    ("Жук О.П. Бойко И.И. Шевченко Т.Г.", [("person", "Жук О.П.", None), ("person", "Бойко И.И.", None),
                                          ("person", "Шевченко Т.Г.", None)]),
    # roles in the plural, hyphenated
    ("тренеры-преподаватели, методисты", [("role", "Тренеры-преподаватели", None), ("role", "Методисты", None)]),
    ("Тренеры-преподаватели\nМетодисты", [("role", "Тренеры-преподаватели", None), ("role", "Методисты", None)]),
    ("Классные руководители, учителя-предметники, педагог-психолог",
     [("role", "Классные руководители", None), ("role", "Учителя-предметники", None), ("role", "Педагог-психолог", None)]),
    # bodies
    ("Экспертная группа", [("organization", "Экспертная группа", None)]),
    ("Педагогический совет", [("organization", "Педагогический совет", None)]),
    ("Рабочая группа по внедрению ФГОС", [("organization", "Рабочая группа по внедрению ФГОС", None)]),
    ("Экспертная группа\nПедагогический совет",
     [("organization", "Экспертная группа", None), ("organization", "Педагогический совет", None)]),
    ("Методический совет, экспертная группа",
     [("organization", "Методический совет", None), ("organization", "Экспертная группа", None)]),
])
def test_several_parties_in_one_cell(cell, expected):
    assert parties(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    # the surname at a line end, the initials and the position on the next line
    ("Кудрина\nИ.В., начальник отдела общего образования",
     [("person", "Кудрина И.В.", "начальник отдела общего образования")]),
    # the position wrapped over several lines
    ("Кудрина И.В.,\nначальник отдела\nобщего образования", [("person", "Кудрина И.В.", "начальник отдела общего образования")]),
    # initials first, the surname on the next line
    ("И.В.\nКудрина, начальник отдела", [("person", "Кудрина И.В.", "начальник отдела")]),
    # a post before the name, the name wrapped
    ("Заместитель директора по УВР\nИванова\nМ.П.", [("person", "Иванова М.П.", "Заместитель директора по УВР")]),
    # two wrapped people
    ("Кудрина\nИ.В.\nПетров\nА.А.", [("person", "Кудрина И.В.", None), ("person", "Петров А.А.", None)]),
    # a declined full name wrapped
    ("Жука Ивана\nПетровича", [("person", "Жук И.П.", None)]),
])
def test_a_name_wrapped_across_lines_is_one_person(cell, expected):
    assert parties(cell) == expected


def test_a_role_line_before_a_wrapped_name_is_not_a_surname():
    # "Методисты" (a listed role noun) at a line end is no surname before initials
    assert [k for k, _, _ in parties("Методисты\nИ.В. Кудрина")] == ["role", "person"]


def _narrow_plan_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("План мероприятий")
    table = document.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["№ п/п", "Мероприятие", "Срок", "Ответственный"]):
        cell.text = text
    rows = [["1.", "Разработка положения о методическом совете школы", "сентябрь 2023",
             "Кудрина И.В., начальник отдела общего образования"],
            ["2.", "Проведение заседаний экспертной группы по оценке программ", "октябрь 2023",
             "Гайворонская Н.И. Сидорова Е.Н."]]
    for row, values in zip(table.rows[1:], rows):
        for cell, text in zip(row.cells, values):
            cell.text = text
    for row in table.rows:
        for cell, width in zip(row.cells, [Cm(1.2), Cm(9), Cm(3), Cm(2.6)]):
            cell.width = width
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_pdf_with_a_narrow_executor_column():
    from ingest.extraction import extract_bytes
    from parsers import parse_bytes
    from parsers.intermediate import RawTable
    from tests.parsers.test_contract import docx_to_pdf

    pdf = docx_to_pdf(_narrow_plan_docx())
    cells = [row.cells[-1] for block in parse_bytes(pdf).blocks if isinstance(block, RawTable) for row in block.rows]
    # the narrow column wraps a surname away from its initials
    assert any(cell.startswith("Гайворонская\nН.И.") for cell in cells), cells
    result = extract_bytes(pdf, "narrow.pdf")
    executors = [[(e["kind"], e["name"], e["position"]) for e in row["executors"]] for row in result.rows]
    assert executors == [[("person", "Кудрина И.В.", "начальник отдела общего образования")],
                         [("person", "Гайворонская Н.И.", None), ("person", "Сидорова Е.Н.", None)]]
