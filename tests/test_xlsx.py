"""roadmap.xlsx as an analyst opens it: rows first with their document, readable executors, dates, filter."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from ingest.export_cells import XLSX_MAX_CELL_CHARS, party_to_text, parties_to_text
from ingest.schema import DOCUMENT_COLUMNS, EXECUTOR_COLUMNS, ROW_COLUMNS
from ingest.writers import MemorySource, write_exports
from ingest.xlsx_book import DOCUMENT_FIELDS_ON_ROWS, rows_sheet_columns, write_workbook
from tests.test_writers import document, executor, row

KUDRINA = {"name": "Кудрина И.В.", "kind": "person", "position": "начальник отдела общего образования",
           "person": None, "text": "Кудрина И.В., начальник отдела общего образования"}
INSTITUTE = {"name": "ОГАУ «Институт развития образования»", "kind": "organization", "position": None,
             "person": None, "text": "ОГАУ «ИРО»"}
COORDINATOR = {"name": "Муниципальный координатор проекта", "kind": "role", "position": None,
               "person": "Соловьева О.В.", "text": "муниципальный координатор"}


@pytest.mark.parametrize("party, text", [
    (KUDRINA, "Кудрина И.В. (начальник отдела общего образования)"),
    (INSTITUTE, "ОГАУ «Институт развития образования»"),
    (COORDINATOR, "Муниципальный координатор проекта — Соловьева О.В."),
    ({"name": "Петров П.П.", "kind": "person", "position": None, "person": None, "text": "Петров"}, "Петров П.П."),
    ({"name": None, "kind": "organization", "position": None, "person": None, "text": "школы района"},
     "школы района"),
    ({"name": "Директор школы", "kind": "role", "position": "директор школы", "person": None, "text": "x"},
     "Директор школы"),
])
def test_a_party_reads_as_a_name(party, text):
    assert party_to_text(party) == text


def test_parties_are_joined_with_semicolons():
    assert parties_to_text([KUDRINA, INSTITUTE]) == \
        "Кудрина И.В. (начальник отдела общего образования); ОГАУ «Институт развития образования»"
    assert parties_to_text([]) == parties_to_text(None) == ""


LONG_ACTION = "Проведение методических семинаров для заместителей директоров по учебно-воспитательной работе " * 2


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx")
    documents = [
        document("a1", region="Ульяновская область", municipality=None, doc_type="план", doc_number="8-ПА",
                 doc_date="2021-02-24", source_path="in/ulyanovsk.docx",
                 warnings=["no letterhead names the issuing body", "two tables were joined"],
                 abbreviations={"ШНОР": "школы с низкими образовательными результатами"}),
        document("b2", region="Воронежская область", municipality="Бобровский муниципальный район",
                 doc_type="приказ", doc_number="121", doc_date="2021-03-29", source_path="in/bobrov.pdf"),
    ]
    rows = [
        row("a1", 0, section="1. Диагностика", item_number="1.1", action=LONG_ACTION, deadline_text="Декабрь 2021",
            deadline_start="2021-12-01", deadline_end="2021-12-31", deadline_kind="period",
            deadline_intervals=[["2021-12-01", "2021-12-31"]], executors=[KUDRINA, INSTITUTE],
            urls=["https://mo73.ru/a", "https://mo73.ru/b"], warnings=["the deadline names two years"]),
        row("b2", 0, item_number="1", action="Совещание", deadline_text="ежемесячно", deadline_kind="recurring",
            recurrence="monthly", executors=[COORDINATOR]),
        row("b2", 1, item_number="2", action="Отчёт", deadline_text="по графику", deadline_kind="by_schedule"),
    ]
    executors = [executor("a1", 0, party_index=i, name=p["name"], kind=p["kind"]) for i, p in enumerate(rows[0]["executors"])]
    assert write_exports(out, MemorySource(documents, rows, executors), ["xlsx"]) == []
    return openpyxl.load_workbook(out / "roadmap.xlsx")


def shown_width(ws, letter: str) -> int:
    """A column's width as Excel shows it: the file stores it with the cell padding added (60.71 for 60)."""
    return int(ws.column_dimensions[letter].width)


def sheet_records(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, values)) for values in ws.iter_rows(min_row=2, values_only=True)]


def test_the_rows_sheet_comes_first_then_documents_and_executors(book):
    assert book.sheetnames == ["rows", "documents", "executors"]
    assert [c.value for c in book["documents"][1]] == DOCUMENT_COLUMNS
    assert [c.value for c in book["executors"][1]] == EXECUTOR_COLUMNS


def test_every_sheet_has_a_filter_a_frozen_bold_header(book):
    for ws in book.worksheets:
        width = ws.max_column
        assert ws.auto_filter.ref == f"A1:{get_column_letter(width)}{ws.max_row}", ws.title
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.b for c in ws[1]), ws.title
        for letter in (get_column_letter(i) for i in range(1, width + 1)):
            assert 8 <= shown_width(ws, letter) <= 60, (ws.title, letter)


def test_rows_carry_their_document_then_their_fields_then_the_keys(book):
    header = [c.value for c in book["rows"][1]]
    assert header == rows_sheet_columns()
    assert header[:6] == list(DOCUMENT_FIELDS_ON_ROWS)
    assert header[6:9] == ["section", "item_number", "action"]
    assert header[-2:] == ["doc_id", "row_index"]
    assert set(ROW_COLUMNS) <= set(header), "no row field is lost"
    records = sheet_records(book["rows"])
    assert [(r["doc_id"], r["region"], r["doc_number"], r["source_path"]) for r in records] == [
        ("a1", "Ульяновская область", "8-ПА", "in/ulyanovsk.docx"),
        ("b2", "Воронежская область", "121", "in/bobrov.pdf"),
        ("b2", "Воронежская область", "121", "in/bobrov.pdf"),
    ]
    assert records[1]["municipality"] == "Бобровский муниципальный район" and records[1]["doc_type"] == "приказ"


def test_executors_urls_and_warnings_are_readable_text(book):
    first, second, third = sheet_records(book["rows"])
    assert first["executors"] == ("Кудрина И.В. (начальник отдела общего образования); "
                                  "ОГАУ «Институт развития образования»")
    assert second["executors"] == "Муниципальный координатор проекта — Соловьева О.В."
    assert third["executors"] is None
    assert first["urls"] == "https://mo73.ru/a; https://mo73.ru/b"
    assert first["warnings"] == "the deadline names two years"
    assert first["deadline_intervals"] == "01.12.2021–31.12.2021"
    (a, _) = sheet_records(book["documents"])
    assert a["warnings"] == "no letterhead names the issuing body; two tables were joined"
    assert a["abbreviations"] == "ШНОР — школы с низкими образовательными результатами"


def test_dates_are_date_cells_and_numbers_numbers(book):
    ws = book["rows"]
    header = [c.value for c in ws[1]]
    for name in ("doc_date", "deadline_start", "deadline_end"):
        cell = ws.cell(2, header.index(name) + 1)
        assert cell.is_date and cell.number_format == "dd.mm.yyyy", name
    assert ws.cell(2, header.index("deadline_end") + 1).value.date() == dt.date(2021, 12, 31)
    assert ws.cell(3, header.index("deadline_end") + 1).value is None
    assert ws.cell(2, header.index("row_index") + 1).data_type == "n"
    docs = book["documents"]
    dheader = [c.value for c in docs[1]]
    assert docs.cell(2, dheader.index("doc_date") + 1).is_date
    assert docs.cell(2, dheader.index("pages") + 1).value == 3


def test_long_text_wraps_and_short_text_does_not(book):
    ws = book["rows"]
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("action") + 1).alignment.wrap_text
    assert not ws.cell(2, header.index("item_number") + 1).alignment.wrap_text
    assert shown_width(ws, get_column_letter(header.index("action") + 1)) == 60
    assert shown_width(ws, get_column_letter(header.index("item_number") + 1)) < 20


def test_the_row_cap_keeps_the_first_rows_and_warns(tmp_path):
    source = MemorySource([document()], [row(index=i) for i in range(7)], [executor(index=i) for i in range(2)])
    warnings = write_workbook(tmp_path / "cut.xlsx", source, max_rows=5)
    assert warnings == ["cut.xlsx holds the first 5 of 7 rows (Excel's limit); the CSV, Parquet and JSONL files hold all"]
    ws = openpyxl.load_workbook(tmp_path / "cut.xlsx")["rows"]
    assert ws.max_row == 6 and ws.auto_filter.ref.endswith("6")


def test_cells_excel_cannot_hold_are_cleaned_not_fatal(tmp_path):
    rows = [row(index=0, action="Контроль\x07 исполнения\x00", result="я" * (XLSX_MAX_CELL_CHARS + 10),
                deadline_start="1812-09-07", deadline_end="not a date")]
    write_exports(tmp_path, MemorySource([document()], rows, []), ["xlsx"])
    (r,) = sheet_records(openpyxl.load_workbook(tmp_path / "roadmap.xlsx")["rows"])
    assert r["action"] == "Контроль исполнения"
    assert len(r["result"]) == XLSX_MAX_CELL_CHARS and r["result"].endswith("…")
    assert r["deadline_start"] == "1812-09-07", "before Excel's epoch: kept as text"
    assert r["deadline_end"] == "not a date"


def test_line_breaks_are_excels_line_feeds(tmp_path):
    rows = [row(index=0, action="Первая строка\r\nвторая\rтретья", result="без переноса")]
    write_exports(tmp_path, MemorySource([document()], rows, []), ["xlsx"])
    (r,) = sheet_records(openpyxl.load_workbook(tmp_path / "roadmap.xlsx")["rows"])
    assert r["action"] == "Первая строка\nвторая\nтретья", "no _x000D_ escape for a reader to show"
    assert r["result"] == "без переноса"


def test_a_row_whose_document_is_missing_keeps_its_fields(tmp_path):
    write_exports(tmp_path, MemorySource([], [row("zz", 0, action="Сирота")], []), ["xlsx"])
    (r,) = sheet_records(openpyxl.load_workbook(tmp_path / "roadmap.xlsx")["rows"])
    assert r["region"] is None and r["action"] == "Сирота" and r["doc_id"] == "zz"


def test_a_number_excel_cannot_hold_stays_text_not_a_failed_export(tmp_path):
    write_exports(tmp_path, MemorySource([document(seconds=float("nan"), pages=float("inf"))], [row()], []), ["xlsx"])
    (d,) = sheet_records(openpyxl.load_workbook(tmp_path / "roadmap.xlsx")["documents"])
    assert (d["seconds"], d["pages"]) == ("nan", "inf")


def test_pandas_reads_the_workbook_back(tmp_path):
    import pandas as pd

    rows = [row(index=i, action=f"Мероприятие {i}") for i in range(3)]
    write_exports(tmp_path, MemorySource([document()], rows, []), ["xlsx"])
    frame = pd.read_excel(tmp_path / "roadmap.xlsx", sheet_name="rows")
    assert list(frame.columns) == rows_sheet_columns()
    assert frame["action"].tolist() == ["Мероприятие 0", "Мероприятие 1", "Мероприятие 2"]
