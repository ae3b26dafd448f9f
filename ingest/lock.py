"""One run per catalogue: an ``fcntl.flock`` on ``<catalogue>.lock`` and a JSON record of its holder.

The kernel drops a flock when its process ends, however it ends (SIGKILL included), so a lock left
by a killed run is simply free: the next run takes it over and says so. The record (pid, host,
start time) is only there to name the holder in the message of a run that finds the lock taken.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import time
from pathlib import Path

from ingest.catalog import now_iso


class CatalogLocked(Exception):
    """Another run holds the catalogue's lock."""

    def __init__(self, message: str, holder: dict):
        super().__init__(message)
        self.message = message
        self.holder = holder


def lock_path_of(state: str | os.PathLike) -> Path:
    return Path(f"{state}.lock")


def describe(holder: dict) -> str:
    if not holder:
        return "another process (its record is unreadable)"
    return f"pid {holder.get('pid')} on {holder.get('host')}, started {holder.get('started')}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True


class RunLock:
    """``with RunLock(state, wait=0):`` holds the catalogue for one run.

    ``wait`` is how many seconds to wait for a busy lock (``math.inf``: as long as it takes; 0: fail
    at once with ``CatalogLocked``). A lock whose recorded holder is dead on this host but is still
    held (by leftover worker processes of a killed run) is stale: its file is replaced.
    """

    def __init__(self, state: str | os.PathLike, wait: float = 0.0, poll: float = 0.2):
        self.path = lock_path_of(state)
        self.wait = wait
        self.poll = poll
        self.fd: int | None = None
        self.took_over: dict | None = None  # the record of a dead holder whose lock was taken over

    @staticmethod
    def _record(fd: int) -> dict:
        try:
            return json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def holder(self) -> dict | None:
        """The record of a run holding the lock now (judged by the record, without touching the lock)."""
        try:
            holder = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return None
        return holder if holder.get("pid") and not self._stale(holder) else None

    def _stale(self, holder: dict) -> bool:
        return (holder.get("host") == socket.gethostname() and isinstance(holder.get("pid"), int)
                and not _pid_alive(holder["pid"]))

    def _same_file(self, fd: int) -> bool:
        try:
            return os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            return False

    def acquire(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.wait
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._record(fd)
                if self._stale(holder) and self._same_file(fd):
                    os.unlink(self.path)  # held only by orphans of a dead run: start a fresh lock file
                    os.close(fd)
                    self.took_over = holder
                    continue
                os.close(fd)
                if time.monotonic() >= deadline:
                    waited = f" (waited {self.wait:g} s)" if self.wait else ""
                    raise CatalogLocked(
                        f"the catalogue {str(self.path)[:-len('.lock')]} is in use by {describe(holder)}{waited}; "
                        "wait for that run to end or pass --wait SECONDS", holder) from None
                time.sleep(self.poll)
                continue
            if not self._same_file(fd):  # replaced between open and flock: try the new file
                os.close(fd)
                continue
            break
        previous = self._record(fd)
        if previous.get("pid"):  # free, yet a record: its holder ended without releasing (killed)
            self.took_over = previous
        record = {"pid": os.getpid(), "host": socket.gethostname(), "started": now_iso()}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)  # an empty record: released cleanly
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "RunLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
