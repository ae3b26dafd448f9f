"""Run extraction over files and folders, in parallel worker processes, and write the dataset."""
from __future__ import annotations

import os
import sys
import time
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ingest.extraction import Extraction, extract_bytes, failed_extraction
from ingest.writers import JsonlWriter, read_jsonl, write_tables
from parsers.settings import Settings

OUTPUT_NAMES = {"documents.jsonl", "rows.jsonl", "documents.csv", "rows.csv", "roadmap.xlsx",
                "documents.parquet", "rows.parquet", "executors.csv", "executors.jsonl", "executors.parquet"}


@dataclass
class RunSummary:
    files: int = 0
    rows: int = 0
    by_status: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.by_status.get("failed", 0)

    def line(self) -> str:
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(self.by_status.items()))
        return f"{self.files} files ({statuses or 'none'}), {self.rows} rows in {self.seconds:.1f} s"


def collect_paths(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Files as given, and every file under each folder (recursive, hidden files skipped)."""
    out: list[str] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts) \
                        and child.name not in OUTPUT_NAMES:
                    out.append(str(Path(given) / rel))
        else:
            out.append(str(given))
    return out


def extract_file(path: str, settings: Settings | None = None) -> Extraction:
    """Read one file and extract it; an unreadable file gives a failed record, not an exception."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return failed_extraction(path, f"the file cannot be read: {exc.strerror or exc}", "corrupt_file")
    return extract_bytes(data, path, settings)


def _crashed(path: str) -> Extraction:
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = None
    return failed_extraction(path, "the worker process crashed while reading this file (a damaged or hostile file)",
                             "internal", data)


def extract_many(paths: list[str], settings: Settings, jobs: int) -> Iterator[tuple[str, Extraction]]:
    """Results in input order; a crashed worker fails only the file it was reading."""
    if jobs <= 1:
        for p in paths:
            yield p, extract_file(p, settings)
        return
    window = jobs * 4
    index = 0
    pool = ProcessPoolExecutor(max_workers=jobs)
    pending: list[tuple[str, Future]] = []
    try:
        while index < len(paths) or pending:
            while index < len(paths) and len(pending) < window:
                pending.append((paths[index], pool.submit(extract_file, paths[index], settings)))
                index += 1
            path, future = pending.pop(0)
            try:
                yield path, future.result()
            except BrokenProcessPool:
                yield path, _crashed(path)
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=jobs)
                retry = [p for p, _ in pending]
                pending = [(p, pool.submit(extract_file, p, settings)) for p in retry]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _progress(total: int) -> Callable[[str, Extraction], None]:
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="file", file=sys.stderr)

        def tick(path: str, result: Extraction) -> None:
            bar.update(1)
            bar.set_postfix_str(f"{result.document['status']} {Path(path).name}"[:40])
            if bar.n == total:
                bar.close()

        return tick
    count = [0]

    def line(path: str, result: Extraction) -> None:
        count[0] += 1
        d = result.document
        detail = f"{d['rows']} rows" if d["status"] != "failed" else d["error"]
        print(f"[{count[0]}/{total}] {d['status']}: {path} ({detail}, {d['seconds']:.1f} s)", file=sys.stderr)

    return line


def run(paths: Iterable[str | os.PathLike], out: str | os.PathLike, jobs: int | None = None,
        settings: Settings | dict | None = None, progress: bool = True) -> RunSummary:
    """Extract every file under ``paths`` and write the dataset into ``out``."""
    started = time.perf_counter()
    settings = Settings.resolve(settings)
    files = collect_paths(paths)
    out = Path(out)
    jobs = jobs or os.cpu_count() or 1
    summary = RunSummary(files=len(files))
    tick = _progress(len(files)) if progress else (lambda p, r: None)
    documents_out, rows_out = JsonlWriter(out / "documents.jsonl"), JsonlWriter(out / "rows.jsonl")
    executors: list[dict] = []
    try:
        for path, result in extract_many(files, settings, min(jobs, max(len(files), 1))):
            documents_out.write(result.document)
            for row in result.rows:
                rows_out.write(row)
            executors += result.executors
            summary.by_status[result.document["status"]] += 1
            summary.rows += len(result.rows)
            tick(path, result)
        documents_out.commit()
        rows_out.commit()
    finally:
        documents_out.abort()
        rows_out.abort()
    summary.warnings += write_tables(out, read_jsonl(out / "documents.jsonl"), read_jsonl(out / "rows.jsonl"),
                                     executors)
    summary.seconds = time.perf_counter() - started
    return summary
