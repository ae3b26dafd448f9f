"""Pages whose text is printed turned (a landscape table laid sideways on a portrait page).

pdfminer already applies a page's /Rotate, so a landscape page printed with /Rotate 90 comes out
upright. A page whose text itself runs up or down the page (the content was turned, not the
page) is turned here: its /Rotate is changed with pypdfium2 so that pdfplumber then sees upright
text, and the page is read like any other.
"""
from __future__ import annotations

import io
import math
from collections import Counter

import pypdfium2 as pdfium

# text in this share of a page's characters decides the page's direction
DIRECTION_SHARE = 0.6
SAMPLE_CHARS = 400


def char_angle(char: dict) -> int:
    """Direction of a character's baseline on the displayed page: 0, 90, 180 or 270 degrees."""
    a, b = char["matrix"][0], char["matrix"][1]
    angle = math.degrees(math.atan2(b, a)) % 360
    return int(round(angle / 90.0)) % 4 * 90


def page_text_angle(chars: list[dict]) -> int:
    """The angle most of the page's text runs at (0 when upright or too little text)."""
    letters = [c for c in chars[:SAMPLE_CHARS] if c.get("text", "").strip()]
    if not letters:
        return 0
    angle, count = Counter(char_angle(c) for c in letters).most_common(1)[0]
    return angle if angle and count >= DIRECTION_SHARE * len(letters) else 0


def rotate_pdf_pages(data: bytes, turns: dict[int, int]) -> bytes:
    """A copy of the PDF with page i's /Rotate increased by turns[i] degrees (0-based pages)."""
    pdf = pdfium.PdfDocument(data)
    try:
        for index, angle in turns.items():
            page = pdf[index]
            page.set_rotation((page.get_rotation() + angle) % 360)
            page.close()
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
    finally:
        pdf.close()
