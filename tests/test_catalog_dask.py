"""`roadmap-ingest run --executor dask --scheduler tcp://…` against a real scheduler and two workers on
loopback gives the dataset of a local run; the workers get the bytes from the client."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, sample

pytest.importorskip("distributed")
FILES = [("000", ".txt"), ("001", ".docx"), ("003", ".pdf"), ("002", ".txt")]
VOLATILE = {"seconds"}


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds:g} s waiting for {what}")


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
    for p in procs:
        p.wait(timeout=30)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """`dask scheduler` and two `dask worker` processes (one thread each) on 127.0.0.1, killed at the end."""
    from distributed import Client

    state = tmp_path_factory.mktemp("cluster")  # the workers' folder: none of the input files is there
    address_file = state / "scheduler.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    quiet = {"cwd": state, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "start_new_session": True}
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(address_file)], **quiet)]
    try:
        _wait_for(lambda: address_file.exists() and address_file.stat().st_size, 60, "the scheduler's address")
        address = json.loads(address_file.read_text())["address"]
        procs += [subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nworkers", "1",
                                    "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"], **quiet)
                  for _ in range(2)]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        _stop(procs)


def _dataset(out: Path) -> dict[str, list]:
    tables = {}
    for table in ("documents", "rows", "executors"):
        lines = (out / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        tables[table] = [{k: v for k, v in json.loads(line).items() if k not in VOLATILE} for line in lines]
    return tables


def _run(inputs: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    names = sorted(p.name for p in inputs.iterdir())  # relative to the client's folder only
    return subprocess.run([sys.executable, "-m", "ingest.cli", "run", *names, "--out", str(out), "--quiet", *flags],
                          cwd=inputs, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
                          timeout=600)


def test_a_run_on_a_dask_cluster_gives_the_rows_of_a_local_run(scheduler, tmp_path):
    from distributed import Client

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, suffix in FILES:
        shutil.copyfile(sample(name, suffix), inputs / f"{name}{suffix}")
    local = _run(inputs, tmp_path / "local", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    remote = _run(inputs, tmp_path / "dask", "--executor", "dask", "--scheduler", scheduler)
    assert remote.returncode == 0, remote.stderr
    assert f"{len(FILES)} files:" in remote.stderr and "0 failed" in remote.stderr
    expected = _dataset(tmp_path / "local")
    assert len(expected["rows"]) > 100
    assert _dataset(tmp_path / "dask") == expected
    with Client(scheduler, timeout=60) as client:  # the cluster did the work
        assert client.run_on_scheduler(lambda dask_scheduler: "extract" in dask_scheduler.task_prefixes)
    again = _run(inputs, tmp_path / "dask", "--executor", "dask", "--scheduler", scheduler)
    assert again.returncode == 0 and f"{len(FILES)} skipped" in again.stderr, again.stderr


def test_an_unreachable_scheduler_is_exit_3_in_one_line(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copyfile(sample("002"), inputs / "a.txt")
    result = _run(inputs, tmp_path / "out", "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{port}")
    assert result.returncode == 3, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("roadmap-ingest: error: the Dask scheduler tcp://127.0.0.1:") and "dask scheduler" in line
    assert "Traceback" not in result.stderr
