"""`roadmap-ingest run --executor dask --scheduler tcp://…` against a real scheduler and two workers on
loopback gives the dataset of a local run; the workers get the bytes from the client."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, dask_cluster_on_loopback, sample

pytest.importorskip("distributed")
FILES = [("000", ".txt"), ("001", ".docx"), ("003", ".pdf"), ("002", ".txt")]
VOLATILE = {"seconds"}


@pytest.fixture(scope="module")
def dask_scheduler(tmp_path_factory):
    with dask_cluster_on_loopback(tmp_path_factory.mktemp("cluster")) as address:
        yield address


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


def test_a_run_on_a_dask_cluster_gives_the_rows_of_a_local_run(dask_scheduler, tmp_path):
    from distributed import Client

    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, suffix in FILES:
        shutil.copyfile(sample(name, suffix), inputs / f"{name}{suffix}")
    local = _run(inputs, tmp_path / "local", "--jobs", "2")
    assert local.returncode == 0, local.stderr
    remote = _run(inputs, tmp_path / "dask", "--executor", "dask", "--scheduler", dask_scheduler)
    assert remote.returncode == 0, remote.stderr
    assert f"{len(FILES)} files:" in remote.stderr and "0 failed" in remote.stderr
    expected = _dataset(tmp_path / "local")
    assert len(expected["rows"]) > 100
    assert _dataset(tmp_path / "dask") == expected
    with Client(dask_scheduler, timeout=60) as client:  # the cluster did the work
        assert client.run_on_scheduler(lambda dask_scheduler: "extract" in dask_scheduler.task_prefixes)
    again = _run(inputs, tmp_path / "dask", "--executor", "dask", "--scheduler", dask_scheduler)
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
