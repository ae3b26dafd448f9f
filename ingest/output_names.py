"""The names of the files a run writes: the exports of each format and the catalogue's own files.

A module of its own so that folder discovery and the runner know them without importing the
writers (pandas, pyarrow and XlsxWriter take a while to load).
"""
from __future__ import annotations

TABLE_NAMES = ("documents", "rows", "executors")
EXPORT_FORMATS = ("jsonl", "csv", "xlsx", "parquet")
XLSX_NAME = "roadmap.xlsx"
FORMAT_FILES: dict[str, tuple[str, ...]] = {
    "jsonl": tuple(f"{t}.jsonl" for t in TABLE_NAMES),
    "csv": tuple(f"{t}.csv" for t in TABLE_NAMES),
    "parquet": tuple(f"{t}.parquet" for t in TABLE_NAMES),
    "xlsx": (XLSX_NAME,),
}
EXPORT_NAMES = frozenset(name for names in FORMAT_FILES.values() for name in names)
STATE_NAME = "catalog.sqlite"
# the catalogue with SQLite's companions and the run lock
STATE_NAMES = frozenset(STATE_NAME + tail for tail in ("", "-wal", "-shm", "-journal", ".lock"))
OUTPUT_NAMES = EXPORT_NAMES | STATE_NAMES
