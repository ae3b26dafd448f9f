"""No cell text fails a document: an unexpected exception while normalising one row's cells costs
that row's field a warning, the document keeps its other rows and says how many were affected.

The failures are injected by monkeypatching our own normalisers (as ingest.extraction imports
them) to raise on one chosen cell; the parser, the assembly and the other rows run for real.
"""
from __future__ import annotations

import pytest

import ingest.extraction as extraction
from ingest.extraction import extract_bytes

HEADER = "№ п/п\tМероприятие\tСрок исполнения\tОтветственные исполнители\tОжидаемый результат"
ROWS = [
    ("1.", "Провести совещание с руководителями школ", "Январь 2023", "Иванова А.А.", "Протокол https://example.ru/p1"),
    ("2.", "Разработать план методической помощи", "Февраль 2023", "Петров Б.Б.", "План"),
    ("3.", "Организовать курсы повышения квалификации", "до 1 марта 2023 г.", "Сидорова В.В.", "Удостоверения"),
    ("4.", "Подготовить отчёт о реализации", "Декабрь 2023", "Управление образования", "Отчёт"),
]
BAD = 2  # the row whose cell the injected failure hits


def dump() -> bytes:
    lines = ["ПРИКАЗ", "", "10.01.2023 № 5", "", "Об утверждении плана мероприятий на 2023 год", "", HEADER]
    lines += ["\t".join(row) for row in ROWS]
    lines += ["", "Начальник управления С.И. Куликова"]
    return "\n".join(lines).encode("utf-8")


def raising_on(real, bad_text: str, error=RuntimeError):
    def patched(value, *args, **kwargs):
        if bad_text in (value if isinstance(value, str) else repr(value)):
            raise error(f"injected failure on {bad_text!r}")
        return real(value, *args, **kwargs)
    return patched


def test_a_healthy_dump_has_every_row_and_no_traceback():
    result = extract_bytes(dump(), "plan.txt")
    assert result.document["status"] in {"ok", "partial"} and len(result.rows) == len(ROWS)
    assert result.traceback is None
    assert [r["deadline_kind"] for r in result.rows] == ["period", "period", "by_date", "period"]


@pytest.mark.parametrize("target, bad_text, field_check", [
    # the deadline parser raises on row 3's deadline: that row's deadline is unparsed
    ("parse_deadline", ROWS[BAD][2],
     lambda row: row["deadline_kind"] == "unparsed" and row["deadline_intervals"] == [] and row["deadline_end"] is None),
    # the resolver raises whenever row 3's executor cell is among the cells: its executors are []
    ("resolve_executors", ROWS[BAD][3], lambda row: row["executors"] == []),
    # the cell-text normaliser raises on row 3's action
    ("cell_to_paragraph", ROWS[BAD][1], lambda row: row["action"] == ""),
    # the link finder raises on row 1's text (which holds a URL)
    ("text_to_urls", "https://example.ru/p1", lambda row: row["urls"] == []),
])
def test_one_raising_cell_costs_only_its_field(monkeypatch, capsys, target, bad_text, field_check):
    monkeypatch.setattr(extraction, target, raising_on(getattr(extraction, target), bad_text))
    result = extract_bytes(dump(), "plan.txt")
    doc, rows = result.document, result.rows
    assert doc["status"] == "partial" and len(rows) == len(ROWS) == doc["rows"]
    bad_index = next(k for k, r in enumerate(ROWS) if bad_text in "\t".join(r))
    bad = rows[bad_index]
    assert field_check(bad)
    assert any("could not be read (unexpected RuntimeError)" in w for w in bad["warnings"])
    assert f"1 of {len(ROWS)} rows had a cell that could not be normalised" in " ".join(doc["warnings"])
    # every other row is complete
    for k, row in enumerate(rows):
        if k != bad_index:
            assert row["action"] and row["deadline_kind"] != "unparsed" and row["executors"], row
            assert not any("could not be read" in w for w in row["warnings"])
    assert [r["item_number"] for r in rows] == [r[0].rstrip(".") for r in ROWS]
    # the traceback is kept for the log file, never printed
    assert result.traceback and "injected failure" in result.traceback and "Traceback" in result.traceback
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_executors_of_the_other_rows_are_resolved_together(monkeypatch):
    monkeypatch.setattr(extraction, "resolve_executors",
                        raising_on(extraction.resolve_executors, ROWS[BAD][3], ValueError))
    rows = extract_bytes(dump(), "plan.txt").rows
    assert [[e["name"] for e in r["executors"]] for r in rows] == [
        ["Иванова А.А."], ["Петров Б.Б."], [], ["Управление образования"]]


def test_a_document_level_bug_fails_the_file_with_its_traceback(monkeypatch, capsys):
    def broken(tables):
        raise KeyError("injected")
    monkeypatch.setattr(extraction, "tables_to_reports", broken)
    result = extract_bytes(dump(), "plan.txt")
    assert result.document["status"] == "failed" and result.document["error_kind"] == "internal"
    assert result.document["error"].startswith("unexpected KeyError")
    assert result.traceback and "KeyError" in result.traceback
    assert "Traceback" not in "".join(capsys.readouterr())
