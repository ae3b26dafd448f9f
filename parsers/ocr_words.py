"""Tesseract on one page image -> words with boxes -> cell texts and text lines.

Tesseract runs once per page (``gray_to_words`` on the stack of its pieces); everything else
only sorts its words. It is called directly rather than through pytesseract so that each call
gets ``OMP_THREAD_LIMIT=1`` in its own environment (OpenMP threads make tesseract ~3x slower on a
busy 2-core machine; the runner's worker processes give the parallelism) without touching this
process's environment.
The page goes to tesseract as an uncompressed PGM file in a private temporary folder: no PNG
encoding, and reading a file costs tesseract ~0.2 s less per page than reading stdin.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

import cv2
import numpy as np

from parsers.errors import ConversionFailed, MissingTool
from parsers.settings import Settings

_PACKAGES_HINT = "install the Debian packages tesseract-ocr tesseract-ocr-rus (tesseract-ocr-eng for Latin)"


@dataclass(frozen=True)
class Word:
    """One word tesseract read, with its box in page pixels and its line's identity."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int

    @property
    def cx(self) -> float:
        return self.left + self.width / 2

    @property
    def cy(self) -> float:
        return self.top + self.height / 2

    @property
    def line_key(self) -> tuple[int, int, int]:
        return (self.block, self.par, self.line)


def tesseract_command(image_path: str, settings: Settings, dpi: int, whitelist: str | None = None) -> list[str]:
    """The tesseract command line for one page image file, TSV word boxes on stdout.

    Page segmentation mode 6 (one uniform block): the image is a stack of cut-out cells and
    lines (ocr_layout), on which the automatic mode 3 drops short isolated texts ("2.", "Май")
    as noise; mode 6 reads every line, and the words are placed by their boxes anyway. ``tessedit_do_invert=0``: tesseract would read
    every doubtful line a second time as white on black; an order's scan is black on white, and
    the second reading costs a sixteenth of the OCR time. ``whitelist``: the only characters
    tesseract may read (parsers.ocr_numbers reads number cells with digits and the dot).
    """
    binary = shutil.which("tesseract")
    if binary is None:
        raise MissingTool(f"tesseract is not installed; {_PACKAGES_HINT}")
    variables = ["-c", "tessedit_do_invert=0"]
    if whitelist:
        variables += ["-c", f"tessedit_char_whitelist={whitelist}"]
    return [binary, image_path, "stdout", "-l", settings.ocr_languages, "--dpi", str(dpi), "--psm", "6", *variables, "tsv"]


def gray_to_tsv(gray: np.ndarray, settings: Settings, dpi: int, whitelist: str | None = None) -> str:
    """Run tesseract once on a grey page and return its TSV output."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="roadmap-ocr-") as folder:
        path = os.path.join(folder, "page.pgm")
        if not cv2.imwrite(path, gray):
            raise ConversionFailed("the page image could not be written for tesseract; check free space in the temp folder")
        command = tesseract_command(path, settings, dpi, whitelist)
        try:
            done = subprocess.run(command, capture_output=True, env=env, timeout=settings.ocr_timeout_seconds,
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(f"tesseract took longer than {settings.ocr_timeout_seconds:.0f} s on one page; "
                                   "raise ocr_timeout_seconds or lower ocr_dpi") from exc
    stderr = done.stderr.decode("utf-8", "replace")
    if "Failed loading language" in stderr or "couldn't load any languages" in stderr:
        raise MissingTool(f"tesseract has no data for the languages '{settings.ocr_languages}'; {_PACKAGES_HINT}")
    if done.returncode != 0:
        reason = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {done.returncode}"
        raise ConversionFailed(f"tesseract failed on a page ({reason}); check that the image is readable")
    return done.stdout.decode("utf-8", "replace")


def tsv_to_words(tsv: str) -> list[Word]:
    """Words (level-5 rows with text) of tesseract's TSV, in tesseract's reading order."""
    words = []
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        if not text:
            continue
        words.append(Word(text=text, conf=float(parts[10]), left=int(parts[6]), top=int(parts[7]),
                          width=int(parts[8]), height=int(parts[9]), block=int(parts[2]),
                          par=int(parts[3]), line=int(parts[4])))
    return words


def gray_to_words(gray: np.ndarray, settings: Settings, dpi: int, whitelist: str | None = None) -> list[Word]:
    """Run tesseract once on a page: its words with boxes and confidences."""
    return tsv_to_words(gray_to_tsv(gray, settings, dpi, whitelist))


def words_to_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Group words into printed lines, top to bottom, each line's words left to right.

    Tesseract's own line numbers group words first; two tesseract lines that sit at the same
    height are then one printed line (tesseract splits a line where a wide gap or an erased
    ruling was).
    """
    by_key: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        by_key.setdefault(word.line_key, []).append(word)
    lines = sorted(by_key.values(), key=lambda ws: min(w.top for w in ws))
    merged: list[list[Word]] = []
    for line in lines:
        if merged and _same_height(merged[-1], line):
            merged[-1].extend(line)
        else:
            merged.append(list(line))
    return [sorted(line, key=lambda w: w.left) for line in merged]


def _same_height(a: list[Word], b: list[Word]) -> bool:
    """Whether two word groups share most of their vertical extent."""
    a_top, a_bottom = median([w.top for w in a]), median([w.top + w.height for w in a])
    b_top, b_bottom = median([w.top for w in b]), median([w.top + w.height for w in b])
    overlap = min(a_bottom, b_bottom) - max(a_top, b_top)
    return overlap > 0.5 * min(a_bottom - a_top, b_bottom - b_top)


def line_to_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def words_to_cell_text(words: list[Word]) -> tuple[str, float | None]:
    """A cell's text (its printed lines joined by "\\n") and the mean confidence of its words."""
    if not words:
        return "", None
    text = "\n".join(line_to_text(line) for line in words_to_lines(words))
    confidences = [w.conf for w in words if w.conf >= 0]
    return text, (sum(confidences) / len(confidences) if confidences else None)
