"""parsers.pdf_objects builds pdfplumber's own object dicts, only faster for characters.

Compared key for key with ``Page.parse_objects()`` on every page of the sample PDFs and the
PDF fixtures (ruled, borderless, rotated, landscape, nested, blank, scanned)."""
from __future__ import annotations

import pdfplumber
import pytest

from parsers.pdf_objects import fill_page_objects, page_objects
from tests.conftest import ROOT

PDFS = sorted((ROOT / "samples").glob("*.pdf")) + sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_objects_equal_pdfplumbers_own_on_every_page(path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            ours = page_objects(page)
            theirs = page.parse_objects()
            assert list(ours) == list(theirs), f"page {page.page_number}: kinds differ"
            for kind in theirs:
                assert ours[kind] == theirs[kind], f"page {page.page_number}: {kind} objects differ"
                assert [list(o) for o in ours[kind]] == [list(o) for o in theirs[kind]]


def test_filled_page_reads_chars_and_edges_as_usual():
    path = next(p for p in PDFS if p.name == "ruled_two_pages.pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        expected_chars, expected_edges = page.chars, page.edges
        page.flush_cache()
        fill_page_objects(page)
        assert hasattr(page, "_objects")
        assert page.chars == expected_chars and page.edges == expected_edges
        assert page.chars  # the fixture has text, so the comparison is not of two empty lists


def test_a_cropped_page_is_left_to_pdfplumber():
    path = next(p for p in PDFS if p.name == "ruled_two_pages.pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        cropped = page.crop((0, 0, page.width / 2, page.height / 2))
        fill_page_objects(cropped)
        assert not hasattr(cropped, "_objects")
        assert cropped.chars == [c for c in page.crop(cropped.bbox).chars]


def test_a_page_already_parsed_keeps_its_objects():
    path = PDFS[0]
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        objects = page.objects
        fill_page_objects(page)
        assert page.objects is objects


def test_a_conversion_fault_leaves_the_page_to_pdfplumber(monkeypatch):
    import parsers.pdf_objects as pdf_objects

    def broken(*args, **kwargs):
        raise AttributeError("an LTChar without graphicstate")

    monkeypatch.setattr(pdf_objects, "_char_to_dict", broken)
    path = next(p for p in PDFS if p.name == "ruled_two_pages.pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        fill_page_objects(page)
        assert not hasattr(page, "_objects")
        assert page.chars  # pdfplumber's own parse


@pytest.mark.parametrize("unicode_norm", [None, "NFC"])
def test_objects_equal_on_a_page_whose_mediabox_is_offset(unicode_norm):
    """pdfplumber shifts x by the MediaBox origin and normalises text when asked: so do we."""
    import io

    import pypdf
    from pypdf.generic import RectangleObject

    reader = pypdf.PdfReader(next(p for p in PDFS if p.parent.name == "samples"))
    writer = pypdf.PdfWriter()
    page = reader.pages[0]
    box = page.mediabox
    page.mediabox = RectangleObject([float(box.left) - 30, float(box.bottom) + 20, float(box.right) + 10,
                                     float(box.top) + 40])
    writer.add_page(page)
    data = io.BytesIO()
    writer.write(data)
    with pdfplumber.open(io.BytesIO(data.getvalue()), unicode_norm=unicode_norm) as pdf:
        page = pdf.pages[0]
        assert page.mediabox[0] != 0
        ours, theirs = page_objects(page), page.parse_objects()
        assert theirs["char"] and ours == theirs
