"""Pages of one scan over the cores: `roadmap-ingest run --jobs 2` against `--jobs 1` on one
11-page scan, as whole processes.

usage: .venv/bin/python bench/bench_parallel.py [--pairs N]

The scan is built from the sample scans in ../shared/corpus (beside the repository root): their
pages in turn until there are 11 (no sample scan has 11 pages of its own). The two commands run
in alternating pairs (jobs 1, jobs 2, jobs 1, ...) into fresh output folders; the ratio of each
pair's wall times is reported as median, min and max. Both runs must give the same rows. Peak
memory is the largest resident size of any single process of a run (the CLI, its workers, their
tesseract calls), read from the run's rusage. Target (issue 13): median ratio at most 0.6, every
process under 500 MB.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CLI = [sys.executable, "-m", "ingest.cli"]  # this repository's code, whatever is installed
PAGES = 11
BUDGET = 0.6
MEMORY_BUDGET_MB = 500


def build_scan(path: Path) -> bool:
    """Write an 11-page scan from the sample scans' pages; False when there are none."""
    sources = [pdfium.PdfDocument(str(p)) for p in sorted(CORPUS.glob("*.scan.pdf"))]
    if not sources:
        return False
    out = pdfium.PdfDocument.new()
    while len(out) < PAGES:
        for source in sources:
            out.import_pages(source, list(range(min(len(source), PAGES - len(out)))))
            if len(out) >= PAGES:
                break
    out.save(str(path))
    return True


def run_once(scan: Path, jobs: int, out: Path) -> tuple[float, float, bytes]:
    """(wall seconds, peak MB of the largest process, rows.jsonl bytes) of one whole run."""
    started = time.perf_counter()
    process = subprocess.Popen([*CLI, "run", str(scan), "--out", str(out), "--jobs", str(jobs), "--quiet"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"jobs={jobs} failed: {process.stderr.read().decode()[-1000:]}")
    return wall, usage.ru_maxrss / 1024, (out / "rows.jsonl").read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as tmp:
        scan = Path(tmp) / "eleven.scan.pdf"
        if not build_scan(scan):
            print(f"skipped: no .scan.pdf in {CORPUS}")
            return 0
        ratios, peaks, rows = [], [], {}
        for pair in range(args.pairs):
            walls = {}
            for jobs in (1, 2):
                walls[jobs], peak, rows[jobs] = run_once(scan, jobs, Path(tmp) / f"out{pair}-{jobs}")
                peaks.append(peak)
            ratios.append(walls[2] / walls[1])
            print(f"pair {pair + 1}: jobs=1 {walls[1]:.1f} s, jobs=2 {walls[2]:.1f} s, ratio {ratios[-1]:.2f}", flush=True)
    same = rows[1] == rows[2]
    median = statistics.median(ratios)
    print(f"{PAGES}-page scan, --jobs 2 / --jobs 1 wall time: median {median:.2f} (min {min(ratios):.2f}, "
          f"max {max(ratios):.2f}; budget {BUDGET:.2f}); rows identical: {same}")
    print(f"largest process of any run: {max(peaks):.0f} MB (budget {MEMORY_BUDGET_MB} MB)")
    return 0 if same and median <= BUDGET and max(peaks) <= MEMORY_BUDGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
