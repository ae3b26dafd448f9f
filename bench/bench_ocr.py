"""OCR of scanned PDFs: the whole pipeline against plain tesseract, and peak memory on a long scan.

usage: .venv/bin/python bench/bench_ocr.py [SCAN.pdf ...] [--pairs N] [--memory-pages N]

Speed, as whole processes. The scans are the sample scans (samples/*.scan.pdf, else
../shared/corpus/*.scan.pdf beside the repository root). Ours is ``python -m ingest.cli run
SCANS --out EMPTY_FOLDER --jobs 1 --quiet`` (start-up, extraction and every export included);
the baseline is one ``tesseract page.png - -l rus+eng`` process per page of the same scans,
rendered at 300 dpi beforehand (the rendering is not counted), one after another, with
OMP_THREAD_LIMIT=1 as the pipeline runs it. The two alternate in ``--pairs`` pairs (the
baseline first in odd pairs); reported are the median, min and max of the pairs' ratios of wall
time and of CPU time (user + system of the processes and their children). Issue 13 asks for at
most 0.6; this bench reports the figure and does not fail on it.

Memory. The sample pages are concatenated into a ``--memory-pages``-page scan (default 50) in a
temporary folder, and ``parse_scan_pdf`` runs on it in a child process, which reports its own
peak resident memory (VmHWM: ru_maxrss would include the parent's size at the fork; tesseract's
own peak, ~90 MB per page under /usr/bin/time, is not counted). Budget: 500 MB for the
parsing process.
Exit status 1 when the memory budget is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from parsers.ocr_render import open_pdf, pdf_page_to_gray  # noqa: E402

SAMPLE_DIRS = (ROOT / "samples", ROOT.parent / "shared" / "corpus")  # as tests.conftest.shared_path
SPEED_TARGET = 0.6
MEMORY_BUDGET_MB = 500
BASELINE_DPI = 300


def sample_scans() -> list[Path]:
    for folder in SAMPLE_DIRS:
        found = sorted(folder.glob("*.scan.pdf"))
        if found:
            return found
    return []


def timed_tree(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the children it waited for) of one process."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1: a file partial or failed, still a full run
            err.seek(0)
            raise SystemExit(f"{' '.join(command[:4])} ... failed: {err.read().decode()[-1500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def render_pages(scans: list[Path], folder: Path) -> list[Path]:
    """Every page of the scans as a 300-dpi PNG in ``folder``."""
    paths = []
    for number, scan in enumerate(scans):
        pdf = open_pdf(scan.read_bytes())
        try:
            for index in range(len(pdf)):
                path = folder / f"scan{number}-page{index:03d}.png"
                cv2.imwrite(str(path), pdf_page_to_gray(pdf, index, BASELINE_DPI))
                paths.append(path)
        finally:
            pdf.close()
    return paths


BASELINE = """
import os, subprocess, sys
for page in sys.argv[1:]:
    subprocess.run(["tesseract", page, "-", "-l", "rus+eng"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
"""


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def speed(scans: list[Path], pairs: int) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        folder = Path(tmp)
        pngs = render_pages(scans, folder)
        baseline = [sys.executable, "-c", BASELINE, *map(str, pngs)]
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        walls, cpus = [], []
        for pair in range(pairs):
            ours = [sys.executable, "-m", "ingest.cli", "run", *map(str, scans), "--out", str(folder / f"out{pair}"),
                    "--jobs", "1", "--quiet"]
            got = {}
            for who in (("bare", "ours") if pair % 2 == 0 else ("ours", "bare")):
                got[who] = timed_tree(baseline, env) if who == "bare" else timed_tree(ours)
            (bare_wall, bare_cpu), (our_wall, our_cpu) = got["bare"], got["ours"]
            walls.append(our_wall / bare_wall)
            cpus.append(our_cpu / bare_cpu)
            print(f"  pair {pair + 1}: tesseract {bare_wall:.1f} s ({bare_cpu:.1f} s CPU), pipeline {our_wall:.1f} s "
                  f"({our_cpu:.1f} s CPU): wall ratio {walls[-1]:.2f}, CPU ratio {cpus[-1]:.2f}", flush=True)
    print(f"{len(scans)} scans, {len(pngs)} pages, --jobs 1, whole processes: pipeline / plain 300-dpi tesseract "
          f"wall {spread(walls)}; CPU {spread(cpus)} (issue 13 asks for {SPEED_TARGET:.2f})")
    return statistics.median(walls)


_CHILD = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from parsers.ocr_scan import parse_scan_pdf
from parsers.settings import Settings
doc = parse_scan_pdf(open(sys.argv[2], "rb").read(), Settings())
# VmHWM is this program's own peak; ru_maxrss would also count the parent's size at the fork
try:
    peak_kb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"pages": doc.pages, "tables": len(doc.tables), "self_mb": peak_kb / 1024}))
"""


def memory(scans: list[Path], page_count: int) -> float:
    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(str(s)) for s in scans]
    while len(out) < page_count:
        for source in sources:
            take = min(len(source), page_count - len(out))
            out.import_pages(source, list(range(take)))
            if len(out) >= page_count:
                break
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.scan.pdf"
        out.save(str(path))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr[-2000:])
        raise SystemExit(f"the {page_count}-page scan failed to parse")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{page_count}-page scan: {report['pages']} pages, {report['tables']} table fragments in "
          f"{time.perf_counter() - started:.0f} s; peak memory of the parsing process {report['self_mb']:.0f} MB "
          f"(budget {MEMORY_BUDGET_MB} MB; each tesseract call adds its own ~100 MB while it runs)")
    return report["self_mb"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scans", nargs="*", type=Path)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--memory-pages", type=int, default=50, help="length of the memory test scan; 0 skips it")
    args = parser.parse_args(argv)
    if shutil.which("tesseract") is None:
        print("tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-rus); nothing to time")
        return 1
    scans = args.scans or sample_scans()
    if not scans:
        print(f"no scans to time (looked in {', '.join(map(str, SAMPLE_DIRS))})")
        return 1
    ok = True
    if args.pairs > 0:
        speed(scans, args.pairs)
    if args.memory_pages > 0:
        ok &= memory(scans, args.memory_pages) <= MEMORY_BUDGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
