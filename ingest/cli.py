"""The command line: ``roadmap-ingest run | status | export | show | eval | dates | names``.

Exit codes (in the manner of OCRmyPDF, for cron wrappers): 0 every file ok; 1 some files failed
(the rest are written); 2 usage error; 3 a required program is missing (tesseract, LibreOffice,
Dask: an environment fault, not the file's); 4 the catalogue is locked by another run; 5 the
catalogue is damaged or from an unknown version.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Callable, Iterable

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_MISSING_TOOL, EXIT_LOCKED, EXIT_CATALOG = 0, 1, 2, 3, 4, 5
SIZE_UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "M": 2**20, "MB": 2**20, "G": 2**30, "GB": 2**30}


def _memory(text: str) -> int | None:
    """``4G``, ``512M``, ``2.5GB`` or bytes; ``0`` or ``none`` for no cap."""
    t = text.strip().upper().replace("IB", "B")
    if t in ("0", "NONE", "OFF"):
        return None
    number = t.rstrip("KMGB")
    try:
        value = float(number) * SIZE_UNITS[t[len(number):]]
    except (ValueError, KeyError):
        raise argparse.ArgumentTypeError(f"not a memory size: {text!r} (say 4G or 512M)") from None
    if value < 64 * 2**20:
        raise argparse.ArgumentTypeError(f"--max-memory {text} is under 64 MiB, too little to read a file")
    return int(value)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _formats(text: str) -> str:
    from ingest.runner import formats_to_list

    try:
        return ",".join(formats_to_list(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with one line
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="roadmap-ingest", description="Russian roadmap orders to one clean dataset.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="extract files and folders into the dataset")
    run.add_argument("paths", nargs="+", help="files or folders (searched recursively); "
                     "a path starting with '-' may follow '--'")
    run.add_argument("--out", help="output folder for the exports (CSV, XLSX, Parquet, JSONL)")
    run.add_argument("--state", help="the catalogue (SQLite; default OUT/catalog.sqlite)")
    run.add_argument("--format", type=_formats, default="csv,xlsx,parquet,jsonl",
                     help="export formats, comma-separated (default: csv,xlsx,parquet,jsonl)")
    run.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    run.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="local worker processes (default), or a Dask cluster")
    run.add_argument("--scheduler", help="the Dask scheduler, tcp://HOST:PORT (default: start a LocalCluster)")
    run.add_argument("--timeout", type=_positive, default=300.0, help="seconds one file may take (default 300)")
    run.add_argument("--max-memory", type=_memory, default=4 * 2**30,
                     help="memory one worker may use, e.g. 4G or 512M; 0 for no cap (default 4G)")
    run.add_argument("--wait", type=_positive, nargs="?", const=float("inf"), default=0.0, metavar="SECONDS",
                     help="wait for another run holding the catalogue (for SECONDS, or as long as it takes) "
                          "instead of exiting with code 4")
    run.add_argument("--force", action="store_true", help="extract every file again, changed or not")
    run.add_argument("--prune", action="store_true",
                     help="forget files under the given folders that no longer exist")
    run.add_argument("--log", metavar="FILE", help="also write the per-file lines and warnings to FILE")
    run.add_argument("--debug", action="store_true", help="write the tracebacks of unexpected errors to --log")
    run.add_argument("--plan-year", type=int, help="force the plan year instead of inferring it")
    run.add_argument("--ocr-dpi", type=int, help="resolution pages are rendered at for OCR")
    run.add_argument("--max-file-mb", type=_positive, help="largest file read, in MiB (default 200)")
    run.add_argument("--max-pages", type=_positive, help="most pages (PDF) or frames (image) in one file (default 2000)")
    run.add_argument("--max-image-megapixels", type=_positive, help="largest page image decoded or rendered (default 150)")
    run.add_argument("--max-inflated-mb", type=_positive, help="largest PDF stream or unpacked DOCX/ODT, in MiB (default 512)")
    run.add_argument("--max-zip-ratio", type=_positive, help="highest packed-to-unpacked ratio of a DOCX/ODT part (default 200)")
    run.add_argument("--quiet", action="store_true", help="no progress output")

    status = sub.add_parser("status", help="what the catalogue holds: counts, the last runs, the failures")
    status.add_argument("--state", required=True, help="the catalogue (OUT/catalog.sqlite)")
    status.add_argument("--runs", type=int, default=5, help="how many of the last runs to show (default 5)")
    status.add_argument("--json", action="store_true", help="print it as JSON")

    export = sub.add_parser("export", help="write the exports of a catalogue into a folder")
    export.add_argument("--state", required=True, help="the catalogue (OUT/catalog.sqlite)")
    export.add_argument("--out", required=True, help="output folder")
    export.add_argument("--format", type=_formats, default="csv,xlsx,parquet,jsonl",
                        help="export formats, comma-separated (default: csv,xlsx,parquet,jsonl)")
    export.add_argument("--wait", type=_positive, nargs="?", const=float("inf"), default=0.0, metavar="SECONDS",
                        help="wait for a run holding the catalogue")

    show = sub.add_parser("show", help="print the rows extracted from one file as a table")
    show.add_argument("file")
    show.add_argument("--plan-year", type=int)
    show.add_argument("--width", type=int, help="characters per line (default: the terminal's)")

    ev = sub.add_parser("eval", help="score an output folder against gold files")
    ev.add_argument("out", help="a folder written by `run`")
    ev.add_argument("--gold", required=True, help="folder of gold *.json files")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--quiet", action="store_true", help="only the summary lines, not every miss")

    dates = sub.add_parser("dates", help="normalise deadline expressions (one per line on stdin, or arguments)")
    dates.add_argument("texts", nargs="*")
    dates.add_argument("--year", type=int, help="the plan year for expressions without a year")
    dates.add_argument("--jsonl", action="store_true", help="one JSON object per line")

    names = sub.add_parser("names", help="person names in any case to 'Фамилия И.О.' in the nominative "
                                         "(one per line on stdin, or arguments)")
    names.add_argument("texts", nargs="*")
    names.add_argument("--gender", choices=("masc", "femn"), help="the person's gender when the name does not tell")
    names.add_argument("--jsonl", action="store_true", help="one JSON object per line")

    from ingest.report_cli import add_report_parser  # the review report's sub-command
    add_report_parser(sub)
    return parser


def _settings(args: argparse.Namespace) -> dict:
    out = {}
    if getattr(args, "plan_year", None) is not None:
        out["plan_year"] = args.plan_year
    if getattr(args, "ocr_dpi", None) is not None:  # 0 is out of range, not "the default"
        out["ocr_dpi"] = args.ocr_dpi
    for flag, name, scale in (("max_file_mb", "max_file_bytes", 2**20), ("max_pages", "max_pages", 1),
                              ("max_image_megapixels", "max_image_pixels", 10**6),
                              ("max_inflated_mb", "max_inflated_bytes", 2**20)):
        if getattr(args, flag, None):
            out[name] = max(1, round(getattr(args, flag) * scale))
    if getattr(args, "max_zip_ratio", None):
        out["max_zip_ratio"] = args.max_zip_ratio
    return out


class UsageError(ValueError):
    """A command line the program cannot act on: one line on stderr and exit code 2 (``main``)."""


def _valid_settings(args: argparse.Namespace):
    """The run's Settings; a value out of range raises UsageError naming its flag (--ocr-dpi, not ocr_dpi)."""
    from parsers.settings import Settings

    try:
        return Settings.resolve(_settings(args))
    except ValueError as exc:
        name, _, rest = str(exc).partition(" ")
        flag = f"--{name.replace('_', '-')}"
        if flag.startswith("--max-") and (name.endswith("_bytes") or name.endswith("_pixels")):
            flag = None  # scaled from another flag (--max-file-mb): the message keeps the setting's name
        raise UsageError(f"{flag} {rest}" if flag and hasattr(args, name) else str(exc)) from None


def cmd_run(args: argparse.Namespace) -> int:
    from ingest.progress import setup_logging
    from ingest.runner import run

    missing = [p for p in args.paths if not os.path.lexists(p)]
    if missing:
        print(f"roadmap-ingest: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs < 1:
        print("roadmap-ingest: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if not args.out and not args.state:
        print("roadmap-ingest: error: give --out DIR (and optionally --state FILE)", file=sys.stderr)
        return EXIT_USAGE
    if args.scheduler and args.executor != "dask":
        print("roadmap-ingest: error: --scheduler needs --executor dask", file=sys.stderr)
        return EXIT_USAGE
    if args.debug and not args.log:
        print("roadmap-ingest: error: --debug writes tracebacks to the log file: give --log FILE", file=sys.stderr)
        return EXIT_USAGE
    settings = _valid_settings(args)
    setup_logging(args.log, console=not args.quiet, debug=args.debug)
    from ingest.discover import path_kind

    for p in args.paths:
        if path_kind(p) == "other":
            _say(f"warning: {p} is neither a file nor a folder (a device, pipe or socket); skipped")
    summary = run(args.paths, args.out, jobs=args.jobs, settings=settings, progress=not args.quiet,
                  state=args.state, formats=args.format, force=args.force, prune=args.prune,
                  executor=args.executor, scheduler=args.scheduler, timeout=args.timeout,
                  max_memory=args.max_memory, wait=args.wait, debug=args.debug, argv=sys.argv[1:])
    for w in summary.warnings:
        _say(f"warning: {w}")
    where = f"exports written to {args.out}" if summary.exported else (
        f"exports in {args.out} already up to date" if args.out else f"catalogue {summary.state}")
    _say(f"{summary.line()}; {where}")
    if summary.missing_tool:
        return EXIT_MISSING_TOOL
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _say(line: str) -> None:
    """A summary line: on stderr, and in the log file when there is one."""
    from ingest.progress import log

    if log.handlers:
        log.warning(line) if line.startswith("warning:") else log.info(line)
    else:
        print(line, file=sys.stderr)


def cmd_status(args: argparse.Namespace) -> int:
    from ingest.catalog import Catalog
    from ingest.status import status_of, status_to_text

    with Catalog(args.state, create=False) as catalog:
        report = status_of(catalog, runs=args.runs)
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else status_to_text(report))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ingest.catalog import Catalog
    from ingest.lock import RunLock
    from ingest.runner import export

    with RunLock(args.state, wait=args.wait), Catalog(args.state, create=False) as catalog:
        _, warnings = export(catalog, args.out, args.format, always=True, cores=os.cpu_count() or 1)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"exports of {args.state} written to {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from ingest.runner import extract_file
    from ingest.show import extraction_to_text

    if not os.path.isfile(args.file):
        print(f"roadmap-ingest: error: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    settings = _valid_settings(args)
    result = extract_file(args.file, settings)
    width = args.width or shutil.get_terminal_size((160, 40)).columns
    print(extraction_to_text(result, width))
    return EXIT_SOME_FAILED if result.document["status"] == "failed" else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from ingest.evaluate import evaluate, report_lines

    for folder, what in ((args.gold, "gold folder"), (args.out, "output folder")):
        if not Path(folder).is_dir():
            print(f"roadmap-ingest: error: the {what} {folder} does not exist", file=sys.stderr)
            return EXIT_USAGE
    if not (Path(args.out) / "rows.jsonl").exists():
        print(f"roadmap-ingest: error: {args.out} has no rows.jsonl; run `roadmap-ingest run` first", file=sys.stderr)
        return EXIT_USAGE
    result = evaluate(args.gold, args.out)
    if args.json:
        print(json.dumps(result if not args.quiet else result["summary"], ensure_ascii=False, indent=1))
    else:
        print("\n".join(report_lines(result, misses=not args.quiet)))
    return EXIT_OK


def input_lines(args: argparse.Namespace) -> list[str]:
    """The texts given as arguments, else one per line of standard input."""
    return args.texts or [line.rstrip("\n") for line in sys.stdin]


def print_records(records: Iterable[str], as_jsonl: bool, line: Callable[[dict], str]) -> int:
    """Each JSON record as it is (--jsonl) or as one tab-separated line."""
    for record in records:
        print(record if as_jsonl else line(json.loads(record)))
    return EXIT_OK


def cmd_dates(args: argparse.Namespace) -> int:
    from normalize.dates import deadlines_to_jsonl

    def line(r: dict) -> str:
        spans = ", ".join(f"{a or '…'}..{b or '…'}" for a, b in r["intervals"]) or "-"
        return f"{r['text']}\t{spans}\t{r['kind']}\t{r['recurrence'] or ''}"

    return print_records(deadlines_to_jsonl(input_lines(args), args.year), args.jsonl, line)


def cmd_names(args: argparse.Namespace) -> int:
    from normalize.executors import names_to_jsonl

    def line(r: dict) -> str:
        doubt = f"\tor {', '.join(r['alternatives'])}" if r["alternatives"] else ""
        return f"{r['text']}\t{r['name'] or '-'}{doubt}"

    return print_records(names_to_jsonl(input_lines(args), args.gender), args.jsonl, line)


COMMANDS = {"run": cmd_run, "status": cmd_status, "export": cmd_export, "show": cmd_show, "eval": cmd_eval,
            "dates": cmd_dates, "names": cmd_names}


def cmd_report(args: argparse.Namespace) -> int:
    from ingest.report_cli import run_report

    return run_report(args)


COMMANDS["report"] = cmd_report


def main(argv: list[str] | None = None) -> int:
    from ingest.discover import run_argv_paths_last

    parser = build_parser()
    args = parser.parse_args(run_argv_paths_last(sys.argv[1:] if argv is None else list(argv), parser))
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted; what was extracted is kept in the catalogue and the exports are intact", file=sys.stderr)
        return 130
    except Exception as exc:  # environment and catalogue faults: one sentence and their exit code
        code, message = _fault(exc)
        if code is None:
            raise
        print(f"roadmap-ingest: error: {message}", file=sys.stderr)
        return code


def _fault(exc: Exception) -> tuple[int | None, str]:
    import sqlite3

    from ingest.catalog import CatalogError
    from ingest.lock import CatalogLocked
    from parsers.errors import MissingTool

    if isinstance(exc, UsageError):
        return EXIT_USAGE, str(exc)
    if isinstance(exc, CatalogLocked):
        return EXIT_LOCKED, exc.message
    if isinstance(exc, CatalogError):
        return EXIT_CATALOG, exc.message
    if isinstance(exc, sqlite3.DatabaseError):
        return EXIT_CATALOG, f"the catalogue cannot be read or written ({exc}); move it away or pass another --state"
    if isinstance(exc, MissingTool):
        return EXIT_MISSING_TOOL, exc.message
    from ingest.backends import WorkerStartError

    if isinstance(exc, WorkerStartError):
        return EXIT_MISSING_TOOL, str(exc)  # its message already says that a worker could not start
    if isinstance(exc, OSError) and exc.filename:
        # input files fail one by one inside the run: what reaches here is the output folder, the
        # catalogue's folder or the log file (a file where a folder should be, no permission, a full disk)
        reason = exc.strerror or type(exc).__name__
        return EXIT_USAGE, (f"{exc.filename} cannot be written ({reason}); check --out, --state and --log "
                            "(what was stored before is kept)")
    return None, ""


def entry() -> None:
    """The command line (console script and ``python -m ingest.cli``): ``main``, then an exit
    without the interpreter's teardown. Every command has closed, renamed and flushed what it
    wrote, and closed its catalogue, workers and Dask cluster, before ``main`` returns; the
    teardown would only free pandas, pyarrow and numpy module by module (a tenth of a second,
    a twentieth of a run over three PDFs). The log handlers and the standard streams are
    flushed first. An exception out of ``main`` (a bug, or argparse's exit) ends the usual way."""
    import logging

    code = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said on it
            pass
    os._exit(code)


if __name__ == "__main__":
    entry()
