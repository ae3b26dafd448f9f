"""OCR words -> text: known tesseract confusions fixed, text outside tables put in reading order.

Known confusions of ``rus+eng`` OCR on these scans are fixed per word, before anything else sees
them:
- a Cyrillic word read with Latin look-alike letters ("n/n" for "п/п", "OO" for "ОО") is turned
  back into Cyrillic when the line around it is Cyrillic; URLs, e-mails and lines in Latin keep
  their letters;
- a one-letter preposition inside a sentence read as a Latin capital ("ОВЗ B ОО") is lower case,
  and so is a word inside a sentence whose first letter is a small-capital-like "н", "к", "м",
  "т" or "в" read as a Latin capital ("граждан Ha доступ");
- "№" before a number read as "Ne" or "No" in a Cyrillic line is "№" again;
- a full stop alone on a line (an item number wrapped as "2.10" / ".") comes out as ':', ';',
  '|' or even a letter; a mark that small can only be a dot.
In a cell's text, the narrow space between an abbreviation and the conjunction "и" that a coarse
scan loses ("АУПи тьюторами", also across the cell's line break) is put back
(``cell_text_corrected``): an abbreviation is not declined with "-и".
Text outside tables comes from tesseract's lines split at wide gaps; rows where a second column
of text stands on the right (a letterhead beside an approval block) are read column by column.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace

from parsers.ocr_words import Word

# Latin letters tesseract outputs for Cyrillic ones that look the same (or, for n/u/r, that
# its rus+eng model confuses with п/и/г)
_LATIN_TO_CYRILLIC = str.maketrans({
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х",
    "y": "у", "k": "к", "n": "п", "u": "и", "r": "г",
})
_LOOKALIKE = frozenset("ABCEHKMOPTXYacepxyoknur")
_DIGIT_LOOKALIKE = str.maketrans({"0": "О", "3": "З"})
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_WEB = re.compile(r"://|www\.|@|\.(ru|рф|com|org|net)\b", re.IGNORECASE)
_DASHES = frozenset("-–—_~=")
# one-letter Russian words (prepositions, conjunctions) that tesseract gives as Latin capitals
_ONE_LETTER_WORDS = frozenset("ВКСОУ")
# Latin capitals that tesseract's eng model reads for the Cyrillic lower-case letters drawn like
# small capitals ("Ha" for "на", "Bo" for "во" in the middle of a sentence)
_SMALL_CAPITALS = frozenset("HKMTB")
# what the rus+eng model makes of "№" before a number
_NUMBER_SIGN_MISREADS = frozenset({"Ne", "No", "N°", "Nº", "N2", "Nb"})
# an abbreviation glued to the conjunction "и" before a lower-case word
_GLUED_AND = re.compile(r"(?<![\w-])([А-ЯЁ]{2,6})и(?=\s+[а-яё])")
# a mark under this share of the page's typical word height is a dot
_DOT_SHARE = 0.35
# a gap this wide (inches) between words on one tesseract line separates two pieces of text
_PIECE_GAP_IN = 0.8
# a piece starting right of this share of the page width belongs to a right-hand column
_RIGHT_COLUMN_SHARE = 0.5


def _cyrillic_share(texts: list[str]) -> float | None:
    """Share of Cyrillic among the letters that tell the script (Latin look-alikes do not)."""
    latin = sum(1 for t in texts for ch in _LATIN.findall(t) if ch not in _LOOKALIKE)
    cyrillic = sum(len(_CYRILLIC.findall(t)) for t in texts)
    return cyrillic / (latin + cyrillic) if latin + cyrillic else None


def word_to_cyrillic(text: str) -> str:
    """A word written with Latin look-alikes only, in Cyrillic; anything else unchanged."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or _WEB.search(text) or not all(ch in _LOOKALIKE or _CYRILLIC.match(ch) for ch in letters):
        return text
    if not any(_LATIN.match(ch) for ch in letters):
        return text
    fixed = text.translate(_LATIN_TO_CYRILLIC)
    digits = [ch for ch in text if ch.isdigit()]
    if len(letters) >= 2 and digits and set(digits) <= {"0", "3"}:
        fixed = fixed.translate(_DIGIT_LOOKALIKE)  # "OB3" -> "ОВЗ", not "2022"
    return fixed


def _inside_sentence(word: Word, line: list[Word], typical: float) -> bool:
    """Whether a word follows another one closely (same cell) that does not end a sentence."""
    before = [o for o in line if o.left + o.width <= word.left]
    if not before:
        return False
    previous = max(before, key=lambda o: o.left)
    close = word.left - (previous.left + previous.width) < 2 * typical
    return close and not previous.text.endswith((".", "!", "?", ":"))


def _next_word(word: Word, line: list[Word]) -> Word | None:
    after = [o for o in line if o.left > word.left]
    return min(after, key=lambda o: o.left) if after else None


def words_to_corrected(words: list[Word]) -> list[Word]:
    """The page's words with look-alike Latin words in Cyrillic lines fixed, "Ne 3" as "№ 3"
    and tiny marks as dots."""
    heights = [w.height for w in words if any(ch.isalnum() for ch in w.text)]
    typical = statistics.median(heights) if heights else 0
    page_share = _cyrillic_share([w.text for w in words])
    by_line: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line_key, []).append(w)
    out = []
    for w in words:
        text = w.text
        if (typical and (len(text) == 1 or not any(ch.isalnum() for ch in text)) and not set(text) & _DASHES
                and w.height < _DOT_SHARE * typical and w.width < _DOT_SHARE * typical):
            text = "."
        elif _LATIN.search(text):
            share = _cyrillic_share([o.text for o in by_line[w.line_key] if o is not w])
            if share is None:
                share = page_share
            if share is not None and share > 0.5:
                following = _next_word(w, by_line[w.line_key])
                if text in _NUMBER_SIGN_MISREADS and following is not None and following.text[:1].isdigit():
                    text = "№"
                else:
                    latin, text = text, word_to_cyrillic(text)
                    if text != latin and _inside_sentence(w, by_line[w.line_key], typical):
                        if text in _ONE_LETTER_WORDS:
                            text = text.lower()  # "ОВЗ B ОО": the preposition "в", not "В"
                        elif latin[0] in _SMALL_CAPITALS and len(latin) > 1 and latin[1:].islower():
                            text = text[0].lower() + text[1:]  # "граждан Ha доступ": "на"
        out.append(w if text == w.text else replace(w, text=text))
    return out


def cell_text_corrected(text: str) -> str:
    """A cell's text with "АУПи тьюторами" as "АУП и тьюторами"."""
    return _GLUED_AND.sub(r"\1 и", text)


@dataclass(frozen=True)
class Piece:
    """A run of words on one printed line, with no wide gap inside."""

    text: str
    left: int
    top: int


def _line_to_pieces(line: list[Word], gap: int) -> list[Piece]:
    pieces: list[list[Word]] = []
    for word in sorted(line, key=lambda w: w.left):
        if pieces and word.left - (pieces[-1][-1].left + pieces[-1][-1].width) <= gap:
            pieces[-1].append(word)
        else:
            pieces.append([word])
    return [Piece(" ".join(w.text for w in p), p[0].left, min(w.top for w in p)) for p in pieces]


def words_to_text_lines(words: list[Word], page_width: int, dpi: int) -> list[Piece]:
    """Text outside tables as pieces in reading order.

    Tesseract's lines are split at gaps wider than ~0.8 inch. A run of rows with a piece on the
    right half (a letterhead beside "УТВЕРЖДАЮ …", a date beside a number) is read column by
    column: its left pieces top to bottom, then its right pieces.
    """
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line_key, []).append(word)
    rows = sorted(lines.values(), key=lambda ws: min(w.top for w in ws))
    gap = int(_PIECE_GAP_IN * dpi)
    middle = _RIGHT_COLUMN_SHARE * page_width
    out: list[Piece] = []
    zone_left: list[Piece] = []
    zone_right: list[Piece] = []
    for row in rows:
        pieces = _line_to_pieces(row, gap)
        right = [p for p in pieces if p.left >= middle]
        if right and (len(pieces) > 1 or pieces[0].left >= middle):
            zone_left.extend(p for p in pieces if p.left < middle)
            zone_right.extend(right)
            continue
        out.extend(zone_left + zone_right)
        zone_left, zone_right = [], []
        out.extend(pieces)
    out.extend(zone_left + zone_right)
    return out
