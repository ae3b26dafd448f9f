"""Cell text to clean dataset text: one paragraph, words broken at line ends rejoined.

Rules (schema.md, "action"): cell line breaks are joined, a word broken by a hyphen at a line
end is rejoined ("соци-\\nальных" -> "социальных") while a compound keeps its hyphen
("учителей-\\nпредметников" -> "учителей-предметников"), a word cut without a hyphen by a page
break or a column too narrow for it is rejoined when the whole is a word and one of its pieces is
not ("общеобразовательн" + "ых школ", "образован" + "ия"), spaces are
collapsed, dump markup (``<p>``, ``**``) is dropped. URLs broken by a line break are rejoined.
"""
from __future__ import annotations

import re
from functools import lru_cache

from normalize.lexicon import fold_lookalikes, is_known_word

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_LAST_WORD = re.compile(r"([^\W\d_]+)-$")
_LAST_PLAIN_WORD = re.compile(r"(?<![\w-])([^\W\d_]+)$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")
_URL_START = re.compile(r"(?:https?://|www\.)\S*$", re.IGNORECASE)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>«»\"')(;,]+[^\s<>«»\"')(;,.]"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:ru|рф|su|com|org|net|edu)/[^\s<>«»\"')(;,]*[^\s<>«»\"')(;,.]",
    re.IGNORECASE,
)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _is_word(word: str) -> bool:
    return is_known_word(fold_lookalikes(word))


def join_broken(left: str, right: str) -> str:
    """Join two pieces of one cell that a line or page break separated."""
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if _URL_START.search(left) and re.match(r"[\w/%#?=&.-]", right) and " " not in left[-1:]:
        # a URL continued on the next line; a hyphen at the break is the line break's
        return left[:-1] + right if left.endswith("-") else left + right
    head = _LAST_WORD.search(left)
    tail = _FIRST_WORD.match(right)
    if head and tail and not left[: head.start()].endswith(" -"):
        before, after = head.group(1), tail.group(1)
        if after[0].islower() and not (_is_word(before) and _is_word(after)) and _is_word(before + after):
            return left[:-1] + right  # "соци-" + "альных"
        return left + right  # compound: "учителей-" + "предметников"
    plain = _LAST_PLAIN_WORD.search(left)
    if plain and tail and tail.group(1)[0].islower():
        before, after = plain.group(1), tail.group(1)
        if not (_is_word(before) and _is_word(after)) and _is_word(before + after):
            return left + right  # a word cut without a hyphen by a page break or a narrow column
    return f"{left} {right}"


@lru_cache(maxsize=16384)
def cell_to_paragraph(text: str | None) -> str:
    """A cell's lines joined into one paragraph (cached: each cell is read by several fields'
    normalisers, and an order repeats the same executor and deadline cells)."""
    if not text:
        return ""
    lines = [collapse_spaces(line) for line in text.split("\n")]
    out = ""
    for line in lines:
        if line:
            out = join_broken(out, line)
    return collapse_spaces(out)


def paragraph_or_none(text: str | None) -> str | None:
    out = cell_to_paragraph(text)
    return out if re.search(r"\w", out) else None


def text_to_urls(text: str) -> list[str]:
    """Every URL in a cleaned paragraph, in order, without duplicates."""
    seen: list[str] = []
    for match in URL.finditer(text):
        url = match.group(0)
        if url not in seen:
            seen.append(url)
    return seen
