"""roadmap.xlsx: the dataset as an analyst would lay it out by hand, written row by row.

The rows sheet comes first and carries, for every row, the document's region, municipality, type,
number, date and source file, then the row's fields in reading order with executors as names
("Кудрина И.В. (начальник отдела); ОГАУ «Институт развития образования»"), dates as date cells,
and the keys last. The documents and executors sheets follow in the schema's column order. Every
sheet has a bold frozen header, an autofilter over its rows, widths fitted to the first rows and
wrapped long text. Headers are the schema's column names, so a sheet matches the CSV by name.

The workbook is written with XlsxWriter in its constant-memory mode (twice as fast as openpyxl's
write-only mode here): memory does not grow with the rows (the documents' few columns joined to
the rows are kept in a dict by ``doc_id``). Every cell is written by its type, never guessed.
"""
from __future__ import annotations

import datetime as dt
import math
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import xlsxwriter

from ingest.export_cells import (intervals_to_text, iso_to_date, list_to_text, map_to_text, parties_to_text,
                                 text_to_xlsx_cell)
from ingest.schema import DATE_COLUMNS, DOCUMENT_COLUMNS, EXECUTOR_COLUMNS, ROW_COLUMNS, types_of

EXCEL_MAX_ROWS = 1_048_575  # data rows under the header
SAMPLE_ROWS = 200  # rows read to fit the column widths
MAX_WIDTH = 60
WRAP_OVER = 50  # a column whose text runs longer than this wraps
DATE_FORMAT = "dd.mm.yyyy"

DOCUMENT_FIELDS_ON_ROWS = ("region", "municipality", "doc_type", "doc_number", "doc_date", "source_path")
ROW_READING_ORDER = ("section", "item_number", "action", "deadline_text", "deadline_start", "deadline_end",
                     "deadline_kind", "recurrence", "executors", "executors_text", "result", "info", "urls",
                     "warnings")
ROW_KEYS_LAST = ("doc_id", "row_index")
LIST_SEPARATORS = {"section_path": " / "}

_DOCUMENT_TYPES = types_of("documents")
_ROW_TYPES = types_of("rows")
_EXECUTOR_TYPES = types_of("executors")


def rows_sheet_columns() -> list[str]:
    """Document fields, the row's fields in reading order, any other row column, the keys."""
    middle = [c for c in ROW_READING_ORDER if c in _ROW_TYPES]
    rest = [c for c in ROW_COLUMNS if c not in middle and c not in ROW_KEYS_LAST]
    return list(DOCUMENT_FIELDS_ON_ROWS) + middle + rest + [c for c in ROW_KEYS_LAST if c in _ROW_TYPES]


def value_to_xlsx(name: str, kind: str, value: Any) -> Any:
    """One schema value as a cell value: numbers and dates typed, everything else readable text."""
    if value is None:
        return None
    if kind in ("int", "float") and isinstance(value, (int, float)) and not isinstance(value, bool) \
            and math.isfinite(value):  # Excel holds no NaN or infinity: those stay text
        return value
    if kind == "date":
        date = iso_to_date(value)
        if date is not None:
            return date
    if kind == "executor_list" and isinstance(value, list):
        text = parties_to_text(value)
    elif kind == "str_list" and isinstance(value, list):
        text = list_to_text(value, LIST_SEPARATORS.get(name, "; "))
    elif kind == "str_map" and isinstance(value, dict):
        text = map_to_text(value)
    elif kind == "intervals" and isinstance(value, list):
        text = intervals_to_text(value)
    else:
        text = str(value)
    return text_to_xlsx_cell(text) if text else None


def _converter(columns: list[str], types: dict[str, str]) -> Callable[[dict[str, Any]], list[Any]]:
    pairs = [(c, types[c]) for c in columns]
    return lambda record: [value_to_xlsx(c, k, record.get(c)) for c, k in pairs]


def _rows_converter(documents: Iterable[dict[str, Any]]) -> Callable[[dict[str, Any]], list[Any]]:
    """Rows joined to their document's fields; documents are few, so they sit in a dict."""
    by_id: dict[str, list[Any]] = {}
    for d in documents:
        if d.get("doc_id") is not None and d["doc_id"] not in by_id:
            by_id[d["doc_id"]] = [value_to_xlsx(c, _DOCUMENT_TYPES[c], d.get(c)) for c in DOCUMENT_FIELDS_ON_ROWS]
    blank = [None] * len(DOCUMENT_FIELDS_ON_ROWS)
    row_part = _converter(rows_sheet_columns()[len(DOCUMENT_FIELDS_ON_ROWS):], _ROW_TYPES)
    return lambda row: by_id.get(row.get("doc_id"), blank) + row_part(row)


def _text_width(value: Any) -> int:
    if value is None:
        return 0
    if hasattr(value, "year"):
        return 10
    return max(len(line) for line in str(value).split("\n"))


class _Formats:
    """The workbook's three cell formats: the bold header, wrapped long text, dates."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.header = wb.add_format({"bold": True, "valign": "top", "text_wrap": True})
        self.wrapped = wb.add_format({"valign": "top", "text_wrap": True})
        self.date = wb.add_format({"num_format": DATE_FORMAT, "valign": "top"})


def _write_cell(ws, r: int, c: int, value: Any, fmt) -> None:
    """One cell by its type, never guessed: text is always a string (``write`` would read "=…" as
    a formula), a date a date cell (a date that did not parse stays text), a number a number."""
    if value is None:
        return
    if isinstance(value, str):
        ws.write_string(r, c, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, value, fmt)
    else:
        ws.write_number(r, c, value)


def _write_sheet(ws, formats: _Formats, columns: list[str], values: Iterator[list[Any]],
                 max_rows: int) -> tuple[int, int]:
    """Write one sheet; returns (rows written, rows offered)."""
    sample = list(islice(values, SAMPLE_ROWS))
    longest = [max([_text_width(r[i]) for r in sample] + [0]) for i in range(len(columns))]
    is_date = [name in DATE_COLUMNS for name in columns]
    for i, name in enumerate(columns):
        width = max(longest[i], len(name) + 3)  # room for the filter button
        ws.set_column(i, i, min(max(width + 2, 8), MAX_WIDTH))
    ws.freeze_panes(1, 0)
    for c, name in enumerate(columns):
        ws.write_string(0, c, name, formats.header)
    styles = [formats.date if is_date[i] else formats.wrapped if longest[i] > WRAP_OVER else None
              for i in range(len(columns))]
    written = offered = 0
    for row in chain(sample, values):
        offered += 1
        if written >= max_rows:
            continue
        written += 1
        for c, (value, fmt) in enumerate(zip(row, styles)):
            _write_cell(ws, written, c, value, fmt)
    ws.autofilter(0, 0, written, len(columns) - 1)
    return written, offered


def _new_workbook(target: Path) -> xlsxwriter.Workbook:
    # constant_memory: each row goes to the sheet's file as written, so memory stays flat; only
    # explicit write_string / write_number calls, so no text is ever turned into a formula or link
    wb = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"author": "roadmap-ingest"})  # and the save time (writers.same_content ignores it)
    return wb


def write_workbook(target: Path, source, max_rows: int = EXCEL_MAX_ROWS) -> list[str]:
    """Write the rows, documents and executors sheets of ``source`` to ``target``; warnings if cut."""
    wb = _new_workbook(target)
    formats = _Formats(wb)
    warnings = []
    to_row = _rows_converter(source.documents())
    sheets = (
        ("rows", rows_sheet_columns(), map(to_row, source.rows())),
        ("documents", DOCUMENT_COLUMNS, map(_converter(DOCUMENT_COLUMNS, _DOCUMENT_TYPES), source.documents())),
        ("executors", EXECUTOR_COLUMNS, map(_converter(EXECUTOR_COLUMNS, _EXECUTOR_TYPES), source.executors())),
    )
    for title, columns, values in sheets:
        written, offered = _write_sheet(wb.add_worksheet(title), formats, columns, values, max_rows)
        if offered > written:
            warnings.append(f"{target.name} holds the first {written} of {offered} {title} (Excel's limit); "
                            "the CSV, Parquet and JSONL files hold all")
    wb.close()
    return warnings
