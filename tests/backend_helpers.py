"""Picklable stand-ins for extract_bytes that misbehave on purpose, for tests/test_backends.py.

Each has extract_bytes' signature ``(data, path, settings) -> Extraction`` and misbehaves only
for files whose name contains its trigger word, so one run mixes good and bad jobs.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ingest.extraction import extract_bytes

HEAVY_MODULES = ("pandas", "pyarrow", "openpyxl")


def _triggered(path: str, word: str) -> bool:
    return word in Path(path).name


def crash_on_crash(data, path, settings):
    if _triggered(path, "crash"):
        os._exit(3)
    return extract_bytes(data, path, settings)


def segfault_on_crash(data, path, settings):
    if _triggered(path, "crash"):
        import ctypes

        ctypes.string_at(0)  # reads address 0: SIGSEGV
    return extract_bytes(data, path, settings)


def hang_on_hang(data, path, settings):
    if _triggered(path, "hang"):
        time.sleep(600)
    return extract_bytes(data, path, settings)


def hang_in_child_on_hang(data, path, settings):
    """A hang inside a grandchild process, as a stuck tesseract would; its pid goes to a file."""
    if _triggered(path, "hang"):
        import subprocess

        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        Path(path + ".pid").write_text(str(child.pid))
        child.wait()
    return extract_bytes(data, path, settings)


def grow_on_big(data, path, settings):
    """Touch 600 MiB (written, so it is resident) then wait to be stopped."""
    if _triggered(path, "big"):
        hog = [b"\x01" * (1 << 20) for _ in range(600)]
        time.sleep(60)
        return hog
    return extract_bytes(data, path, settings)


def memory_error_on_big(data, path, settings):
    if _triggered(path, "big"):
        raise MemoryError()
    return extract_bytes(data, path, settings)


def raise_on_bad(data, path, settings):
    if _triggered(path, "bad"):
        raise RuntimeError("a deliberate failure")
    return extract_bytes(data, path, settings)


def crash_first_time(data, path, settings):
    """Kill the worker process the first time a file is seen (a marker file beside it), then extract."""
    marker = Path(path + ".crashed")
    if _triggered(path, "crash") and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(3)
    return extract_bytes(data, path, settings)


def report_heavy_modules(data, path, settings):
    """Extract, and record in the warnings which of the writers' heavy modules the worker has loaded."""
    result = extract_bytes(data, path, settings)
    result.document["warnings"] = [f"loaded {m}" for m in HEAVY_MODULES if m in sys.modules]
    return result
