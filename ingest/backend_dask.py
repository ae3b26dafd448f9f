"""The Dask backend: files extracted on a Dask distributed cluster, results streamed back.

The client reads each file and sends its bytes with the task (no shared filesystem is assumed;
the workers need roadmap-ingest installed, the same version). ``scheduler=None`` starts a
LocalCluster of ``workers`` processes, one thread each, ``max_memory`` bytes each (Dask's
nanny restarts a worker over it). On a running cluster the workers' own memory limits apply.

A worker lost in the middle of a file (crash, memory) makes the scheduler run the file again
elsewhere, up to ``distributed.scheduler.allowed-failures`` times (default 3); then the file is
failed. A file past ``timeout`` (counted from when a worker picked it up) is cancelled and the
worker that held it is restarted, since a running Python task cannot be stopped otherwise.
"""
from __future__ import annotations

import logging
import time
import uuid
import warnings
from typing import Iterable, Iterator

from ingest.backend_common import DEFAULT_EXTRACT, DaskMissing, ExtractFn, Job, failed_job, read_file, timeout_sentence
from ingest.extraction_record import Extraction, failed_extraction

try:
    import distributed
    from distributed import Client, LocalCluster
except ImportError as exc:  # the optional [dask] extra
    raise DaskMissing() from exc

PROCESSING_POLL_SECONDS = 1.0
IN_FLIGHT_PER_THREAD = 2

log = logging.getLogger(__name__)


def _read(job: Job) -> bytes | Extraction:
    return read_file(job.path, job.settings)  # too large by its size on disk: never read


def _lost_sentence(exc: BaseException) -> str:
    return ("the file made Dask workers die each time it was tried (a crash or the workers' memory limit) "
            f"and was given up: {exc}"[:500])


def iter_dask(jobs: Iterable[Job], *, scheduler: str | None, workers: int, timeout: float, max_memory: int | None,
              extract: ExtractFn = DEFAULT_EXTRACT) -> Iterator[tuple[Job, Extraction]]:
    """Extract each job on Dask; yield (job, extraction) in completion order, a bounded number in flight."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout}")
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               memory_limit=max_memory or 0, dashboard_address=":0")  # no fixed port to collide on
        client = Client(cluster)
    else:
        client = Client(scheduler, timeout=30)
    try:
        yield from _stream(client, iter(jobs), workers, timeout, extract)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _stream(client: "Client", source: Iterator[Job], workers: int, timeout: float,
            extract: ExtractFn) -> Iterator[tuple[Job, Extraction]]:
    threads = max(workers, sum(client.nthreads().values()))
    window = threads * IN_FLIGHT_PER_THREAD
    pending: dict[distributed.Future, Job] = {}
    started: dict[str, float] = {}  # future key -> when a worker took it
    exhausted = False
    last_poll = 0.0
    while True:
        while not exhausted and len(pending) < window:
            try:
                job = next(source)
            except StopIteration:
                exhausted = True
                break
            data = _read(job)
            if isinstance(data, Extraction):
                yield job, data
                continue
            with warnings.catch_warnings():  # a big file is a big task by design
                warnings.filterwarnings("ignore", message=".*Large object.*")
                future = client.submit(extract, data, job.path, job.settings, key=f"extract-{uuid.uuid4().hex}",
                                       pure=False, retries=0)
            pending[future] = job
        if not pending:
            return

        now = time.monotonic()
        if now - last_poll >= PROCESSING_POLL_SECONDS or not started:
            last_poll = now
            for keys in client.processing().values():
                for key in keys:
                    started.setdefault(key, now)
        deadlines = [started[f.key] + timeout for f in pending if f.key in started]
        wait_for = min([d - now for d in deadlines] + [PROCESSING_POLL_SECONDS])
        try:
            done, _ = distributed.wait(list(pending), timeout=max(wait_for, 0.01), return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()

        for future in done:
            job = pending.pop(future)
            started.pop(future.key, None)
            yield job, _outcome(future, job)
        now = time.monotonic()
        for future in [f for f in pending if f.key in started and now - started[f.key] > timeout]:
            job = pending.pop(future)
            seconds = now - started.pop(future.key)
            holders = [w for w, keys in client.processing().items() if future.key in keys]
            future.cancel()
            if holders:  # a running task cannot be stopped: restart the worker process that holds it
                try:
                    client.restart_workers(holders, raise_for_error=False)
                except Exception as exc:  # the file is failed either way; the cluster may recover
                    log.warning("could not restart Dask worker %s after a timeout: %s", holders, exc)
            yield job, failed_job(job, timeout_sentence(timeout), "timeout", seconds)


def _outcome(future: "distributed.Future", job: Job) -> Extraction:
    try:
        return future.result()
    except distributed.KilledWorker as exc:
        return failed_job(job, _lost_sentence(exc), "internal")
    except MemoryError:
        return failed_job(job, "the file needed more memory than the Dask worker could get (MemoryError)", "too_large")
    except Exception as exc:
        return failed_extraction(job.path, f"unexpected {type(exc).__name__} on the Dask worker: {exc}"[:500])
