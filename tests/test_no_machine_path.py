"""No tracked file names a path of the development machine: ../shared is found from the repository root."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT

MACHINE_ROOT = "/" + "work" + "/"  # the development machine's root, spelled so this file does not hold it


def test_no_tracked_file_names_the_machine_root():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    found = subprocess.run(["git", "grep", "-n", "-I", "-F", MACHINE_ROOT], cwd=ROOT, capture_output=True, text=True)
    assert found.stdout == "", f"absolute machine paths (use tests.conftest.shared_path):\n{found.stdout[:2000]}"
