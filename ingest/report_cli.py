"""``roadmap-ingest report [OUT | --state CATALOG] --html FILE``: the sub-command's arguments and its
entry point. Light to import (the CLI builds its parser on every call); the report's modules, with
matplotlib and jinja2, are imported only when the command runs."""
from __future__ import annotations

import sys
from pathlib import Path

from ingest.report_data import MAX_PAGES


def add_report_parser(sub) -> None:
    """The ``report`` sub-command's arguments (added to the CLI's sub-parsers)."""
    report = sub.add_parser("report", help="write a self-contained HTML review report of a run")
    report.add_argument("out", nargs="?", help="an output folder written by `run`")
    report.add_argument("--state", help="read the catalogue (catalog.sqlite) instead of an output folder")
    report.add_argument("--html", required=True, help="the HTML file to write")
    report.add_argument("--max-pages", type=int, default=MAX_PAGES, help=f"pages drawn per document (default {MAX_PAGES})")


def report_input(out: str | None, state: str | None):
    """The run to report on: the catalogue when given (or found in the output folder), else the folder."""
    from ingest.report_data import ReportInputError, folder_to_run

    if state is None and out is not None and (Path(out) / "catalog.sqlite").is_file():
        state = str(Path(out) / "catalog.sqlite")
    if state is not None:
        from ingest.report_catalog import catalog_to_run

        return catalog_to_run(state)
    if out is None:
        raise ReportInputError("give an output folder or --state CATALOG to report on")
    return folder_to_run(out)


def run_report(args) -> int:
    """``roadmap-ingest report``: 0 when written, 2 when the input cannot be read."""
    from ingest.report import write_report
    from ingest.report_data import ReportInputError

    if args.max_pages < 1:
        print("roadmap-ingest: error: --max-pages must be at least 1", file=sys.stderr)
        return 2
    try:
        run = report_input(args.out, args.state)
    except ReportInputError as exc:
        print(f"roadmap-ingest: error: {exc.message}", file=sys.stderr)
        return 2
    summary = write_report(run, args.html, max_pages=args.max_pages)
    print(f"report of {summary.documents} documents ({summary.pages_drawn} pages drawn, "
          f"{summary.bytes / 1e6:.1f} MB) written to {summary.path}", file=sys.stderr)
    return 0
