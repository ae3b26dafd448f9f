"""Backends: the same results in this process, in worker processes and on a real Dask cluster,
and one misbehaving file (crash, hang, memory) fails alone while the others complete."""
from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import backend_helpers as helpers
from conftest import ROOT, SAMPLES, dask_cluster_on_loopback, wait_for
from ingest.backend_common import path_to_doc_id
from ingest.backends import Job, iter_inline, iter_local
from ingest.extraction import doc_id_of
from parsers.settings import Settings

SETTINGS = Settings()
TESTS = Path(__file__).resolve().parent


def sample_files(*suffixes: str) -> list[Path]:
    return [next(SAMPLES.glob(f"*{s}")) for s in suffixes]


def jobs_of(paths) -> list[Job]:
    return [Job(str(p), SETTINGS) for p in paths]


def by_key(results) -> dict[str, tuple[dict, list[dict]]]:
    out = {}
    for job, r in results:
        assert job.key not in out, f"{job.key} yielded twice"
        doc = {k: v for k, v in r.document.items() if k != "seconds"}
        out[job.key] = (doc, r.rows)
    return out


def good_copies(tmp_path: Path, n: int) -> list[Path]:
    src = sorted(SAMPLES.glob("*.txt"))[:n]
    out = []
    for i, p in enumerate(src):
        dst = tmp_path / f"good{i}_{p.name}"
        shutil.copy(p, dst)
        out.append(dst)
    return out


# --- iter_local ---------------------------------------------------------------------------------

def test_local_gives_the_inline_documents_and_rows():
    files = sample_files("001_835dafa0f7397687.txt", ".docx", "000_a0d45a5f047f39a2.pdf")
    inline = by_key(iter_inline(jobs_of(files)))
    local = by_key(iter_local(jobs_of(files), workers=2, timeout=120, max_memory=None))
    assert local == inline
    assert all(doc["status"] in ("ok", "partial") and rows for doc, rows in local.values())


MISBEHAVIOUR = [
    # helper, trigger word, kind, fragment of the sentence, timeout, max_memory
    (helpers.crash_on_crash, "crash", "internal", "exit code 3", 60, None),
    (helpers.segfault_on_crash, "crash", "internal", "SIGSEGV", 60, None),
    (helpers.hang_on_hang, "hang", "timeout", "longer than 8 s", 8, None),  # a cold worker's first file fits
    (helpers.grow_on_big, "big", "too_large", "more than 450 MiB", 60, 450 * 2**20),
    (helpers.memory_error_on_big, "big", "too_large", "MemoryError", 60, None),
    (helpers.raise_on_bad, "bad", "internal", "deliberate failure", 60, None),
]


@pytest.mark.parametrize("extract,word,kind,fragment,timeout,max_memory", MISBEHAVIOUR,
                         ids=[m[0].__name__ for m in MISBEHAVIOUR])
def test_one_bad_file_fails_alone(tmp_path, extract, word, kind, fragment, timeout, max_memory):
    first, last = good_copies(tmp_path, 2)
    bad = tmp_path / f"{word}.txt"
    shutil.copy(first, bad)
    jobs = jobs_of([first, bad, last])  # one worker: the file after the bad one needs a fresh worker
    started = time.monotonic()
    results = by_key(iter_local(jobs, workers=1, timeout=timeout, max_memory=max_memory, extract=extract))
    assert time.monotonic() - started < timeout + 30
    assert set(results) == {j.key for j in jobs}
    doc, rows = results[str(bad)]
    assert (doc["status"], doc["error_kind"], rows) == ("failed", kind, [])
    assert fragment in doc["error"] and doc["error"].count(". ") == 0
    assert doc["doc_id"] == doc_id_of(bad.read_bytes())
    for good in (first, last):
        good_doc, good_rows = results[str(good)]
        assert good_doc["status"] in ("ok", "partial") and good_rows


def test_timeout_kills_the_worker_s_child_processes(tmp_path):
    hang = tmp_path / "hang.txt"
    shutil.copy(good_copies(tmp_path, 1)[0], hang)
    [(job, result)] = list(iter_local(jobs_of([hang]), workers=1, timeout=3, max_memory=None,
                                      extract=helpers.hang_in_child_on_hang))
    assert result.document["error_kind"] == "timeout"
    pid = int(Path(str(hang) + ".pid").read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the hanging grandchild process was left running")


def test_unreadable_file_fails_and_the_rest_go_on(tmp_path):
    [good] = good_copies(tmp_path, 1)
    missing = tmp_path / "missing.txt"
    results = by_key(iter_local(jobs_of([missing, good]), workers=1, timeout=60, max_memory=None))
    assert results[str(missing)][0]["error_kind"] == "corrupt_file"
    assert results[str(good)][0]["status"] in ("ok", "partial")


def test_workers_do_not_load_the_writers_libraries():
    import pandas  # noqa: F401  loaded here, in the parent: the workers must still not have it

    files = sample_files("002_73a308bcda3970b6.txt")
    [(job, result)] = list(iter_local(jobs_of(files), workers=1, timeout=60, max_memory=None,
                                      extract=helpers.report_heavy_modules))
    assert result.document["status"] in ("ok", "partial")
    assert result.document["warnings"] == []


def test_the_main_process_of_a_run_never_loads_the_pipeline(tmp_path):
    """It only stores what the workers send and writes the exports: parsers, normalisers and spaCy
    stay in the workers (a second of start-up otherwise paid before the first file goes out)."""
    shutil.copyfile(SAMPLES / "003_634ec10432542fee.txt", tmp_path / "order.txt")
    script = ("import sys\nfrom ingest.runner import run\n"
              f"summary = run([{str(tmp_path / 'order.txt')!r}], {str(tmp_path / 'out')!r}, jobs=1, progress=False)\n"
              "print(summary.by_status.get('ok', 0) + summary.by_status.get('partial', 0), summary.rows > 0)\n"
              "print(sorted(m for m in ('spacy', 'pymorphy3', 'pdfplumber', 'normalize', 'ingest.extraction')"
              " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["1 True", "[]"], out.stdout + out.stderr


def test_jobs_are_taken_lazily_and_an_early_stop_ends_the_workers():
    sample = str(sorted(SAMPLES.glob("*.txt"))[0])
    taken = itertools.count()
    endless = (Job(sample, SETTINGS, key=str(next(taken))) for _ in itertools.repeat(None))
    me = psutil.Process()
    results = iter_local(endless, workers=2, timeout=60, max_memory=None)
    for _ in range(3):
        next(results)
    pulled = next(taken)
    assert pulled <= 3 + 2 + 1  # those yielded plus at most one window
    results.close()
    assert [p for p in me.children(recursive=True) if p.status() != psutil.STATUS_ZOMBIE] == []


def test_workers_end_when_their_parent_is_killed(tmp_path):
    hang = tmp_path / "hang.txt"
    shutil.copy(good_copies(tmp_path, 1)[0], hang)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import backend_helpers as h\n"
            "from ingest.backends import Job, iter_local\nfrom parsers.settings import Settings\n"
            "next(iter_local([Job(sys.argv[2], Settings())], workers=1, timeout=600, max_memory=None,"
            " extract=h.hang_on_hang))\n")
    parent = subprocess.Popen([sys.executable, "-c", code, str(TESTS), str(hang)], cwd=TESTS.parent)
    try:
        worker = wait_for(lambda: psutil.Process(parent.pid).children(), 60, "the worker to start")[0]
        time.sleep(2)  # let it import and take the hanging job
    finally:
        parent.kill()
        parent.wait()
    wait_for(lambda: _ended(worker), 15, "the orphaned worker to end")


def _ended(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_job_key_defaults_to_the_path():
    assert Job("a.txt", SETTINGS).key == "a.txt"
    assert Job("a.txt", SETTINGS, key="7").key == "7"


def test_path_to_doc_id_matches_doc_id_of():
    p = sorted(SAMPLES.glob("*.docx"))[0]
    assert path_to_doc_id(str(p)) == doc_id_of(p.read_bytes())
    assert path_to_doc_id(str(p) + ".missing") is None


# --- iter_dask ----------------------------------------------------------------------------------

def _distributed():
    return pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def dask_scheduler(tmp_path_factory):
    # a file gets two tries (allowed-failures 1): keeps the lost-worker tests short
    with dask_cluster_on_loopback(tmp_path_factory.mktemp("dask"),
                                  DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="1") as address:
        yield address


def test_dask_cluster_gives_the_inline_rows(dask_scheduler):
    from ingest.backends import iter_dask

    files = sample_files("000_a0d45a5f047f39a2.txt", ".docx", "001_835dafa0f7397687.pdf")
    inline = by_key(iter_inline(jobs_of(files)))
    remote = by_key(iter_dask(jobs_of(files), scheduler=dask_scheduler, workers=2, timeout=120, max_memory=None))
    assert remote == inline


def test_dask_retries_the_file_of_a_lost_worker(dask_scheduler, tmp_path):
    from ingest.backends import iter_dask

    [good] = good_copies(tmp_path, 1)
    crash = tmp_path / "crash.txt"
    shutil.copy(good, crash)
    results = by_key(iter_dask(jobs_of([crash, good]), scheduler=dask_scheduler, workers=2, timeout=120,
                               max_memory=None, extract=helpers.crash_first_time))
    assert Path(str(crash) + ".crashed").exists()  # the first attempt did kill its worker
    (crash_doc, crash_rows), (good_doc, good_rows) = results[str(crash)], results[str(good)]
    assert crash_doc["status"] in ("ok", "partial") and crash_rows  # the retry on a live worker succeeded
    assert (crash_doc, crash_rows) == (good_doc | {"source_path": str(crash)}, good_rows)


def test_dask_gives_up_on_a_file_that_keeps_killing_workers(dask_scheduler, tmp_path):
    from ingest.backends import iter_dask

    # alone: a file sharing a worker with it would lose tries too (each death counts for every task there)
    crash = tmp_path / "crash.txt"
    shutil.copy(good_copies(tmp_path, 1)[0], crash)
    [(job, result)] = list(iter_dask(jobs_of([crash]), scheduler=dask_scheduler, workers=2, timeout=120,
                                     max_memory=None, extract=helpers.crash_on_crash))
    doc = result.document
    assert (doc["status"], doc["error_kind"], result.rows) == ("failed", "internal", [])
    assert "Dask workers die each time" in doc["error"] and doc["doc_id"] == doc_id_of(crash.read_bytes())
    with _distributed().Client(dask_scheduler, timeout=30) as client:  # the nannies brought them back
        client.wait_for_workers(2, timeout=30)


def test_dask_local_cluster(tmp_path):
    from ingest.backends import iter_dask

    _distributed()
    files = sample_files("002_73a308bcda3970b6.txt", "004_21467fe699a420ed.txt")
    inline = by_key(iter_inline(jobs_of(files)))
    local = by_key(iter_dask(jobs_of(files), scheduler=None, workers=2, timeout=120, max_memory=2 * 2**30))
    assert local == inline


def test_missing_dask_is_one_sentence():
    code = ("import sys; sys.modules['distributed'] = None\n"
            "from ingest.backends import iter_dask, Job\n"
            "try:\n    iter_dask([], scheduler=None, workers=1, timeout=1, max_memory=None)\n"
            "except Exception as exc:\n    print(type(exc).__name__, exc.kind, exc)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=TESTS.parent, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == ("DaskMissing missing_tool Dask is not installed; "
                                  "install it with pip install 'roadmap-ingest[dask]'"), out.stderr


def test_dask_timeout_fails_the_file_and_frees_its_worker(dask_scheduler, tmp_path):
    from ingest.backends import iter_dask

    first, last = good_copies(tmp_path, 2)
    hang = tmp_path / "hang.txt"
    shutil.copy(first, hang)
    started = time.monotonic()
    results = by_key(iter_dask(jobs_of([hang, first, last]), scheduler=dask_scheduler, workers=2, timeout=8,
                               max_memory=None, extract=helpers.hang_on_hang))
    assert time.monotonic() - started < 40
    assert results[str(hang)][0]["error_kind"] == "timeout"
    assert all(results[str(p)][0]["status"] in ("ok", "partial") for p in (first, last))
    with _distributed().Client(dask_scheduler, timeout=30) as client:  # the stuck worker came back
        client.wait_for_workers(2, timeout=30)
