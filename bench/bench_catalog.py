"""The catalogue at work: reruns, two jobs against one, and memory over thousands of files.

1. Rerun / first run wall time over an unchanged mixed corpus (the samples: dumps, DOCX, PDFs);
   budget 0.05 (issue 10). Each pair: a first run into a fresh folder, then the rerun.
2. Two jobs / one job wall time over the same mixed corpus, fresh folders; budget 0.6.
3. 2,000 small generated dumps through the catalogue, the main process's peak RSS against 500
   of them (flat memory: the ratio should stay near 1).

Whole `roadmap-ingest run` processes, pairs alternated, medians with min and max (shared machine).
``--quick`` runs fewer pairs and 200 / 800 generated files.
"""
from __future__ import annotations

import json
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


def bench_rerun(pairs: int) -> None:
    ratios, firsts = [], []
    for _ in range(pairs):
        with tempfile.TemporaryDirectory() as out:
            first, _ = run_cli(*map(str, SAMPLES), "--out", out, "--jobs", "2")
            again, err = run_cli(*map(str, SAMPLES), "--out", out, "--jobs", "2")
            assert f"{len(SAMPLES)} skipped" in err, err
            firsts.append(first)
            ratios.append(again / first)
    print(f"rerun / first run over {len(SAMPLES)} unchanged files: {spread(ratios)}; first runs {spread(firsts)} s "
          f"(budget {RERUN_BUDGET:.2f})")


def bench_jobs(pairs: int) -> None:
    walls = {1: [], 2: []}
    for _ in range(pairs):
        for jobs in (1, 2):
            with tempfile.TemporaryDirectory() as out:
                wall, _ = run_cli(*map(str, SAMPLES), "--out", out, "--jobs", str(jobs))
                walls[jobs].append(wall)
    ratios = [b / a for a, b in zip(walls[1], walls[2])]
    print(f"two jobs / one job over {len(SAMPLES)} files: {spread(ratios)}; one job {spread(walls[1])} s "
          f"(budget {JOBS_BUDGET:.2f})")


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
    bench_rerun(2 if quick else 3)
    bench_jobs(1 if quick else 3)
    bench_memory(*((200, 800) if quick else (500, 2000)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
