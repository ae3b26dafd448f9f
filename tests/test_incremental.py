"""Incremental runs: only what is new, changed, of another pipeline version or failed is extracted."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import ingest
from tests.conftest import sample

MIXED = [("000", ".txt"), ("001", ".txt"), ("003", ".docx"), ("000", ".pdf")]


def _docs(out: Path) -> dict[str, dict]:
    return {Path(d["source_path"]).name: d
            for d in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}


def _exports(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())
            if not p.name.startswith("catalog.")}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, suffix in MIXED:
        shutil.copyfile(sample(name, suffix), folder / f"{name}{suffix}")
    return folder


def test_a_rerun_over_an_unchanged_mixed_corpus_extracts_nothing_and_changes_no_byte(corpus, tmp_path):
    out = tmp_path / "out"
    first = ingest.run([str(corpus)], out=out, jobs=2)
    assert first.extracted == len(MIXED) and first.exported and first.failed == 0
    before = _exports(out)
    again = ingest.run([str(corpus)], out=out, jobs=2)
    assert again.skipped == len(MIXED) and again.extracted == 0 and again.rows == 0
    assert not again.exported
    assert _exports(out) == before  # bytes and modification times


def test_a_changed_file_is_extracted_again_and_its_old_rows_go(corpus, tmp_path):
    out = tmp_path / "out"
    ingest.run([str(corpus)], out=out, executor="inline")
    old = _docs(out)["001.txt"]
    (corpus / "001.txt").write_bytes(sample("004").read_bytes())
    summary = ingest.run([str(corpus)], out=out, executor="inline")
    assert summary.extracted == 1 and summary.skipped == len(MIXED) - 1
    new = _docs(out)["001.txt"]
    assert new["doc_id"] != old["doc_id"] and new["content_id"] != old["content_id"]
    doc_ids = {json.loads(line)["doc_id"] for line in (out / "rows.jsonl").read_text().splitlines()}
    assert old["doc_id"] not in doc_ids and new["doc_id"] in doc_ids


def test_a_new_mtime_on_the_same_bytes_is_not_extracted(corpus, tmp_path):
    out = tmp_path / "out"
    ingest.run([str(corpus)], out=out, executor="inline")
    before = _exports(out)
    st = os.stat(corpus / "000.txt")
    os.utime(corpus / "000.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    summary = ingest.run([str(corpus)], out=out, executor="inline")
    assert summary.skipped == len(MIXED) and summary.extracted == 0
    assert _exports(out) == before
    again = ingest.run([str(corpus)], out=out, executor="inline")  # the new stat was recorded: fast path
    assert again.skipped == len(MIXED)


def test_a_failed_file_is_retried_and_a_fixed_one_gets_its_rows(corpus, tmp_path):
    out = tmp_path / "out"
    broken = corpus / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n truncated")
    first = ingest.run([str(corpus)], out=out, executor="inline")
    assert first.failed == 1
    second = ingest.run([str(corpus)], out=out, executor="inline")
    assert second.failed == 1 and second.extracted == 1 and second.skipped == len(MIXED)
    assert _docs(out)["broken.pdf"]["error"]
    shutil.copyfile(sample("003", ".pdf"), broken)
    third = ingest.run([str(corpus)], out=out, executor="inline")
    assert third.failed == 0 and third.extracted == 1
    assert _docs(out)["broken.pdf"]["status"] in ("ok", "partial") and _docs(out)["broken.pdf"]["rows"] > 0


def test_a_vanished_file_stays_until_prune(corpus, tmp_path):
    out = tmp_path / "out"
    ingest.run([str(corpus)], out=out, executor="inline")
    gone = _docs(out)["001.txt"]
    (corpus / "001.txt").unlink()
    kept = ingest.run([str(corpus)], out=out, executor="inline")
    assert kept.extracted == 0 and "001.txt" in _docs(out)
    pruned = ingest.run([str(corpus)], out=out, executor="inline", prune=True)
    assert pruned.pruned == 1 and pruned.exported
    assert "001.txt" not in _docs(out)
    rows = (out / "rows.jsonl").read_text()
    assert gone["doc_id"] not in rows


def test_prune_only_looks_under_the_given_folders(corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(sample("002"), other / "002.txt")
    out = tmp_path / "out"
    ingest.run([str(corpus), str(other)], out=out, executor="inline")
    (other / "002.txt").unlink()
    summary = ingest.run([str(corpus)], out=out, executor="inline", prune=True)
    assert summary.pruned == 0 and "002.txt" in _docs(out)


def test_force_extracts_everything_again(corpus, tmp_path):
    out = tmp_path / "out"
    ingest.run([str(corpus)], out=out, executor="inline")
    rows = (out / "rows.jsonl").read_bytes()
    summary = ingest.run([str(corpus)], out=out, executor="inline", force=True)
    assert summary.extracted == len(MIXED) and summary.skipped == 0
    assert (out / "rows.jsonl").read_bytes() == rows  # same bytes in, same rows out


def test_settings_that_change_the_output_make_another_pipeline_version(corpus, tmp_path):
    out = tmp_path / "out"
    ingest.run([str(corpus)], out=out, executor="inline")
    same = ingest.run([str(corpus)], out=out, executor="inline", timeout=50)  # a limit: same version
    assert same.extracted == 0
    changed = ingest.run([str(corpus)], out=out, executor="inline", settings={"plan_year": 2030})
    assert changed.extracted == len(MIXED)
    assert {d["plan_year"] for d in _docs(out).values()} == {2030}


def test_exports_hold_the_whole_catalogue_not_just_this_run(corpus, tmp_path):
    out = tmp_path / "out"
    ingest.run([str(corpus / "000.txt")], out=out, executor="inline")
    ingest.run([str(corpus / "001.txt")], out=out, executor="inline")
    assert set(_docs(out)) == {"000.txt", "001.txt"}


def test_a_copy_arriving_later_is_recorded_without_extraction(corpus, tmp_path):
    out = tmp_path / "out"
    ingest.run([str(corpus)], out=out, executor="inline")
    shutil.copyfile(corpus / "001.txt", corpus / "zz copy.txt")
    summary = ingest.run([str(corpus)], out=out, executor="inline")
    docs = _docs(out)
    assert summary.by_status.total() == 1 and summary.rows == 0  # recorded, no rows written again
    assert docs["zz copy.txt"]["seconds"] == 0 and docs["zz copy.txt"]["duplicate_of"] == str(corpus / "001.txt")
    assert docs["zz copy.txt"]["doc_id"] == docs["001.txt"]["doc_id"]
