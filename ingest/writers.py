"""Write the dataset: JSONL, CSV (UTF-8 with BOM), XLSX and Parquet, each atomically.

Every output is written under a temporary name in the output folder and renamed into place, so a
reader never sees a half-written file and a crash leaves the previous outputs intact.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ingest.schema import DATE_COLUMNS as _DATE_COLUMNS
from ingest.schema import DOCUMENT_COLUMNS, EXECUTOR_COLUMNS, ROW_COLUMNS, arrow_schema

EXCEL_MAX_ROWS = 1_048_575
DOCUMENT_SCHEMA = arrow_schema("documents")
ROW_SCHEMA = arrow_schema("rows")
EXECUTOR_SCHEMA = arrow_schema("executors")


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it only when the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class JsonlWriter:
    """Appends records to a ``.part`` file as they come; ``commit`` renames it into place."""

    def __init__(self, target: Path):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        self.tmp = Path(tmp)
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


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _to_date(value: Any):
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None


def _arrow_value(name: str, value: Any) -> Any:
    if name in _DATE_COLUMNS:
        return _to_date(value)
    if name == "deadline_intervals":
        return [[_to_date(d) for d in pair] for pair in value or []]
    if name == "abbreviations":
        return list((value or {}).items())
    return value


def write_parquet(records: list[dict[str, Any]], schema: pa.Schema, target: Path) -> None:
    columns = {f.name: [_arrow_value(f.name, r.get(f.name)) for r in records] for f in schema}
    table = pa.table(columns, schema=schema)
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp)


def _flat_frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Lists and objects as JSON text, for CSV and spreadsheets."""
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in records], columns=columns)
    for c in columns:
        if frame[c].map(lambda v: isinstance(v, (list, dict))).any():
            frame[c] = frame[c].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
    return frame


def write_csv(records: list[dict[str, Any]], columns: list[str], target: Path) -> None:
    with atomic_path(target) as tmp:
        _flat_frame(records, columns).to_csv(tmp, index=False, encoding="utf-8-sig")


def write_xlsx(documents: list[dict[str, Any]], rows: list[dict[str, Any]], target: Path) -> list[str]:
    """Sheets documents and rows with real date cells, a frozen header and readable widths."""
    warnings = []
    if len(rows) > EXCEL_MAX_ROWS:
        warnings.append(f"roadmap.xlsx holds the first {EXCEL_MAX_ROWS} of {len(rows)} rows (Excel's limit); "
                        "the other formats hold all")
        rows = rows[:EXCEL_MAX_ROWS]
    with atomic_path(target) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for sheet, records, columns in (("documents", documents, DOCUMENT_COLUMNS), ("rows", rows, ROW_COLUMNS)):
                frame = _flat_frame(records, columns)
                for c in _DATE_COLUMNS & set(columns):
                    frame[c] = pd.to_datetime(frame[c], errors="coerce").dt.date
                frame.to_excel(xl, sheet_name=sheet, index=False)
                ws = xl.sheets[sheet]
                ws.freeze_panes = "A2"
                for i, c in enumerate(columns, start=1):
                    width = max([len(c)] + [min(len(str(v)), 60) for v in frame[c].head(200) if v is not None])
                    ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(max(width + 2, 8), 62)
                    if c in _DATE_COLUMNS:
                        for cell in ws.iter_cols(min_col=i, max_col=i, min_row=2):
                            for x in cell:
                                x.number_format = "yyyy-mm-dd"
    return warnings


def write_tables(out: Path, documents: list[dict[str, Any]], rows: list[dict[str, Any]],
                 executors: list[dict[str, Any]]) -> list[str]:
    """Every derived output from the committed JSONL records."""
    write_csv(documents, DOCUMENT_COLUMNS, out / "documents.csv")
    write_csv(rows, ROW_COLUMNS, out / "rows.csv")
    write_csv(executors, EXECUTOR_COLUMNS, out / "executors.csv")
    with atomic_path(out / "executors.jsonl") as tmp:
        tmp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in executors), encoding="utf-8")
    write_parquet(documents, DOCUMENT_SCHEMA, out / "documents.parquet")
    write_parquet(rows, ROW_SCHEMA, out / "rows.parquet")
    write_parquet(executors, EXECUTOR_SCHEMA, out / "executors.parquet")
    return write_xlsx(documents, rows, out / "roadmap.xlsx")
