"""The catalogue at work: reruns, two jobs against one, and memory over thousands of files.

1. Rerun / first run wall time over an unchanged mixed corpus; budget 0.05 (issue 10). Each pair:
   a first run into a fresh folder, then the rerun.
2. Two jobs / one job wall time over the same mixed corpus, each from an empty catalogue; budget 0.6.

The mixed corpus (``write_mixed_corpus``) is what a ministry's folder looks like: every sample dump,
DOCX and text PDF in three copies with other bytes (a dump with blank lines added, a DOCX with
another zip comment, a PDF with a trailing comment line), so each is really extracted (a
byte-identical copy would only be recorded), and two one-page scans rendered from the sample PDFs
(poppler's pdftoppm), which go through tesseract. ``--samples`` uses the eleven samples alone.
3. 2,000 small generated dumps through the catalogue, the main process's peak RSS against 500
   of them (flat memory: the ratio should stay near 1).

Whole `roadmap-ingest run` processes, pairs alternated, medians with min and max (shared machine).
``--quick`` runs fewer pairs and 200 / 800 generated files.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".docx", ".pdf"))
RERUN_BUDGET = 0.05
JOBS_BUDGET = 0.6
# the main process's own peak RSS (ru_maxrss of RUSAGE_SELF, KiB on Linux), printed after the run
RSS_WRAPPER = ("import resource, sys\nfrom ingest.cli import main\ncode = main(sys.argv[1:])\n"
               "print('peak_rss_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
               "sys.exit(code)\n")


COPIES = 3
SCANS = (("000", 2), ("003", 2))  # (sample, page): pages with table rows
SCAN_DPI = 200


def write_mixed_corpus(folder: Path) -> list[Path]:
    """The samples in ``COPIES`` byte-distinct copies each, and the scans; returns the files."""
    import zipfile

    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for src in SAMPLES:
        for k in range(COPIES):
            dst = folder / f"{src.stem}_copy{k}{src.suffix}"
            data = src.read_bytes()
            if src.suffix == ".txt":
                data += b"\n" * k
            elif src.suffix == ".pdf":
                data += f"\n% copy {k}\n".encode() if k else b""
            dst.write_bytes(data)
            if src.suffix == ".docx" and k:
                with zipfile.ZipFile(dst, "a") as z:
                    z.comment = f"copy {k}".encode()
    for name, page in SCANS:
        pdf = next(p for p in SAMPLES if p.name.startswith(f"{name}_") and p.suffix == ".pdf")
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-f", str(page), "-l", str(page), "-gray", "-png",
                            str(pdf), f"{tmp}/page"], check=True)
            image = Image.open(next(Path(tmp).glob("page*.png")))
            image.save(folder / f"{name}_page{page}.scan.pdf", resolution=SCAN_DPI)
    files = sorted(folder.iterdir())
    assert len({f.read_bytes() for f in files}) == len(files), "copies must differ in their bytes"
    return files


def run_cli(*args: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RSS_WRAPPER, "run", *args, "--quiet"], cwd=ROOT,
                            capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"run failed ({result.returncode}): {result.stderr[-2000:]}")
    return wall, result.stderr


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} (min {min(values):.3f}, max {max(values):.3f})"


def bench_rerun(files: list[Path], pairs: int) -> None:
    ratios, firsts = [], []
    for _ in range(pairs):
        with tempfile.TemporaryDirectory() as out:
            first, _ = run_cli(*map(str, files), "--out", out, "--jobs", "2")
            again, err = run_cli(*map(str, files), "--out", out, "--jobs", "2")
            assert f"{len(files)} skipped" in err, err
            firsts.append(first)
            ratios.append(again / first)
    print(f"rerun / first run over {len(files)} unchanged files: {spread(ratios)}; first runs {spread(firsts)} s "
          f"(budget {RERUN_BUDGET:.2f})")


BUSY = "x = 0\nfor i in range(12_000_000):\n    x += i\n"


def busy_pair(parallel: bool) -> float:
    """Two pure-CPU Python processes one after the other or side by side: what the machine gives now."""
    started = time.perf_counter()
    if parallel:
        procs = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(2)]
        for p in procs:
            p.wait()
    else:
        for _ in range(2):
            subprocess.run([sys.executable, "-c", BUSY], check=True)
    return time.perf_counter() - started


def bench_jobs(files: list[Path], pairs: int) -> None:
    """Each pair: one job and two jobs from an empty catalogue (the same work), and beside them the
    machine's own two-against-one ratio for pure CPU work, since other processes share the cores."""
    walls: dict[int, list[float]] = {1: [], 2: []}
    ceiling = []
    for pair in range(pairs):
        for jobs in ((1, 2) if pair % 2 == 0 else (2, 1)):  # alternated: a drift in load hits both
            with tempfile.TemporaryDirectory() as out:  # an empty catalogue each time: the same work
                wall, err = run_cli(*map(str, files), "--out", out, "--jobs", str(jobs))
                assert f"{len(files)} files: " in err and " 0 skipped" in err, err
                walls[jobs].append(wall)
        ceiling.append(busy_pair(True) / busy_pair(False))
    ratios = [b / a for a, b in zip(walls[1], walls[2])]
    print(f"two jobs / one job over {len(files)} files: {spread(ratios)}; one job {spread(walls[1])} s, "
          f"two jobs {spread(walls[2])} s (budget {JOBS_BUDGET:.2f})")
    print(f"  the machine's own two / one ratio for pure CPU work meanwhile: {spread(ceiling)} "
          f"(0.50 on two idle cores; load average now {os.getloadavg()[0]:.1f})")


ORDER = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ {region}
ПРИКАЗ
{day:02d}.03.2022 № {number}
Об утверждении плана мероприятий («дорожной карты») № {number}

№ п/п\tМероприятие\tСрок исполнения\tОтветственные исполнители
{rows}
"""


def write_dumps(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        rows = "\n".join(f"{k}.\tМероприятие {i}-{k}: проведение совещания с руководителями\t"
                         f"{['январь', 'март', 'до 1 июня', 'в течение года'][k % 4]} 2022 года\t"
                         f"Отдел образования, Иванов И.И." for k in range(1, 4 + i % 5))
        text = ORDER.format(region="Вологодской области", day=1 + i % 28, number=f"{i}-П", rows=rows)
        (folder / f"order_{i:05d}.txt").write_text(text, encoding="utf-8")


def peak_rss(files: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        write_dumps(Path(tmp) / "in", files)
        wall, err = run_cli(str(Path(tmp) / "in"), "--out", str(Path(tmp) / "out"), "--jobs", "2")
        rss = int(next(line.split()[1] for line in err.splitlines() if line.startswith("peak_rss_kib")))
        rows = json.loads(subprocess.run(
            [sys.executable, "-m", "ingest.cli", "status", "--state", str(Path(tmp) / "out" / "catalog.sqlite"),
             "--json"], cwd=ROOT, capture_output=True, text=True).stdout)["rows"]
    return wall, rss / 1024, rows


def bench_memory(small: int, large: int) -> None:
    results = {n: peak_rss(n) for n in (small, large)}
    for n, (wall, rss, rows) in results.items():
        print(f"{n} generated dumps: {rows} rows, {wall:.1f} s wall, main process peak RSS {rss:.0f} MiB")
    print(f"peak RSS {large} / {small} files: {results[large][1] / results[small][1]:.2f} (flat memory: near 1)")


def main() -> int:
    quick = "--quick" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        files = SAMPLES if "--samples" in sys.argv else write_mixed_corpus(Path(tmp) / "mixed")
        kinds = ", ".join(f"{sum(f.name.endswith(k) for f in files)} {k}"
                          for k in (".txt", ".docx", ".scan.pdf"))
        print(f"mixed corpus: {len(files)} files ({kinds}, the rest text PDFs)")
        bench_rerun(files, 2 if quick else 3)
        bench_jobs(files, 2 if quick else 4)
    bench_memory(*((200, 800) if quick else (500, 2000)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
