"""Text PDFs: the whole pipeline against bare pdfplumber ``extract_tables()``, as whole processes.

usage: .venv/bin/python bench/bench_pdf.py [--pairs N] [--batch-pairs N]

Two runs, each a series of alternating pairs (bare first in odd pairs, ours first in even ones):
- the sample text PDFs (samples/*.pdf, else ../shared/corpus/*.pdf beside the repository root,
  not the .scan.pdf renderings) with the default --jobs;
- a 30-file batch with --jobs 1: copies of those PDFs, each with its own metadata subject so
  that no two files have the same bytes (the catalogue would skip a byte-identical copy).
Ours is ``python -m ingest.cli run FILES --out EMPTY_FOLDER --quiet`` (a fresh catalogue, every
export written); bare is ``python -c`` opening each file with pdfplumber and calling
``page.extract_tables()`` on every page. Both are timed from fork to exit (start-up and imports
included). Reported: the median, min and max of the pairs' wall-time ratios, and the same for
CPU time (user + system of the process and all its children: steadier than wall time on a
shared machine). Budgets (issue 13): 1.5 on the samples, 1.2 on the batch (median wall ratio).
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"  # as tests.conftest.shared_path
SAMPLE_DIRS = (ROOT / "samples", SHARED / "corpus")
BATCH_FILES = 30
SAMPLES_BUDGET = 1.5
BATCH_BUDGET = 1.2

BARE = """
import sys
import pdfplumber
rows = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows += len(table)
print(rows)
"""


def sample_pdfs() -> list[Path]:
    for folder in SAMPLE_DIRS:
        found = sorted(p for p in folder.glob("*.pdf") if not p.name.endswith(".scan.pdf"))
        if found:
            return found
    return []


def build_batch(sources: list[Path], folder: Path, count: int = BATCH_FILES) -> list[Path]:
    """``count`` copies of the sources in turn, each with distinct bytes (its own metadata)."""
    paths = []
    for k in range(count):
        source = sources[k % len(sources)]
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(str(source)))
        writer.add_metadata({"/Subject": f"benchmark copy {k}"})
        buffer = io.BytesIO()
        writer.write(buffer)
        path = folder / f"copy{k:02d}_{source.name}"
        path.write_bytes(buffer.getvalue())
        paths.append(path)
    return paths


def timed_tree(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process and every descendant it waited for, stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        out.seek(0)
        err.seek(0)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(command[:4])} ... failed ({code}): {err.read().decode()[-1500:]}")
        return wall, usage.ru_utime + usage.ru_stime, out.read().decode()


def ours_command(paths: list[Path], out: Path, jobs: int | None) -> list[str]:
    command = [sys.executable, "-m", "ingest.cli", "run", *map(str, paths), "--out", str(out), "--quiet"]
    return command + (["--jobs", str(jobs)] if jobs else [])


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def compare(name: str, paths: list[Path], jobs: int | None, pairs: int, folder: Path) -> float:
    """Alternating pairs of bare and ours; the median wall ratio."""
    bare_command = [sys.executable, "-c", BARE, *map(str, paths)]
    walls, cpus = [], []
    for pair in range(pairs):
        out = folder / f"{name}-{pair}"
        order = ("bare", "ours") if pair % 2 == 0 else ("ours", "bare")
        got = {}
        for who in order:
            got[who] = timed_tree(bare_command if who == "bare" else ours_command(paths, out, jobs))
        (bare_wall, bare_cpu, _), (our_wall, our_cpu, _) = got["bare"], got["ours"]
        walls.append(our_wall / bare_wall)
        cpus.append(our_cpu / bare_cpu)
        print(f"  pair {pair + 1}: bare {bare_wall:.2f} s ({bare_cpu:.2f} s CPU), ours {our_wall:.2f} s "
              f"({our_cpu:.2f} s CPU): wall ratio {walls[-1]:.2f}, CPU ratio {cpus[-1]:.2f}", flush=True)
    rows = sum(1 for _ in (out / "rows.jsonl").open(encoding="utf-8")) if (out / "rows.jsonl").exists() else 0
    print(f"{name}: {len(paths)} files, --jobs {jobs or 'default'}, {rows} rows; "
          f"wall ratio {spread(walls)}; CPU ratio {spread(cpus)}")
    return statistics.median(walls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5, help="pairs on the sample PDFs; 0 skips them")
    parser.add_argument("--batch-pairs", type=int, default=3, help="pairs on the 30-file batch; 0 skips it")
    args = parser.parse_args(argv)
    samples = sample_pdfs()
    if not samples:
        print(f"no PDFs to time (looked in {', '.join(map(str, SAMPLE_DIRS))})")
        return 1
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        folder = Path(tmp)
        if args.pairs > 0:
            ratio = compare("samples", samples, None, args.pairs, folder)
            print(f"samples, whole processes: ours / bare pdfplumber wall {ratio:.2f} (budget {SAMPLES_BUDGET:.2f})")
            ok &= ratio <= SAMPLES_BUDGET
        if args.batch_pairs > 0:
            batch_dir = folder / "batch"
            batch_dir.mkdir()
            batch = build_batch(samples, batch_dir)
            ratio = compare("batch", batch, 1, args.batch_pairs, folder)
            print(f"{len(batch)}-file batch, --jobs 1, whole processes: ours / bare pdfplumber wall {ratio:.2f} "
                  f"(budget {BATCH_BUDGET:.2f})")
            ok &= ratio <= BATCH_BUDGET
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
