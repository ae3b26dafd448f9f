"""Extraction: a pure, picklable function from a file's bytes and settings to (document, rows).

Everything here runs the same in the calling process, a worker process or a cluster node:
no global state, no file paths read (the path is only a label for the record).
"""
from __future__ import annotations

import hashlib
import re
import time
import traceback as tb
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from normalize.dates import DeadlineContext, deadline_context, parse_deadline
from normalize.executors import OrderContext, RowExecutors, resolve_executors
from normalize.metadata import find_abbreviations, metadata_from_text, order_to_plan_year
from normalize.tables import AssembledItem, cell_to_paragraph, collapse_spaces, tables_to_reports, text_to_urls
from parsers import parse_bytes
# the record types live apart so that a run's main process never imports the pipeline; they are
# named here too, as this module's callers have always found them
from ingest.extraction_record import (Extraction, doc_id_of, empty_document, failed_extraction,  # noqa: F401
                                     size_to_text, too_large_sentence)
from ingest.schema import EXECUTOR_FIELDS
from parsers.errors import ExtractionError, FileTooLarge
from parsers.intermediate import ParsedDocument
from parsers.settings import Settings


T = TypeVar("T")
_WORD = re.compile(r"\w")  # a cell with no word character is no text (as paragraph_or_none)


@dataclass
class RowFaults:
    """Unexpected exceptions while normalising single rows' cells: which rows, the first traceback."""

    rows: set[int] = field(default_factory=set)
    traceback: str | None = None

    def record(self, row: int | None, exc: BaseException) -> None:
        if row is not None:
            self.rows.add(row)
        if self.traceback is None:
            self.traceback = "".join(tb.format_exception(exc))

    def guard(self, row: int | None, what: str, warnings: list[str], compute: Callable[[], T], default: T) -> T:
        """``compute()``, or ``default`` and a warning naming ``what`` when it raises."""
        try:
            return compute()
        except Exception as exc:  # one cell's bug must not cost the document
            self.record(row, exc)
            message = f"the {what} could not be read (unexpected {type(exc).__name__}); it is left empty"
            if message not in warnings:
                warnings.append(message)
            return default


def extract_bytes(data: bytes, source_path: str = "", settings: Settings | dict | None = None) -> Extraction:
    """Extract one file. Never raises for bad input: the error is in ``document["error"]``."""
    started = time.perf_counter()
    settings = Settings.resolve(settings)
    doc = empty_document(data, source_path)
    try:
        if len(data) > settings.max_file_bytes:
            raise FileTooLarge(too_large_sentence(len(data), settings.max_file_bytes))
        parsed = parse_bytes(data, settings)
        result = parsed_to_extraction(parsed, doc, settings)
    except ExtractionError as exc:
        doc.update(status="failed", error=exc.message, error_kind=exc.kind)
        result = Extraction(doc)
    except Exception as exc:  # a bug or a hostile file: record it, keep the batch going
        doc.update(status="failed", error_kind="internal",
                   error=f"unexpected {type(exc).__name__} while reading the file: {exc}"[:500])
        result = Extraction(doc, traceback="".join(tb.format_exception(exc)))
    doc["seconds"] = round(time.perf_counter() - started, 3)
    return result


def parsed_to_extraction(parsed: ParsedDocument, doc: dict[str, Any], settings: Settings) -> Extraction:
    doc.update(source_format=parsed.source_format, pages=parsed.pages)
    warnings = list(parsed.warnings)
    items, reports = tables_to_reports(parsed.tables)
    # the parser's doubts about each table (Camelot's parsing report): the document's warnings
    warnings += [w for r in reports for w in r.warnings if w not in warnings]
    faults = RowFaults()
    row_warnings: list[list[str]] = [[] for _ in items]

    before = [t.text for t in parsed.text_before_first_table()] or [t.text for t in parsed.text_lines]
    meta = metadata_from_text(before)
    warnings += meta.warnings
    deadline_cells = [faults.guard(k, "deadline cell", row_warnings[k],
                                   lambda i=i: collapse_spaces(cell_to_paragraph(i.fields["deadline"])), "")
                      for k, i in enumerate(items)]
    cell_years = [faults.guard(k, "deadline cell", row_warnings[k], lambda c=c: parse_deadline(c, None).years, None)
                  for k, c in enumerate(deadline_cells) if c]
    decided = order_to_plan_year(cell_years, meta.plan_year_hints, meta.doc_date, meta.title, "\n".join(before),
                                 settings.plan_year)
    plan_year, academic = decided.year, decided.academic
    # "(далее – X)" definitions live in the order and in the table's own cells
    abbreviations = dict(meta.abbreviations)
    headings = dict.fromkeys(h for i in items for h in i.section_path)
    cell_texts = [faults.guard(k, "cell text", row_warnings[k],
                               lambda i=i: [cell_to_paragraph(v) for v in i.fields.values() if v], [])
                  for k, i in enumerate(items)]
    cell_text = "\n".join(list(headings) + [t for texts in cell_texts for t in texts])
    table_abbreviations = faults.guard(None, "table's abbreviation definitions", warnings,
                                       lambda: find_abbreviations(cell_text), {})
    for short, long in table_abbreviations.items():
        abbreviations.setdefault(short, long)
    doc.update(
        authority=meta.authority, region=meta.region, region_code=meta.region_code, region_source=meta.region_source,
        municipality=meta.municipality, doc_type=meta.doc_type, doc_number=meta.doc_number,
        doc_date=meta.doc_date.isoformat() if meta.doc_date else None, title=meta.title,
        plan_year=plan_year, plan_year_source=decided.source,
        abbreviations=abbreviations,
    )
    if plan_year is None:
        warnings.append("no plan year found in the order or its table; deadlines without a year stay unresolved")

    order_text = "\n".join(t.text for t in parsed.text_lines)
    context = OrderContext(text=order_text, abbreviations=abbreviations, region_code=meta.region_code)
    resolved = cells_to_executors([i.fields["executors"] or None for i in items], context, faults, row_warnings)

    # a month heading row over day-only cells, a year in the deadline column's header
    headers = [deadline_header(r.header.texts, r.header.columns.get("deadline")) for r in reports]
    contexts = [faults.guard(k, "deadline cell", row_warnings[k], lambda i=i: deadline_context(
        i.section_path, headers[i.table_index] if i.table_index < len(headers) else None), None)
        for k, i in enumerate(items)]
    rows = [
        item_to_row(index, item, deadline_cells[index], plan_year, resolved[index], doc["doc_id"], academic,
                    faults=faults, extra_warnings=row_warnings[index], context=contexts[index])
        for index, item in enumerate(items)
    ]
    if faults.rows:
        warnings.append(f"{len(faults.rows)} of {len(rows)} rows had a cell that could not be normalised; "
                        "those fields are left empty and the rows' warnings name them")
    doc["rows"] = len(rows)
    doc["warnings"] = warnings
    doc["content_id"] = content_id_of(doc, rows)
    if not parsed.tables or not rows:
        doc["status"] = "no_table"
        doc["error"] = (
            "no table with a measures column and a deadline or executor column was found"
            if parsed.tables else "the document has no table"
        ) + ("; check that the file is a roadmap order, or, if its table is a picture, save it as an image or "
             "a scanned PDF so that it is read by OCR")
    else:
        doc["status"] = "partial" if warnings else "ok"
    return Extraction(doc, rows, rows_to_executor_records(rows, meta.region_code), traceback=faults.traceback)


def deadline_header(texts: tuple[str, ...], column: int | None) -> str | None:
    """The deadline column's header text ("Сроки (2023 год)"), or None."""
    return texts[column] if column is not None and 0 <= column < len(texts) else None


def cells_to_executors(cells: list[str | None], context: OrderContext, faults: RowFaults,
                       row_warnings: list[list[str]]) -> list[RowExecutors]:
    """``resolve_executors`` for the whole order; when it raises, the cells that raise alone are
    set aside (no executors, a warning) and the others are resolved together again."""
    try:
        return resolve_executors(cells, context)
    except Exception as exc:
        faults.record(None, exc)
    failed = object()
    kept: list[str | None] = []
    for k, cell in enumerate(cells):
        alone = faults.guard(k, "executor cell", row_warnings[k], lambda c=cell: resolve_executors([c], context),
                             failed) if cell is not None else None
        kept.append(None if alone is failed else cell)
    try:
        return resolve_executors(kept, context)
    except Exception:  # the cells raise only together: each is resolved on its own
        return [resolve_executors([c], context)[0] for c in kept]


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
                executors: Any, doc_id: str, academic: bool = False, *, faults: RowFaults | None = None,
                extra_warnings: list[str] | None = None, context: DeadlineContext | None = None) -> dict[str, Any]:
    """One rows record. A field whose normaliser raises is left empty with a warning (``faults``)."""
    faults = faults if faults is not None else RowFaults()
    warnings = list(item.warnings) + list(extra_warnings or [])
    deadline = faults.guard(index, "deadline cell", warnings,
                            lambda: parse_deadline(deadline_text, plan_year, academic=academic, context=context),
                            None) \
        if deadline_text else None
    intervals = [[d.isoformat() if d else None for d in pair] for pair in deadline.intervals] if deadline else []
    starts = [p[0] for p in intervals if p[0]]
    ends = [p[1] for p in intervals if p[1]]
    if deadline is not None:
        warnings += deadline.warnings
    warnings += executors.warnings
    text = {name: faults.guard(index, f"{name} cell", warnings, lambda v=value: cell_to_paragraph(v), "")
            for name, value in item.fields.items()}
    optional = {name: text[name] if _WORD.search(text[name]) else None for name in ("executors", "result", "info")}
    urls = faults.guard(index, "cell text's links", warnings, lambda: text_to_urls("\n".join(text.values())), [])
    return {
        "doc_id": doc_id,
        "row_index": index,
        "page": item.page,
        "section": item.section_path[-1] if item.section_path else None,
        "section_path": list(item.section_path),
        "item_number": item.item_number,
        "action": text["action"],
        "deadline_text": deadline_text or None,
        "deadline_start": min(starts) if starts else None,
        "deadline_end": max(ends) if ends else None,
        "deadline_intervals": intervals,
        "deadline_kind": deadline.kind if deadline else "unparsed",
        "recurrence": deadline.recurrence if deadline else None,
        "executors_text": optional["executors"],
        "executors": [e.to_dict() for e in executors.executors],
        "result": optional["result"],
        "info": optional["info"],
        "urls": urls,
        "warnings": warnings,
    }
