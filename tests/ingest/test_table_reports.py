"""Nothing the extractor knows is dropped: the PDF parser's doubts about a table (columns inferred
without ruling lines, a page's columns remapped, characters outside every cell) reach the
document's warnings through the assembly's per-table report."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extraction import extract_bytes
from normalize.tables import tables_to_reports
from parsers import parse_bytes
from parsers.intermediate import RawTable, TableRow

PDF_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"


@pytest.mark.parametrize(
    "name, said",
    [("borderless.pdf", "columns inferred from the header's x-positions"),
     ("borderless.pdf", "page 2: no ruling lines"),
     ("split_columns.pdf", "cells were mapped to the previous page's")],
)
def test_table_warnings_reach_the_document(name, said):
    data = (PDF_FIXTURES / name).read_bytes()
    parsed_warnings = [w for t in parse_bytes(data).tables for w in t.warnings]
    assert any(said in w for w in parsed_warnings), parsed_warnings  # the parser said it ...
    result = extract_bytes(data, name)
    assert result.rows and result.document["status"] == "partial"
    assert any(said in w for w in result.document["warnings"])  # ... and the dataset keeps it


def test_each_table_has_its_report():
    header = TableRow(["№", "Мероприятие", "Срок", "Ответственный"], page=1)
    first = RawTable([header, TableRow(["1", "План", "2022", "Отдел"], page=1)], warnings=["page 1: a doubt"])
    second = RawTable([TableRow(["2", "Отчет", "2023", "Отдел"], page=2)], warnings=["page 2: another", "page 1: a doubt"])
    other = RawTable([TableRow(header.cells, page=5), TableRow(["1", "Итоги", "2024", "Школа"], page=5)])
    items, reports = tables_to_reports([first, second, other])
    assert [i.item_number for i in items] == ["1", "2", "1"]
    assert [(r.index, r.first_page, r.last_page, r.warnings) for r in reports] == [
        (0, 1, 2, ["page 1: a doubt", "page 2: another"]), (1, 5, 5, [])]
    assert reports[0].header.column("executors") == 3
