"""When a run loads its export writers: waiting for a spare core only where one comes before the end."""
from __future__ import annotations

import sys

import pytest

from ingest.runner import _WritersWarmer


@pytest.mark.parametrize("files, cores, waits", [
    (1, 2, False),  # a core is spare from the start
    (2, 2, True), (3, 2, True), (4, 2, True),  # the largest file ends the run alone on its core
    (5, 2, False), (35, 2, False),  # every core busy almost to the end: waiting would make it serial
    (1, 1, True), (2, 1, True), (3, 1, False),
])
def test_waits_for_a_spare_core_only_on_a_few_files_per_core(files, cores, waits):
    assert _WritersWarmer.waits_for_a_spare_core(files, cores) is waits


def test_join_loads_the_writers_even_when_never_started():
    warmer = _WritersWarmer()
    warmer.join()
    assert "xlsxwriter" in sys.modules and "pyarrow" in sys.modules


def test_start_is_idempotent():
    warmer = _WritersWarmer()
    warmer.start()
    first = warmer._thread
    warmer.start()
    assert warmer._thread is first
    warmer.join()
