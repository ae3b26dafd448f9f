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


def test_characters_that_print_nothing_are_dropped_and_a_no_break_hyphen_is_a_hyphen():
    # Word's optional hyphens, zero-width spaces, a stray byte-order mark, the no-break hyphen
    assert valid_text("Органи\u00adзация соци\u00adальных меро\u200bприятий\ufeff") == "Организация социальных мероприятий"
    assert valid_text("план\u2011график") == "план-график"
    # at a break, in a cell, a hyphen at a line's end: the shared cell rule rejoins or keeps it
    assert valid_text("законодатель\u00ad ства", cell=True) == "законодатель-\nства"
    assert valid_text("финансово\u00ad\nхозяйственной", cell=True) == "финансово-\nхозяйственной"
    assert valid_text("законодатель\u00ad ства") == "законодательства"  # a text line goes on


def test_a_word_documents_optional_hyphens_reach_no_row():
    import io

    import docx

    from ingest.extraction import extract_bytes

    document = docx.Document()
    document.add_paragraph("Об утверждении плана\u2011графика мероприятий")
    table = document.add_table(rows=2, cols=4)
    for column, text in enumerate(["№", "Мероприятие", "Срок", "Ответственный"]):
        table.cell(0, column).text = text
    for column, text in enumerate(["1.", "Органи\u00adзация соци\u00ad\nальных финансово\u00ad хозяйственных мероприятий",
                                   "март\ufeff 2023",
                                   "Шев\u00adчук О.П."]):
        table.cell(1, column).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    row, = extract_bytes(buffer.getvalue(), "hyphens.docx").rows
    assert (row["action"], row["deadline_kind"], row["executors_text"]) == (
        "Организация социальных финансово-хозяйственных мероприятий", "period", "Шевчук О.П.")
