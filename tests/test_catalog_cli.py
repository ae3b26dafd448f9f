"""`roadmap-ingest run` as a person meets it: limits told before a file is read, bad settings in one
line, tracebacks only in the --debug log, and a progress bar on a real pseudo-terminal."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import sqlite3
import struct
import subprocess
import sys
import termios
import time
import tracemalloc
from pathlib import Path

import pytest

import ingest.extraction
from ingest.backend_common import extract_path
from ingest.cli import EXIT_USAGE
from ingest.extraction import extract_bytes, size_to_text, too_large_sentence
from ingest.progress import setup_logging
from ingest.runner import run
from parsers.settings import Settings
from tests.conftest import ROOT, sample


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ingest.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)  # no disk blocks, and no bytes in memory unless someone reads it
    return path


@pytest.mark.parametrize("size, text", [(900, "900 bytes"), (10_000, "9.8 KiB"), (200 * 2**20, "200 MiB"),
                                        (3 * 2**30 + 2**29, "3.5 GiB")])
def test_sizes_are_told_in_a_unit_that_fits(size, text):
    assert size_to_text(size) == text


@pytest.mark.parametrize("size, limit, words", [
    (sample("002").stat().st_size, 10_000, "KiB, over the 9.8 KiB limit"),
    (200 * 2**20 + 5, 200 * 2**20, "209,715,205 bytes, over the 209,715,200 bytes limit"),  # rounds alike
])
def test_the_size_limit_sentence_names_both_sizes_and_the_flag(size, limit, words):
    sentence = too_large_sentence(size, limit)
    assert words in sentence and sentence.endswith("(raise it with --max-file-mb)") and "0 MiB" not in sentence


def test_a_small_limit_is_not_told_as_0_mib():
    document = extract_bytes(sample("002").read_bytes(), "x.txt", {"max_file_bytes": 10_000}).document
    assert document["error_kind"] == "too_large" and "9.8 KiB limit" in document["error"]


def test_a_file_over_the_limit_is_refused_by_its_size_before_it_is_read(tmp_path):
    huge = _sparse(tmp_path / "huge.txt", 1 << 30)
    tracemalloc.start()
    try:
        result = extract_path(str(huge), Settings(max_file_bytes=2**20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.document["status"] == "failed" and result.document["error_kind"] == "too_large"
    assert "the file is 1 GiB, over the 1 MiB limit (raise it with --max-file-mb)" == result.document["error"]
    assert peak < 4 * 2**20, f"{peak} bytes allocated: the file was read"


def test_a_run_over_a_huge_file_fails_it_with_the_limit_and_keeps_the_others(tmp_path):
    """3 GiB on disk against a 512 MiB worker cap: only a size check before reading gives this sentence."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    _sparse(inputs / "huge.pdf", 3 * 2**30)
    shutil.copyfile(sample("002"), inputs / "good.txt")
    result = _cli("run", str(inputs), "--out", str(tmp_path / "out"), "--jobs", "1", "--max-memory", "512M",
                  "--log", str(tmp_path / "log"))
    assert result.returncode == 1, result.stderr
    assert "1 failed" in result.stderr and "Traceback" not in result.stderr
    log = (tmp_path / "log").read_text(encoding="utf-8")
    assert "the file is 3 GiB, over the 200 MiB limit (raise it with --max-file-mb)" in log
    assert re.search(r"ok: \S*good\.txt \(48 rows", log) or re.search(r"partial: \S*good\.txt \(48 rows", log), log
    with sqlite3.connect(tmp_path / "out" / "catalog.sqlite") as conn:  # not hashed either: never read
        assert conn.execute("SELECT sha256, status FROM files WHERE path LIKE '%huge.pdf'").fetchone() == (None, "failed")


@pytest.mark.parametrize("flags, words", [
    (["--ocr-dpi", "20"], "--ocr-dpi must be between 70 and 1200, got 20"),
    (["--ocr-dpi", "0"], "--ocr-dpi must be between 70 and 1200, got 0"),
    (["--plan-year", "1800"], "--plan-year must be a year between 1990 and 2100, got 1800"),
])
def test_an_invalid_setting_is_one_line_and_exit_2(tmp_path, flags, words):
    result = _cli("run", str(sample("002")), "--out", str(tmp_path / "out"), *flags, timeout=60)
    assert result.returncode == EXIT_USAGE
    assert result.stderr.strip() == f"roadmap-ingest: error: {words}"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["out", "log"])
def test_an_output_path_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, where):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    out, log = (blocker, tmp_path / "log.txt") if where == "out" else (tmp_path / "out", blocker / "log.txt")
    result = _cli("run", str(sample("002")), "--out", str(out), "--log", str(log), timeout=60)
    assert result.returncode == EXIT_USAGE, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("roadmap-ingest: error: ") and "cannot be written" in line and "Traceback" not in line
    assert blocker.read_text() == "not a folder"


def _boom(parsed, doc, settings):
    raise RuntimeError("a deliberate bug in the normalisers")


@pytest.mark.parametrize("debug", [False, True])
def test_tracebacks_go_to_the_log_file_only_with_debug(tmp_path, monkeypatch, capsys, debug):
    monkeypatch.setattr(ingest.extraction, "parsed_to_extraction", _boom)  # in this process: executor inline
    log = tmp_path / "run.log"
    setup_logging(str(log), console=True, debug=debug)
    try:
        summary = run([str(sample("002"))], out=tmp_path / "out", executor="inline", debug=debug)
    finally:
        setup_logging(None, console=False)
    assert summary.failed == 1
    text = log.read_text(encoding="utf-8")
    assert "unexpected RuntimeError while reading the file: a deliberate bug" in text
    assert ("Traceback (most recent call last)" in text) == debug
    assert ('raise RuntimeError("a deliberate bug' in text) == debug
    assert "Traceback" not in capsys.readouterr().err


def _run_on_a_terminal(args: list[str], columns: int, limit: float = 300) -> str:
    """The bytes a run writes to a pseudo-terminal of ``columns`` x 24 (0 x 0 as some containers give)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24 if columns else 0, columns, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "ingest.cli", *args], cwd=ROOT, stdin=slave, stdout=slave,
                               stderr=slave, close_fds=True)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + limit
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the other side closed (Linux gives EIO)
                    break
                if not chunk:
                    break
                out += chunk
            elif process.poll() is not None:
                break
        assert process.wait(timeout=max(1.0, deadline - time.monotonic())) == 0, out.decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return out.decode("utf-8", "replace")


@pytest.mark.parametrize("columns", [100, 0])
def test_a_terminal_gets_a_bar_with_files_pages_and_eta(tmp_path, columns):
    files = [str(sample("003", ".pdf")), str(sample("002")), str(sample("001", ".docx"))]
    screen = _run_on_a_terminal(["run", *files, "--out", str(tmp_path / "out"), "--jobs", "1"], columns)
    frames = [f for f in screen.split("\r") if "file" in f and "|" in f]
    assert frames, screen
    assert any(re.search(r"\b1/3 \[\d\d:\d\d<\d\d:\d\d", f) for f in frames), frames  # elapsed < ETA
    assert re.search(r"3/3 .*\d+ pages", frames[-1]), frames[-1]
    assert "ok: " not in screen and "partial: " not in screen  # per-file lines stay off the bar's terminal
    assert "3 files: " in screen.split("\r\n")[-2]
