"""Time the PDF parser and the whole pipeline against bare pdfplumber ``page.extract_tables()``.

usage: python bench/bench_pdf.py [PDF ...] [--repeat N]

Without arguments it times the sample PDFs (samples/*.pdf, else ../shared/corpus/*.pdf; not
the .scan.pdf renderings). Per file, the three are run in turn ``--repeat`` times and the best
time of each is kept (a shared machine is noisy; best-of and interleaving keep the ratio
honest). Columns: bare extract_tables, parse_pdf (the parser alone), extract_bytes (parser,
assembly, normalisers: the whole pipeline), and their ratios to bare. The budget is 1.5.
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.extraction import extract_bytes  # noqa: E402
from parsers.pdf_text import parse_pdf  # noqa: E402
from tests.conftest import shared_path  # noqa: E402

SAMPLE_DIRS = (ROOT / "samples", shared_path("corpus"))
BUDGET = 1.5


def bare_extract_tables(data: bytes) -> int:
    """The baseline: every table of every page with pdfplumber's defaults; number of rows."""
    rows = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows += len(table)
    return rows


def parser_rows(data: bytes) -> int:
    return sum(len(t.rows) for t in parse_pdf(data).tables)


def pipeline_rows(data: bytes) -> int:
    return len(extract_bytes(data, "bench.pdf").rows)


def sample_pdfs() -> list[Path]:
    for folder in SAMPLE_DIRS:
        found = sorted(p for p in folder.glob("*.pdf") if not p.name.endswith(".scan.pdf"))
        if found:
            return found
    return []


def time_interleaved(functions: list, data: bytes, repeat: int) -> list[tuple[float, int]]:
    best = [float("inf")] * len(functions)
    results = [0] * len(functions)
    for _ in range(repeat):
        for k, function in enumerate(functions):
            start = time.perf_counter()
            results[k] = function(data)
            best[k] = min(best[k], time.perf_counter() - start)
    return list(zip(best, results))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    paths = args.pdfs or sample_pdfs()
    if not paths:
        print(f"no PDFs to time (looked in {', '.join(map(str, SAMPLE_DIRS))})")
        return 1
    totals = [0.0, 0.0, 0.0]
    print(f"{'file':<32} {'extract_tables':>14} {'parse_pdf':>10} {'ratio':>6} {'pipeline':>9} {'ratio':>6}  rows")
    for path in paths:
        data = path.read_bytes()
        (bare, bare_rows), (ours, our_rows), (whole, items) = time_interleaved(
            [bare_extract_tables, parser_rows, pipeline_rows], data, args.repeat)
        for k, seconds in enumerate((bare, ours, whole)):
            totals[k] += seconds
        print(f"{path.name:<32} {bare:>13.3f}s {ours:>9.3f}s {ours / bare:>6.2f} {whole:>8.3f}s {whole / bare:>6.2f}"
              f"  {bare_rows} table rows / {our_rows} table rows / {items} items")
    bare, ours, whole = totals
    print(f"{'total':<32} {bare:>13.3f}s {ours:>9.3f}s {ours / bare:>6.2f} {whole:>8.3f}s {whole / bare:>6.2f}")
    print(f"ratio parse_pdf / extract_tables: {ours / bare:.2f}; whole pipeline / extract_tables: {whole / bare:.2f}"
          f" (budget {BUDGET:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
