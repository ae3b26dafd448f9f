"""The catalogue: keys that stay keys, duplicates marked, versions upgraded or refused."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import ingest
from ingest.catalog import MIGRATIONS, VERSION, Catalog, CatalogError
from ingest.cli import EXIT_CATALOG, main
from tests.conftest import ROOT, sample


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def three_formats(tmp_path_factory) -> Path:
    """Orders 000 and 003, each as .txt, .docx and .pdf, in one run."""
    out = tmp_path_factory.mktemp("formats")
    files = [str(sample(n, s)) for n in ("000", "003") for s in (".txt", ".docx", ".pdf")]
    summary = ingest.run(files, out=out, jobs=2)
    assert summary.failed == 0 and summary.extracted == 6
    return out


def test_the_formats_of_one_order_share_a_content_id_and_different_orders_do_not(three_formats):
    docs = _jsonl(three_formats / "documents.jsonl")
    by_order = {}
    for d in docs:
        by_order.setdefault(Path(d["source_path"]).name[:3], set()).add(d["content_id"])
    assert all(len(ids) == 1 and None not in ids for ids in by_order.values()), by_order
    assert by_order["000"] != by_order["003"]


def test_later_formats_are_duplicate_of_the_first_seen_and_keep_their_rows(three_formats):
    docs = _jsonl(three_formats / "documents.jsonl")
    rows = _jsonl(three_formats / "rows.jsonl")
    for d in docs:
        first = str(sample(Path(d["source_path"]).name[:3], ".txt"))
        assert d["duplicate_of"] == (None if d["source_path"] == first else first)
        assert sum(r["doc_id"] == d["doc_id"] for r in rows) == d["rows"] > 0


def _assert_keys_unique(keys: list[tuple]) -> None:
    assert len(keys) == len(set(keys)), "(doc_id, row_index) repeated"


def test_a_byte_identical_copy_keeps_its_documents_line_and_adds_no_rows(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    original = inputs / "a.txt"
    shutil.copyfile(sample("003"), original)
    shutil.copyfile(sample("003"), inputs / "b copy.txt")
    shutil.copyfile(sample("001"), inputs / "c.txt")
    out = tmp_path / "out"
    summary = ingest.run([str(inputs)], out=out, jobs=2)
    assert summary.failed == 0 and summary.duplicates == 1
    docs = {Path(d["source_path"]).name: d for d in _jsonl(out / "documents.jsonl")}
    assert set(docs) == {"a.txt", "b copy.txt", "c.txt"}
    assert docs["a.txt"]["doc_id"] == docs["b copy.txt"]["doc_id"]
    assert docs["b copy.txt"]["duplicate_of"] == str(original) and docs["a.txt"]["duplicate_of"] is None
    assert docs["b copy.txt"]["rows"] == docs["a.txt"]["rows"] > 0
    expected = docs["a.txt"]["rows"] + docs["c.txt"]["rows"]

    jsonl = [(r["doc_id"], r["row_index"]) for r in _jsonl(out / "rows.jsonl")]
    csv = pd.read_csv(out / "rows.csv", encoding="utf-8-sig", usecols=["doc_id", "row_index"])
    parquet = pq.read_table(out / "rows.parquet", columns=["doc_id", "row_index"]).to_pylist()
    with sqlite3.connect(out / "catalog.sqlite") as conn:
        catalogue = conn.execute("SELECT doc_id, row_index FROM rows").fetchall()
    for keys in (jsonl, list(csv.itertuples(index=False, name=None)),
                 [(r["doc_id"], r["row_index"]) for r in parquet], catalogue):
        _assert_keys_unique(keys)
        assert len(keys) == expected


def test_rows_key_is_a_constraint_of_the_catalogue(tmp_path):
    with Catalog(tmp_path / "c.sqlite") as catalog:
        catalog.conn.execute("INSERT INTO rows (doc_id, row_index) VALUES ('d', 0)")
        with pytest.raises(sqlite3.IntegrityError):
            catalog.conn.execute("INSERT INTO rows (doc_id, row_index) VALUES ('d', 0)")


def test_catalogue_is_in_wal_mode_and_versioned(tmp_path):
    with Catalog(tmp_path / "c.sqlite") as catalog:
        assert catalog.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert catalog.conn.execute("PRAGMA user_version").fetchone()[0] == VERSION


def test_an_older_catalogue_is_upgraded_and_keeps_its_content(tmp_path):
    state = tmp_path / "old.sqlite"
    conn = sqlite3.connect(state, isolation_level=None)
    MIGRATIONS[1](conn)  # the first layout, as the first release wrote it
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO files (path, first_seen, status) VALUES ('/gone/x.txt', '2024-01-01', 'ok')")
    conn.execute("INSERT INTO documents (path, doc_id, source_path, status) VALUES ('/gone/x.txt', 'abc', 'x.txt', 'ok')")
    conn.close()
    out = tmp_path / "out"
    summary = ingest.run([str(sample("003"))], out=out, state=state, executor="inline")
    assert summary.failed == 0
    with sqlite3.connect(state) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert "counts" in {r[1] for r in conn.execute("PRAGMA table_info(runs)")}
    names = {d["source_path"] for d in _jsonl(out / "documents.jsonl")}
    assert names == {"x.txt", str(sample("003"))}


def test_a_version_2_catalogue_gets_file_runs_with_each_file_s_last_state(tmp_path):
    state = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(state, isolation_level=None)
    for step in (1, 2):
        MIGRATIONS[step](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO runs (id, started) VALUES (7, '2024-01-01')")
    conn.execute("INSERT INTO files (path, first_seen, status, sha256, last_run) "
                 "VALUES ('/in/x.txt', '2024-01-01', 'failed', 'aa', 7), ('/in/y.txt', '2024-01-01', 'pending', NULL, 7)")
    conn.close()
    with Catalog(state) as catalog:
        assert catalog.conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert catalog.conn.execute("SELECT run_id, path, sha256, status FROM file_runs").fetchall() == [
            (7, "/in/x.txt", "aa", "failed")]


def test_file_runs_hold_each_run_s_action_per_file(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copyfile(sample("003"), inputs / "a.txt")
    shutil.copyfile(sample("003"), inputs / "b.txt")  # byte-identical: recorded, not extracted
    for _ in range(2):
        ingest.run([str(inputs)], out=out, executor="inline")
    (inputs / "a.txt").touch()
    os.utime(inputs / "a.txt", ns=(1, 1))  # same bytes, another mtime
    ingest.run([str(inputs)], out=out, executor="inline")
    with sqlite3.connect(out / "catalog.sqlite") as conn:
        lines = conn.execute("SELECT run_id, substr(path, -5), status, action FROM file_runs ORDER BY run_id, path")
        assert lines.fetchall() == [(1, "a.txt", "ok", "extracted"), (1, "b.txt", "ok", "copied"),
                                    (3, "a.txt", "ok", "restat")]
        sha = conn.execute("SELECT DISTINCT sha256 FROM file_runs").fetchall()
    assert len(sha) == 1 and len(sha[0][0]) == 64


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database at all\n" * 200)


def _newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 7}")
        conn.execute("CREATE TABLE files (x)")


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")


def _truncated(path: Path) -> None:
    with Catalog(path):
        pass
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00garbage" * 50)


@pytest.mark.parametrize("spoil, words", [
    (_garbage, "not a readable catalogue"),
    (_newer, "newer roadmap-ingest"),
    (_foreign, "another program"),
    (_truncated, "catalogue"),
])
def test_a_damaged_or_unknown_catalogue_is_refused_with_exit_5(tmp_path, capsys, spoil, words):
    state = tmp_path / "catalog.sqlite"
    spoil(state)
    before = state.read_bytes()
    code = main(["run", str(sample("003")), "--out", str(tmp_path / "out"), "--state", str(state), "--quiet"])
    err = capsys.readouterr().err
    assert code == EXIT_CATALOG
    assert words in err and "Traceback" not in err and err.count("\n") == 1
    assert state.read_bytes() == before, "a refused catalogue is left as it was"
    assert not (tmp_path / "out" / "rows.jsonl").exists()


def test_status_and_export_commands(three_formats, tmp_path, capsys):
    state = str(three_formats / "catalog.sqlite")
    assert main(["status", "--state", state]) == 0
    text = capsys.readouterr().out
    assert "by status" in text and "by format" in text and "last runs" in text and "RU-" not in text
    assert main(["status", "--state", state, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 6 and report["duplicates"] == 4
    assert report["by_format"] == {"docx": 2, "pdf": 2, "txt": 2}
    assert sum(report["by_plan_year"].values()) == 6 and len(report["runs"]) == 1
    assert main(["export", "--state", state, "--out", str(tmp_path / "x"), "--format", "csv,jsonl"]) == 0
    written = sorted(p.name for p in (tmp_path / "x").iterdir())
    assert written == sorted(f"{t}.{e}" for t in ("documents", "rows", "executors") for e in ("csv", "jsonl"))
    assert (tmp_path / "x" / "rows.jsonl").read_bytes() == (three_formats / "rows.jsonl").read_bytes()


def test_status_of_a_missing_catalogue_is_exit_5(tmp_path, capsys):
    assert main(["status", "--state", str(tmp_path / "none.sqlite")]) == EXIT_CATALOG
    assert "no catalogue" in capsys.readouterr().err
    with pytest.raises(CatalogError):
        Catalog(tmp_path / "none.sqlite", create=False)


def test_a_folder_walk_skips_the_exports_without_loading_the_writers(tmp_path):
    from ingest.writers import FORMAT_FILES

    for names in FORMAT_FILES.values():
        for name in names:
            (tmp_path / name).write_text("written by a run")
    (tmp_path / "catalog.sqlite").write_text("")
    shutil.copyfile(sample("003"), tmp_path / "order.txt")
    script = ("import sys\nfrom ingest.discover import collect_paths\n"
              f"print([p.rsplit('/', 1)[-1] for p in collect_paths([{str(tmp_path)!r}])])\n"
              "print(sorted(m for m in ('pandas', 'pyarrow', 'openpyxl', 'ingest.writers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["['order.txt']", "[]"], out.stdout + out.stderr


def test_a_missing_program_is_exit_3_and_the_file_is_retried(tmp_path):
    """LibreOffice absent from PATH: the .doc fails as missing_tool, the dump beside it is written."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    doc = ROOT / "tests" / "fixtures" / "spans.doc"
    out = tmp_path / "out"
    env = {**os.environ, "PATH": str(tmp_path / "empty")}
    args = [sys.executable, "-m", "ingest.cli", "run", str(doc), str(sample("002")), "--out", str(out), "--quiet"]
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    docs = {Path(d["source_path"]).name: d for d in _jsonl(out / "documents.jsonl")}
    assert docs["spans.doc"]["error_kind"] == "missing_tool" and docs["spans.doc"]["error"]
    assert docs[sample("002").name]["rows"] > 0
    again = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 3 and "1 failed, 1 skipped" in again.stderr


def test_files_are_extracted_largest_first_and_exported_in_input_order(tmp_path):
    from ingest.runner import _Task, largest_first

    tasks = [_Task(f"f{i}", f"/f{i}", size, 0) for i, size in enumerate([10, 5_000_000, None, 40_000, 10])]
    assert [t.path for t in largest_first(tasks)] == ["f1", "f3", "f0", "f4", "f2"]

    # the small dump given first, the larger PDF and DOCX after it: the exports keep the input order
    files = [str(sample("002")), str(sample("001", ".pdf")), str(sample("003", ".docx"))]
    assert os.path.getsize(files[0]) < os.path.getsize(files[1])
    ingest.run(files, out=tmp_path, jobs=1, progress=False)
    assert [d["source_path"] for d in _jsonl(tmp_path / "documents.jsonl")] == files
    rows = _jsonl(tmp_path / "rows.jsonl")
    doc_order = [d["doc_id"] for d in _jsonl(tmp_path / "documents.jsonl")]
    assert [r["doc_id"] for r in rows] == sorted((r["doc_id"] for r in rows), key=doc_order.index)
