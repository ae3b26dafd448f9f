"""Which files a run reads: each real file once, link loops ended, our own outputs skipped."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.discover import collect_paths, paths_last
from tests.conftest import ROOT, sample

ODD_NAMES = ["with space.txt", "приказ №5.txt", "a-b—c.txt", "quote's \"name\".txt", "-leading-dash.txt",
             "--double.txt", "семь  пробелов .txt"]


def _names(paths):
    return sorted(Path(p).name for p in paths)


def test_odd_names_are_found(tmp_path):
    for name in ODD_NAMES:
        (tmp_path / name).write_text("x")
    found = collect_paths([tmp_path])
    assert _names(found) == sorted(ODD_NAMES)
    assert all(Path(p).read_text() == "x" for p in found)


def test_a_link_loop_ends_and_each_file_is_listed_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a")
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "self").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "alias1.txt").symlink_to(tmp_path / "sub" / "a.txt")
    (tmp_path / "alias2.txt").symlink_to(tmp_path / "sub" / "a.txt")
    found = collect_paths([tmp_path])
    assert len(found) == 1


def test_a_file_given_twice_or_inside_a_given_folder_is_listed_once(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").write_text("b")
    given = [tmp_path / "a.txt", tmp_path, str(tmp_path / "a.txt"), tmp_path / "." / "b.txt"]
    found = collect_paths(given)
    assert _names(found) == ["a.txt", "b.txt"]
    assert found[0] == str(tmp_path / "a.txt")  # the first name it was reached by


@pytest.mark.parametrize("name", [".hidden.txt", "~$locked.docx", "documents.jsonl", "rows.csv", "roadmap.xlsx",
                                  "executors.parquet", "catalog.sqlite", "catalog.sqlite-wal"])
def test_hidden_lock_and_output_files_inside_folders_are_skipped(tmp_path, name):
    (tmp_path / name).write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "inside.txt").write_text("x")
    (tmp_path / "kept.txt").write_text("x")
    assert _names(collect_paths([tmp_path])) == ["kept.txt"]


def test_pipes_are_not_read_and_broken_links_are_reported(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert _names(collect_paths([tmp_path])) == ["dangling.txt"]


@pytest.mark.parametrize("words, expected", [
    (["folder", "-odd.txt", "--out", "o"], ["--out", "o", "--", "folder", "-odd.txt"]),
    (["folder", "--out", "o", "--", "-odd.txt"], ["--out", "o", "--", "folder", "-odd.txt"]),
    (["--out", "-odd.txt", "folder"], ["--out", "-odd.txt", "--", "folder"]),  # an option's value stays
    (["folder", "--quiet", "--out=o"], ["--quiet", "--out=o", "--", "folder"]),
    (["folder", "-missing"], ["-missing", "--", "folder"]),  # argparse will call it an unknown option
    (["folder", "--wait", "--out", "o"], ["--wait", "--out", "o", "--", "folder"]),  # --wait's value is optional
    (["--wait", "5", "folder"], ["--wait", "5", "--", "folder"]),
])
def test_paths_go_last_on_the_command_line(tmp_path, monkeypatch, words, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-odd.txt").write_text("x")
    assert paths_last(words, ["--out", "--quiet", "--wait"], ["--out", "--wait"], ["--wait"]) == expected


def test_cli_runs_files_with_leading_dashes_and_odd_names(tmp_path):
    folder = tmp_path / "папка с пробелом"
    folder.mkdir()
    (folder / "one.txt").write_bytes(sample("002").read_bytes())
    odd = tmp_path / "-приказ 'два'.txt"
    odd.write_bytes(sample("004").read_bytes())
    out = tmp_path / "out"
    for argv in (["run", str(folder), "./" + odd.name, "--out", str(out), "--quiet"],
                 ["run", "--out", str(out), "--quiet", "--", str(folder), odd.name],
                 ["run", str(folder), odd.name, "--out", str(out), "--quiet"]):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        run = subprocess.run([sys.executable, "-m", "ingest.cli", *argv], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        documents = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
        assert sorted(Path(d["source_path"]).name for d in documents) == sorted(["one.txt", odd.name])
        assert {d["status"] for d in documents} <= {"ok", "partial"}


def test_a_pipe_named_on_the_command_line_is_skipped_with_a_warning(tmp_path):
    from conftest import ROOT, SAMPLES

    pipe = tmp_path / "a_pipe"
    os.mkfifo(pipe)
    result = subprocess.run([sys.executable, "-m", "ingest.cli", "run", str(pipe), str(SAMPLES / "002_73a308bcda3970b6.txt"),
                             "--out", str(tmp_path / "out"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"warning: {pipe} is neither a file nor a folder" in result.stderr
    assert "1 files:" in result.stderr
