"""Scaling across worker processes: two scans with --jobs 2 against --jobs 1.

Tesseract runs with one OpenMP thread, so parallelism comes from the runner's worker processes.
Target (issue 6): two scans with two jobs take at most 0.6x the one-job wall time. Both runs
happen here, one after the other, on the same files (a ratio, not seconds).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.runner import run  # noqa: E402

BUDGET = 0.6


def main() -> int:
    scans = sorted((ROOT.parent / "shared" / "corpus").glob("*.scan.pdf"))[:2]
    if len(scans) < 2:
        print("skipped: ../shared/corpus has fewer than two .scan.pdf files")
        return 0
    walls = {}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            summary = run([str(p) for p in scans], out, jobs=jobs, progress=False)
            walls[jobs] = time.perf_counter() - started
            print(f"jobs={jobs}: {walls[jobs]:.1f} s wall, {summary.line()}")
    ratio = walls[2] / walls[1]
    print(f"two jobs / one job: {ratio:.2f} (budget {BUDGET:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
