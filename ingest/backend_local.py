"""The local backend: each file in a worker process with a timeout and a memory cap.

Workers are plain ``python`` child processes (see ingest.backend_worker) speaking pickles over
pipes, so the parent knows which process holds which file: a crash (segfault, os._exit), a file
past its timeout or over the memory cap fails that file only, the worker (and everything it
started: tesseract, LibreOffice) is killed and a fresh one takes its place.

The memory cap is the summed resident memory of the worker and all its descendant processes,
sampled every quarter second; tesseract and LibreOffice run as child processes, so they count.
No rlimit is set, as children would inherit it and LibreOffice reserves far more address space
than it uses. A MemoryError inside the worker is reported the same way (kind too_large).
"""
from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import IO, Iterable, Iterator

import psutil

from ingest.backend_common import (DEFAULT_EXTRACT, ExtractFn, Job, failed_job, memory_sentence,
                                   timeout_sentence)
from ingest.backend_worker import read_frame, write_frame
from ingest.extraction_record import Extraction

MEMORY_POLL_SECONDS = 0.25
START_TIMEOUT_SECONDS = 120.0  # importing spaCy and friends on a busy machine
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_BOOT = f"import sys; sys.path.insert(0, {_PACKAGE_ROOT!r}); from ingest.backend_worker import main; main()"


class WorkerStartError(RuntimeError):
    """A worker process could not start: an environment fault, not a file's."""


def _tail(f: IO[bytes], limit: int = 4000) -> str:
    f.flush()
    f.seek(0)
    return f.read()[-limit:].decode("utf-8", "replace")


def descendants(pid: int) -> list[psutil.Process]:
    """Every process below ``pid`` (also those that started a session of their own, like LibreOffice)."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (0 when it is gone)."""
    try:
        procs = [psutil.Process(pid)] + descendants(pid)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


class _Worker:
    def __init__(self, extract: ExtractFn) -> None:
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-c", _BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, start_new_session=True)  # no terminal Ctrl-C
        self.started = time.monotonic()
        self.ready = False
        self.job: Job | None = None
        self.job_started = 0.0
        write_frame(self.proc.stdin, list(sys.path))
        write_frame(self.proc.stdin, extract)

    def send(self, job: Job) -> bool:
        """Hand over a job; False when the worker is already gone (the job was not taken)."""
        self.stderr.seek(0)
        self.stderr.truncate()
        try:
            write_frame(self.proc.stdin, (job.path, job.settings))
        except OSError:
            return False
        self.job, self.job_started = job, time.monotonic()
        return True

    def elapsed(self) -> float:
        return time.monotonic() - self.job_started

    def died(self) -> str:
        """The worker's end as a sentence fragment; its leftover children are killed, it is reaped."""
        self._kill_group()
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self.proc.wait()
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"

    def _kill_group(self) -> None:
        # only while not reaped: the zombie keeps its pid (and so its group id) from being reused
        if self.proc.returncode is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass

    def _kill(self) -> None:
        """SIGKILL the worker, its process group and every descendant; the worker is reaped by Popen only."""
        below = descendants(self.proc.pid)  # listed first: once the worker dies they are orphans
        self._kill_group()
        for p in below:
            try:
                p.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(below, timeout=5)

    def close(self, kill: bool = False) -> None:
        if self.proc.returncode is None and not kill:
            try:
                self.proc.stdin.close()  # the worker's read sees EOF and it returns
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                kill = True
        if self.proc.returncode is None and kill:
            self._kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.stderr):
            try:
                f.close()
            except OSError:
                pass


def iter_local(jobs: Iterable[Job], *, workers: int, timeout: float, max_memory: int | None,
               extract: ExtractFn = DEFAULT_EXTRACT) -> Iterator[tuple[Job, Extraction]]:
    """Extract each job in a worker process; yield (job, extraction) in completion order.

    At most ``workers`` jobs are taken from ``jobs`` ahead of the results. ``extract`` is a
    picklable ``(data, path, settings) -> Extraction`` (tests pass functions that crash or hang).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout}")
    source = iter(jobs)
    exhausted = False
    waiting: deque[Job] = deque()
    pool: list[_Worker] = []
    selector = selectors.DefaultSelector()
    last_memory_poll = 0.0

    def start() -> None:
        w = _Worker(extract)
        pool.append(w)
        selector.register(w.proc.stdout, selectors.EVENT_READ, w)

    def retire(w: _Worker, kill: bool) -> None:
        selector.unregister(w.proc.stdout)
        pool.remove(w)
        w.close(kill=kill)

    def give_up(w: _Worker, message: str, kind: str, keep_trace: bool = True) -> tuple[Job, Extraction]:
        job, seconds = w.job, w.elapsed()
        trace = _tail(w.stderr) if keep_trace else None
        retire(w, kill=True)
        return job, failed_job(job, message, kind, seconds, trace)

    try:
        while True:
            busy = sum(1 for w in pool if w.job is not None)
            while not exhausted and len(waiting) + busy < workers:
                try:
                    waiting.append(next(source))
                except StopIteration:
                    exhausted = True
            if not waiting and busy == 0 and exhausted:
                return
            while len(pool) < min(workers, len(waiting) + busy):
                start()
            for w in list(pool):
                if w.ready and w.job is None and waiting:
                    if w.send(waiting[0]):
                        waiting.popleft()
                    else:
                        retire(w, kill=True)  # it died idle; a fresh one starts on the next turn

            finished: list[tuple[Job, Extraction]] = []
            now = time.monotonic()
            deadlines = [w.job_started + timeout for w in pool if w.job is not None]
            wake = min(deadlines, default=now + 1.0)
            if max_memory:
                wake = min(wake, now + MEMORY_POLL_SECONDS)
            for key, _ in selector.select(max(0.0, wake - now)):
                finished += _on_readable(key.data, give_up, retire)

            now = time.monotonic()
            for w in list(pool):
                if w.job is None:
                    if not w.ready and now - w.started > START_TIMEOUT_SECONDS:
                        trace = _tail(w.stderr)
                        retire(w, kill=True)
                        raise WorkerStartError(f"a worker process did not start in {START_TIMEOUT_SECONDS:g} s: "
                                               f"{trace.strip()[-300:]}")
                    continue
                if w.elapsed() > timeout:  # results that arrived meanwhile were read just above
                    finished.append(give_up(w, timeout_sentence(timeout), "timeout"))
            if max_memory and now - last_memory_poll >= MEMORY_POLL_SECONDS:
                last_memory_poll = now
                for w in [w for w in pool if w.job is not None]:
                    if tree_rss(w.proc.pid) > max_memory:
                        finished.append(give_up(w, memory_sentence(max_memory), "too_large", keep_trace=False))
            yield from finished
    finally:
        for w in list(pool):
            retire(w, kill=True)
        selector.close()


def _on_readable(w: _Worker, give_up, retire) -> list[tuple[Job, Extraction]]:
    # One frame per readable event is enough: a worker answers once per frame it is sent (after its
    # first "ready"), so no second frame can be waiting in the reader's buffer unseen by select().
    try:
        message = read_frame(w.proc.stdout)
    except EOFError:
        if w.job is None:  # died before or between jobs
            trace = _tail(w.stderr)
            how = w.died()
            retire(w, kill=True)
            if not w.ready:
                raise WorkerStartError(f"a worker process could not start ({how}): {trace.strip()[-300:]}")
            return []
        how = w.died()
        return [give_up(w, f"the worker process died ({how}) while extracting the file; "
                           "the file may be damaged or trigger a bug in a parser", "internal")]
    if message[0] == "ready":
        w.ready = True
        return []
    job, seconds = w.job, w.elapsed()
    w.job = None
    if message[0] == "ok":
        return [(job, message[1])]
    _, kind, sentence, trace = message
    return [(job, failed_job(job, sentence, kind, seconds, trace))]
