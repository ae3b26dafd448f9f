"""The dataset's one schema: every table's columns, in order, with their value types.

The column lists (JSONL, CSV, XLSX order), the Parquet/Arrow schemas and the catalogue's tables are
all derived from ``TABLES``; a column added here appears in every output. The contract is
``docs/schema.md``; columns beyond it are marked ``extra``. Types are plain names so that importing
this module costs nothing (workers never import pyarrow); ``arrow_schema`` builds the Arrow form.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # str, int, float, date, str_list, str_map, intervals, executor_list
    extra: bool = False  # not in the contract (docs/schema.md), added by this project


TYPES = ("str", "int", "float", "date", "str_list", "str_map", "intervals", "executor_list")

# error kinds recorded in documents.error_kind (parsers/errors.py names the classes behind them)
ERROR_KINDS = ("missing_tool", "corrupt_file", "unsupported_format", "encrypted", "conversion_failed",
               "too_large", "timeout", "internal")

TABLES: dict[str, tuple[Column, ...]] = {
    "documents": (
        Column("doc_id", "str"), Column("source_path", "str"), Column("source_format", "str"),
        Column("status", "str"), Column("error", "str"), Column("error_kind", "str", extra=True),
        Column("authority", "str"), Column("region", "str"), Column("region_code", "str"),
        Column("region_source", "str", extra=True),
        Column("municipality", "str"), Column("doc_type", "str"), Column("doc_number", "str"),
        Column("doc_date", "date"), Column("title", "str"), Column("plan_year", "int"),
        Column("plan_year_source", "str", extra=True), Column("rows", "int"), Column("pages", "int"),
        Column("seconds", "float"), Column("content_id", "str", extra=True),
        Column("duplicate_of", "str", extra=True), Column("abbreviations", "str_map", extra=True),
        Column("warnings", "str_list", extra=True),
    ),
    "rows": (
        Column("doc_id", "str"), Column("row_index", "int"), Column("page", "int"), Column("section", "str"),
        Column("section_path", "str_list"), Column("item_number", "str"), Column("action", "str"),
        Column("deadline_text", "str"), Column("deadline_start", "date"), Column("deadline_end", "date"),
        Column("deadline_intervals", "intervals"), Column("deadline_kind", "str"), Column("recurrence", "str"),
        Column("executors_text", "str"), Column("executors", "executor_list"), Column("result", "str"),
        Column("info", "str"), Column("urls", "str_list"), Column("warnings", "str_list"),
    ),
    "executors": (
        Column("doc_id", "str", extra=True), Column("row_index", "int", extra=True),
        Column("party_index", "int", extra=True), Column("canonical_id", "str", extra=True),
        Column("name", "str", extra=True), Column("kind", "str", extra=True), Column("position", "str", extra=True),
        Column("person", "str", extra=True), Column("text", "str", extra=True),
        Column("region_code", "str", extra=True),
    ),
}

EXECUTOR_FIELDS = ("name", "kind", "position", "person", "text")  # keys of one rows.executors object


def columns_of(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def types_of(table: str) -> dict[str, str]:
    return {c.name: c.type for c in TABLES[table]}


DOCUMENT_COLUMNS = columns_of("documents")
ROW_COLUMNS = columns_of("rows")
EXECUTOR_COLUMNS = columns_of("executors")
DATE_COLUMNS = frozenset(c.name for cols in TABLES.values() for c in cols if c.type == "date")


def arrow_schema(table: str):
    """The Arrow schema of one table (imports pyarrow, so only writers call it)."""
    import pyarrow as pa

    string = pa.string()
    date = pa.date32()
    arrow = {
        "str": string, "int": pa.int32(), "float": pa.float64(), "date": date,
        "str_list": pa.list_(string), "str_map": pa.map_(string, string),
        "intervals": pa.list_(pa.list_(date)),
        "executor_list": pa.list_(pa.struct([(f, string) for f in EXECUTOR_FIELDS])),
    }
    return pa.schema([(c.name, arrow[c.type]) for c in TABLES[table]])
