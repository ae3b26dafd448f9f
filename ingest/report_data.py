"""The figures of the review report, computed from a run's three tables (plain dicts, as in JSONL).

``folder_to_run`` reads an output folder written by ``roadmap-ingest run``; the catalogue's
reader (``ingest.report_catalog``) gives the same ``RunData``. Everything else here is a pure
function from those records to the numbers and groups the report shows.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ingest.schema import DOCUMENT_COLUMNS, EXECUTOR_COLUMNS, ROW_COLUMNS

Record = dict[str, Any]
RUN_FILES = ("documents.jsonl", "rows.jsonl", "executors.jsonl")
# deadline kinds that put no interval on a timeline
UNDATED_KINDS = ("by_schedule", "unparsed")
MAX_PAGES = 20  # pages drawn per document in the report (the default of --max-pages)


class ReportInputError(Exception):
    """The report's input cannot be read; the message says what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Change:
    """One document that is new, changed, failed or fixed since the previous run."""

    kind: str  # "new", "changed", "failed", "fixed"
    source_path: str
    detail: str = ""


@dataclass
class RunData:
    documents: list[Record]
    rows: list[Record]
    executors: list[Record]
    label: str  # where the data came from, shown in the header
    run: Record | None = None  # the catalogue's record of the run, when read from one
    changes: list[Change] | None = None  # None: no previous run to compare with
    previous_run: Record | None = None
    changes_note: str | None = None  # what the changes cannot show (the input lacks what it needs)

    def __post_init__(self) -> None:
        self.documents = with_columns(self.documents, DOCUMENT_COLUMNS)
        self.rows = with_columns(self.rows, ROW_COLUMNS)
        self.executors = with_columns(self.executors, EXECUTOR_COLUMNS)

    def rows_of(self) -> dict[str, list[Record]]:
        """Rows by doc_id, in row order."""
        out: dict[str, list[Record]] = defaultdict(list)
        for row in self.rows:
            out[row.get("doc_id")].append(row)
        for rows in out.values():
            rows.sort(key=lambda r: r.get("row_index") or 0)
        return out


def read_jsonl(path: Path) -> list[Record]:
    """Records of one JSONL file; a damaged line is an error naming the file and the line."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ReportInputError(f"{path} line {number} is not JSON ({exc.msg}); run the extraction again") from exc
    return out


def with_columns(records: list[Record], columns: list[str]) -> list[Record]:
    """Every record with every column of its table (older outputs lack the newer ones)."""
    return [{c: r.get(c) for c in columns} | r for r in records]


def folder_to_run(folder: str | Path) -> RunData:
    """The run written to an output folder (documents.jsonl, rows.jsonl, executors.jsonl)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportInputError(f"the output folder {folder} does not exist; give the --out folder of a run")
    if not (folder / "documents.jsonl").is_file():
        raise ReportInputError(f"{folder} has no documents.jsonl; run `roadmap-ingest run … --out {folder}` first")
    documents = read_jsonl(folder / "documents.jsonl")
    rows = read_jsonl(folder / "rows.jsonl") if (folder / "rows.jsonl").is_file() else []
    executors = read_jsonl(folder / "executors.jsonl") if (folder / "executors.jsonl").is_file() else []
    return RunData(documents, rows, executors, label=str(folder))


# --- the run --------------------------------------------------------------------------------------

def status_by_format(documents: list[Record]) -> dict[str, Counter]:
    """Per source format, documents counted by status."""
    out: dict[str, Counter] = defaultdict(Counter)
    for doc in documents:
        out[doc.get("source_format") or "unknown"][doc.get("status") or "unknown"] += 1
    return dict(sorted(out.items()))


def has_parsed_deadline(row: Record) -> bool:
    return bool(row.get("deadline_kind")) and row.get("deadline_kind") != "unparsed"


def has_executors(row: Record) -> bool:
    return bool(row.get("executors"))


def share(rows: list[Record], test) -> float | None:
    """The share of rows that pass ``test`` (None without rows)."""
    return sum(1 for r in rows if test(r)) / len(rows) if rows else None


QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|“[^”]*”")
QUOTED_LIST = re.compile(r"…(?:\s*(?:,|и|and)\s*…)+")
PAGE_PREFIX = re.compile(r"^page N\s*:\s*")
KIND_WORDS = 8


def warning_to_kind(text: str) -> str:
    """A warning sentence reduced to its kind: quoted text and numbers blanked, the leading page
    reference dropped, cut at the first colon or semicolon (what follows names the case), at most
    eight words."""
    kind = QUOTED_LIST.sub("…", QUOTED.sub("…", text))
    kind = re.sub(r"\d+(?:[.,]\d+)*", "N", kind)
    kind = PAGE_PREFIX.sub("", kind.strip())
    kind = re.split(r"[:;]", kind, maxsplit=1)[0].strip()
    words = kind.split()
    return " ".join(words[:KIND_WORDS]) + (" …" if len(words) > KIND_WORDS else "")


@dataclass
class WarningKind:
    kind: str
    count: int = 0
    documents: set[str] = field(default_factory=set)
    on_rows: int = 0
    example: str = ""


def warnings_by_kind(documents: list[Record], rows: list[Record]) -> list[WarningKind]:
    """Document and row warnings grouped by kind, most frequent first."""
    kinds: dict[str, WarningKind] = {}
    names = {d.get("doc_id"): d.get("source_path") or d.get("doc_id") for d in documents}

    def add(text: str, doc_id: str, on_row: bool) -> None:
        kind = warning_to_kind(text)
        entry = kinds.setdefault(kind, WarningKind(kind, example=text))
        entry.count += 1
        entry.on_rows += on_row
        entry.documents.add(names.get(doc_id, doc_id))

    for doc in documents:
        for text in doc.get("warnings") or []:
            add(text, doc.get("doc_id"), False)
    for row in rows:
        for text in row.get("warnings") or []:
            add(text, row.get("doc_id"), True)
    return sorted(kinds.values(), key=lambda k: (-k.count, k.kind))


# --- one document ---------------------------------------------------------------------------------

def parse_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def row_intervals(row: Record) -> list[tuple[date, date]]:
    """The row's deadline intervals as dates; an open side takes the other side's date."""
    out = []
    for pair in row.get("deadline_intervals") or []:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            continue
        start, end = parse_date(pair[0]), parse_date(pair[1])
        start, end = start or end, end or start
        if start and end:
            out.append((min(start, end), max(start, end)))
    return out


def executor_counts(rows: list[Record]) -> Counter:
    """Items per executor name (a party named twice in one row counts once)."""
    counts: Counter = Counter()
    for row in rows:
        names = {(e.get("name") or e.get("text") or "").strip() for e in row.get("executors") or []}
        counts.update(n for n in names if n)
    return counts


def row_label(row: Record) -> str:
    """The item's number as printed, or a dash for an item printed without one."""
    return row.get("item_number") or "—"


def section_of(row: Record) -> str:
    return row.get("section") or "(no section)"


# --- the corpus -----------------------------------------------------------------------------------

def distinct_documents(documents: list[Record]) -> list[Record]:
    """One document per order: renderings of the same order (same content_id) and exact
    duplicates count once (the first one given); failed documents do not count."""
    seen: set[str] = set()
    out = []
    for doc in documents:
        if doc.get("status") == "failed" or doc.get("duplicate_of"):
            continue
        key = doc.get("content_id") or doc.get("doc_id")
        if key in seen:
            continue
        seen.add(key)
        out.append(doc)
    return out


def rows_by_region_year(documents: list[Record]) -> dict[str, Counter]:
    """Rows per region (the region's name, or "(no region)") and plan year."""
    out: dict[str, Counter] = defaultdict(Counter)
    for doc in documents:
        year = doc.get("plan_year")
        out[doc.get("region") or "(no region)"][str(year) if year else "(no year)"] += doc.get("rows") or 0
    return dict(sorted(out.items(), key=lambda kv: -sum(kv[1].values())))


def deadlines_by_month(rows: list[Record]) -> Counter:
    """Deadlines per month ("2022-03"): every interval counted in the month it ends."""
    counts: Counter = Counter()
    for row in rows:
        for _, end in row_intervals(row):
            counts[f"{end.year:04d}-{end.month:02d}"] += 1
    return counts
