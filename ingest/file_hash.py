"""A file's sha256 read in chunks: the catalogue's change test and every backend's doc_id (no heavy imports)."""
from __future__ import annotations

import hashlib


def file_sha256(path: str) -> str | None:
    """The sha256 of a file's bytes in hex, read in chunks (flat memory); None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
