"""The record of one file's extraction, and the records of a file that gave nothing.

Light on purpose: the main process of a run, which only stores and exports what the workers
send, reads these without importing the parsers and normalisers (``ingest.extraction``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ingest.path_text import path_label
from ingest.schema import DOCUMENT_COLUMNS


@dataclass
class Extraction:
    """What one file gives: its documents record and its rows (plain JSON-ready dicts)."""

    document: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    executors: list[dict[str, Any]] = field(default_factory=list)  # the executors table's records
    # the formatted traceback of the first unexpected exception (document- or row-level), for the
    # log file; never printed to the console
    traceback: str | None = None


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def size_to_text(size: int) -> str:
    """Bytes in the largest unit that keeps a whole number in front: "200 MiB", "1.5 KiB", "900 bytes"."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def too_large_sentence(size: int, limit: int) -> str:
    """The file-size limit's sentence, with both sizes told apart even when they round alike."""
    shown, cap = size_to_text(size), size_to_text(limit)
    if shown == cap:
        shown, cap = f"{size:,} bytes", f"{limit:,} bytes"
    return f"the file is {shown}, over the {cap} limit (raise it with --max-file-mb)"


def empty_document(data: bytes | None, source_path: str) -> dict[str, Any]:
    """A documents record with every column, nothing extracted yet (no doc_id without the bytes);
    a file name that is not UTF-8 is shown with its odd bytes as \\xNN (ingest.path_text)."""
    doc = {c: None for c in DOCUMENT_COLUMNS}
    doc.update(doc_id=doc_id_of(data) if data is not None else None, source_path=path_label(source_path), rows=0,
               abbreviations={}, warnings=[])
    return doc


def failed_extraction(source_path: str, message: str, kind: str = "internal", data: bytes | None = None,
                      seconds: float = 0.0) -> Extraction:
    """The record of a file that gave nothing: status failed, one sentence and its kind."""
    doc = empty_document(data, source_path)
    doc.update(status="failed", error=message, error_kind=kind, seconds=round(seconds, 3))
    return Extraction(doc)
