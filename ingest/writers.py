"""Write the dataset: JSONL, CSV (UTF-8 with BOM), Parquet and XLSX, streamed and each atomically.

``write_exports(out, source, formats)`` is the one entry point: ``source`` is any object whose
``documents()``, ``rows()`` and ``executors()`` each return a new iterator of JSON-ready records
(``MemorySource`` over lists, ``JsonlFolderSource`` over a run's JSONL files, or the catalogue).
Every writer streams, so memory stays flat in the number of rows. Every file is written under a
temporary name beside its target and renamed into place, so a reader never sees a half-written
file and a crash leaves the previous file; a file whose new content equals the old one is left
untouched. Files get the permissions the user's umask gives (not ``mkstemp``'s 0600).
CSV and XLSX are safe to open: text that a spreadsheet would run as a formula is prefixed with
``'`` (see ``ingest.export_cells``); JSONL and Parquet keep the raw text.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import filecmp
import json
import os
import tempfile
import zipfile
from contextlib import contextmanager
from csv import writer as csv_writer
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.export_cells import value_to_csv_cell
from ingest.output_names import EXPORT_FORMATS, EXPORT_NAMES, FORMAT_FILES, TABLE_NAMES, XLSX_NAME
from ingest.schema import DOCUMENT_COLUMNS, EXECUTOR_COLUMNS, ROW_COLUMNS, arrow_schema
from ingest.xlsx_book import EXCEL_MAX_ROWS, write_workbook

PARQUET_BATCH_ROWS = 1_000  # records turned into Arrow at a time
PARQUET_ROW_GROUP_ROWS = 65_536
COLUMNS = {"documents": DOCUMENT_COLUMNS, "rows": ROW_COLUMNS, "executors": EXECUTOR_COLUMNS}
DOCUMENT_SCHEMA = arrow_schema("documents")
ROW_SCHEMA = arrow_schema("rows")
EXECUTOR_SCHEMA = arrow_schema("executors")
SCHEMAS = {"documents": DOCUMENT_SCHEMA, "rows": ROW_SCHEMA, "executors": EXECUTOR_SCHEMA}
_XLSX_VOLATILE = {"docProps/core.xml"}  # holds the save time, not the data

__all__ = ["EXCEL_MAX_ROWS", "EXPORT_FORMATS", "EXPORT_NAMES", "FORMAT_FILES", "ExportError", "JsonlFolderSource",
           "JsonlWriter", "MemorySource", "atomic_path", "iter_jsonl", "read_jsonl", "write_csv", "write_exports",
           "write_jsonl", "write_parquet", "write_tables"]


class ExportError(ValueError):
    """The exports cannot be written from what was given (unknown format, missing or broken input)."""


# ---------------------------------------------------------------- atomic files

def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_parts(folder: Path) -> None:
    """Delete the temporary files (``.NAME.xxxx.part``) a run killed while exporting left beside
    the exports; the run's lock keeps any other writer of this catalogue out meanwhile."""
    for name in EXPORT_NAMES:
        for part in folder.glob(f".{name}.*.part"):
            part.unlink(missing_ok=True)


def _temp_beside(target: Path) -> tuple[int, Path]:
    """An open temporary file in ``target``'s folder, with the mode a plain ``open`` would give."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.fchmod(fd, 0o666 & ~_umask())
    return fd, Path(tmp)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _zip_entries(path: Path) -> dict[str, tuple[int, int]]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: (i.CRC, i.file_size) for i in z.infolist() if i.filename not in _XLSX_VOLATILE}


def same_content(new: Path, old: Path) -> bool:
    """Whether ``new`` holds what ``old`` holds (for a workbook: the same parts, save time aside)."""
    if not old.is_file():
        return False
    if new.suffix == ".xlsx" or old.suffix == ".xlsx":
        try:
            return _zip_entries(new) == _zip_entries(old)
        except (zipfile.BadZipFile, OSError):
            return False
    return filecmp.cmp(new, old, shallow=False)


@contextmanager
def atomic_path(target: Path, keep_unchanged: bool = False) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only when the block succeeds.

    With ``keep_unchanged`` a result equal to the existing file is dropped, leaving the file (and
    its modification time) as it was.
    """
    target = Path(target)
    fd, tmp = _temp_beside(target)
    os.close(fd)
    try:
        yield tmp
        if keep_unchanged and same_content(tmp, target):
            return
        _fsync(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


class JsonlWriter:
    """Appends records to a ``.part`` file as they come; ``commit`` renames it into place."""

    def __init__(self, target: Path):
        self.target = Path(target)
        fd, self.tmp = _temp_beside(self.target)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        if self.tmp.exists():
            self.tmp.unlink()


# ---------------------------------------------------------------- sources

def _jsonl_lines(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExportError(f"{path} line {number} is not JSON ({exc.msg}); "
                                  "write the folder again with `roadmap-ingest run`") from None


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSONL file one at a time; a missing file is an ``ExportError`` at once."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path} is missing; run `roadmap-ingest run` into {path.parent} first")
    return _jsonl_lines(path)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return list(iter_jsonl(path))


class MemorySource:
    """Records held in lists (a single extraction, tests, library calls)."""

    def __init__(self, documents: Iterable[dict] = (), rows: Iterable[dict] = (), executors: Iterable[dict] = ()):
        self._tables = {"documents": list(documents), "rows": list(rows), "executors": list(executors)}

    def documents(self) -> Iterator[dict[str, Any]]:
        return iter(self._tables["documents"])

    def rows(self) -> Iterator[dict[str, Any]]:
        return iter(self._tables["rows"])

    def executors(self) -> Iterator[dict[str, Any]]:
        return iter(self._tables["executors"])


class JsonlFolderSource:
    """The documents.jsonl, rows.jsonl and executors.jsonl of a folder, read again on every call."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def documents(self) -> Iterator[dict[str, Any]]:
        return iter_jsonl(self.folder / "documents.jsonl")

    def rows(self) -> Iterator[dict[str, Any]]:
        return iter_jsonl(self.folder / "rows.jsonl")

    def executors(self) -> Iterator[dict[str, Any]]:
        return iter_jsonl(self.folder / "executors.jsonl")


def _records(source, table: str) -> Iterator[dict[str, Any]]:
    return getattr(source, table)()


# ---------------------------------------------------------------- one format each

def write_jsonl(records: Iterable[dict[str, Any]], target: Path, keep_unchanged: bool = False) -> None:
    with atomic_path(target, keep_unchanged) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(records: Iterable[dict[str, Any]], columns: list[str], target: Path,
              keep_unchanged: bool = False) -> None:
    """The schema's columns in order; UTF-8 with a BOM so that Excel reads Cyrillic."""
    with atomic_path(target, keep_unchanged) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        out = csv_writer(f)
        out.writerow(columns)
        for r in records:
            out.writerow([value_to_csv_cell(r.get(c)) for c in columns])


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _arrow_kind(field: pa.Field) -> str:
    t = field.type
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_map(t):
        return "map"
    if pa.types.is_list(t):
        return "intervals" if pa.types.is_list(t.value_type) and pa.types.is_date(t.value_type.value_type) else "list"
    return "plain"


def _arrow_value(kind: str, value: Any) -> Any:
    if kind == "date":
        return _to_date(value)
    if kind == "intervals":
        return [[_to_date(d) for d in pair] for pair in value or []]
    if kind == "map":
        return list((value or {}).items())
    if kind == "list":
        return value or []
    return value


def _records_to_table(records: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    kinds = [(f.name, _arrow_kind(f)) for f in schema]
    return pa.table({name: [_arrow_value(kind, r.get(name)) for r in records] for name, kind in kinds}, schema=schema)


def write_parquet(records: Iterable[dict[str, Any]], schema: pa.Schema, target: Path,
                  keep_unchanged: bool = False, batch_rows: int = PARQUET_BATCH_ROWS,
                  row_group_rows: int = PARQUET_ROW_GROUP_ROWS) -> None:
    """Typed Parquet (dates as date32, lists and maps native), streamed.

    Records turn into Arrow in small batches (little Python memory at a time); the batches are
    gathered in Arrow memory into row groups of ``row_group_rows`` rows, a size readers like.
    """
    records = iter(records)
    with atomic_path(target, keep_unchanged) as tmp:
        with pq.ParquetWriter(tmp, schema) as out:
            pending: list[pa.Table] = []
            held, wrote = 0, False
            while batch := list(islice(records, batch_rows)):
                pending.append(_records_to_table(batch, schema))
                held += len(batch)
                if held >= row_group_rows:
                    out.write_table(pa.concat_tables(pending), row_group_size=held)
                    pending, held, wrote = [], 0, True
            if pending or not wrote:
                table = pa.concat_tables(pending) if pending else _records_to_table([], schema)
                out.write_table(table, row_group_size=max(held, 1))


# ---------------------------------------------------------------- all of them

def warm_up() -> None:
    """Do the writers' one-off work before the first export: pyarrow loads pandas the first time
    it converts a list (a sixth of a second). A run calls this on a thread while files are
    extracted in the worker processes, when the main process only waits on their pipes."""
    for schema in SCHEMAS.values():
        _records_to_table([], schema)


def formats_to_list(formats: Iterable[str] | str) -> list[str]:
    """Export formats from a list or "csv,xlsx"; an unknown name is an ``ExportError``."""
    if isinstance(formats, str):
        formats = formats.split(",")
    chosen = [f.strip().lower() for f in formats if f.strip()]
    unknown = [f for f in chosen if f not in EXPORT_FORMATS]
    if unknown:
        raise ExportError(f"unknown export format {', '.join(unknown)}; choose from {', '.join(EXPORT_FORMATS)}")
    return [f for f in EXPORT_FORMATS if f in chosen]


def _reads_from(source, folder: Path) -> bool:
    return isinstance(source, JsonlFolderSource) and source.folder.resolve() == folder.resolve()


def _write_xlsx(out: Path, source) -> list[str]:
    with atomic_path(out / XLSX_NAME, keep_unchanged=True) as tmp:
        return write_workbook(tmp, source)


def _xlsx_in_child(out: Path, source) -> Callable[[], list[str]]:
    """Start writing the workbook in a forked child process; returns the call that waits for it
    and gives its warnings, or raises ``ExportError`` with the child's reason.

    The child writes through ``atomic_path`` like the parent (a killed child leaves a ``.part``
    that the next export removes), opens its own catalogue connections (``source`` connects per
    table) and leaves with ``os._exit``: nothing of the parent's state is closed or flushed twice.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            payload = json.dumps({"warnings": _write_xlsx(out, source)})
        except BaseException as exc:  # noqa: BLE001  everything is reported to the parent
            code, payload = 1, json.dumps({"error": f"{type(exc).__name__}: {exc}"})
        try:
            with os.fdopen(write_end, "w", encoding="utf-8") as pipe:
                pipe.write(payload)
        finally:
            os._exit(code)
    os.close(write_end)

    def wait() -> list[str]:
        with os.fdopen(read_end, encoding="utf-8") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            answer = json.loads(payload)
        except ValueError:
            answer = {"error": f"the process writing it ended with status {status}"}
        if "error" in answer or status != 0:
            raise ExportError(f"{XLSX_NAME} could not be written ({answer.get('error', status)})")
        return answer["warnings"]

    return wait


def write_exports(out: str | os.PathLike, source, formats: Iterable[str] | str = EXPORT_FORMATS,
                  parallel: bool = False) -> list[str]:
    """Write the chosen formats of ``source``'s three tables into ``out``; returns warnings.

    Files whose content did not change are left as they were. JSONL is not rewritten when
    ``source`` is the ``JsonlFolderSource`` of ``out`` itself. ``parallel`` (a run given more
    than one core): the workbook, over half the export's time, is written by a forked process
    while this one writes the other formats.
    """
    out = Path(out)
    chosen = formats_to_list(formats)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(out)
    warnings: list[str] = []
    xlsx_done: Callable[[], list[str]] | None = None
    if parallel and "xlsx" in chosen and len(chosen) > 1 and hasattr(os, "fork"):
        xlsx_done = _xlsx_in_child(out, source)
    try:
        for fmt in chosen:
            if fmt == "xlsx":
                if xlsx_done is None:
                    warnings += _write_xlsx(out, source)
                continue
            _write_format(out, source, fmt)
    except BaseException:
        if xlsx_done is not None:  # wait for the child, and say this process's own error
            with contextlib.suppress(ExportError):
                xlsx_done()
        raise
    if xlsx_done is not None:
        warnings += xlsx_done()
    return warnings


def _write_format(out: Path, source, fmt: str) -> None:
    """One of csv, parquet, jsonl: its three files."""
    if fmt == "jsonl" and _reads_from(source, out):
        return
    for table in TABLE_NAMES:
        target = out / f"{table}.{fmt}"
        records = _records(source, table)
        if fmt == "jsonl":
            write_jsonl(records, target, keep_unchanged=True)
        elif fmt == "csv":
            write_csv(records, COLUMNS[table], target, keep_unchanged=True)
        else:
            write_parquet(records, SCHEMAS[table], target, keep_unchanged=True)


def write_tables(out: Path, documents: list[dict[str, Any]], rows: list[dict[str, Any]],
                 executors: list[dict[str, Any]]) -> list[str]:
    """The derived outputs beside the runner's documents.jsonl and rows.jsonl (older entry point)."""
    source = MemorySource(documents, rows, executors)
    write_jsonl(source.executors(), Path(out) / "executors.jsonl", keep_unchanged=True)
    return write_exports(out, source, ("csv", "parquet", "xlsx"))
