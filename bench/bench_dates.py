"""Deadline parsing: speed over every corpus deadline cell and agreement with the gold files,
for normalize.dates.parse_deadline and for bare dateparser.

usage: .venv/bin/python bench/bench_dates.py [--corpus DIR] [--gold DIR] [--repeat N]

Bare dateparser is DateDataParser(languages=["ru"]) with the plan year as RELATIVE_BASE; the
period it reports becomes an interval (day -> [d, d] "date", month or year -> its first to last
day "period", nothing -> "unparsed"). Rates are per second of CPU time of this process (one
core). Prints rates and ratios; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from normalize.dates import parse_deadline  # noqa: E402
from normalize.dates.resolve import month_last_day  # noqa: E402
from tests.conftest import shared_path  # noqa: E402

SHARED = shared_path()
MARKUP = re.compile(r"</?p>")
Interval = tuple[date | None, date | None]


def dump_to_deadline_cells(path: Path) -> list[str]:
    """The non-empty cells under a "Срок…" header in an OCR dump's TAB-separated rows."""
    column: int | None = None
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        cells = [MARKUP.sub("", c).strip() for c in line.split("\t")]
        header = [i for i, c in enumerate(cells) if c.lower().startswith("срок")]
        if header:
            column = header[0]
        elif column is not None and column < len(cells) and cells[column]:
            out.append(cells[column])
    return out


def gold_to_cases(gold_dir: Path) -> list[tuple[str, int, list[list[str | None]], str, str | None]]:
    """(deadline_text, plan_year, intervals, kind, recurrence) for every gold row."""
    cases = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        year = gold["document"]["plan_year"]
        for row in gold["rows"]:
            cases.append((row["deadline_text"], year, row["deadline_intervals"], row["deadline_kind"], row["recurrence"]))
    return cases


def dateparser_to_deadline(text: str, plan_year: int, parsers: dict) -> tuple[list[Interval], str]:
    """Bare dateparser's reading of a cell as (intervals, kind)."""
    from dateparser.date import DateDataParser

    if plan_year not in parsers:
        parsers[plan_year] = DateDataParser(
            languages=["ru"],
            settings={"RELATIVE_BASE": datetime(plan_year, 1, 1), "PREFER_DAY_OF_MONTH": "first"},
        )
    data = parsers[plan_year].get_date_data(text)
    if data.date_obj is None:
        return [], "unparsed"
    d = data.date_obj.date()
    if data.period == "month":
        return [(d.replace(day=1), month_last_day(d.year, d.month))], "period"
    if data.period == "year":
        return [(date(d.year, 1, 1), date(d.year, 12, 31))], "period"
    return [(d, d)], "date"


def iso(intervals: list[Interval]) -> list[list[str | None]]:
    return [[s.isoformat() if s else None, e.isoformat() if e else None] for s, e in intervals]


def cells_per_second(fn: Callable[[str], object], cells: list[str], repeat: int) -> float:
    """Cells per second of this process's CPU time (one core; other jobs on the machine do not count)."""
    fn(cells[0])  # warm up: data files, dateparser's language tables
    start = time.process_time()
    for _ in range(repeat):
        for cell in cells:
            fn(cell)
    return repeat * len(cells) / (time.process_time() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    cells = [c for p in sorted(args.corpus.glob("*.txt")) for c in dump_to_deadline_cells(p)]
    parsers: dict = {}
    ours = cells_per_second(lambda c: parse_deadline(c, 2022), cells, args.repeat)
    bare = cells_per_second(lambda c: dateparser_to_deadline(c, 2022, parsers), cells, max(1, args.repeat // 4))
    ours_read = sum(parse_deadline(c, 2022).kind != "unparsed" for c in cells)
    bare_read = sum(dateparser_to_deadline(c, 2022, parsers)[1] != "unparsed" for c in cells)
    print(f"corpus deadline cells: {len(cells)}")
    print(f"  parse_deadline : {ours:9.0f} cells/s   read (not unparsed) {ours_read}/{len(cells)}")
    print(f"  bare dateparser: {bare:9.0f} cells/s   read (not unparsed) {bare_read}/{len(cells)}")
    print(f"  speed ratio parse_deadline / dateparser: {ours / bare:.1f}x")

    cases = gold_to_cases(args.gold)
    hits = {"ours": [0, 0, 0], "bare": [0, 0, 0]}  # intervals, kind, both (+ recurrence for ours)
    misses = []
    for text, year, intervals, kind, recurrence in cases:
        d = parse_deadline(text, year)
        ok_iv, ok_kind = iso(d.intervals) == intervals, d.kind == kind and d.recurrence == recurrence
        hits["ours"][0] += ok_iv
        hits["ours"][1] += ok_kind
        hits["ours"][2] += ok_iv and ok_kind
        if not (ok_iv and ok_kind):
            misses.append(f"    {text!r}: got {iso(d.intervals)} {d.kind} {d.recurrence}, want {intervals} {kind} {recurrence}")
        b_iv, b_kind = dateparser_to_deadline(text, year, parsers)
        hits["bare"][0] += iso(b_iv) == intervals
        hits["bare"][1] += b_kind == kind and recurrence is None
        hits["bare"][2] += iso(b_iv) == intervals and b_kind == kind and recurrence is None
    n = len(cases)
    print(f"gold deadline cells: {n}")
    for name, (iv, kd, both) in hits.items():
        label = "parse_deadline " if name == "ours" else "bare dateparser"
        print(f"  {label}: intervals {iv}/{n} ({iv / n:.0%})  kind+recurrence {kd}/{n} ({kd / n:.0%})  both {both}/{n} ({both / n:.0%})")
    for line in misses:
        print(line)


if __name__ == "__main__":
    main()
