"""One run per catalogue: a second waits or exits 4 naming the holder; a dead holder's lock is taken over."""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.cli import EXIT_LOCKED
from ingest.lock import CatalogLocked, RunLock
from tests.conftest import ROOT, sample

SLOW = [sample(n, s) for n in ("000", "001", "003") for s in (".pdf", ".docx", ".txt")]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "ingest.cli", *args]


def _wait_for_holder(lock: Path, pid: int, limit: float = 60) -> dict:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            record = json.loads(lock.read_text() or "{}")
        except (OSError, ValueError):
            record = {}
        if record.get("pid") == pid:
            return record
        time.sleep(0.05)
    raise AssertionError("the first run never took the lock")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_second_run_exits_4_naming_the_holder_or_waits_with_wait(tmp_path):
    out = tmp_path / "out"
    first = subprocess.Popen(_cli("run", *map(str, SLOW), "--out", str(out), "--jobs", "1", "--quiet"),
                             cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        holder = _wait_for_holder(out / "catalog.sqlite.lock", first.pid)
        second = subprocess.run(_cli("run", str(sample("002")), "--out", str(out), "--quiet"),
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert second.returncode == EXIT_LOCKED
        message = second.stderr.strip()
        assert f"pid {first.pid}" in message and socket.gethostname() in message and holder["started"] in message
        assert "Traceback" not in message and len(message.splitlines()) == 1
        third = subprocess.run(_cli("run", *map(str, SLOW), "--out", str(out), "--quiet", "--wait"),
                               cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert third.returncode == 0, third.stderr
        assert f"{len(SLOW)} skipped" in third.stderr  # it ran after the first one, and found it all done
        with sqlite3.connect(out / "catalog.sqlite") as conn:
            (first_end,), (third_start,) = conn.execute("SELECT finished FROM runs ORDER BY id").fetchone(), \
                conn.execute("SELECT started FROM runs ORDER BY id DESC").fetchone()
        assert third_start >= first_end, "the waiting run went ahead while the first held the lock"
    finally:
        first.wait(timeout=300)
    assert first.returncode == 0, first.stderr.read()


def test_wait_with_seconds_gives_up_with_exit_4(tmp_path):
    state = tmp_path / "catalog.sqlite"
    with RunLock(state):
        started = time.monotonic()
        result = subprocess.run(_cli("run", str(sample("002")), "--state", str(state), "--quiet", "--wait", "1"),
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert time.monotonic() - started >= 1
    assert result.returncode == EXIT_LOCKED and f"pid {os.getpid()}" in result.stderr and "waited 1 s" in result.stderr


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path):
    state = tmp_path / "catalog.sqlite"
    lock = Path(f"{state}.lock")
    dead = _dead_pid()
    lock.write_text(json.dumps({"pid": dead, "host": socket.gethostname(), "started": "2020-01-01T00:00:00"}))
    result = subprocess.run(_cli("run", str(sample("002")), "--state", str(state), "--log", str(tmp_path / "log")),
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"took over the lock left by a run that did not end cleanly (pid {dead}" in result.stderr


def test_a_lock_held_by_orphans_of_a_dead_run_is_stale_and_replaced(tmp_path):
    """The recorded holder is dead, yet something (a leftover worker) still holds the flock."""
    state = tmp_path / "catalog.sqlite"
    lock = Path(f"{state}.lock")
    dead = _dead_pid()
    lock.write_text(json.dumps({"pid": dead, "host": socket.gethostname(), "started": "2020-01-01T00:00:00"}))
    orphan = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(lock)!r}, os.O_RDWR)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(120)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert orphan.stdout.readline().strip() == "held"
        with RunLock(state) as taken:
            assert taken.took_over["pid"] == dead
            with pytest.raises(CatalogLocked) as exc:  # and now it is really held
                RunLock(state).acquire()
            assert f"pid {os.getpid()}" in exc.value.message
    finally:
        orphan.kill()
        orphan.wait()


def test_a_live_holder_on_this_host_is_not_stale(tmp_path):
    state = tmp_path / "catalog.sqlite"
    with RunLock(state):
        with pytest.raises(CatalogLocked) as exc:
            RunLock(state).acquire()
    assert exc.value.holder["pid"] == os.getpid()
    with RunLock(state) as again:  # released cleanly: nothing to take over
        assert again.took_over is None
