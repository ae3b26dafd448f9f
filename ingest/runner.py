"""A run: bring the catalogue up to date with the input files, then regenerate the exports from it.

1. Scan: every input file is looked up in the catalogue (``ingest.catalog``). A file is extracted
   when it is new, its bytes changed (size and mtime are the fast path; when they differ the file
   is hashed, and the same hash only updates the stat), it was extracted by another pipeline
   version (``ingest.version``), or it failed last time. Otherwise it is skipped.
2. Extract: the files to extract go through a backend (``ingest.backends``: worker processes, a
   Dask cluster, or this process); each result is stored in one transaction. A file with the bytes
   of one already extracted is recorded without extracting it (its rows exist once, under the
   shared doc_id).
3. ``--prune``: files under the given folders that no longer exist are forgotten.
4. ``duplicate_of`` is refreshed, and when anything changed (or an export is missing) the exports
   are written from the catalogue, streamed, each file atomically.

The whole run holds the catalogue's lock (``ingest.lock``).
"""
from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ingest.catalog import Catalog, CatalogSource
from ingest.discover import collect_paths
from ingest.file_hash import file_sha256
from ingest.lock import RunLock, describe
from ingest.output_names import EXPORT_FORMATS, FORMAT_FILES, STATE_NAME
from ingest.path_text import key_to_path, path_key, path_label
from ingest.progress import Progress, log
from ingest.version import pipeline_version
from parsers.errors import MissingTool
from parsers.settings import Settings

if TYPE_CHECKING:  # the record only; the pipeline itself never loads in the main process
    from ingest.extraction_record import Extraction

DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY = 4 * 2**30  # per worker: 2 workers on 2 cores leave most of 24 GB to the system
EXECUTORS = ("local", "dask", "inline")
EXPORT_FILES = FORMAT_FILES  # deciding whether the exports are up to date does not import the writers
SCAN_BATCH = 500



class SchedulerUnreachable(MissingTool):
    """``--scheduler`` names no running Dask scheduler: an environment fault (exit code 3)."""


@dataclass
class RunSummary:
    files: int = 0  # input files found
    rows: int = 0  # rows extracted in this run
    by_status: Counter = field(default_factory=Counter)  # status of each file extracted in this run
    skipped: int = 0  # unchanged since last extracted
    duplicates: int = 0  # input files that are a copy of an earlier file (duplicate_of set)
    pruned: int = 0
    missing_tool: int = 0  # files failed because a required program is missing
    dataset_documents: int = 0
    dataset_rows: int = 0
    exported: bool = False  # the exports were (re)written
    state: str = ""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.by_status.get("failed", 0)

    @property
    def extracted(self) -> int:
        return sum(self.by_status.values())

    def line(self) -> str:
        parts = [f"{self.by_status.get(s, 0)} {s}" for s in ("ok", "partial", "no_table", "failed")]
        parts += [f"{self.skipped} skipped", f"{self.duplicates} duplicates"]
        if self.pruned:
            parts.append(f"{self.pruned} pruned")
        return (f"{self.files} files: {', '.join(parts)}; {self.rows} rows extracted, {self.dataset_rows} rows "
                f"in the dataset; {self.seconds:.1f} s")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["by_status"] = dict(self.by_status)
        return out


def formats_to_list(formats: Iterable[str] | str | None) -> list[str]:
    """Export formats from a list or "csv,xlsx" (None: all), in a fixed order; unknown names raise ValueError."""
    if formats is None:
        return list(EXPORT_FORMATS)
    if isinstance(formats, str):
        formats = formats.split(",")
    chosen = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in chosen if f not in EXPORT_FORMATS]
    if unknown or not chosen:
        raise ValueError(f"unknown export format {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(EXPORT_FORMATS)}")
    return [f for f in EXPORT_FORMATS if f in chosen]


def extract_file(path: str, settings: Settings | dict | None = None) -> Extraction:
    """Read one file and extract it; an unreadable or too large file gives a failed record, not an exception."""
    from ingest.backend_common import extract_path

    return extract_path(path, Settings.resolve(settings))


@dataclass(slots=True)
class _Task:
    path: str  # as given: what is opened
    key: str  # the catalogue's key (ingest.path_text.path_key: the absolute path as text)
    size: int | None
    mtime_ns: int | None
    prev_sha: str | None = None
    stat_only: bool = False  # only the stat changed: the same hash means nothing to extract

    @property
    def label(self) -> str:
        """The path as documents.source_path, the exports and the log show it."""
        return path_label(self.path)


def _scan(catalog: Catalog, files: list[str], version: str, force: bool, run_id: int) -> tuple[list[_Task], int]:
    """The files to extract, in input order; new files take their first-seen place here."""
    todo: list[_Task] = []
    skipped = 0
    seen: set[str] = set()
    for start in range(0, len(files), SCAN_BATCH):
        chunk = []
        for p in files[start:start + SCAN_BATCH]:
            key = path_key(p)
            if key not in seen:
                seen.add(key)
                chunk.append((p, key))
        known = catalog.files_by_path([k for _, k in chunk])
        with catalog.transaction():
            for p, key in chunk:
                try:
                    st = os.stat(p)
                    size, mtime = st.st_size, st.st_mtime_ns
                except OSError:
                    size = mtime = None
                rec = known.get(key)
                if rec is None:
                    catalog.register(key, run_id)
                    todo.append(_Task(p, key, size, mtime))
                    continue
                catalog.touch(key, run_id)
                if force or rec["status"] in (None, "pending", "failed") or rec["pipeline_version"] != version:
                    todo.append(_Task(p, key, size, mtime, rec["sha256"]))
                elif rec["size"] == size and rec["mtime_ns"] == mtime:
                    skipped += 1
                else:
                    todo.append(_Task(p, key, size, mtime, rec["sha256"], stat_only=True))
    return todo, skipped


def largest_first(tasks: list[_Task]) -> list[_Task]:
    """The files to extract, largest first (input order among equals).

    Longest-processing-time-first scheduling: a file's size is the cheapest guess of its cost (a scan
    is megabytes, a dump kilobytes), so the big files start while the small ones fill the gaps and no
    worker is left alone with a scan at the end. Only the order of work changes: the catalogue's
    first-seen order, and so the exports and ``duplicate_of``, follow the input order.
    """
    return sorted(tasks, key=lambda t: -(t.size or 0))


def probe_scheduler(address: str, seconds: float = 10.0) -> None:
    """Raise OSError at once when nothing listens at a tcp:// address (Dask's client would retry for
    its whole connect timeout); other schemes are left to Dask."""
    from urllib.parse import urlsplit

    if not address.startswith("tcp://"):
        return
    parts = urlsplit(address)
    try:
        host, port = parts.hostname, parts.port
    except ValueError:  # a port out of range: Dask says what is wrong with the address
        return
    if host and port:
        socket.create_connection((host, port), timeout=seconds).close()


def _backend(executor: str, workers: int, scheduler: str | None, timeout: float,
             max_memory: int | None) -> Callable[[Iterable], Iterator]:
    from ingest import backends

    if executor == "inline":
        return backends.iter_inline
    if executor == "dask":
        def on_dask(jobs: Iterable) -> Iterator:
            try:
                if scheduler:
                    probe_scheduler(scheduler)
                yield from backends.iter_dask(jobs, scheduler=scheduler, workers=workers, timeout=timeout,
                                              max_memory=max_memory)
            except OSError as exc:  # distributed's connection errors are OSErrors (files are read per job)
                raise SchedulerUnreachable(
                    f"the Dask scheduler {scheduler or '(local cluster)'} cannot be reached ({exc}); check the "
                    "address and that `dask scheduler` is running") from exc

        return on_dask
    return lambda jobs: backends.iter_local(jobs, workers=workers, timeout=timeout, max_memory=max_memory)


class _Extractor:
    """Runs the tasks through a backend and stores each result; byte-identical copies are not extracted."""

    def __init__(self, catalog: Catalog, state: Path, settings: Settings, version: str, run_id: int,
                 summary: RunSummary, progress: Progress, force: bool, backend: Callable,
                 all_handed_out: Callable[[], None] | None = None):
        self.catalog, self.settings, self.version, self.run_id = catalog, settings, version, run_id
        self.summary, self.progress, self.force, self.backend = summary, progress, force, backend
        self.all_handed_out = all_handed_out  # called when the backend asks for a job past the last
        self.reader = Catalog.reader(state)  # the job generator may run in a backend's thread
        self.decisions: deque = deque()
        self.deferred: list[_Task] = []
        self.pending: dict[str, tuple[_Task, str | None]] = {}
        self.inflight: set[str] = set()

    def run(self, tasks: list[_Task]) -> None:
        while tasks:
            self.deferred = []
            if tasks:
                from ingest.backends import Job

                for job, result in self.backend(self._jobs(tasks, Job)):
                    self._drain()
                    task, sha = self.pending.pop(job.key)
                    self.inflight.discard(sha)
                    self._store(task, sha, result)
            self._drain()
            tasks = self.deferred
        self.reader.close()

    def _jobs(self, tasks: list[_Task], Job) -> Iterator:
        for t in tasks:
            # a file over the size limit is failed unread by the backend: not hashed either
            sha = file_sha256(t.path) if t.size is not None and t.size <= self.settings.max_file_bytes else None
            if sha and t.stat_only and sha == t.prev_sha:
                self.decisions.append(("restat", t, sha, None))
                continue
            if sha and not self.force:
                source = self.reader.done_with_sha(sha, self.version)
                if source and source != t.key:
                    self.decisions.append(("copy", t, sha, source))
                    continue
                if sha in self.inflight:
                    self.deferred.append(t)  # its twin is being extracted: record it after
                    continue
                self.inflight.add(sha)
            self.pending[t.key] = (t, sha)
            yield Job(t.path, self.settings, key=t.key)
        if self.all_handed_out is not None:
            self.all_handed_out()

    def _stat(self, t: _Task, sha: str | None) -> dict[str, Any]:
        return {"size": t.size, "mtime_ns": t.mtime_ns, "sha256": sha, "pipeline_version": self.version}

    def _drain(self) -> None:
        while self.decisions:
            what, t, sha, source = self.decisions.popleft()
            if what == "restat":
                with self.catalog.transaction():
                    self.catalog.restat(t.key, t.size, t.mtime_ns, self.run_id)
                self.summary.skipped += 1
                self.progress.skip(t.label)
                continue
            document = self.catalog.document_of(source)
            if document is None:  # pruned meanwhile: extract it after all
                self.deferred.append(t)
                continue
            document.update(source_path=t.label, seconds=0.0, duplicate_of=None)
            with self.catalog.transaction():
                self.catalog.store(t.key, document, [], [], self._stat(t, sha), self.run_id, write_rows=False)
            self.summary.by_status[document["status"]] += 1
            self.progress.file(t.label, document)

    def _store(self, t: _Task, sha: str | None, result: Extraction) -> None:
        doc = result.document
        stat = self._stat(t, sha)
        if sha is None or (doc.get("doc_id") and doc["doc_id"] != sha[:16]):
            stat.update(sha256=None, size=None)  # changed while read: look at it again next run
        with self.catalog.transaction():
            self.catalog.store(t.key, doc, result.rows, result.executors, stat, self.run_id)
        self.summary.by_status[doc["status"]] += 1
        self.summary.rows += len(result.rows)
        if doc.get("error_kind") == "missing_tool":
            self.summary.missing_tool += 1
        traceback = getattr(result, "traceback", None)
        if traceback:
            log.debug(f"{t.label}: an unexpected error was recorded as a warning or failure", extra={"file_only": True})
        self.progress.file(t.label, doc, traceback)


def _prune(catalog: Catalog, roots: Iterable[str | os.PathLike]) -> int:
    gone = []
    for root in roots:
        gone += [k for k in catalog.paths_under(os.path.abspath(root)) if not os.path.lexists(key_to_path(k))]
    for start in range(0, len(gone), SCAN_BATCH):
        with catalog.transaction():
            for key in gone[start:start + SCAN_BATCH]:
                catalog.remove(key)
    return len(gone)


def export(catalog: Catalog, out: str | os.PathLike, formats: Iterable[str] | str | None = None,
           always: bool = False, cores: int = 1) -> tuple[bool, list[str]]:
    """Write the exports of the whole catalogue into ``out`` unless they are already up to date;
    with ``cores`` > 1 the workbook is written beside the other formats (writers.write_exports)."""
    chosen = formats_to_list(formats)
    out = Path(out)
    catalog.refresh_duplicates()
    key = f"exported:{out.resolve()}"
    done = catalog.meta(key) or {}
    present = all((out / name).exists() for fmt in chosen for name in EXPORT_FILES[fmt])
    if not always and present and done.get("generation") == catalog.generation \
            and set(chosen) <= set(done.get("formats", [])):
        return False, []
    from ingest.writers import write_exports

    generation = catalog.generation
    warnings = write_exports(out, CatalogSource(catalog.path), chosen, parallel=cores > 1)
    with catalog.transaction():
        catalog.set_meta(key, {"generation": generation, "formats": chosen})
    return True, warnings


class _WritersWarmer:
    """Loads the export writers (pyarrow with the pandas it loads, XlsxWriter: half a second of
    CPU) on a thread while the workers extract, so that the exports start at once when the last
    file is stored. A batch of a few files per core leaves a core idle for a good part of its end
    (the largest file still running): the load waits for that moment, when the last job has been
    handed out and a worker asks for one more, so that it does not take turns with the workers
    while every core extracts. A larger batch keeps every core busy almost to its end: the load
    starts at once. With fewer files than cores a core is spare from the start."""

    FILES_PER_CORE_TO_WAIT = 2  # up to this many files per core: wait for a spare core

    @classmethod
    def waits_for_a_spare_core(cls, files: int, cores: int) -> bool:
        return cores <= files <= cls.FILES_PER_CORE_TO_WAIT * cores

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, name="warm-writers", daemon=True)
                self._thread.start()

    def join(self) -> None:
        self.start()
        assert self._thread is not None
        self._thread.join()

    @staticmethod
    def _load() -> None:
        try:
            from ingest.writers import warm_up

            warm_up()
        except Exception:  # the export itself will say what is wrong
            pass


def run(paths: Iterable[str | os.PathLike], out: str | os.PathLike | None = None, jobs: int | None = None,
        settings: Settings | dict | None = None, progress: bool = True, *, state: str | os.PathLike | None = None,
        formats: Iterable[str] | str | None = None, force: bool = False, prune: bool = False,
        executor: str = "local", scheduler: str | None = None, timeout: float = DEFAULT_TIMEOUT,
        max_memory: int | None = DEFAULT_MAX_MEMORY, wait: float = 0.0, debug: bool = False,
        argv: list[str] | None = None) -> RunSummary:
    """Bring the catalogue (``state``, default ``out/catalog.sqlite``) up to date with ``paths`` and
    regenerate the exports in ``out``. Raises ``CatalogError`` (damaged / unknown version) and
    ``CatalogLocked`` (another run holds it)."""
    started = time.perf_counter()
    if out is None and state is None:
        raise ValueError("give an output folder or a catalogue path")
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
    settings = Settings.resolve(settings)
    paths = [str(p) for p in paths]
    state = Path(state) if state is not None else Path(out) / STATE_NAME
    version = pipeline_version(settings)
    files = collect_paths(paths)
    summary = RunSummary(files=len(files), state=str(state))
    with RunLock(state, wait=wait) as lock:
        if lock.took_over:
            log.info(f"took over the lock left by a run that did not end cleanly ({describe(lock.took_over)})")
        with Catalog(state) as catalog:
            run_id = catalog.start_run(argv)
            todo, summary.skipped = _scan(catalog, files, version, force, run_id)
            bar = Progress(enabled=progress, debug=debug)
            warmer: _WritersWarmer | None = None
            bar.start(len(todo), summary.skipped)
            try:
                if todo:
                    cores = jobs or os.cpu_count() or 1
                    if out is not None and executor != "inline":
                        warmer = _WritersWarmer()
                        if not warmer.waits_for_a_spare_core(len(todo), cores):
                            warmer.start()
                    workers = max(1, min(cores, len(todo)))
                    backend = _backend(executor, workers, scheduler, timeout, max_memory)
                    # fewer files than jobs: the spare cores OCR pages of one scan at once
                    pages = max(settings.max_ocr_page_workers, cores // len(todo))
                    file_settings = replace(settings, max_ocr_page_workers=pages)
                    _Extractor(catalog, state, file_settings, version, run_id, summary, bar, force, backend,
                               all_handed_out=warmer.start if warmer else None).run(largest_first(todo))
            finally:
                bar.close()
            if prune:
                summary.pruned = _prune(catalog, paths)
            catalog.refresh_duplicates()
            if out is not None:
                if warmer is not None:
                    warmer.join()
                summary.exported, warnings = export(catalog, out, formats, cores=jobs or os.cpu_count() or 1)
                summary.warnings += warnings
            summary.duplicates = catalog.count(
                "SELECT count(*) FROM documents d JOIN files f ON f.path = d.path "
                "WHERE f.last_run = ? AND d.duplicate_of IS NOT NULL", (run_id,))
            summary.dataset_documents = catalog.count("SELECT count(*) FROM documents")
            summary.dataset_rows = catalog.count("SELECT count(*) FROM rows")
            summary.seconds = time.perf_counter() - started
            catalog.finish_run(run_id, summary.to_dict(), dict(summary.by_status, skipped=summary.skipped))
    return summary
