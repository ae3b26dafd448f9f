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

from ingest.extraction import DOCUMENT_COLUMNS, ROW_COLUMNS

EXCEL_MAX_ROWS = 1_048_575
EXECUTOR_COLUMNS = ["doc_id", "row_index", "party_index", "canonical_id", "name", "kind", "position", "person",
                    "text", "region_code"]

_DATE = pa.date32()
_STR = pa.string()
_STR_LIST = pa.list_(_STR)
_INTERVALS = pa.list_(pa.list_(_DATE))
_EXECUTOR = pa.struct([("name", _STR), ("kind", _STR), ("position", _STR), ("person", _STR), ("text", _STR)])

DOCUMENT_SCHEMA = pa.schema([
    ("doc_id", _STR), ("source_path", _STR), ("source_format", _STR), ("status", _STR), ("error", _STR),
    ("authority", _STR), ("region", _STR), ("region_code", _STR), ("municipality", _STR), ("doc_type", _STR),
    ("doc_number", _STR), ("doc_date", _DATE), ("title", _STR), ("plan_year", pa.int32()), ("rows", pa.int32()),
    ("pages", pa.int32()), ("seconds", pa.float64()), ("abbreviations", pa.map_(_STR, _STR)),
    ("warnings", _STR_LIST),
])
ROW_SCHEMA = pa.schema([
    ("doc_id", _STR), ("row_index", pa.int32()), ("page", pa.int32()), ("section", _STR),
    ("section_path", _STR_LIST), ("item_number", _STR), ("action", _STR), ("deadline_text", _STR),
    ("deadline_start", _DATE), ("deadline_end", _DATE), ("deadline_intervals", _INTERVALS),
    ("deadline_kind", _STR), ("recurrence", _STR), ("executors_text", _STR), ("executors", pa.list_(_EXECUTOR)),
    ("result", _STR), ("info", _STR), ("urls", _STR_LIST), ("warnings", _STR_LIST),
])
EXECUTOR_SCHEMA = pa.schema([
    ("doc_id", _STR), ("row_index", pa.int32()), ("party_index", pa.int32()), ("canonical_id", _STR),
    ("name", _STR), ("kind", _STR), ("position", _STR), ("person", _STR), ("text", _STR), ("region_code", _STR),
])
_DATE_COLUMNS = {"doc_date", "deadline_start", "deadline_end"}


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


def rows_to_executor_records(documents: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The executors table: one record per row and responsible party."""
    from normalize.executors import Executor, canonical_id

    region = {d["doc_id"]: d.get("region_code") for d in documents}
    out = []
    for row in rows:
        for k, e in enumerate(row.get("executors") or []):
            executor = Executor(**{f: e.get(f) for f in ("name", "kind", "position", "person", "text")})
            code = region.get(row["doc_id"])
            out.append({"doc_id": row["doc_id"], "row_index": row["row_index"], "party_index": k,
                        "canonical_id": canonical_id(executor, code), **executor.to_dict(), "region_code": code})
    return out


def write_tables(out: Path, documents: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[str]:
    """Every derived output from the committed JSONL records."""
    executors = rows_to_executor_records(documents, rows)
    write_csv(documents, DOCUMENT_COLUMNS, out / "documents.csv")
    write_csv(rows, ROW_COLUMNS, out / "rows.csv")
    write_csv(executors, EXECUTOR_COLUMNS, out / "executors.csv")
    with atomic_path(out / "executors.jsonl") as tmp:
        tmp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in executors), encoding="utf-8")
    write_parquet(documents, DOCUMENT_SCHEMA, out / "documents.parquet")
    write_parquet(rows, ROW_SCHEMA, out / "rows.parquet")
    write_parquet(executors, EXECUTOR_SCHEMA, out / "executors.parquet")
    return write_xlsx(documents, rows, out / "roadmap.xlsx")
