"""``roadmap-ingest status``: what a catalogue holds, read without taking its lock."""
from __future__ import annotations

import json
from typing import Any

from ingest.catalog import Catalog
from ingest.lock import RunLock, describe

FAILURES_SHOWN = 50


def _counts(catalog: Catalog, column: str, table: str = "documents") -> dict[str, int]:
    rows = catalog.conn.execute(
        f'SELECT coalesce(CAST("{column}" AS TEXT), \'(none)\'), count(*) FROM {table} GROUP BY 1 ORDER BY 2 DESC, 1')
    return {k: n for k, n in rows}


def status_of(catalog: Catalog, runs: int = 5) -> dict[str, Any]:
    """Counts by status, format, region and plan year; the last runs; the failures with their sentences."""
    c = catalog.conn
    last = []
    for rid, started, finished, pid, host, summary in c.execute(
            "SELECT id, started, finished, pid, host, summary FROM runs ORDER BY id DESC LIMIT ?", (runs,)):
        record = json.loads(summary) if summary else None
        last.append({"id": rid, "started": started, "finished": finished, "pid": pid, "host": host,
                     "summary": record})
    failures = [{"source_path": p, "error_kind": k, "error": e} for p, k, e in c.execute(
        "SELECT d.source_path, d.error_kind, d.error FROM documents d JOIN files f ON f.path = d.path "
        "WHERE d.status = 'failed' ORDER BY f.seq LIMIT ?", (FAILURES_SHOWN,))]
    holder = RunLock(catalog.path).holder()
    return {
        "catalogue": str(catalog.path),
        "files": catalog.count("SELECT count(*) FROM files"),
        "documents": catalog.count("SELECT count(*) FROM documents"),
        "rows": catalog.count("SELECT count(*) FROM rows"),
        "duplicates": catalog.count("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
        "by_status": _counts(catalog, "status"),
        "by_format": _counts(catalog, "source_format"),
        "by_region": _counts(catalog, "region"),
        "by_plan_year": _counts(catalog, "plan_year"),
        "by_error_kind": {k: n for k, n in _counts(catalog, "error_kind").items() if k != "(none)"},
        "failed": catalog.count("SELECT count(*) FROM documents WHERE status = 'failed'"),
        "failures": failures,
        "runs": last,
        "running": holder or None,
    }


def _table(title: str, counts: dict[str, int]) -> list[str]:
    if not counts:
        return []
    width = max(len(k) for k in counts)
    return [f"{title}:"] + [f"  {k:<{width}}  {n}" for k, n in counts.items()]


def status_to_text(report: dict[str, Any]) -> str:
    lines = [f"catalogue {report['catalogue']}: {report['files']} files, {report['documents']} documents, "
             f"{report['rows']} rows, {report['duplicates']} duplicates"]
    if report["running"]:
        lines.append(f"a run is in progress: {describe(report['running'])}")
    for title, key in (("by status", "by_status"), ("by format", "by_format"), ("by region", "by_region"),
                       ("by plan year", "by_plan_year"), ("failures by kind", "by_error_kind")):
        lines += _table(title, report[key])
    if report["runs"]:
        lines.append("last runs:")
        for r in report["runs"]:
            s = r["summary"]
            if s is None:
                what = "did not finish (killed or still running)"
            else:
                statuses = ", ".join(f"{n} {k}" for k, n in sorted(s.get("by_status", {}).items()))
                what = (f"{s.get('files', 0)} files ({statuses or 'nothing extracted'}; {s.get('skipped', 0)} skipped), "
                        f"{s.get('rows', 0)} rows extracted, {s.get('seconds', 0):.1f} s")
            lines.append(f"  #{r['id']} {r['started']} pid {r['pid']} on {r['host']}: {what}")
    if report["failures"]:
        lines.append(f"failures ({report['failed']}):")
        lines += [f"  {f['source_path']}: [{f['error_kind']}] {f['error']}" for f in report["failures"]]
        if report["failed"] > len(report["failures"]):
            lines.append(f"  … and {report['failed'] - len(report['failures'])} more")
    return "\n".join(lines)
