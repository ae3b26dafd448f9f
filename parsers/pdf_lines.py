"""A PDF page's characters to words, lines and paragraphs in reading order.

pdfplumber gives characters with positions; this module turns them into the units the PDF parser
emits: the text of a table cell (its printed lines joined with "\\n") and the paragraphs outside
the tables in reading order. Reading order is top to bottom, except where the page prints two
blocks side by side (a letterhead beside an approval stamp): such a run of lines is read left
block first, then right block. Lines of one paragraph are joined when the spacing is tight and the
next line's first word would not have fitted on the line before (a wrapped line).
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pdfplumber.utils.text import WordExtractor

SOFT_HYPHEN = "\u00ad"
# a word closer than this (in points) to the previous one on its line belongs to the same word
WORD_X_TOLERANCE = 2.0
WORD_Y_TOLERANCE = 3.0
# two blocks printed side by side are separated by a vertical band of whitespace at least this wide
MIN_COLUMN_GAP = 24.0
# lines of one paragraph are at most this many font sizes apart (baseline to baseline)
PARAGRAPH_PITCH = 1.5


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """Words printed on one line, left to right."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.height for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@lru_cache(maxsize=1)
def load_layout_data() -> dict[str, Any]:
    """The header words and glyph map of parsers/data/pdf_layout.yaml (read once)."""
    path = resources.files("parsers") / "data" / "pdf_layout.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def glyph_translation() -> dict[int, str]:
    """str.translate table: Symbol-font bullets to Unicode, no-break and odd spaces to a space."""
    table = {int(code, 16): text for code, text in load_layout_data()["glyphs"].items()}
    for space in ("\u00a0", "\u2007", "\u202f", "\u2009", "\t"):
        table[ord(space)] = " "
    table[0] = None
    return table


def chars_to_words(chars: list[dict]) -> list[Word]:
    """Group characters into words (pdfplumber's word extractor), glyphs mapped to Unicode."""
    if not chars:
        return []
    extractor = WordExtractor(x_tolerance=WORD_X_TOLERANCE, y_tolerance=WORD_Y_TOLERANCE)
    translation = glyph_translation()
    words = []
    for w in extractor.extract_words(chars):
        text = w["text"].translate(translation).strip()
        if text:
            words.append(Word(text, w["x0"], w["x1"], w["top"], w["bottom"]))
    return words


def words_to_lines(words: list[Word]) -> list[Line]:
    """Group words whose vertical centres fall within one another's line band, top to bottom."""
    lines: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        for k in range(len(lines) - 1, max(-1, len(lines) - 6), -1):
            top, bottom = bands[k]
            if top - 1 <= word.cy <= bottom + 1:
                lines[k].append(word)
                bands[k] = (min(top, word.top), max(bottom, word.bottom))
                break
        else:
            lines.append([word])
            bands.append((word.top, word.bottom))
    result = [Line(sorted(ws, key=lambda w: w.x0)) for ws in lines]
    return sorted(result, key=lambda line: line.top)


def join_line_texts(texts: list[str], separator: str) -> str:
    """Join printed lines; a soft hyphen at a line end is printed as a hyphen."""
    out = []
    for i, text in enumerate(texts):
        if text.endswith(SOFT_HYPHEN) and i < len(texts) - 1:
            text = text[:-1] + "-"
        out.append(text.replace(SOFT_HYPHEN, ""))
    return separator.join(t for t in out if t)


def chars_to_cell_text(chars: list[dict]) -> str:
    """The text of one table cell: its printed lines joined with "\\n"."""
    lines = words_to_lines(chars_to_words(chars))
    return join_line_texts([line.text for line in lines], "\n")


def line_to_segments(line: Line, min_gap: float) -> list[Line]:
    """Split a line where the space between two words is at least ``min_gap`` points."""
    segments = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:]):
        if word.x0 - prev.x1 >= min_gap:
            segments.append([])
        segments[-1].append(word)
    return [Line(ws) for ws in segments]


def _band_after_line(line: Line, band: tuple[float, float], min_gap: float) -> tuple[float, float] | None:
    """Narrow a whitespace band so that no word of ``line`` overlaps it; None when too narrow."""
    lo, hi = band
    middle = (lo + hi) / 2
    for word in line.words:
        if word.x1 <= lo or word.x0 >= hi:
            continue
        if word.cx < middle:
            lo = word.x1
        else:
            hi = word.x0
        if hi - lo < min_gap:
            return None
    return lo, hi


def _column_run(lines: list[Line], start: int, min_gap: float) -> tuple[int, float] | None:
    """A run of lines from ``start`` printed as two side-by-side blocks: (end, split x)."""
    first = lines[start]
    gaps = [
        (prev.x1, word.x0)
        for prev, word in zip(first.words, first.words[1:])
        if word.x0 - prev.x1 >= min_gap
    ]
    for gap in sorted(gaps, key=lambda g: g[0] - g[1]):
        band: tuple[float, float] | None = gap
        left = right = 1
        end = start + 1
        while end < len(lines):
            line, prev = lines[end], lines[end - 1]
            if line.top - prev.bottom > 3 * max(line.size, prev.size):
                break
            narrowed = _band_after_line(line, band, min_gap)
            if narrowed is None:
                break
            band = narrowed
            left += any(w.x1 <= band[0] for w in line.words)
            right += any(w.x0 >= band[1] for w in line.words)
            end += 1
        if left >= 2 and right >= 2:
            return end, (band[0] + band[1]) / 2
    return None


def lines_to_regions(lines: list[Line], min_gap: float = MIN_COLUMN_GAP) -> list[list[Line]]:
    """Order lines for reading: side-by-side blocks become separate regions, left first."""
    regions: list[list[Line]] = []
    plain: list[Line] = []
    i = 0
    while i < len(lines):
        run = _column_run(lines, i, min_gap)
        if run is None:
            plain.append(lines[i])
            i += 1
            continue
        end, split = run
        if plain:
            regions.append(plain)
            plain = []
        left = [Line([w for w in ln.words if w.cx < split]) for ln in lines[i:end]]
        right = [Line([w for w in ln.words if w.cx >= split]) for ln in lines[i:end]]
        for side in (left, right):
            side = [ln for ln in side if ln.words]
            if side:
                regions.extend(lines_to_regions(side, min_gap))
        i = end
    if plain:
        regions.append(plain)
    return regions


def _is_wrapped(prev: Line, line: Line, right: float) -> bool:
    """Whether ``line`` continues ``prev``: tight spacing and its first word did not fit before."""
    size = max(prev.size, line.size)
    pitch = line.top - prev.top
    if not 0 < pitch <= PARAGRAPH_PITCH * size:
        return False
    return prev.x1 + 0.25 * size + line.words[0].width > right - 1.0


def _join_paragraph(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        piece = line.text
        if not text:
            text = piece
        elif text.endswith(SOFT_HYPHEN):
            text = text[:-1] + piece
        elif re.search(r"\w-$", text[-2:]) and piece[:1].isalpha():  # the tail only: a long paragraph stays linear
            text += piece
        else:
            text += " " + piece
    return text.replace(SOFT_HYPHEN, "")


def region_to_paragraphs(lines: list[Line]) -> list[str]:
    """Join the wrapped lines of each paragraph of one region; one string per paragraph."""
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    paragraphs: list[list[Line]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        if _is_wrapped(prev, line, right):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [_join_paragraph(p) for p in paragraphs]


def lines_to_paragraphs(lines: list[Line]) -> list[str]:
    """Lines outside tables to paragraphs in reading order."""
    out: list[str] = []
    for region in lines_to_regions(lines):
        out.extend(region_to_paragraphs(region))
    return out
