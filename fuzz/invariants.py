"""The properties every entry point keeps on any input: shared by the hypothesis tests, the
atheris targets and the corpus replay.

Each ``check_*`` function runs one entry point on one input and raises AssertionError when an
invariant breaks (any other exception is a crash of the entry point itself).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from normalize.tables import cell_to_paragraph
from normalize.dates import parse_deadline
from normalize.executors import OrderContext, RowExecutors, resolve_executors
from normalize.tables import tables_to_items
from parsers.errors import ExtractionError
from parsers.intermediate import ParsedDocument, RawTable
from parsers.text_dump import parse_text_dump

SCHEMA_MD = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


@lru_cache(maxsize=None)
def schema_values(column: str) -> tuple[str, ...]:
    """The values docs/schema.md lists for a column (the back-quoted words of its table row)."""
    for line in SCHEMA_MD.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == column:
            return tuple(re.findall(r"`([a-z_]+)`", "|".join(cells[1:])))
    raise KeyError(f"docs/schema.md has no row for {column!r}")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def check_deadline(text: str, plan_year: int | None = 2022, academic: bool = False) -> None:
    deadline = parse_deadline(text, plan_year, academic=academic)
    assert deadline.kind in schema_values("deadline_kind"), deadline.kind
    assert deadline.recurrence is None or deadline.recurrence in schema_values("recurrence"), deadline.recurrence
    for start, end in deadline.intervals:
        assert start is None or end is None or start <= end, (text, start, end)
    assert all(isinstance(w, str) and w for w in deadline.warnings)


def check_executors(cells: list[str | None], text: str = "") -> list[RowExecutors]:
    rows = resolve_executors(cells, OrderContext(text=text))
    assert len(rows) == len(cells)
    kinds = schema_values("kind")
    for cell, row in zip(cells, rows):
        for e in row.executors:
            assert e.kind in kinds, e
            assert e.name, (cell, e)
            # a span of the cell as the rows table prints it (executors_text: one paragraph,
            # markup dropped, spaces collapsed)
            assert e.text and _collapse(e.text) in _collapse(cell_to_paragraph(cell)), (cell, e.text)
        assert all(isinstance(w, str) and w for w in row.warnings)
    return rows


def check_tables(tables: list[RawTable]) -> None:
    items, headers = tables_to_items(tables)
    for item in items:
        assert set(item.fields) >= {"action", "deadline", "executors", "result", "info"}, item.fields
        assert all(isinstance(v, str) for v in item.fields.values())
        assert all(isinstance(h, str) for h in item.section_path)


def check_text_dump(data: bytes) -> ParsedDocument | None:
    """A dump parses or fails with a typed error; its tables then assemble."""
    try:
        doc = parse_text_dump(data)
    except ExtractionError as exc:
        assert exc.message
        return None
    for table in doc.tables:
        width = table.width
        assert all(len(r.cells) == width for r in table.rows)
    check_tables(doc.tables)
    return doc
