"""The parser contract of parsers/intermediate.py, held across formats.

The same order printed as a text dump, a DOCX, a PDF and a scan must give the same item numbers
and the same executors in each row; every parser's text is plain; merged cells follow the one
rule of parsers/table_grid.py (an executor merged over two items is in both rows, an item printed
over two rows with a merged number cell is one row); column edges are PDF points in PDFs and
scans alike. The merge fixture is built here: python-docx writes the DOCX, LibreOffice prints it
to PDF, pypdfium2 renders that PDF to a 300-dpi image for tesseract.
"""
from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from ingest.extraction import extract_bytes
from parsers import parse_bytes
from parsers.intermediate import ParsedDocument, RawTable, TextLine
from parsers.settings import Settings
from tests.conftest import sample

ORDERS = ("000", "001", "003")
FORMATS = (".txt", ".docx", ".pdf")
SCANNED_ORDER = "003"  # the quickest whole scan to OCR (8 pages, ~15 s)
# markup of any source format: a dump's paragraphs and bold, HTML-ish tags, Markdown bold
MARKUP = re.compile(r"</?\s*[a-zA-Z][a-zA-Z0-9]*\s*/?>|\*\*")
SETTINGS = Settings()


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> ParsedDocument:
    return parse_bytes(path.read_bytes(), SETTINGS)


@functools.lru_cache(maxsize=None)
def items_with_executors(path: Path) -> list[tuple[str | None, tuple[str, ...]]]:
    """Each extracted row as (item number, the names of its executors in cell order)."""
    extraction = extract_bytes(path.read_bytes(), path.name, SETTINGS)
    assert extraction.document["status"] in ("ok", "partial"), extraction.document["error"]
    return [(row["item_number"], tuple(e["name"] for e in row["executors"] or [])) for row in extraction.rows]


def texts_of(doc: ParsedDocument) -> list[str]:
    out = [b.text for b in doc.blocks if isinstance(b, TextLine)]
    return out + [c for t in doc.tables for r in t.rows for c in r.cells]


# ---------------------------------------------------------------- the sample orders


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("order", ORDERS)
def test_text_is_plain_and_rows_are_even(order, suffix):
    doc = parsed(sample(order, suffix))
    texts = texts_of(doc)
    assert texts and not [t for t in texts if MARKUP.search(t)]
    assert all(t.strip() for t in (b.text for b in doc.text_lines))  # no empty paragraphs
    for table in doc.tables:
        assert len({len(r.cells) for r in table.rows}) == 1
        assert all(r.page is None or r.page >= 1 for r in table.rows)


@pytest.mark.parametrize("order", ORDERS)
def test_every_format_gives_the_same_items_and_executors(order):
    by_format = {suffix: items_with_executors(sample(order, suffix)) for suffix in FORMATS}
    reference = by_format[".txt"]
    assert len(reference) > 10 and any(names for _, names in reference)
    for suffix, rows in by_format.items():
        assert [n for n, _ in rows] == [n for n, _ in reference], suffix
        assert rows == reference, suffix


@pytest.mark.parametrize("order", ORDERS)
def test_docx_text_lines_are_paragraphs(order):
    """A DOCX paragraph is one TextLine: the letterhead and title lines are whole paragraphs,
    never the pieces of one paragraph split at its line breaks."""
    from parsers.docx_tables import bytes_to_document

    document = bytes_to_document(sample(order, ".docx").read_bytes())
    body_paragraphs = [p.text.strip() for p in document.paragraphs if p.text.strip()]
    lines = [b.text for b in parsed(sample(order, ".docx")).text_lines]
    for paragraph in body_paragraphs:
        if "\n" not in paragraph:
            assert " ".join(paragraph.split()) in [" ".join(line.split()) for line in lines]


def test_scan_gives_the_same_items_and_executors(shared_dir):
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    [scan] = shared_dir.glob(f"corpus/{SCANNED_ORDER}_*.scan.pdf")
    doc = parsed(scan)
    assert doc.source_format == "pdf_scan" and not [t for t in texts_of(doc) if MARKUP.search(t)]
    assert items_with_executors(scan) == items_with_executors(sample(SCANNED_ORDER, ".txt"))


# ---------------------------------------------------------------- one merge rule

WIDTHS_CM = (1.5, 6.5, 3, 4.5, 3.5)
HEADER = ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат"]
ROWS = [
    ["1.1.", "Создание рабочей группы проекта", "Февраль 2022 года", "Управление образования", "Создана группа"],
    ["1.2.", "Утверждение плана мероприятий проекта", "Март 2022 года", "", "План утвержден"],
    ["1.3.", "Организация профильных классов", "Апрель 2022 года", "Директор школы", "Классы открыты"],
    ["", "Подбор педагогов для профильных классов", "Май 2022 года", "Заместитель директора", "Педагоги подобраны"],
    ["1.4.", "Мониторинг реализации проекта", "Декабрь 2022 года", "Муниципальный координатор", "Отчет"],
]


def _vmerge(cell, restart: bool) -> None:
    merge = OxmlElement("w:vMerge")
    if restart:
        merge.set(qn("w:val"), "restart")
    cell._tc.get_or_add_tcPr().append(merge)


def merged_docx() -> bytes:
    """Item 1.1's executor merged down over 1.2; item 1.3 printed over two rows (merged number)."""
    document = docx.Document()
    document.add_paragraph("План мероприятий по реализации проекта")
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS_CM):
        column.width = Cm(width)
    for r, values in enumerate([HEADER, *ROWS]):
        for c, text in enumerate(values):
            table.rows[r].cells[c].text = text
            table.rows[r].cells[c].width = Cm(WIDTHS_CM[c])
    _vmerge(table.rows[1].cells[3], True)
    _vmerge(table.rows[2].cells[3], False)
    _vmerge(table.rows[3].cells[0], True)
    _vmerge(table.rows[4].cells[0], False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_to_pdf(data: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="contract-") as tmp:
        work = Path(tmp)
        (work / "merged.docx").write_bytes(data)
        subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), str(work / "merged.docx")],
                       check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(work)})
        return (work / "merged.pdf").read_bytes()


def pdf_to_png(data: bytes, dpi: int = 300) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[0].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


@pytest.fixture(scope="module")
def merged_formats() -> dict[str, ParsedDocument]:
    docx_bytes = merged_docx()
    pdf_bytes = docx_to_pdf(docx_bytes)
    out = {"docx": parse_bytes(docx_bytes, SETTINGS), "pdf": parse_bytes(pdf_bytes, SETTINGS)}
    if shutil.which("tesseract") is not None:
        out["scan"] = parse_bytes(pdf_to_png(pdf_bytes), SETTINGS)
    return out


def _rows_by_number(table: RawTable) -> dict[str, list[str]]:
    return {" ".join(r.cells[0].split()).rstrip("."): r.cells for r in table.rows if r.cells[0].strip()}


@pytest.mark.parametrize("source", ["docx", "pdf", "scan"])
def test_one_merge_rule_in_every_format(merged_formats, source):
    if source not in merged_formats:
        pytest.skip("tesseract is not installed")
    [table] = merged_formats[source].tables
    rows = _rows_by_number(table)
    assert list(rows) == ["№ п/п", "1.1", "1.2", "1.3", "1.4"]
    flat = {n: [" ".join(c.split()) for c in cells] for n, cells in rows.items()}
    # a vertical merge outside the number column is repeated in each row it spans
    assert flat["1.1"][3] == flat["1.2"][3] == "Управление образования"
    # a merged item number joins its rows: both parts of 1.3 in one row, each column's pieces
    assert flat["1.3"][1] == "Организация профильных классов Подбор педагогов для профильных классов"
    assert flat["1.3"][3] == "Директор школы Заместитель директора"
    assert len(table.rows) == 5 and len({len(r.cells) for r in table.rows}) == 1


def test_column_edges_are_points_in_pdf_and_scan(merged_formats):
    if "scan" not in merged_formats:
        pytest.skip("tesseract is not installed")
    [pdf_table] = merged_formats["pdf"].tables
    [scan_table] = merged_formats["scan"].tables
    assert merged_formats["docx"].tables[0].column_edges is None
    assert len(pdf_table.column_edges) == len(scan_table.column_edges) == len(HEADER) + 1
    # the same page rendered at 300 dpi: the same boundaries within a ruling's width or two
    assert pdf_table.column_edges == pytest.approx(scan_table.column_edges, abs=3)
