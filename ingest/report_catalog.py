"""The report's input from the catalogue (``catalog.sqlite``), read-only with plain SQL.

The catalogue's ``documents``, ``rows`` and ``executors`` tables have the schema's columns (lists
and maps as JSON text); ``files`` holds one line per source file with the run that first saw it
(``first_run``), the last run that saw it (``last_run``) and its current status; ``runs`` one line
per run. What changed in the latest run is read from them:

- new: first seen by the latest run;
- failed: failed in the latest run (a failed file is retried by every run) and seen before;
- changed / fixed: a file's state before the latest run is needed; the catalogue keeps it when it
  has a ``file_runs`` table (``run_id``, ``path``, ``sha256``, ``status``: each file's state after
  each run that extracted or recorded it; a skipped file has no line, so its state is that of the
  last run with one). Without that table the report says that it cannot tell them.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from ingest.path_text import key_to_path
from ingest.report_data import Change, ReportInputError, RunData
from ingest.schema import TABLES

JSON_TYPES = frozenset({"str_list", "str_map", "intervals", "executor_list"})
NEEDED = {"files", "documents", "rows", "executors", "runs"}


def _records(conn: sqlite3.Connection, table: str, sql: str) -> list[dict[str, Any]]:
    present = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
    columns = [c for c in TABLES[table] if c.name in present]
    select = ", ".join(f't."{c.name}"' for c in columns)
    out = []
    for values in conn.execute(sql.format(cols=select)):
        record = {}
        for column, value in zip(columns, values):
            if column.type in JSON_TYPES and isinstance(value, str):
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    value = None
            record[column.name] = value
        out.append(record)
    return out


def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise ReportInputError(f"the catalogue {path} does not exist; give the --state of a run")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("PRAGMA busy_timeout = 30000")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise ReportInputError(f"{path} is not a readable catalogue ({exc}); give the catalog.sqlite of a run") from exc
    missing = NEEDED - tables
    if missing:
        conn.close()
        raise ReportInputError(f"{path} is not a roadmap catalogue (no {', '.join(sorted(missing))} table)")
    return conn


def _run_record(row: sqlite3.Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    record = dict(row)
    out = {"run_id": record.get("id"), "started": record.get("started"), "finished": record.get("finished"),
           "host": record.get("host")}
    try:
        summary = json.loads(record.get("summary") or "{}")
    except json.JSONDecodeError:
        summary = {}
    for key in ("files", "skipped", "rows", "seconds"):
        if isinstance(summary, dict) and summary.get(key) not in (None, ""):
            out[key] = round(summary[key], 1) if isinstance(summary[key], float) else summary[key]
    return out


def runs_to_changes(conn: sqlite3.Connection, latest: int, previous: int | None) -> list[Change]:
    """What the latest run changed, from the files table (and file_runs where the catalogue has it)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    changes: list[Change] = []
    for path, status, error in conn.execute(
            "SELECT path, status, error FROM files WHERE first_run = ? ORDER BY seq", (latest,)):
        changes.append(Change("new", path, f"{status}" + (f": {error}" if error else "")))
    if previous is not None and "file_runs" in tables:
        # each file's state after the last run before the latest one that did something with it
        before = {p: (s, h) for p, s, h in conn.execute(
            "SELECT b.path, b.status, b.sha256 FROM file_runs b JOIN file_runs l ON l.path = b.path AND l.run_id = ? "
            "WHERE b.run_id = (SELECT max(run_id) FROM file_runs WHERE path = b.path AND run_id < ?)",
            (latest, latest))}
        for path, status, sha in conn.execute(
                "SELECT path, status, sha256 FROM file_runs WHERE run_id = ? ORDER BY path", (latest,)):
            if path not in before:
                continue
            old_status, old_sha = before[path]
            if status == "failed" and old_status != "failed":
                changes.append(Change("failed", path, f"was {old_status}"))
            elif old_status == "failed" and status != "failed":
                changes.append(Change("fixed", path, f"now {status}"))
            elif sha != old_sha:
                changes.append(Change("changed", path, f"{old_status} → {status}"))
        return changes
    for path, error in conn.execute(
            "SELECT path, error FROM files WHERE status = 'failed' AND last_run = ? AND first_run < ? ORDER BY seq",
            (latest, latest)):
        changes.append(Change("failed", path, error or ""))
    return changes


def catalog_to_run(path: str | Path) -> RunData:
    """The whole dataset in the catalogue, the latest run and what it changed."""
    path = Path(path)
    conn = _connect(path)
    conn.row_factory = None
    try:
        order = ("JOIN (SELECT d.doc_id AS k, MIN(f.seq) AS s FROM documents d JOIN files f ON f.path = d.path "
                 "GROUP BY d.doc_id) o ON o.k = t.doc_id")
        documents = _records(conn, "documents", "SELECT {cols} FROM documents t JOIN files f ON f.path = t.path ORDER BY f.seq")
        # the catalogue's absolute path of each file: its pages are found from any working folder
        for doc, (where,) in zip(documents, conn.execute(
                "SELECT t.path FROM documents t JOIN files f ON f.path = t.path ORDER BY f.seq")):
            doc["_found_at"] = key_to_path(where)
        rows = _records(conn, "rows", f"SELECT {{cols}} FROM rows t {order} ORDER BY o.s, t.row_index")
        executors = _records(conn, "executors", f"SELECT {{cols}} FROM executors t {order} ORDER BY o.s, t.row_index, t.party_index")
        conn.row_factory = sqlite3.Row
        runs = conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 2").fetchall()
        conn.row_factory = None
        latest = _run_record(runs[0]) if runs else None
        previous = _run_record(runs[1]) if len(runs) > 1 else None
        has_history = "file_runs" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        changes = None
        if latest is not None:
            changes = runs_to_changes(conn, latest["run_id"], previous["run_id"] if previous else None) if previous else None
    except sqlite3.DatabaseError as exc:
        raise ReportInputError(f"the catalogue {path} cannot be read ({exc}); check that it is not damaged") from exc
    finally:
        conn.close()
    note = None
    if changes is not None and not has_history:
        note = ("This catalogue does not keep each file's state per run (no file_runs table), so changed "
                "and fixed documents cannot be told; new and failed ones are listed.")
    return RunData(documents, rows, executors, label=str(path), run=latest or {}, changes=changes,
                   previous_run=previous, changes_note=note)
