"""Where extraction runs: in this process, in local worker processes, or on a Dask cluster.

    from ingest.backends import Job, iter_inline, iter_local, iter_dask
    for job, extraction in iter_local(jobs, workers=2, timeout=300, max_memory=4 * 2**30): ...

Every backend yields each job exactly once as ``(job, extraction)``, in completion order,
taking jobs lazily from the iterable (a bounded number ahead of the results). A file that
crashes its worker, runs past ``timeout`` or over ``max_memory`` gives a failed extraction
(kind internal / timeout / too_large, with a sentence) and the others go on. ``extract`` is
the function run on each file's bytes, ``(data, path, settings) -> Extraction``; it must be
picklable and defaults to ingest.extraction.extract_bytes.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ingest.backend_common import DEFAULT_EXTRACT, ExtractFn, Job, extract_path
from ingest.backend_local import WorkerStartError, iter_local
from ingest.extraction_record import Extraction, failed_extraction


def iter_inline(jobs: Iterable[Job], *, extract: ExtractFn = DEFAULT_EXTRACT) -> Iterator[tuple[Job, Extraction]]:
    """Each job in this process, one after the other: no isolation, no timeout (library calls, debugging)."""
    for job in jobs:
        try:
            result = extract_path(job.path, job.settings, extract)
        except Exception as exc:  # extract_bytes never raises; a caller's own extract might
            result = failed_extraction(job.path, f"unexpected {type(exc).__name__} while extracting the file: {exc}"[:500])
        yield job, result


def iter_dask(jobs: Iterable[Job], *, scheduler: str | None, workers: int, timeout: float, max_memory: int | None,
              extract: ExtractFn = DEFAULT_EXTRACT) -> Iterator[tuple[Job, Extraction]]:
    """Each job on a Dask cluster (``scheduler`` address, or a LocalCluster when None); see ingest.backend_dask."""
    from ingest.backend_dask import iter_dask as _iter_dask  # needs the [dask] extra

    return _iter_dask(jobs, scheduler=scheduler, workers=workers, timeout=timeout, max_memory=max_memory,
                      extract=extract)


__all__ = ["Job", "iter_inline", "iter_local", "iter_dask", "WorkerStartError"]
