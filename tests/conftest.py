from __future__ import annotations

from pathlib import Path

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
