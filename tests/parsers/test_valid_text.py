"""Every parser's text is valid Unicode: a lone surrogate cannot fail the catalogue or an export."""
from __future__ import annotations

import parsers
from ingest.extraction import empty_document, parsed_to_extraction
from ingest.writers import MemorySource, write_exports
from parsers.intermediate import ParsedDocument, RawTable, TableRow, TextLine, valid_text, with_valid_text
from parsers.settings import Settings

BROKEN = "Контроль \ud800исполнения"


def broken_document() -> ParsedDocument:
    header = TableRow(["№", "Мероприятие", "Срок", "Ответственный"], 1)
    body = TableRow(["1.", BROKEN, "до 1 июня 2022 года", "Отдел \udfff образования"], 1, ["doubt \ud801"])
    return ParsedDocument("pdf", [TextLine("ПРИКАЗ \udc80", 1), RawTable([header, body], warnings=["\ud800"])],
                          pages=1, warnings=["page 1 \udcff"])


def test_valid_text_replaces_lone_surrogates_only():
    assert valid_text(BROKEN) == "Контроль \ufffdисполнения"
    assert valid_text("План «500+» 😀") == "План «500+» 😀"


def test_every_text_of_a_document_is_made_valid():
    doc = with_valid_text(broken_document())
    texts = [doc.warnings[0], doc.blocks[0].text, *doc.blocks[1].warnings]
    for row in doc.blocks[1].rows:
        texts += row.cells + row.warnings
    for text in texts:
        text.encode("utf-8")
    assert doc.blocks[1].rows[1].cells[1] == "Контроль \ufffdисполнения"


def test_parse_bytes_applies_it_to_every_parser(monkeypatch):
    monkeypatch.setitem(parsers.PARSERS, "txt", lambda data, settings: broken_document())
    doc = parsers.parse_bytes(b"any text", Settings())
    assert doc.blocks[1].rows[1].cells[3] == "Отдел \ufffd образования"


def test_such_a_document_reaches_every_export(tmp_path):
    doc = with_valid_text(broken_document())
    result = parsed_to_extraction(doc, empty_document(b"x", "broken.pdf"), Settings())
    assert result.rows and "\ufffd" in result.rows[0]["action"]
    write_exports(tmp_path, MemorySource([result.document], result.rows, result.executors),
                  ["csv", "jsonl", "parquet", "xlsx"])
    assert "\ufffd" in (tmp_path / "rows.jsonl").read_text(encoding="utf-8")
