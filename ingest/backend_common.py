"""What every backend shares: the job, reading its file, and the sentences of a failed file."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from ingest.extraction_record import Extraction, failed_extraction, too_large_sentence
from ingest.file_hash import file_sha256
from parsers.errors import FileTooLarge, MissingTool
from parsers.settings import Settings

# extract(data, path, settings) -> Extraction; must be picklable (a module-level function)
ExtractFn = Callable[[bytes, str, Settings], Extraction]


def extract_with_pipeline(data: bytes, source_path: str, settings: Settings) -> Extraction:
    """``ingest.extraction.extract_bytes``, imported where it runs: the main process that sends the
    jobs (by this function's name) never loads the parsers, the normalisers and spaCy."""
    from ingest.extraction import extract_bytes

    return extract_bytes(data, source_path, settings)


DEFAULT_EXTRACT: ExtractFn = extract_with_pipeline


@dataclass(frozen=True)
class Job:
    """One file to extract. ``key`` is the caller's id for it (the path unless given)."""

    path: str
    settings: Settings
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.path)


def path_to_doc_id(path: str) -> str | None:
    """The doc_id of a file's bytes (as ingest.extraction.doc_id_of); None if unreadable."""
    sha = file_sha256(path)
    return sha[:16] if sha else None


def unreadable(path: str, exc: OSError) -> Extraction:
    return failed_extraction(path, f"the file cannot be read: {exc.strerror or exc}", "corrupt_file")


def read_file(path: str, settings: Settings | dict | None) -> bytes | Extraction:
    """The file's bytes, or a failed record: unreadable, or over ``max_file_bytes`` by its size on
    disk (checked before anything is read, so a huge file never reaches memory)."""
    settings = Settings.resolve(settings)
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > settings.max_file_bytes:
                return failed_extraction(path, too_large_sentence(size, settings.max_file_bytes), FileTooLarge.kind)
            return f.read(settings.max_file_bytes + 1)
    except OSError as exc:
        return unreadable(path, exc)


def extract_path(path: str, settings: Settings, extract: ExtractFn = DEFAULT_EXTRACT) -> Extraction:
    """Read one file and extract it; an unreadable or too large file gives a failed record, not an exception."""
    data = read_file(path, settings)
    if isinstance(data, Extraction):
        return data
    return extract(data, path, settings)


def failed_job(job: Job, message: str, kind: str, seconds: float = 0.0, traceback: str | None = None) -> Extraction:
    """The record of a job its backend had to give up on (crash, timeout, memory cap)."""
    result = failed_extraction(job.path, message, kind, seconds=seconds)
    result.document["doc_id"] = path_to_doc_id(job.path)
    if traceback and hasattr(result, "traceback"):
        result.traceback = traceback
    return result


def timeout_sentence(timeout: float) -> str:
    return (f"extracting the file took longer than {timeout:g} s and was stopped; "
            "raise the limit with --timeout if the file is just large")


def memory_sentence(max_memory: int) -> str:
    return (f"extracting the file used more than {max_memory // 2**20} MiB of memory and was stopped; "
            "raise the limit with --max-memory if the file is just large")


MEMORY_ERROR_SENTENCE = ("the file needed more memory than the worker could get (MemoryError); "
                         "raise the limit with --max-memory if the file is just large")


class DaskMissing(MissingTool):
    """``--executor dask`` without the optional Dask packages (an environment fault, exit code 3)."""

    def __init__(self, message: str = "Dask is not installed; install it with pip install 'roadmap-ingest[dask]'"):
        super().__init__(message)
