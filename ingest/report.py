"""The review report: one self-contained HTML file of a run (``roadmap-ingest report``).

Built from a run's output folder (``ingest.report_data.folder_to_run``) or the catalogue
(``ingest.report_catalog``): the run's figures, a table of documents, one collapsible section per
document (metadata, warnings, a timeline of its items, executors, the rows with their warnings
highlighted, and for PDFs and scans every page's image with the table grid the parsers found,
beside the rows that start on that page), and the corpus' rows per region and deadlines per
month. Charts are matplotlib SVG inlined in the page, page images are small JPEG data URIs: the
file opens from disk with no server and loads nothing from the network. All document text goes
through the template's autoescaping.
"""
from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

from ingest import report_charts as charts
from ingest.report_data import (
    MAX_PAGES, UNDATED_KINDS, Record, RunData, executor_counts, has_executors, has_parsed_deadline, row_intervals,
    row_label, rows_by_region_year, section_of, share, status_by_format, deadlines_by_month,
    distinct_documents, warnings_by_kind,
)

PAGE_FORMATS = ("pdf", "pdf_scan", "image")
PAGE_WIDTH = 820  # pixels across a drawn page
STATUS_ORDER = ("ok", "partial", "no_table", "failed")


@dataclass
class ReportSummary:
    path: Path
    documents: int
    pages_drawn: int
    bytes: int
    notes: list[str] = field(default_factory=list)


def percent(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.0f} %" if value in (0, 1) else f"{100 * value:.1f} %"


def doc_anchor(index: int, doc: Record) -> str:
    return f"doc-{index + 1}-{doc.get('doc_id') or 'none'}"


def document_meta(doc: Record) -> list[tuple[str, str]]:
    """The document's metadata as (label, value) pairs, empty values left out."""
    year = doc.get("plan_year")
    if year and doc.get("plan_year_source"):
        year = f"{year} (from the {doc['plan_year_source']})"
    abbreviations = "; ".join(f"{k} — {v}" for k, v in (doc.get("abbreviations") or {}).items())
    pairs = [
        ("file", doc.get("source_path")), ("authority", doc.get("authority")),
        ("region", " ".join(x for x in (doc.get("region"), f"({doc['region_code']})" if doc.get("region_code") else None) if x)),
        ("municipality", doc.get("municipality")), ("type", doc.get("doc_type")), ("number", doc.get("doc_number")),
        ("date", doc.get("doc_date")), ("title", doc.get("title")), ("plan year", year),
        ("format", doc.get("source_format")), ("pages", doc.get("pages")), ("rows", doc.get("rows")),
        ("seconds", doc.get("seconds")), ("error kind", doc.get("error_kind")),
        ("duplicate of", doc.get("duplicate_of")), ("abbreviations", abbreviations),
        ("doc id / content id", " / ".join(x for x in (doc.get("doc_id"), doc.get("content_id")) if x)),
    ]
    return [(label, str(value)) for label, value in pairs if value not in (None, "", [])]


def row_view(row: Record, previous_section: str | None) -> dict[str, Any]:
    intervals = row_intervals(row)
    dates = ", ".join(f"{a}" if a == b else f"{a} – {b}" for a, b in intervals)
    return {
        "index": (row.get("row_index") or 0) + 1, "label": row_label(row), "section": section_of(row),
        "new_section": section_of(row) != previous_section, "action": row.get("action") or "",
        "deadline_text": row.get("deadline_text") or "", "kind": row.get("deadline_kind") or "—",
        "recurrence": row.get("recurrence"), "dates": dates,
        "executors": [e.get("name") or e.get("text") for e in row.get("executors") or [] if e.get("name") or e.get("text")],
        "executors_text": row.get("executors_text") or "", "result": row.get("result") or "",
        "page": row.get("page") or "", "warnings": list(row.get("warnings") or []), "dated": bool(intervals),
    }


def source_bytes(doc: Record, base: Path | None) -> tuple[bytes | None, str | None]:
    """The document's source file, or None and a note saying why its pages cannot be drawn."""
    given = doc.get("source_path")
    if not given:
        return None, "the run did not record the source file, so its pages are not drawn"
    candidates = [Path(given)]
    if base is not None and not Path(given).is_absolute():
        candidates.append(base / given)
    if doc.get("_found_at"):  # where the catalogue found the file (an absolute path)
        candidates.append(Path(doc["_found_at"]))
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        return None, f"the source file {given} is gone, so its pages are not drawn"
    data = path.read_bytes()
    if doc.get("doc_id") and hashlib.sha256(data).hexdigest()[:16] != doc["doc_id"]:
        return None, f"the file at {given} changed after the run, so its pages are not drawn"
    return data, None


def page_views(doc: Record, rows: list[dict[str, Any]], settings: Any, base: Path | None,
               max_pages: int, width: int) -> tuple[list[dict[str, Any]], list[str]]:
    """The drawn pages of a PDF or scan with the rows that start on each, and notes."""
    from parsers.errors import ExtractionError
    from parsers.page_layout import page_layouts

    if doc.get("source_format") not in PAGE_FORMATS or doc.get("status") == "failed":
        return [], []
    data, note = source_bytes(doc, base)
    if data is None:
        return [], [note]
    try:
        layouts = page_layouts(data, settings, max_pages=max_pages, width=width)
    except (ExtractionError, ValueError) as exc:
        return [], [f"the pages cannot be drawn: {getattr(exc, 'message', exc)}"]
    notes = []
    total = doc.get("pages") or len(layouts)
    if total > len(layouts):
        notes.append(f"only the first {len(layouts)} of {total} pages are drawn; the other pages' rows are in the table below")
    by_page: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        if isinstance(r["page"], int):
            by_page.setdefault(r["page"], []).append(r)
    pages = []
    for layout in layouts:
        image = f"data:{layout.mime};base64,{base64.b64encode(layout.image).decode('ascii')}" if layout.image else None
        pages.append({"number": layout.page, "source": layout.source, "width": layout.width, "height": layout.height,
                      "image": image, "tables": layout.tables, "table_count": len(layout.tables),
                      "cell_count": layout.cell_count, "notes": list(layout.notes),
                      "rows": by_page.get(layout.page, [])})
    return pages, notes


def document_view(index: int, doc: Record, rows: list[Record], settings: Any, base: Path | None,
                  max_pages: int, width: int) -> dict[str, Any]:
    views, previous = [], None
    for row in rows:
        views.append(row_view(row, previous))
        previous = views[-1]["section"]
    anchor = doc_anchor(index, doc)
    pages, pages_note = page_views(doc, views, settings, base, max_pages, width)
    dated = [r for r in rows if row_intervals(r)]
    name = Path(doc.get("source_path") or doc.get("doc_id") or f"document {index + 1}").name
    return {
        "doc": doc, "anchor": anchor, "name": name, "status": doc.get("status") or "unknown",
        "format": doc.get("source_format") or "—", "meta": document_meta(doc), "rows": views,
        "row_count": len(rows), "warned_rows": sum(1 for v in views if v["warnings"]),
        "warning_count": len(doc.get("warnings") or []) + sum(len(v["warnings"]) for v in views),
        "gantt": charts.gantt_chart(rows, f"g{index + 1}") if rows else None,
        "gantt_cut": charts.GANTT_MAX_ROWS if len(dated) > charts.GANTT_MAX_ROWS else None,
        "undated": [v for v in views if not v["dated"] or v["kind"] in UNDATED_KINDS],
        "recurring": [v for v in views if v["kind"] == "recurring" or v["recurrence"]],
        "executors_chart": charts.executors_chart(executor_counts(rows), f"e{index + 1}"),
        "pages": pages, "pages_note": pages_note,
    }


def load_template():
    text = resources.files("ingest").joinpath("report_template.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(text)


def run_to_html(run: RunData, settings: Any = None, base: Path | None = None, max_pages: int = MAX_PAGES,
                width: int = PAGE_WIDTH) -> tuple[str, int]:
    """The report's HTML for a run, and how many page images it holds."""
    by_doc = run.rows_of()
    docs = [document_view(i, d, by_doc.get(d.get("doc_id"), []) if d.get("doc_id") else [], settings, base,
                          max_pages, width)
            for i, d in enumerate(run.documents)]
    # rows are counted per document given; a doc_id given twice (the same file twice) counts once
    by_format = status_by_format(run.documents)
    statuses = [s for s in STATUS_ORDER if any(c[s] for c in by_format.values())]
    statuses += sorted({s for c in by_format.values() for s in c} - set(statuses))
    distinct = distinct_documents(run.documents)
    distinct_ids = {d.get("doc_id") for d in distinct}
    kinds = warnings_by_kind(run.documents, run.rows)
    summary = {
        "documents": len(run.documents), "distinct": len(distinct), "rows": len(run.rows),
        "deadline_share": percent(share(run.rows, has_parsed_deadline)),
        "executor_share": percent(share(run.rows, has_executors)),
        "warnings": sum(k.count for k in kinds), "failed": sum(1 for d in run.documents if d.get("status") == "failed"),
    }
    chart_svgs = {
        "status": charts.status_chart(by_format) if by_format else "",
        "regions": charts.region_year_chart(rows_by_region_year(distinct)),
        "months": charts.month_chart(deadlines_by_month([r for r in run.rows if r.get("doc_id") in distinct_ids])),
    }
    run_info = [(k, v) for k, v in (run.run or {}).items() if v not in (None, "")]
    html = load_template().render(
        label=run.label, generated=datetime.now().strftime("%Y-%m-%d %H:%M"), summary=summary,
        by_format=by_format, statuses=statuses, warning_kinds=kinds, docs=docs, charts=chart_svgs,
        changes=run.changes, previous_run=_run_label(run.previous_run), run_info=run_info,
        run_changes_note=run.changes_note,
        changes_note=("Read from an output folder without a catalogue: give --state CATALOG (or run with the "
                      "catalogue) to see the new, changed, failed and fixed documents." if run.run is None else
                      "This is the first run in the catalogue: there is nothing to compare with."),
    )
    return html, sum(len(d["pages"]) for d in docs)


def _run_label(run: Record | None) -> str | None:
    if not run:
        return None
    parts = [f"run {run.get('run_id')}" if run.get("run_id") is not None else None,
             run.get("started")]
    return ", ".join(str(p) for p in parts if p) or None


def write_report(run: RunData, html_path: str | Path, settings: Any = None, base: Path | None = None,
                 max_pages: int = MAX_PAGES, width: int = PAGE_WIDTH) -> ReportSummary:
    """Write the report of ``run`` to ``html_path`` (atomically) and say what it holds."""
    html, pages = run_to_html(run, settings, base, max_pages, width)
    target = Path(html_path)
    write_atomically(target, html)
    return ReportSummary(target, len(run.documents), pages, target.stat().st_size)


def write_atomically(target: Path, text: str) -> None:
    """Write under a temporary name beside ``target`` and rename: a reader never sees half a page.
    The file gets the user's normal permissions (the umask), like any file the user saves."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()

