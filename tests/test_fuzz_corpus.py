"""Every input of tests/fuzz_corpus/<target>/ (seeds cut from samples/, inputs the fuzzers and
property tests found) runs through its entry point without an exception."""
from __future__ import annotations

from pathlib import Path

import pytest

from fuzz.targets import TARGETS

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
INPUTS = sorted(p for p in CORPUS.glob("*/*") if p.is_file())


def test_every_target_has_a_corpus():
    assert {p.parent.name for p in INPUTS} == set(TARGETS)


@pytest.mark.parametrize("path", INPUTS, ids=[f"{p.parent.name}/{p.name}" for p in INPUTS])
def test_corpus_input_replays_without_an_exception(path):
    TARGETS[path.parent.name](path.read_bytes())
