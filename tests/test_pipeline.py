"""The whole path on the sample dumps: runner, CLI, every export read back by its reader."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import ingest
from ingest.cli import main
from ingest.evaluate import evaluate
from tests.conftest import ROOT, SAMPLES, sample

DUMPS = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def dumps_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    summary = ingest.run([str(p) for p in DUMPS], out=out, jobs=2)
    assert summary.failed == 0
    return out


def test_every_dump_gives_rows_and_metadata(dumps_out):
    docs = pd.read_json(dumps_out / "documents.jsonl", lines=True)
    assert len(docs) == len(DUMPS)
    assert set(docs["status"]) <= {"ok", "partial"}
    assert (docs["rows"] > 15).all()
    assert docs["region_code"].notna().all() and docs["plan_year"].notna().all()


def test_exports_read_back(dumps_out):
    rows_jsonl = pd.read_json(dumps_out / "rows.jsonl", lines=True)
    rows_csv = pd.read_csv(dumps_out / "rows.csv", encoding="utf-8-sig")
    rows_parquet = pq.read_table(dumps_out / "rows.parquet")
    assert len(rows_jsonl) == len(rows_csv) == rows_parquet.num_rows
    # the BOM is there for Excel, and the first column is named without it
    assert (dumps_out / "rows.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert rows_csv.columns[0] == "doc_id"
    # typed parquet: dates are date32, lists are lists
    schema = rows_parquet.schema
    assert schema.field("deadline_start").type == pa.date32()
    intervals = schema.field("deadline_intervals").type
    assert pa.types.is_list(intervals) and pa.types.is_list(intervals.value_type)
    assert intervals.value_type.value_type == pa.date32()
    assert pq.read_table(dumps_out / "documents.parquet").schema.field("doc_date").type == pa.date32()
    assert rows_parquet.column("deadline_intervals").to_pylist()[0][0][0].year >= 2021
    # lists travel as JSON in CSV
    first = json.loads(rows_csv.loc[0, "section_path"])
    assert isinstance(first, list)
    wb = openpyxl.load_workbook(dumps_out / "roadmap.xlsx")
    assert wb.sheetnames == ["rows", "documents", "executors"]
    sheet = wb["rows"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    col = header.index("deadline_end") + 1
    dated = [sheet.cell(row=r, column=col).value for r in range(2, sheet.max_row + 1)]
    assert any(hasattr(v, "year") for v in dated)  # real date cells, not strings
    executors = pd.read_csv(dumps_out / "executors.csv", encoding="utf-8-sig")
    assert executors["canonical_id"].notna().all()


def test_no_part_files_are_left(dumps_out):
    assert not list(dumps_out.glob(".*part"))


def test_scores_on_the_gold_dumps(dumps_out):
    summary = evaluate(SAMPLES / "gold", dumps_out)["summary"]["txt"]
    assert summary["row_f1"] >= 0.98
    for field in ("item_number", "section", "action", "result", "info"):
        assert summary["fields"][field] >= 0.95, field


def test_extract_returns_a_record_and_a_frame():
    document, rows = ingest.extract(sample("003"))
    assert document["doc_number"] == "19/1" and document["status"] in ("ok", "partial")
    assert isinstance(rows, pd.DataFrame) and list(rows["row_index"]) == list(range(len(rows)))


def test_bad_file_fails_alone_and_exit_code_is_1(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not really a pdf")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"PK\x03\x04 not a zip")
    out = tmp_path / "out"
    code = main(["run", str(bad), str(empty), str(sample("003")), "--out", str(out), "--jobs", "1", "--quiet"])
    assert code == 1
    docs = {Path(d["source_path"]).name: d for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}
    assert docs["broken.pdf"]["status"] == "failed" and docs["broken.pdf"]["error"]
    assert docs["003_634ec10432542fee.txt"]["status"] in ("ok", "partial")
    for d in docs.values():
        if d["status"] == "failed":
            assert d["error"].count(". ") == 0, "one sentence"


def test_usage_error_exits_2(tmp_path):
    assert main(["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["run"])
    assert exc.value.code == 2


def test_a_failed_export_keeps_previous_outputs_and_the_next_run_writes_them(tmp_path, monkeypatch):
    out = tmp_path / "out"
    ingest.run([str(sample("003"))], out=out, jobs=1)
    before = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith("catalog.")}

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    with monkeypatch.context() as m:
        m.setattr("ingest.writers.write_exports", boom)
        with pytest.raises(RuntimeError):
            ingest.run([str(sample("003")), str(sample("001"))], out=out, jobs=1)
    # the exports are the previous run's, whole; the catalogue already holds the new file
    assert {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith("catalog.")} == before
    assert not list(out.glob(".*part"))
    summary = ingest.run([str(sample("003")), str(sample("001"))], out=out, jobs=1)
    assert summary.skipped == 2 and summary.exported  # nothing to extract, but the exports were behind
    names = {Path(d["source_path"]).name for d in map(json.loads, (out / "documents.jsonl").read_text().splitlines())}
    assert names == {sample("003").name, sample("001").name}


def test_cli_show_prints_rows():
    result = subprocess.run([sys.executable, "-m", "ingest.cli", "show", str(sample("001")), "--width", "220"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "Гайворонская Н.И." in result.stdout and "1.1. Преодоление дефицита" in result.stdout


def test_cli_eval_prints_the_scores(dumps_out):
    result = subprocess.run([sys.executable, "-m", "ingest.cli", "eval", "--gold", str(SAMPLES / "gold"),
                             str(dumps_out), "--quiet"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "row_f1" in result.stdout


def test_school_year_plan_resolves_months_into_its_second_year(tmp_path):
    order = ("ПЛАН РАБОТЫ МОБУ СОШ на 2015/2016 учебный год\n\n"
             "№\tСодержание работы\tдата\tОтветственные лица\n"
             "1.\tПедсовет\tавгуст\tДиректор\n2.\tИтоговая аттестация\tмай\tЗУВР\n")
    path = tmp_path / "plan.txt"
    path.write_text(order, encoding="utf-8")
    document, rows = ingest.extract(path)
    assert document["plan_year"] == 2015
    assert list(rows["deadline_start"]) == ["2015-08-01", "2016-05-01"]
