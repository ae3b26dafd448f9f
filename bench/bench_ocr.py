"""OCR of scanned PDFs: cost against plain full-page tesseract, and peak memory on a long scan.

usage: .venv/bin/python bench/bench_ocr.py [SCAN.pdf ...] [--pages N] [--memory-pages N]

Speed. For every page of the sample scans (samples/*.scan.pdf, else ../shared/corpus/*.scan.pdf)
the baseline is `tesseract page.pgm stdout -l rus+eng` (OMP_THREAD_LIMIT=1) on the page rendered
at 300 dpi (the rendering is not counted); it is timed in turn with ``parse_scan_pdf`` (the parser
alone) and ``extract_bytes`` (parser, assembly, normalisers: the whole pipeline, warmed up once
as a runner's worker is) on one job. Cost
is CPU seconds (this process's, every thread, plus its tesseract children): on a shared 2-core
machine wall time moves with everyone else's load, CPU time does not. Wall seconds are printed
too. Budget: the whole pipeline costs at most 1.3x the baseline.

Memory. The sample pages are concatenated into a ``--memory-pages``-page scan (default 50) in a
temporary folder, and ``parse_scan_pdf`` runs on it in a child process, which reports its own
peak resident memory (VmHWM: ru_maxrss would include the parent's size at the fork; tesseract's
own peak, ~90 MB per page under /usr/bin/time, is not counted). Budget: 500 MB for the
parsing process.
Exit status 1 when a budget is missed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from ingest.extraction import extract_bytes  # noqa: E402
from parsers.ocr_render import open_pdf, pdf_page_to_gray  # noqa: E402
from parsers.ocr_scan import parse_scan_pdf  # noqa: E402
from parsers.settings import Settings  # noqa: E402
from tests.conftest import shared_path  # noqa: E402

SAMPLE_DIRS = (ROOT / "samples", shared_path("corpus"))
SPEED_BUDGET = 1.3
MEMORY_BUDGET_MB = 500
BASELINE_DPI = 300


def sample_scans() -> list[Path]:
    for folder in SAMPLE_DIRS:
        found = sorted(folder.glob("*.scan.pdf"))
        if found:
            return found
    return []


def cpu_now() -> float:
    """CPU seconds so far of this process (all threads) and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(function, *args) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    cpu, wall = cpu_now(), time.perf_counter()
    function(*args)
    return cpu_now() - cpu, time.perf_counter() - wall


def baseline_pages(pgm_paths: list[Path]) -> None:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    for path in pgm_paths:
        subprocess.run(["tesseract", str(path), "stdout", "-l", "rus+eng"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def render_pages(data: bytes, folder: Path, pages: int | None) -> list[Path]:
    pdf = open_pdf(data)
    try:
        count = len(pdf) if pages is None else min(pages, len(pdf))
        paths = []
        for index in range(count):
            path = folder / f"page{index:03d}.pgm"
            cv2.imwrite(str(path), pdf_page_to_gray(pdf, index, BASELINE_DPI))
            paths.append(path)
        return paths
    finally:
        pdf.close()


def first_pages(data: bytes, pages: int | None) -> bytes:
    """The first ``pages`` pages of a PDF as a new PDF (all of it when None)."""
    if pages is None:
        return data
    source = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    out.import_pages(source, list(range(min(pages, len(source)))))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cut.pdf"
        out.save(str(path))
        return path.read_bytes()


def speed(scans: list[Path], pages: int | None, settings: Settings) -> float:
    print(f"{'file':<34} {'pages':>5} {'tesseract':>10} {'parser':>8} {'ratio':>6} {'pipeline':>9} {'ratio':>6}  (CPU s; wall s)")
    totals = [0.0, 0.0, 0.0]
    # the first extract_bytes of a process loads the normalisers' models once per worker, not
    # once per file: load them before timing
    extract_bytes(first_pages(scans[0].read_bytes(), 1), "warm-up.pdf", settings)
    for scan in scans:
        data = first_pages(scan.read_bytes(), pages)
        with tempfile.TemporaryDirectory() as tmp:
            pgms = render_pages(data, Path(tmp), None)
            base_cpu, base_wall = measure(baseline_pages, pgms)
            parser_cpu, parser_wall = measure(parse_scan_pdf, data, settings)
            whole_cpu, whole_wall = measure(extract_bytes, data, scan.name, settings)
        for k, value in enumerate((base_cpu, parser_cpu, whole_cpu)):
            totals[k] += value
        print(f"{scan.name:<34} {len(pgms):>5} {base_cpu:>9.2f}s {parser_cpu:>7.2f}s {parser_cpu / base_cpu:>6.2f}"
              f" {whole_cpu:>8.2f}s {whole_cpu / base_cpu:>6.2f}  (wall {base_wall:.1f} / {parser_wall:.1f} / {whole_wall:.1f})")
    base, parser, whole = totals
    ratio = whole / base
    print(f"{'total':<34} {'':>5} {base:>9.2f}s {parser:>7.2f}s {parser / base:>6.2f} {whole:>8.2f}s {ratio:>6.2f}")
    print(f"CPU ratio whole pipeline / plain tesseract: {ratio:.2f} (budget {SPEED_BUDGET:.2f})")
    return ratio


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
    parser.add_argument("--pages", type=int, default=None, help="time only the first N pages of each scan")
    parser.add_argument("--memory-pages", type=int, default=50, help="length of the memory test scan; 0 skips it")
    args = parser.parse_args(argv)
    if shutil.which("tesseract") is None:
        print("tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-rus); nothing to time")
        return 1
    scans = args.scans or sample_scans()
    if not scans:
        print(f"no scans to time (looked in {', '.join(map(str, SAMPLE_DIRS))})")
        return 1
    settings = Settings()
    ok = speed(scans, args.pages, settings) <= SPEED_BUDGET
    if args.memory_pages > 0:
        ok &= memory(scans, args.memory_pages) <= MEMORY_BUDGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
