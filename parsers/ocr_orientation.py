"""A page scanned sideways or upside down: noticed by how badly it reads, turned by tesseract's OSD.

A landscape table is often scanned as a portrait page, or a sheet is fed upside down. Telling
the orientation of every page (tesseract's orientation and script detection, ``--psm 0``) costs
about as much as reading it, so it is asked only of a page that read badly: fewer than half of
its words read with confidence ``_GOOD_WORD`` (an upright page of print: nearly all; a page on its
side: a fifth; upside down: a tenth). OSD then says by how much to turn the page (its "Rotate"),
and the page is read again turned; the reading with the larger share of good words is kept. A
page that reads badly because the scan is bad costs one OSD call more and stays as it was.
The pages of one document are first read as its last page was found to lie (``Orientation``),
so a document scanned sideways pays the failed first reading once, not on every page.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

import cv2
import numpy as np

from parsers.ocr_words import Word
from parsers.settings import Settings

# a word read with at least this confidence is a good one; a page whose share of good words is
# under _GOOD_SHARE (and that has at least _MIN_WORDS words) may be turned
_GOOD_WORD = 80.0
_GOOD_SHARE = 0.5
_MIN_WORDS = 10
# OSD reads a copy of the page at this resolution (dpi); it needs no more
_OSD_DPI = 150
# below this orientation confidence OSD's answer is not acted on
_MIN_OSD_CONFIDENCE = 2.0
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)


@dataclass
class Orientation:
    """How a document's pages were last found to lie (degrees to turn them clockwise): a
    document scanned sideways is so on every page, and its next page is read so first."""

    degrees: int = 0


def good_share(words: list[Word]) -> float:
    """Share of the words read with a good confidence (1.0 for a page without words)."""
    scored = [w.conf for w in words if w.conf >= 0]
    if not scored:
        return 1.0
    return sum(1 for c in scored if c >= _GOOD_WORD) / len(scored)


def reads_badly(words: list[Word]) -> bool:
    """Whether a page's reading is poor enough to ask whether the page is turned."""
    return len(words) >= _MIN_WORDS and good_share(words) < _GOOD_SHARE


def osd_rotation(gray: np.ndarray, dpi: int, settings: Settings) -> int:
    """Degrees (0, 90, 180, 270) to turn the page clockwise to read it, by tesseract's OSD; 0 when
    OSD is not installed, fails, or is unsure."""
    binary = shutil.which("tesseract")
    if binary is None:
        return 0
    scale = min(1.0, _OSD_DPI / dpi)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="roadmap-osd-") as folder:
        path = os.path.join(folder, "page.pgm")
        if not cv2.imwrite(path, small):
            return 0
        try:
            done = subprocess.run([binary, path, "stdout", "--psm", "0", "--dpi", str(round(dpi * scale))],
                                  capture_output=True, env=env, timeout=settings.ocr_timeout_seconds, check=False)
        except subprocess.TimeoutExpired:
            return 0
    text = done.stdout.decode("utf-8", "replace")
    rotate, confidence = _ROTATE.search(text), _CONFIDENCE.search(text)
    if done.returncode != 0 or rotate is None or confidence is None:
        return 0
    degrees = int(rotate.group(1)) % 360
    if degrees not in (90, 180, 270) or float(confidence.group(1)) < _MIN_OSD_CONFIDENCE:
        return 0
    return degrees


def turned(gray: np.ndarray, degrees: int) -> np.ndarray:
    """The page turned clockwise by ``degrees`` (a multiple of 90)."""
    return np.ascontiguousarray(np.rot90(gray, -(degrees // 90)))
