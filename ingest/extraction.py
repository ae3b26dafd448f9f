"""Extraction: a pure, picklable function from a file's bytes and settings to (document, rows).

Everything here runs the same in the calling process, a worker process or a cluster node:
no global state, no file paths read (the path is only a label for the record).
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from normalize.abbreviations import find_abbreviations
from normalize.cell_text import cell_to_paragraph, collapse_spaces, paragraph_or_none, text_to_urls
from normalize.dates import parse_deadline
from normalize.executors import OrderContext, resolve_executors
from normalize.metadata import metadata_from_text
from normalize.plan_year import academic_start_year, infer_plan_year
from normalize.table_assembly import AssembledItem, tables_to_items
from parsers import parse_bytes
from ingest.schema import DOCUMENT_COLUMNS, EXECUTOR_FIELDS, ROW_COLUMNS
from parsers.errors import ExtractionError, FileTooLarge
from parsers.intermediate import ParsedDocument
from parsers.settings import Settings


@dataclass
class Extraction:
    """What one file gives: its documents record and its rows (plain JSON-ready dicts)."""

    document: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    executors: list[dict[str, Any]] = field(default_factory=list)  # the executors table's records


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def empty_document(data: bytes | None, source_path: str) -> dict[str, Any]:
    """A documents record with every column, nothing extracted yet (no doc_id without the bytes)."""
    doc = {c: None for c in DOCUMENT_COLUMNS}
    doc.update(doc_id=doc_id_of(data) if data is not None else None, source_path=source_path, rows=0,
               abbreviations={}, warnings=[])
    return doc


def failed_extraction(source_path: str, message: str, kind: str = "internal", data: bytes | None = None,
                      seconds: float = 0.0) -> Extraction:
    """The record of a file that gave nothing: status failed, one sentence and its kind."""
    doc = empty_document(data, source_path)
    doc.update(status="failed", error=message, error_kind=kind, seconds=round(seconds, 3))
    return Extraction(doc)


def extract_bytes(data: bytes, source_path: str = "", settings: Settings | dict | None = None) -> Extraction:
    """Extract one file. Never raises for bad input: the error is in ``document["error"]``."""
    started = time.perf_counter()
    settings = Settings.resolve(settings)
    doc = empty_document(data, source_path)
    try:
        if len(data) > settings.max_file_bytes:
            raise FileTooLarge(
                f"the file is {len(data) // 2**20} MiB, over the {settings.max_file_bytes // 2**20} MiB limit "
                "(raise it with --max-file-mb)")
        parsed = parse_bytes(data, settings)
        result = parsed_to_extraction(parsed, doc, settings)
    except ExtractionError as exc:
        doc.update(status="failed", error=exc.message, error_kind=exc.kind)
        result = Extraction(doc)
    except Exception as exc:  # a bug or a hostile file: record it, keep the batch going
        doc.update(status="failed", error_kind="internal",
                   error=f"unexpected {type(exc).__name__} while reading the file: {exc}"[:500])
        result = Extraction(doc)
    doc["seconds"] = round(time.perf_counter() - started, 3)
    return result


def parsed_to_extraction(parsed: ParsedDocument, doc: dict[str, Any], settings: Settings) -> Extraction:
    doc.update(source_format=parsed.source_format, pages=parsed.pages)
    warnings = list(parsed.warnings)
    items, _ = tables_to_items(parsed.tables)

    before = [t.text for t in parsed.text_before_first_table()] or [t.text for t in parsed.text_lines]
    meta = metadata_from_text(before)
    warnings += meta.warnings
    deadline_cells = [collapse_spaces(cell_to_paragraph(i.fields["deadline"])) for i in items]
    plan_year, plan_year_source = infer_plan_year(
        [parse_deadline(c, None).years for c in deadline_cells if c], meta.plan_year_hints, meta.doc_date)
    school_year = academic_start_year(meta.title, "\n".join(before))
    academic = school_year is not None
    if academic:
        plan_year, plan_year_source = school_year, "school_year"
    if settings.plan_year is not None:
        plan_year, plan_year_source = settings.plan_year, "settings"
    # "(далее – X)" definitions live in the order and in the table's own cells
    abbreviations = dict(meta.abbreviations)
    headings = dict.fromkeys(h for i in items for h in i.section_path)
    cell_text = "\n".join(list(headings) + [cell_to_paragraph(v) for i in items for v in i.fields.values() if v])
    for short, long in find_abbreviations(cell_text).items():
        abbreviations.setdefault(short, long)
    doc.update(
        authority=meta.authority, region=meta.region, region_code=meta.region_code,
        municipality=meta.municipality, doc_type=meta.doc_type, doc_number=meta.doc_number,
        doc_date=meta.doc_date.isoformat() if meta.doc_date else None, title=meta.title,
        plan_year=plan_year, plan_year_source=plan_year_source if plan_year is not None else None,
        abbreviations=abbreviations,
    )
    if plan_year is None:
        warnings.append("no plan year found in the order or its table; deadlines without a year stay unresolved")

    order_text = "\n".join(t.text for t in parsed.text_lines)
    context = OrderContext(text=order_text, abbreviations=abbreviations, region_code=meta.region_code)
    resolved = resolve_executors([i.fields["executors"] or None for i in items], context)

    rows = [
        item_to_row(index, item, deadline_cells[index], plan_year, resolved[index], doc["doc_id"], academic)
        for index, item in enumerate(items)
    ]
    doc["rows"] = len(rows)
    doc["warnings"] = warnings
    doc["content_id"] = content_id_of(doc, rows)
    if not parsed.tables or not rows:
        doc["status"] = "no_table"
        doc["error"] = (
            "no table with a measures column and a deadline or executor column was found"
            if parsed.tables else "the document has no table"
        ) + "; the file may not be a roadmap, or its table is an image that needs OCR"
    else:
        doc["status"] = "partial" if warnings else "ok"
    return Extraction(doc, rows, rows_to_executor_records(rows, meta.region_code))


def content_id_of(doc: dict[str, Any], rows: list[dict[str, Any]]) -> str | None:
    """One id for one order whatever file it came in (DOCX, its PDF, a re-saved copy).

    Computed from what was extracted, not from the bytes: region, type, number, date and the rows'
    item numbers. None when the order has neither a number nor a date nor rows to tell it by.
    """
    numbers = [r["item_number"] or "" for r in rows]
    if not (doc.get("doc_number") or doc.get("doc_date") or numbers):
        return None
    key = "\x1f".join([doc.get("region_code") or doc.get("region") or "", doc.get("doc_type") or "",
                        (doc.get("doc_number") or "").replace(" ", "").lower(), doc.get("doc_date") or "",
                        "\x1e".join(numbers)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def rows_to_executor_records(rows: list[dict[str, Any]], region_code: str | None) -> list[dict[str, Any]]:
    """The executors table: one record per row and responsible party, with its canonical id.

    Computed here, in the worker that extracted the rows, so the writer only writes.
    """
    from normalize.executors import Executor, canonical_id

    out = []
    for row in rows:
        for k, e in enumerate(row.get("executors") or []):
            executor = Executor(**{f: e.get(f) for f in EXECUTOR_FIELDS})
            out.append({"doc_id": row["doc_id"], "row_index": row["row_index"], "party_index": k,
                        "canonical_id": canonical_id(executor, region_code), **executor.to_dict(),
                        "region_code": region_code})
    return out


def item_to_row(index: int, item: AssembledItem, deadline_text: str, plan_year: int | None,
                executors: Any, doc_id: str, academic: bool = False) -> dict[str, Any]:
    deadline = parse_deadline(deadline_text, plan_year, academic=academic) if deadline_text else None
    intervals = [[d.isoformat() if d else None for d in pair] for pair in deadline.intervals] if deadline else []
    starts = [p[0] for p in intervals if p[0]]
    ends = [p[1] for p in intervals if p[1]]
    warnings = list(item.warnings)
    if deadline is not None:
        warnings += deadline.warnings
    warnings += executors.warnings
    all_text = "\n".join(cell_to_paragraph(v) for v in item.fields.values())
    return {
        "doc_id": doc_id,
        "row_index": index,
        "page": item.page,
        "section": item.section_path[-1] if item.section_path else None,
        "section_path": list(item.section_path),
        "item_number": item.item_number,
        "action": cell_to_paragraph(item.fields["action"]),
        "deadline_text": deadline_text or None,
        "deadline_start": min(starts) if starts else None,
        "deadline_end": max(ends) if ends else None,
        "deadline_intervals": intervals,
        "deadline_kind": deadline.kind if deadline else "unparsed",
        "recurrence": deadline.recurrence if deadline else None,
        "executors_text": paragraph_or_none(item.fields["executors"]),
        "executors": [e.to_dict() for e in executors.executors],
        "result": paragraph_or_none(item.fields["result"]),
        "info": paragraph_or_none(item.fields["info"]),
        "urls": text_to_urls(all_text),
        "warnings": warnings,
    }
