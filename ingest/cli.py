"""The command line: ``roadmap-ingest run | show | eval | dates``."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with one line
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="roadmap-ingest", description="Russian roadmap orders to one clean dataset.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="extract files and folders into the dataset")
    run.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
    run.add_argument("--out", required=True, help="output folder")
    run.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    run.add_argument("--plan-year", type=int, help="force the plan year instead of inferring it")
    run.add_argument("--ocr-dpi", type=int, help="resolution pages are rendered at for OCR")
    run.add_argument("--quiet", action="store_true", help="no progress output")

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
    return parser


def _settings(args: argparse.Namespace) -> dict:
    out = {}
    if getattr(args, "plan_year", None):
        out["plan_year"] = args.plan_year
    if getattr(args, "ocr_dpi", None):
        out["ocr_dpi"] = args.ocr_dpi
    return out


def cmd_run(args: argparse.Namespace) -> int:
    from ingest.runner import run

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        print(f"roadmap-ingest: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs < 1:
        print("roadmap-ingest: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    summary = run(args.paths, args.out, jobs=args.jobs, settings=_settings(args), progress=not args.quiet)
    for w in summary.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"{summary.line()}; written to {args.out}", file=sys.stderr)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from ingest.runner import extract_file
    from ingest.show import extraction_to_text

    if not os.path.isfile(args.file):
        print(f"roadmap-ingest: error: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    result = extract_file(args.file, _settings(args))
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


def cmd_dates(args: argparse.Namespace) -> int:
    from normalize.dates import deadlines_to_jsonl

    lines = args.texts or [line.rstrip("\n") for line in sys.stdin]
    for record in deadlines_to_jsonl(lines, args.year):
        if args.jsonl:
            print(record)
        else:
            r = json.loads(record)
            spans = ", ".join(f"{a or '…'}..{b or '…'}" for a, b in r["intervals"]) or "-"
            print(f"{r['text']}\t{spans}\t{r['kind']}\t{r['recurrence'] or ''}")
    return EXIT_OK


COMMANDS = {"run": cmd_run, "show": cmd_show, "eval": cmd_eval, "dates": cmd_dates}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted; outputs already written are intact", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
