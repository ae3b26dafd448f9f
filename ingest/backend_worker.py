"""The worker process of the local backend: read jobs on a pipe, extract, answer on a pipe.

Started by ingest.backend_local as ``python -c`` (not multiprocessing), so it imports only what
extraction needs: never the caller's ``__main__``, and never pandas, pyarrow or XlsxWriter.

Frames are an 8-byte big-endian length and a pickle. Parent to worker: sys.path, then the
extract function, then one ``(path, settings)`` per job. Worker to parent: ``("ready",)`` once
warm, then per job ``("ok", extraction)`` or ``("error", kind, message, traceback)``.
"""
from __future__ import annotations

import faulthandler
import gc
import os
import pickle
import struct
import sys
import threading
import time
import traceback
from typing import Any, BinaryIO

_HEADER = struct.Struct(">Q")


def write_frame(stream: BinaryIO, obj: Any) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def read_frame(stream: BinaryIO) -> Any:
    """The next object, or raise EOFError when the other side is gone (also mid-frame)."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the pipe closed")
    (size,) = _HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError("the pipe closed mid-frame")
    return pickle.loads(payload)


def _private_pipes() -> tuple[BinaryIO, BinaryIO]:
    """Keep the protocol pipes to ourselves: stray prints and child processes get stderr / /dev/null."""
    inp = os.fdopen(os.dup(0), "rb")  # os.dup gives non-inheritable descriptors (PEP 446)
    out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    os.close(devnull)
    sys.stdin = open(os.devnull)
    sys.stdout = sys.stderr
    return inp, out


def _answer(extract: Any, path: str, settings: Any) -> tuple:
    from ingest.backend_common import MEMORY_ERROR_SENTENCE, extract_path

    try:
        return ("ok", extract_path(path, settings, extract))
    except MemoryError:
        return ("error", "too_large", MEMORY_ERROR_SENTENCE, traceback.format_exc())
    except Exception as exc:
        message = f"unexpected {type(exc).__name__} in the worker while extracting the file: {exc}"[:500]
        return ("error", "internal", message, traceback.format_exc())


def _die_with_parent(period: float = 1.0) -> None:
    """A parent killed outright (SIGKILL) cannot stop us: end this worker and its process group then."""
    import signal

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(period)
            if os.getppid() != parent:
                os.killpg(os.getpgid(0), signal.SIGKILL)  # with it the tesseract it may be waiting for

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


# pdfminer makes hundreds of thousands of small objects per page, so CPython's default first
# threshold (700 allocations) runs a collection every few characters, each one also walking the
# word lists, pymorphy3 and the spaCy pipeline the worker keeps: a sixth of a text PDF's time.
# Collections every GC_FIRST_THRESHOLD allocations, and the warm state frozen out of them.
GC_FIRST_THRESHOLD = 50_000


def tune_gc_for_extraction() -> None:
    """Fewer young collections, and what is loaded so far never scanned again (gc.freeze)."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_FIRST_THRESHOLD, older, oldest)


def build_pipeline_meanwhile() -> threading.Thread:
    """Import spaCy and build the executor pipeline (0.6 s) on a thread while the first file is
    read: a scan's first page waits on tesseract, a process of its own, all that time, so the
    build costs no wall time there (elsewhere it only takes its turns at the interpreter)."""
    def build() -> None:
        try:
            from normalize.executors.nlp import executor_nlp

            executor_nlp()
        except Exception:  # the file that needs it will meet the same error and record it
            pass

    thread = threading.Thread(target=build, name="build-pipeline", daemon=True)
    thread.start()
    return thread


def _leave() -> None:
    """End the worker at once once the parent has no more jobs: every answer is sent, so the
    interpreter's teardown of spaCy, pymorphy3 and pdfminer (a sixth of a second, while the
    parent waits to write the exports) buys nothing. As multiprocessing ends its children."""
    sys.stderr.flush()
    os._exit(0)


def main() -> None:
    faulthandler.enable()  # a segfault leaves the Python stack on stderr for the parent to keep
    _die_with_parent()
    inp, out = _private_pipes()
    sys.path[:] = read_frame(inp)
    extract = read_frame(inp)
    import ingest.backend_common  # noqa: F401  warm up before saying ready
    import ingest.extraction  # noqa: F401

    tune_gc_for_extraction()
    write_frame(out, ("ready",))
    build_pipeline_meanwhile()
    while True:
        try:
            path, settings = read_frame(inp)
        except EOFError:
            _leave()
        answer = _answer(extract, path, settings)
        try:
            write_frame(out, answer)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            write_frame(out, ("error", "internal", f"the extraction result could not be sent back: {exc}"[:500], None))


if __name__ == "__main__":
    main()
