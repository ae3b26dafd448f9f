"""Which encoding a text dump is in: every encoding a Russian office produces, never one guess.

Order of evidence: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32); then strict UTF-8; then
the Cyrillic single-byte code pages (Windows-1251, KOI8-R, DOS 866) together with the
candidates charset-normalizer proposes, each decoded and scored by Russian letter statistics.
The three code pages map the same bytes to different letters, so a wrong one gives text whose
letter frequencies and letter cases are not Russian; the score tells them apart even on a few
lines. A decoding is text only when hardly any of its characters are control characters, which
keeps random bytes and binary files out.
"""
from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass

from parsers.errors import UnsupportedFormat

BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# the code pages a Russian office writes, in the order preferred on a tie (a variant such as
# cp1125 decodes Russian text exactly as cp866 does)
CYRILLIC_CODE_PAGES = ("cp1251", "koi8-r", "cp866")
DISPLAY_NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE", "utf-32-le": "UTF-32 LE",
                 "utf-32-be": "UTF-32 BE", "cp1251": "Windows-1251", "koi8-r": "KOI8-R", "cp866": "DOS 866 (cp866)"}
# relative frequency (per 1000 letters) of Russian letters in ordinary prose
_LETTER_FREQUENCY = {
    "о": 109.7, "е": 84.5, "а": 80.1, "и": 73.5, "н": 67.0, "т": 62.6, "с": 54.7, "р": 47.3, "в": 45.4,
    "л": 44.0, "к": 34.9, "м": 32.1, "д": 29.8, "п": 28.1, "у": 26.2, "я": 20.1, "ы": 19.0, "ь": 17.4,
    "г": 17.0, "з": 16.5, "б": 15.9, "ч": 14.4, "й": 12.1, "х": 9.7, "ж": 9.4, "ш": 7.3, "ю": 6.4,
    "ц": 4.8, "щ": 3.6, "э": 3.2, "ф": 2.6, "ъ": 0.4, "ё": 0.4,
}
_LOG_FREQUENCY = {k: math.log(v / 1000) for k, v in _LETTER_FREQUENCY.items()}
# non-ASCII characters that are ordinary in an order's text: typography, not letters
_TYPOGRAPHY = set("«»–—№…“”„‘’•·\u00a0\u202f°§±×")
_TYPOGRAPHY_SCORE = math.log(0.01)
_OTHER_SCORE = math.log(0.0002)  # any other non-ASCII character: a symbol of a wrong code page
_CASE_FLIP_PENALTY = math.log(0.02)  # a capital right after a small letter inside a word
# under this mean score per non-ASCII character the text is not Russian in any code page
PLAUSIBLE_SCORE = -5.5
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
MAX_CONTROL_SHARE = 0.01
SAMPLE_CHARS = 65536


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name: utf-8, utf-16-le, cp1251, koi8-r, cp866 ...
    bom: bool = False
    certain: bool = True  # False when no code page gave plausible Russian text

    @property
    def display_name(self) -> str:
        return DISPLAY_NAMES.get(self.encoding, self.encoding.upper())

    def warning(self) -> str | None:
        """The document warning naming a non-UTF-8 encoding, or None for UTF-8."""
        if self.encoding == "utf-8":
            return None
        if not self.certain:
            return (f"the text file is not UTF-8 and its encoding is uncertain; it was read as {self.display_name}, "
                    "check its letters or re-save it as UTF-8")
        return f"the text file is encoded in {self.display_name}, not UTF-8; it was decoded from {self.display_name}"


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(data: bytes, encoding: str, partial: bool) -> str | None:
    """Strict decoding; with ``partial`` a character cut by the sample's end is not an error."""
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=not partial)
    except (UnicodeDecodeError, ValueError):
        return None


def is_text(text: str) -> bool:
    """Something to read, and hardly any control characters (binary bytes decode to those)."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return False
    controls = _control_count(sample)
    if controls > MAX_CONTROL_SHARE * len(sample):
        code_page = utf8_misread_code_page(sample)  # misread UTF-8 keeps bytes like 0x98 as C1 controls
        if code_page is None:
            return False
        sample = utf8_read_back(sample, code_page)
        controls = _control_count(sample)
    return controls <= MAX_CONTROL_SHARE * len(sample)


def _control_count(text: str) -> int:
    return sum(1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")


def russian_score(text: str) -> float:
    """Mean log-likelihood per non-ASCII character of the text being Russian (higher is better)."""
    total, count, previous = 0.0, 0, ""
    for ch in text[:SAMPLE_CHARS]:
        if ch < "\x80":
            previous = ch
            continue
        count += 1
        lower = ch.lower()
        if lower in _LOG_FREQUENCY:
            total += _LOG_FREQUENCY[lower]
            if ch != lower and previous.lower() in _LOG_FREQUENCY and previous == previous.lower():
                total += _CASE_FLIP_PENALTY
        elif ch in _TYPOGRAPHY:
            total += _TYPOGRAPHY_SCORE
        else:
            total += _OTHER_SCORE
        previous = ch
    return total / count if count else 0.0


# the letters of Latin-1 and cp1252 that Cyrillic cp1251 codes show as when read in the wrong
# code page ("Ïëàí ìåðîïðèÿòèé" for "План мероприятий")
_CP1252_LETTER_RANGE = ("\u00c0", "\u00ff")
_CP1252_LETTER = re.compile("[\u00c0-\u00ff]")
# a text is read in the wrong code page when at least this share of its letters are such letters
# and hardly any (at most _MISREAD_MAX_CYRILLIC) is Cyrillic
_MISREAD_SHARE = 0.5
_MISREAD_MAX_CYRILLIC = 0.05


def char_as_cp1251(ch: str) -> str:
    """One character shown in cp1252 re-read as the cp1251 character of the same code."""
    try:
        return ch.encode("cp1252").decode("cp1251")
    except UnicodeError:
        return ch


def is_cp1251_read_as_cp1252(text: str) -> bool:
    """Whether ``text`` is Russian whose cp1251 codes were shown in cp1252 (a PDF font without
    a character map whose codes pdfminer reads as WinAnsi, a dump converted twice): most letters
    are accented Latin ones, hardly any is Cyrillic, and re-read it is plausible Russian."""
    if not _CP1252_LETTER.search(text, 0, SAMPLE_CHARS):
        return False  # the common case, told at C speed
    letters = [ch for ch in text[:SAMPLE_CHARS] if ch.isalpha()]
    misread = sum(1 for ch in letters if _CP1252_LETTER_RANGE[0] <= ch <= _CP1252_LETTER_RANGE[1])
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if misread < _MISREAD_SHARE * len(letters) or cyrillic > _MISREAD_MAX_CYRILLIC * len(letters):
        return False
    fixed = "".join(char_as_cp1251(ch) for ch in text[:SAMPLE_CHARS])
    return russian_score(fixed) >= PLAUSIBLE_SCORE and russian_score(fixed) > russian_score(text)


# UTF-8 text whose bytes were shown in a single-byte code page and saved again as UTF-8 (a file
# opened in the wrong encoding and re-saved, a database export converted twice): every Cyrillic
# letter became two characters, "РџР»Р°РЅ" (Windows-1251), "ÐŸÐ»Ð°Ð½" (Windows-1252 / Latin-1),
# "п÷п╩п╟п╫" (KOI8-R) or "╨Я╨╗╨░╨╜" (DOS 866) for "План".
UTF8_MISREAD_CODE_PAGES = ("cp1251", "cp1252", "koi8-r", "cp866")
_C1_BYTES = "roadmap-c1-as-bytes"
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_CONTINUATION_BYTES = frozenset(bytes([b]) for b in range(0x80, 0xC0))
# the text is misread when, its characters written back in the code page, at least this share of
# what decodes is Cyrillic letters rather than invalid UTF-8 (Russian text gives almost none)
_UTF8_MISREAD_SHARE = 0.2
_UTF8_MISREAD_MIN_LETTERS = 4


def _c1_as_bytes(error: UnicodeError) -> tuple[bytes, int]:
    """Encoding error handler: a C1 control character (U+0080-U+009F) is the byte of its number.

    Windows and ftfy's "sloppy" codecs show the bytes a code page leaves undefined (0x98 in
    cp1251, 0x81, 0x8D, 0x8F, 0x90, 0x9D in cp1252) as those characters, so "И" (D0 98) misread
    is "Р" and U+0098; written back they must give their byte again."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start:error.end]
    if all("\x80" <= ch <= "\x9f" for ch in chunk):
        return bytes(ord(ch) for ch in chunk), error.end
    raise error


codecs.register_error(_C1_BYTES, _c1_as_bytes)


def utf8_misread_code_page(text: str) -> str | None:
    """The code page whose characters ``text`` shows UTF-8 bytes in (see UTF8_MISREAD_CODE_PAGES),
    or None. Written back in that code page, a misread text decodes as UTF-8 to Cyrillic letters;
    real Russian text gives invalid UTF-8 in every one of them (its letters are lead bytes with no
    continuation bytes after them), so the test needs no word list and tells the code pages apart."""
    sample = text[:SAMPLE_CHARS]
    if not _NON_ASCII.search(sample):
        return None
    best, best_letters = None, 0
    for code_page in UTF8_MISREAD_CODE_PAGES:
        back = sample.encode(code_page, errors="replace").decode("utf-8", errors="replace")
        letters = len(_CYRILLIC_LETTER.findall(back))
        invalid = back.count("\ufffd")
        if letters >= _UTF8_MISREAD_MIN_LETTERS and letters >= _UTF8_MISREAD_SHARE * (letters + invalid) \
                and letters > best_letters:
            best, best_letters = code_page, letters
    return best


def _word_read_back(word: str, code_page: str) -> str:
    if not _NON_ASCII.search(word):
        return word
    try:
        back = word.encode(code_page, errors=_C1_BYTES).decode("utf-8")
    except UnicodeError:
        return word  # a real word among misread ones (a "№" typed after the conversion)
    return back  # every misread character sequence is two or three characters for one


def utf8_read_back(text: str, code_page: str) -> str:
    """``text`` with every word that is misread UTF-8 in ``code_page`` decoded again; other words
    (Russian typed after the conversion, Latin) are left as they are.

    The misread "Р" (D0 A0) ends in a no-break space in Windows-1251, Windows-1252 and KOI8-R;
    an editor that made it an ordinary space cut the word in two ("Р" and "оссия"), so a word
    ending in the character of byte D0 that does not read back is tried joined to the next one."""
    lead = b"\xd0".decode(code_page, errors="ignore")
    nbsp = "\u00a0" if "\u00a0".encode(code_page, errors="ignore")[:1] in _CONTINUATION_BYTES else ""
    parts = re.split("([ \\t\\n\\r\\f\\v]+)", text)  # words at even places, the spaces between at odd ones
    out: list[str] = []
    i = 0
    while i < len(parts):
        word = parts[i]
        back = _word_read_back(word, code_page)
        space = parts[i + 1] if i + 1 < len(parts) else ""
        if back == word and nbsp and word.endswith(lead) and space[:1] in ("", " "):
            if space == " " and i + 2 < len(parts):
                joined = word + nbsp + parts[i + 2]
                if _word_read_back(joined, code_page) != joined:
                    parts[i + 2] = joined  # read back with whatever follows it
                    i += 2
                    continue
            elif _word_read_back(word + nbsp, code_page) != word + nbsp:  # "Р" alone, or at the end
                back, space = _word_read_back(word + nbsp, code_page), space[1:]
        out.append(back + space)
        i += 2
    return "".join(out)


def utf8_misread_warning(code_page: str) -> str:
    """The document warning for text read back from misread UTF-8."""
    name = DISPLAY_NAMES.get(code_page, {"cp1252": "Windows-1252"}.get(code_page, code_page))
    shown = "План".encode("utf-8").decode(code_page)
    return (f"the document's text is UTF-8 that had been read as {name} and saved again ('{shown}' for 'План'); "
            "it was read back")


_CP1251_AS_CP1252_WARNING = ("the document's Russian text is stored in the wrong code page (cp1251 shown as cp1252: "
                             "'Ïëàí' for 'План', a legacy Cyrillic font or a file converted twice); it was read back")


@dataclass(frozen=True)
class Misreading:
    """How a document's Russian text was misread before it reached us, and how to read it back:
    cp1251 codes shown as cp1252 letters (``code_page`` None), or UTF-8 bytes shown in ``code_page``."""
    code_page: str | None = None

    def read_back(self, text: str) -> str:
        if self.code_page is None:
            return "".join(char_as_cp1251(ch) for ch in text)
        return utf8_read_back(text, self.code_page)

    @property
    def warning(self) -> str:
        return _CP1251_AS_CP1252_WARNING if self.code_page is None else utf8_misread_warning(self.code_page)


def misreading(text: str) -> Misreading | None:
    """How ``text`` (a whole document's) was misread, or None when it reads as it is."""
    code_page = utf8_misread_code_page(text)
    if code_page is not None:
        return Misreading(code_page)
    return Misreading() if is_cp1251_read_as_cp1252(text) else None


def _detector_candidates(data: bytes) -> list[str]:
    """The encodings charset-normalizer finds plausible, best first."""
    from charset_normalizer import from_bytes

    names = []
    for match in from_bytes(data[:SAMPLE_CHARS]):
        name = _codec_name(match.encoding)
        if name and name not in names:
            names.append(name)
    return names


def without_bom(data: bytes) -> bytes:
    """The bytes after a Unicode byte-order mark, if they start with one."""
    return next((data[len(bom):] for bom, _ in BOMS if data.startswith(bom)), data)


def bytes_to_decoded(data: bytes, partial: bool = False) -> Decoded:
    """Decode text bytes (see the module docstring); UnsupportedFormat when they are not text.

    ``partial`` says the bytes are the head of a longer file (a multi-byte character may be cut).
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _decode(data[len(bom):], encoding, partial)
            if text is None or not is_text(text):
                raise UnsupportedFormat(f"the file starts with a {DISPLAY_NAMES[encoding]} byte-order mark but is not "
                                        f"valid {DISPLAY_NAMES[encoding]} text; re-save it as UTF-8")
            return Decoded(text, encoding, bom=True)
    text = _decode(data, "utf-8", partial)
    if text is not None:
        if not is_text(text):
            raise UnsupportedFormat("the file holds no readable text (it is empty, blank or binary)")
        return Decoded(text, "utf-8")
    detected = _detector_candidates(data)
    scored: list[tuple[float, int, Decoded]] = []
    for rank, encoding in enumerate(dict.fromkeys([*CYRILLIC_CODE_PAGES, *detected])):
        text = _decode(data, encoding, partial)
        if text is None or not is_text(text):
            continue
        scored.append((russian_score(text), -rank, Decoded(text, encoding)))
    if not scored:
        raise UnsupportedFormat("the file is not text in UTF-8, UTF-16 or a Cyrillic code page "
                                "(Windows-1251, KOI8-R, DOS 866); check what the file is")
    score, _, best = max(scored, key=lambda s: s[:2])
    if score < PLAUSIBLE_SCORE and detected:
        fallback = next((d for _, _, d in scored if d.encoding == detected[0]), best)
        return Decoded(fallback.text, fallback.encoding, certain=False)
    return best
