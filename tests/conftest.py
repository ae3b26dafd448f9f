from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path in the shared material, ``../shared`` beside the repository root (tests, fixture
    generators and benchmarks find it here, never at an absolute path of one machine)."""
    return SHARED.joinpath(*parts)


def shared_file(*parts: str) -> Path:
    """A file of ``../shared``; the calling test is skipped, saying which file, when it is absent."""
    path = shared_path(*parts)
    if not path.is_file():
        pytest.skip(f"{path.relative_to(ROOT.parent)} is not available (../shared is not beside the checkout)")
    return path


def sample(name_prefix: str, suffix: str = ".txt") -> Path:
    return next(SAMPLES.glob(f"{name_prefix}_*{suffix}"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository root; the test is skipped with that reason when absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


def wait_for(predicate, seconds: float, what: str):
    """Poll ``predicate`` until it gives something true (returned), failing the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds:g} s waiting for {what}")


@contextmanager
def dask_cluster_on_loopback(state: Path, **env_extra: str) -> Iterator[str]:
    """A real `dask scheduler` and two `dask worker` processes (one thread each) on 127.0.0.1, started in
    ``state`` (a folder holding none of the input files, so a worker cannot read a file by its path);
    gives the scheduler's address and kills them all at the end. Each test module starts its own: the
    backend tests kill and hang workers on purpose."""
    distributed = pytest.importorskip("distributed")
    address_file = state / "scheduler.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "tests"), str(ROOT)]), **env_extra)
    quiet = {"cwd": state, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "start_new_session": True}
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(address_file)], **quiet)]
    try:
        wait_for(lambda: address_file.exists() and address_file.stat().st_size, 60, "the scheduler's address")
        address = json.loads(address_file.read_text())["address"]
        procs += [subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--nworkers", "1",
                                    "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"], **quiet)
                  for _ in range(2)]
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
        for p in procs:
            p.wait(timeout=30)
