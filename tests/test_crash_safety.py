"""SIGKILL a real `roadmap-ingest run` at several points; the next run ends with the uninterrupted dataset.

The points: files registered but none extracted; some extracted and committed, others not; all
extracted (the kill lands while the exports are written, or just after). Dumps and a DOCX keep
each run short. The killed runs and the reference are whole `roadmap-ingest run` processes; the
rerun after each kill runs in this process (the same runner, lock and catalogue code, without
starting workers again)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ingest
from tests.conftest import ROOT, sample

CORPUS = [("000", ".txt"), ("002", ".txt"), ("004", ".txt"), ("003", ".docx")]
VOLATILE = {"seconds"}  # wall time differs from run to run


def _run(folder: Path, out: Path, wait: bool = True) -> subprocess.Popen | subprocess.CompletedProcess:
    args = [sys.executable, "-m", "ingest.cli", "run", str(folder), "--out", str(out), "--jobs", "1", "--quiet"]
    if wait:
        return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _dataset(out: Path) -> dict[str, list]:
    tables = {}
    for table in ("documents", "rows", "executors"):
        records = [json.loads(line) for line in (out / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()]
        tables[table] = [{k: v for k, v in r.items() if k not in VOLATILE} for r in records]
    return tables


def _committed(state: Path) -> int:
    """Files whose result is committed in the catalogue (read like any other reader would)."""
    try:
        with sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM files WHERE status != 'pending'").fetchone()[0]
    except sqlite3.Error:
        return -1


def _run_started(state: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM files").fetchone()[0] > 0
    except sqlite3.Error:
        return False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, suffix in CORPUS:
        shutil.copyfile(sample(name, suffix), folder / f"{name}{suffix}")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, list]:
    out = tmp_path_factory.mktemp("reference")
    result = _run(corpus, out)
    assert result.returncode == 0, result.stderr
    return _dataset(out)


def _kill_when(condition, process: subprocess.Popen, limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert process.poll() is None, "the run ended before the kill point"
        assert time.monotonic() < deadline, "the kill point was never reached"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("point", ["scanned", len(CORPUS) // 2, "all extracted"])
def test_sigkill_then_rerun_gives_the_uninterrupted_dataset(corpus, reference, tmp_path, point):
    out = tmp_path / "out"
    state = out / "catalog.sqlite"
    if point == "scanned":
        condition = lambda: _run_started(state)  # noqa: E731
    elif point == "all extracted":
        condition = lambda: _committed(state) >= len(CORPUS)  # noqa: E731  (while exporting, or just after)
    else:
        condition = lambda: _committed(state) >= point  # noqa: E731
    _kill_when(condition, _run(corpus, out, wait=False))

    with sqlite3.connect(state) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not [p for p in out.glob("*") if p.suffix in (".csv", ".jsonl") and p.stat().st_size == 0]
    summary = ingest.run([str(corpus)], out=out, jobs=1, executor="inline")
    assert summary.failed == 0 and summary.files == len(CORPUS)
    again = _dataset(out)
    keys = [(r["doc_id"], r["row_index"]) for r in again["rows"]]
    assert len(keys) == len(set(keys)), "rows doubled"
    assert again == reference
    assert not list(out.glob(".*part"))
