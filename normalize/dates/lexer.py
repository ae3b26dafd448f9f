"""Deadline cell text -> typed tokens.

Two steps: ``text_to_clean`` repairs what OCR and converters do to a cell (Latin look-alike
letters inside Cyrillic words, "0" for "О", glued words such as "плануРОО", dashes of every
kind, words broken by a hyphen at a line end) and lower-cases it; ``clean_to_tokens`` cuts it
into numeric dates, numbers, words and punctuation, and gives each word its category from the
vocabulary (normalize/data/date_words.yaml), matching phrases of several words first.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from normalize.dates.words import DateWords, Word
from normalize.lexicon import zero_to_o

# the years a four-digit number may stand for; anything else is just a number
MIN_YEAR, MAX_YEAR = 1990, 2100

DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")
LINE_BREAK_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_])")
MIXED_OR_LATIN_WORD = re.compile(r"[^\W\d_]*[A-Za-z][^\W\d_]*")
ROMAN = re.compile(r"[IVXivx]+")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
CAMEL = re.compile(r"(?<=[а-яё])(?=[А-ЯЁ])")
O_FOR_ZERO = re.compile(r"(?<=\d)[OoОо](?=\d)")

# a space may follow the dots ("22. 02", "30.06. 2016"), but a two-digit year must be glued to
# its dot and not start another "dd.mm": "30.01. 24.01" is two days, not 30.01.2024
TOKEN = re.compile(
    r"""
     (?P<time>(?<![\d:])(?:[01]?\d|2[0-3])(?:\s?:\s?[0-5]\d(?::[0-5]\d)?|(?:(?<=в\s\d)|(?<=в\s\d\d))\.[0-5]\d(?![\d.]))(?![\d:]))
    |(?P<iso>(?<!\d)(?:19|20)\d\d-\d{1,2}-\d{1,2}(?!\d))
    |(?P<dmy>(?<!\d)(?P<dmy_d>\d{1,2})\s?[./]\s?(?P<dmy_m>\d{1,2})\s?[./](?P<dmy_y>\s?\d{4}|\d{2}(?![./]\s?\d))(?!\d))
    |(?P<my>(?<!\d)(?P<my_m>\d{1,2})\s?[./]\s?(?P<my_y>(?:19|20)\d\d)(?!\d))
    |(?P<dm>(?<!\d)(?P<dm_d>\d{1,2})\s?[./]\s?(?P<dm_m>\d{1,2})(?!\d))
    |(?P<ordnum>(?<!\d)(?P<ordnum_n>\d{1,2})-?(?:ый|ой|ий|ая|ое|ья|ье|ые|го|й|я|е)(?![^\W\d_]))
    |(?P<num>\d+)
    |(?P<word>[^\W\d_]+)
    |(?P<punct>[^\w\s])
    """,
    re.VERBOSE,
)
PUNCT_KINDS = {"-": "dash", ",": "comma", "(": "lparen", ")": "rparen", ";": "semicolon", ":": "colon", "/": "slash"}
# brackets of other shapes count as round ones
PUNCT_KINDS.update({"[": "lparen", "]": "rparen", "{": "lparen", "}": "rparen"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a cleaned cell.

    kind is "date" (value (year|None, month, day, two_digit_year)), "monthyear" (value (year,
    month)), "time" ("10:00", "в 10.00"), "num", "ordnum" ("1-й"), "roman", a vocabulary category ("month", "during",
    "schedule" ...; value from the YAML), "unknown" for a word not in the vocabulary, or a
    punctuation kind ("dash", "comma", "lparen", "rparen", "semicolon", "colon", "slash", "other").
    """

    kind: str
    text: str
    value: Any = None

    @property
    def year(self) -> int | None:
        """The year this token can stand for, if it is a four-digit number in range."""
        if self.kind == "num" and len(self.text) == 4 and MIN_YEAR <= self.value <= MAX_YEAR:
            return self.value
        return None


def fix_word_script(match: re.Match[str], words: DateWords) -> str:
    """Latin look-alikes -> Cyrillic in a word that mixes scripts or is all look-alikes."""
    word = match.group(0)
    if CYRILLIC.search(word):
        return word.translate(words.lookalikes)
    if ROMAN.fullmatch(word):
        return word
    if all(ch in words.lookalike_letters for ch in word):
        return word.translate(words.lookalikes)
    return word


def text_to_clean(text: str, words: DateWords) -> str:
    """Repair OCR and converter damage and lower-case; the lexer reads only this form."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = text.replace("\u0406", "I").replace("\u0456", "i")  # Ukrainian І as a Roman one
    text = DASHES.sub("-", text)
    text = LINE_BREAK_HYPHEN.sub("", text)
    text = MIXED_OR_LATIN_WORD.sub(lambda m: fix_word_script(m, words), text)
    text = CAMEL.sub(" ", text)
    text = O_FOR_ZERO.sub("0", text)
    text = zero_to_o(text)
    return text.lower().replace("ё", "е")


def two_digit_year(n: int) -> int:
    """A two-digit year inside the plausible range: 90-99 are the 1990s, the rest 20xx."""
    return 1900 + n if n >= MIN_YEAR % 100 else 2000 + n


def match_to_token(m: re.Match[str]) -> Token | None:
    """A regex match -> a raw token (words are classified later); None for a dropped dot."""
    group = m.lastgroup
    text = m.group(0)
    if group == "time":
        return Token("time", text)
    if group == "iso":
        y, mo, d = (int(x) for x in text.split("-"))
        return Token("date", text, (y, mo, d, False))
    if group == "dmy":
        y_text = m.group("dmy_y").strip()
        year = int(y_text) if len(y_text) == 4 else two_digit_year(int(y_text))
        return Token("date", text, (year, int(m.group("dmy_m")), int(m.group("dmy_d")), len(y_text) == 2))
    if group == "my":
        return Token("monthyear", text, (int(m.group("my_y")), int(m.group("my_m"))))
    if group == "dm":
        return Token("date", text, (None, int(m.group("dm_m")), int(m.group("dm_d")), False))
    if group == "ordnum":
        return Token("ordnum", text, int(m.group("ordnum_n")))
    if group == "num":
        return Token("num", text, int(text))
    if group == "word":
        return Token("word", text)
    if text == ".":
        return None
    return Token(PUNCT_KINDS.get(text, "other"), text)


def match_entry(raw: list[Token], i: int, words: DateWords) -> tuple[Word, int] | None:
    """The longest vocabulary entry starting at raw[i], and how many tokens it spans."""
    group = words.entries.get(raw[i].text)
    if not group:
        return None
    for phrase, meaning in group:
        n = len(phrase)
        if i + n <= len(raw) and all(raw[i + k].kind == "word" and raw[i + k].text == phrase[k] for k in range(n)):
            return meaning, n
    return None


def clean_to_tokens(clean: str, words: DateWords) -> list[Token]:
    """Cut a cleaned cell into tokens and classify the words."""
    raw = [t for t in (match_to_token(m) for m in TOKEN.finditer(clean)) if t is not None]
    out: list[Token] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        if tok.kind != "word":
            out.append(tok)
            i += 1
            continue
        hit = match_entry(raw, i, words)
        if hit is not None:
            meaning, n = hit
            text = " ".join(t.text for t in raw[i : i + n])
            if meaning.category == "ordinal" and out and out[-1].kind == "tens" and meaning.value < 10:
                tens = out.pop()  # "двадцать пятого" is one ordinal, 25
                out.append(Token("ordinal", f"{tens.text} {text}", tens.value + meaning.value))
            else:
                out.append(Token(meaning.category, text, meaning.value))
            i += n
            continue
        if tok.text in words.roman_numerals:
            out.append(Token("roman", tok.text, words.roman_numerals[tok.text]))
            i += 1
            continue
        # a word split by a stray space ("Постоянн о", "дека брь", "Ежеквартальн 0" with a zero
        # for the "о"): join it with the next one
        if i + 1 < len(raw) and (raw[i + 1].kind == "word" or raw[i + 1].text == "0"):
            tail = "о" if raw[i + 1].text == "0" else raw[i + 1].text
            joined = tok.text + tail
            single = _single_entry(joined, words)
            if single is not None:
                out.append(Token(single.category, joined, single.value))
                i += 2
                continue
        # a one-letter preposition glued to a word by a lost space ("1 разв полугодие")
        glued = _unglued(tok.text, words)
        if glued is not None:
            out.extend(glued)
            i += 1
            continue
        out.append(Token("unknown", tok.text))
        i += 1
    return out


def _single_entry(word: str, words: DateWords) -> Word | None:
    """The vocabulary's meaning of ``word`` as a word of its own, if it has one."""
    return next((m for p, m in words.entries.get(word) or () if len(p) == 1), None)


def _unglued(word: str, words: DateWords) -> list[Token] | None:
    """The two tokens of a word that is a vocabulary word and a one-letter one (a preposition)
    printed without the space between them ("разв", "вмае"), or None."""
    if len(word) < 3:
        return None
    for head, tail in ((word[:-1], word[-1:]), (word[:1], word[1:])):
        first, second = _single_entry(head, words), _single_entry(tail, words)
        if first is not None and second is not None:
            return [Token(first.category, head, first.value), Token(second.category, tail, second.value)]
    return None


def text_to_tokens(text: str, words: DateWords) -> list[Token]:
    """Cell text -> classified tokens."""
    return clean_to_tokens(text_to_clean(text, words), words)
