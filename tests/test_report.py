"""The HTML review report: built from a real run of the samples, opened in real headless Chromium.

The run covers the five sample dumps, the three DOCX, the three text PDFs and one scan made here
(page 3 of sample 001's PDF rendered at 100 dpi into an image-only PDF, OCR'd by tesseract).
"""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from chromium_page import ChromiumPage, chromium_binary
from conftest import SAMPLES, sample
from ingest.cli import main
from ingest.report import run_to_html, write_report
from ingest.report_data import RunData, folder_to_run, warning_to_kind
from parsers.page_layout import page_layouts

needs_chromium = pytest.mark.skipif(chromium_binary() is None, reason="chromium is not installed (make system)")
MAX_REPORT_BYTES = 10_000_000


def pdf_page_to_scan(pdf_path: Path, index: int, dpi: int = 100) -> bytes:
    """One page of a PDF as an image-only PDF (no text layer): a scan made from a known page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        image = pdf[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=dpi)
    return out.getvalue()


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> dict:
    """The samples (and one scan) run through the pipeline, and the report of that run."""
    root = tmp_path_factory.mktemp("report")
    scan = root / "scan_001_p3.pdf"
    scan.write_bytes(pdf_page_to_scan(sample("001", ".pdf"), 2))
    inputs = sorted(str(p) for p in SAMPLES.glob("*") if p.suffix in (".txt", ".docx", ".pdf")) + [str(scan)]
    out = root / "out"
    assert main(["run", *inputs, "--out", str(out), "--quiet"]) in (0, 1)
    html = root / "report.html"
    assert main(["report", str(out), "--html", str(html)]) == 0
    documents = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return {"out": out, "html": html, "documents": documents, "scan": scan}


@pytest.fixture(scope="module")
def browser_view(sample_run) -> dict:
    """What Chromium shows: console errors, a screenshot, and per document section its cells drawn."""
    with ChromiumPage(sample_run["html"]) as page:
        shot = page.screenshot()
        sections = page.evaluate("""Array.from(document.querySelectorAll('details.doc')).map(d => ({
            id: d.id, source: d.dataset.source, title: d.querySelector('summary').textContent,
            pages: d.querySelectorAll('.page').length,
            cells: d.querySelectorAll('.page svg rect.cell').length,
            tables: d.querySelectorAll('.page svg rect.table').length,
            images: Array.from(d.querySelectorAll('.page svg image')).filter(i => i.getBBox().width > 0).length}))""")
        links = page.evaluate("Array.from(document.querySelectorAll('#doc-table a.doc-link')).map(a => a.hash.slice(1))")
        page.evaluate("location.hash = '#' + document.querySelectorAll('details.doc')[0].id; 0")
        opened = page.evaluate("document.querySelectorAll('details.doc')[0].open")
        errors = list(page.errors)
    return {"shot": shot, "sections": sections, "links": links, "opened": opened, "errors": errors}


@needs_chromium
def test_report_opens_without_console_errors(browser_view):
    assert browser_view["errors"] == []


@needs_chromium
def test_report_screenshot_is_not_blank(browser_view, tmp_path):
    from PIL import Image

    png = tmp_path / "report.png"
    png.write_bytes(browser_view["shot"])
    image = Image.open(png).convert("L")
    assert image.size == (1400, 1000)
    low, high = image.getextrema()
    assert high - low > 100
    assert sum(1 for n in image.histogram() if n) > 30  # text, charts and tables, not one flat colour


@needs_chromium
def test_every_document_has_its_section_and_link(sample_run, browser_view):
    sections = browser_view["sections"]
    assert len(sections) == len(sample_run["documents"])
    for doc, section in zip(sample_run["documents"], sections):
        assert doc["doc_id"] in section["id"]
        assert section["source"] == Path(doc["source_path"]).name
    assert browser_view["links"] == [s["id"] for s in sections]
    assert browser_view["opened"] is True  # following a link opens the collapsed section


@needs_chromium
@pytest.mark.parametrize("source, kind", [("001_835dafa0f7397687.pdf", "pdf"), ("scan_001_p3.pdf", "pdf_scan")])
def test_page_grid_is_drawn_for_pdf_and_scan(sample_run, browser_view, source, kind):
    doc = next(d for d in sample_run["documents"] if Path(d["source_path"]).name == source)
    assert doc["source_format"] == kind
    section = next(s for s in browser_view["sections"] if s["source"] == source)
    assert section["pages"] == doc["pages"] and section["images"] == doc["pages"]
    assert section["tables"] >= 1 and section["cells"] >= 20


@pytest.mark.parametrize("source, first_table_page, min_cells", [
    ("samples/001_835dafa0f7397687.pdf", 2, 10),  # page 1 is the order's text, the table starts on page 2
    ("scan", 1, 40),  # page 3 of the same order, rendered: 9 rows of 5 columns, minus merged headings
])
def test_page_layouts_find_the_grid(sample_run, source, first_table_page, min_cells):
    data = sample_run["scan"].read_bytes() if source == "scan" else (SAMPLES.parent / source).read_bytes()
    layouts = page_layouts(data)
    first = next(layout for layout in layouts if layout.tables)
    assert first.page == first_table_page
    assert first.source == ("scan" if source == "scan" else "text")
    assert first.cell_count >= min_cells
    for table in first.tables:  # every cell inside its table, every table inside the image
        assert 0 <= table.box.left < table.box.right <= first.width + 1
        assert 0 <= table.box.top < table.box.bottom <= first.height + 1
        for cell in table.cells:
            assert table.box.left - 2 <= cell.left < cell.right <= table.box.right + 2
            assert table.box.top - 2 <= cell.top < cell.bottom <= table.box.bottom + 2
    assert all(layout.image[:2] == b"\xff\xd8" and layout.width <= 821 for layout in layouts)


def test_report_of_samples_is_small(sample_run):
    assert sample_run["html"].stat().st_size < MAX_REPORT_BYTES


def test_report_is_self_contained(sample_run):
    html = sample_run["html"].read_text(encoding="utf-8")
    for external in ('src="http', "src='http", 'href="http', "url(http", "@import", "<link "):
        assert external not in html
    assert "default-src 'none'" in html  # the page may load nothing from anywhere


HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">{{ 7*7 }}&amp;'


def hostile_run(folder: Path) -> None:
    doc = {"doc_id": "abcdef0123456789", "source_path": f"{HOSTILE}.pdf", "source_format": "pdf", "status": "partial",
           "region": HOSTILE, "doc_number": HOSTILE, "title": HOSTILE, "rows": 2, "plan_year": 2022,
           "abbreviations": {HOSTILE: HOSTILE}, "warnings": [HOSTILE]}
    rows = [{"doc_id": doc["doc_id"], "row_index": i, "page": 1, "section": HOSTILE, "item_number": HOSTILE,
             "action": HOSTILE, "deadline_text": HOSTILE, "deadline_kind": kind, "deadline_intervals": intervals,
             "executors_text": HOSTILE, "executors": [{"name": HOSTILE, "kind": "organization"}],
             "result": HOSTILE, "warnings": [HOSTILE]}
            for i, (kind, intervals) in enumerate([("period", [["2022-03-01", "2022-03-31"]]), ("unparsed", [])])]
    folder.mkdir()
    (folder / "documents.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    (folder / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@needs_chromium
def test_hostile_text_stays_text(tmp_path):
    hostile_run(tmp_path / "out")
    html = tmp_path / "report.html"
    write_report(folder_to_run(tmp_path / "out"), html)
    assert "<script>window.__pwned" not in html.read_text(encoding="utf-8")
    with ChromiumPage(html) as page:
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true); 0")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
        assert page.evaluate(f"document.body.textContent.includes({json.dumps(HOSTILE)})")
        assert page.errors == []


@needs_chromium
def test_the_console_check_sees_errors(tmp_path):
    """The check above can fail: a page with a script error and a console error is caught."""
    page_file = tmp_path / "broken.html"
    page_file.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom'); undefinedFunction();</script>",
                         encoding="utf-8")
    with ChromiumPage(page_file) as page:
        errors = page.errors
    assert any("boom" in e for e in errors)
    assert any("undefinedFunction" in e for e in errors)


def test_missing_source_file_gets_a_note(tmp_path):
    hostile_run(tmp_path / "out")
    run = folder_to_run(tmp_path / "out")
    run.documents[0]["source_path"] = str(tmp_path / "gone.pdf")
    html, pages = run_to_html(run)
    assert pages == 0
    assert "gone.pdf is gone, so its pages are not drawn" in html


def test_changed_source_file_is_not_drawn(tmp_path):
    copy = tmp_path / "order.pdf"
    shutil.copy(sample("000", ".pdf"), copy)
    doc = {"doc_id": "0" * 16, "source_path": str(copy), "source_format": "pdf", "status": "ok", "rows": 0}
    html, pages = run_to_html(RunData([doc], [], [], label="test"))
    assert pages == 0
    assert "changed after the run" in html


@pytest.mark.parametrize("text, kind", [
    ("page 3: 12 characters outside every table cell were put in the nearest cell",
     "N characters outside every table cell were put …"),
    ("executor spellings 'Машина Т.В.', 'Мамина Т.В.' merged into the majority spelling 'Мамишина Т.В.'",
     "executor spellings … merged into the majority spelling …"),
    ("did not understand: месяц проведения", "did not understand"),
    ("low OCR confidence (45) in column 3", "low OCR confidence (N) in column N"),
    ("the heading dates the order 2022-02-28 but the approval block says 2022-02-08; kept the heading's date",
     "the heading dates the order N-N-N but the …"),
])
def test_warning_kinds(text, kind):
    assert warning_to_kind(text) == kind


def test_cli_refuses_a_folder_without_a_run(tmp_path, capsys):
    assert main(["report", str(tmp_path), "--html", str(tmp_path / "r.html")]) == 2
    assert "has no documents.jsonl" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_report_from_the_catalogue_lists_changes(tmp_path):
    pytest.importorskip("ingest.catalog")
    from ingest.report_catalog import catalog_to_run

    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copy(sample("004"), inputs / "a.txt")
    shutil.copy(sample("002"), inputs / "b.txt")
    assert main(["run", str(inputs), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    shutil.copy(sample("001"), inputs / "c.txt")  # new
    (inputs / "b.txt").write_bytes(b"\x00\x01\x02 not an order")  # was fine, now fails
    main(["run", str(inputs), "--out", str(out), "--quiet", "--jobs", "1"])
    run = catalog_to_run(out / "catalog.sqlite")
    kinds = {(c.kind, Path(c.source_path).name) for c in run.changes}
    assert ("new", "c.txt") in kinds and ("failed", "b.txt") in kinds
    assert not any(name == "a.txt" for _, name in kinds)
    html = tmp_path / "report.html"
    assert main(["report", "--state", str(out / "catalog.sqlite"), "--html", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    assert "c.txt" in text and 'id="changes"' in text and ">failed</span>" in text


def test_report_from_the_catalogue_tells_changed_and_fixed_files(tmp_path):
    from ingest.report_catalog import catalog_to_run

    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copy(sample("004"), inputs / "a.txt")
    shutil.copy(sample("002"), inputs / "same.txt")
    (inputs / "b.txt").write_bytes(b"\x00\x01\x02 not an order")  # fails
    run = ["run", str(inputs), "--out", str(out), "--quiet", "--jobs", "1"]
    assert main(run) == 1
    assert main(run) == 1  # b.txt fails again; a.txt and same.txt skipped: no state recorded for them
    shutil.copy(sample("001"), inputs / "a.txt")  # other bytes: changed
    shutil.copy(sample("003"), inputs / "b.txt")  # now an order: fixed
    assert main(run) == 0
    changes = {Path(c.source_path).name: c for c in catalog_to_run(out / "catalog.sqlite").changes}
    assert set(changes) == {"a.txt", "b.txt"}
    assert changes["a.txt"].kind == "changed" and changes["b.txt"].kind == "fixed"
    assert "failed" not in changes["b.txt"].detail
