"""The command line's exit: without the interpreter's teardown, but with everything said and written.

``python -m ingest.cli`` ends through ``ingest.cli.entry`` (os._exit after main): these runs
check that a pipe still gets the whole output, the --log file its last line, and the shell the
command's exit code."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess:
    # buffered streams, as a cron job or a shell pipe has them (PYTHONUNBUFFERED would hide a lost flush)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, "-m", "ingest.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)


def test_a_run_with_a_failed_file_exits_1_with_its_summary_on_the_pipe_and_in_the_log(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<")  # a truncated PDF
    good = ROOT / "samples" / "000_a0d45a5f047f39a2.txt"
    log = tmp_path / "run.log"
    done = _cli("run", str(broken), str(good), "--out", str(tmp_path / "out"), "--log", str(log))
    assert done.returncode == 1, done.stderr
    summary = "2 files: 1 ok, 0 partial, 0 no_table, 1 failed"
    assert summary in done.stderr.splitlines()[-1]
    assert summary in log.read_text(encoding="utf-8").splitlines()[-1]
    assert (tmp_path / "out" / "rows.csv").stat().st_size > 0


def test_status_output_reaches_a_pipe_whole(tmp_path):
    assert _cli("run", str(ROOT / "samples" / "000_a0d45a5f047f39a2.txt"), "--out", str(tmp_path), "--quiet").returncode == 0
    done = _cli("status", "--state", str(tmp_path / "catalog.sqlite"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"catalogue {tmp_path / 'catalog.sqlite'}: 1 files, 1 documents")
    assert done.stdout.endswith("\n")


def test_a_long_answer_reaches_a_pipe_whole():
    """Far more than a pipe's buffer of output: os._exit would drop what was not flushed."""
    texts = [f"до {day} марта 2025 года" for day in range(1, 29)] * 40
    done = _cli("dates", "--jsonl", *texts)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(texts) and len(done.stdout) > 64 * 1024
    assert all(line.startswith("{") and line.endswith("}") for line in lines)


def test_a_usage_error_still_exits_2():
    done = _cli("run")
    assert done.returncode == 2
    assert "required" in done.stderr
