"""File paths as text that the catalogue, the exports and the log can hold.

A file name on Linux is bytes. Python hands a name that is not UTF-8 (a Windows-1251 name copied
from a share, an old archive) to us as a str with surrogate escapes, which SQLite, UTF-8 JSON and
every export refuse. So:

- ``path_key(path)``, the catalogue's key of a file: its absolute path when that is valid text;
  otherwise ``fsbytes:`` and the path's bytes percent-encoded. ``key_to_path`` turns either back
  into the path to open (``--prune`` and the report look at the file again). An absolute path
  begins with "/", so the two forms never meet.
- ``path_label(path)``, what ``documents.source_path``, the exports and the log show: the path,
  with each byte that is not UTF-8 written as ``\\xNN``.
"""
from __future__ import annotations

import os
from urllib.parse import quote_from_bytes, unquote_to_bytes

BYTES_KEY = "fsbytes:"


def is_text(path: str) -> bool:
    """Whether the path is valid Unicode (no surrogate escapes of undecodable bytes)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def path_key(path: str) -> str:
    """The catalogue's key of a file: its absolute path, or its bytes when they are not UTF-8."""
    absolute = os.path.abspath(path)
    if is_text(absolute):
        return absolute
    return BYTES_KEY + quote_from_bytes(os.fsencode(absolute), safe="/")


def key_to_path(key: str) -> str:
    """The path to open for a catalogue key (``path_key`` undone)."""
    if key.startswith(BYTES_KEY):
        return os.fsdecode(unquote_to_bytes(key[len(BYTES_KEY):]))
    return key


def path_label(path: str) -> str:
    """The path as a person reads it: undecodable bytes as ``\\xNN``."""
    if is_text(path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")
