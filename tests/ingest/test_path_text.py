"""A file whose name is not UTF-8 (a Windows-1251 name from a share) is extracted, kept, skipped and pruned like any other."""
from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3

import pytest

from conftest import SAMPLES
from ingest.path_text import BYTES_KEY, is_text, key_to_path, path_key, path_label
from ingest.runner import run

CP1251_NAME = "приказ № 5".encode("cp1251") + b".txt"


@pytest.mark.parametrize("raw", [b"/data/plan.txt", "/data/план.txt".encode(), b"/data/\xef\xf0\xe8\xea\xe0\xe7 %41.txt",
                                 b"/data/\xff\xfe/x\x80.docx"])
def test_every_path_has_a_text_key_that_gives_the_path_back(raw):
    path = os.fsdecode(raw)
    key = path_key(path)
    key.encode("utf-8")  # SQLite and JSON can hold it
    assert key_to_path(key) == path
    assert key.startswith(BYTES_KEY) != is_text(path)


def test_a_text_path_is_its_own_key_and_label(tmp_path):
    path = str(tmp_path / "план.txt")
    assert path_key(path) == path and path_label(path) == path


def test_the_label_shows_odd_bytes_as_escapes():
    assert path_label(os.fsdecode(b"/in/" + CP1251_NAME)) == "/in/\\xef\\xf0\\xe8\\xea\\xe0\\xe7 \\xb9 5.txt"


def test_a_run_over_a_file_with_a_non_utf8_name(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), CP1251_NAME)
    shutil.copyfile(SAMPLES / "003_634ec10432542fee.txt", odd)
    shutil.copyfile(SAMPLES / "002_73a308bcda3970b6.txt", folder / "plain.txt")
    out = tmp_path / "out"

    first = run([folder], out, jobs=1, progress=False)
    assert first.extracted == 2 and first.failed == 0
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as f:
        shown = sorted(r["source_path"] for r in csv.DictReader(f))
    assert shown == sorted([str(folder / "plain.txt"), path_label(os.fsdecode(odd))])
    rows = [json.loads(line) for line in (out / "rows.jsonl").open(encoding="utf-8")]
    assert len({r["doc_id"] for r in rows}) == 2

    again = run([folder], out, jobs=1, progress=False)
    assert again.skipped == 2 and again.extracted == 0

    os.remove(odd)
    pruned = run([folder], out, jobs=1, progress=False, prune=True)
    assert pruned.pruned == 1
    keys = [k for (k,) in sqlite3.connect(out / "catalog.sqlite").execute("SELECT path FROM files")]
    assert keys == [str(folder / "plain.txt")]
