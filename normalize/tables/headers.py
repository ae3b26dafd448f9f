"""Map a table's header cells to schema fields by meaning.

A header cell is tokenised, every word lemmatised with pymorphy3 (OCR look-alike letters folded
first), and the cell takes the field of the earliest keyword it contains (keywords are data:
``normalize/data/header_keywords.yaml``). A row is the table's header when it maps the action
column and at least one of deadline, executors or result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from normalize.lexicon import fold_lookalikes, lemma, load_yaml, mostly_upper
from normalize.tables.section_headings import heading_cell_to_title

FIELDS = ("item_number", "action", "deadline", "executors", "result", "info")
_WORD = re.compile(r"№|п/п|[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class HeaderMap:
    """Which column holds which field; ``row_count`` header rows at the top of the table.
    ``deadline_end`` is the column of the deadline's end when the header prints a deadline as
    two columns, start ("начало", the deadline column) and end ("окончание")."""

    columns: dict[str, int]
    row_count: int
    texts: tuple[str, ...]
    deadline_end: int | None = None

    @property
    def taken(self) -> set[int]:
        """The columns some field reads."""
        return set(self.columns.values()) | ({self.deadline_end} if self.deadline_end is not None else set())

    def column(self, field: str) -> int | None:
        return self.columns.get(field)


@lru_cache(maxsize=1)
def _keywords() -> list[tuple[str, tuple[str, ...]]]:
    data = load_yaml("header_keywords.yaml")
    out = []
    for field, words in data.items():
        for phrase in words:
            out.append((field, tuple(lemma(w) for w in _WORD.findall(phrase.lower()))))
    return out


def _word_matches(word: str, key: str) -> bool:
    if word == key:
        return True
    return len(key) >= 6 and len(word) >= 5 and fuzz.ratio(word, key) >= 85


@lru_cache(maxsize=1)
def _keyword_words() -> tuple[str, ...]:
    return tuple(dict.fromkeys(key for _, phrase in _keywords() for key in phrase))


@lru_cache(maxsize=65536)
def _word_to_keys(word: str) -> frozenset[str]:
    """The keyword words a cell's (lemmatised) word matches; a table's cells share most words."""
    return frozenset(key for key in _keyword_words() if _word_matches(word, key))


@lru_cache(maxsize=16384)
def header_cell_to_field(text: str) -> str | None:
    """The field a header cell names, or None ("" and unknown headers). A cell whose words a
    narrow PDF column broke mid-word ("Наименов\\nание") is read again with its lines joined."""
    field = _words_to_field(text)
    if field is None and "\n" in text:
        field = _joined_lines_to_field(text)
    return field


def _joined_lines_to_field(text: str) -> str | None:
    """Match keyword stems inside the cell's lines glued together ("ответственныезаисполнение")."""
    joined = fold_lookalikes(re.sub(r"[\s\-\u00ad]+", "", text.lower()))
    best: tuple[int, str] | None = None
    for field, phrase in _keywords():
        if len(phrase) != 1 or len(phrase[0]) < 4:
            continue
        stem = phrase[0][: max(4, len(phrase[0]) - 2)]
        at = joined.find(stem)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, field)
    return best[1] if best else None


def _words_to_field(text: str) -> str | None:
    keys = [_word_to_keys(lemma(w)) for w in _WORD.findall(fold_lookalikes(text.lower()))]
    best: tuple[int, str] | None = None
    for field, phrase in _keywords():
        n = len(phrase)
        for i in range(len(keys) - n + 1):
            if all(phrase[k] in keys[i + k] for k in range(n)):
                if best is None or i < best[0]:
                    best = (i, field)
                break
    return best[1] if best else None


def header_cells_to_columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        field = header_cell_to_field(cell) if cell.strip() else None
        if field and field != "other" and field not in columns:
            columns[field] = i
    return columns


_YEAR_COLUMN = re.compile(r"^\s*(?:19|20)\d{2}\s*(?:г\.?|год)?\s*$")


def is_roadmap_header(columns: dict[str, int], cells: list[str] | None = None) -> bool:
    """A measures table: a measure column and a deadline or executor column. A table with a
    column per year ("2015 | 2016 | 2017") is an indicator table, not a roadmap."""
    if cells is not None and _has_year_columns(cells):
        return False
    return "action" in columns and bool({"deadline", "executors"} & set(columns))


@lru_cache(maxsize=1)
def _deadline_span_words() -> tuple[frozenset[str], frozenset[str]]:
    words = load_yaml("table_words.yaml")
    return (frozenset(lemma(w) for w in words["deadline_start_words"]),
            frozenset(lemma(w) for w in words["deadline_end_words"]))


def _header_lemmas(text: str) -> set[str]:
    """The lemmas of a header cell's words, also with its lines glued (a narrow PDF column cut
    "окончани\nе")."""
    words = set(_WORD.findall(fold_lookalikes(text.lower())))
    if "\n" in text:
        words |= set(_WORD.findall(fold_lookalikes(re.sub(r"[\n\u00ad-]+", "", text.lower()))))
    return {lemma(w) for w in words}


def deadline_end_column(cells: list[str], columns: dict[str, int]) -> int | None:
    """The column right of the deadline column that holds the deadline's end, when the header
    prints the deadline as start and end ("Срок реализации начало" | "Срок реализации окончание",
    "Дата начала" | "Дата окончания", "с" | "по"); None otherwise. The end column's cell names
    the end and no other field, and the deadline column's names the start or the end column's
    is a deadline too."""
    start = columns.get("deadline")
    if start is None or start + 1 >= len(cells) or start + 1 in columns.values():
        return None
    start_words, end_words = _deadline_span_words()
    here, there = _header_lemmas(cells[start]), _header_lemmas(cells[start + 1])
    if not there & end_words or here & end_words - start_words:
        return None
    field = header_cell_to_field(cells[start + 1])
    if field not in (None, "deadline"):
        return None
    return start + 1 if here & start_words or field == "deadline" else None


def _header(columns: dict[str, int], row_count: int, cells: list[str]) -> HeaderMap:
    return HeaderMap(columns, row_count, tuple(cells), deadline_end_column(cells, columns))


def rows_to_header(rows: list[list[str]], search_rows: int = 6) -> HeaderMap | None:
    """Find the header among the first rows; a header split over two rows is combined."""
    for i in range(min(search_rows, len(rows))):
        if _looks_like_body(rows[i]):
            continue
        columns = header_cells_to_columns(rows[i])
        below_has_years = i + 1 < len(rows) and _has_year_columns(rows[i + 1])
        if is_roadmap_header(columns, rows[i]) and not below_has_years:
            if i + 1 < len(rows) and _continues_header(rows[i], rows[i + 1]):
                merged = [f"{a} {b}".strip() for a, b in zip(rows[i], rows[i + 1])]
                return _header(header_cells_to_columns(merged), i + 2, merged)
            return _header(columns, i + 1, rows[i])
        if i + 1 < len(rows) and columns and sum(1 for c in rows[i] if c.strip()) >= 2 \
                and not _looks_like_body(rows[i]):
            merged = [f"{a} {b}".strip() for a, b in zip(rows[i], rows[i + 1])]
            more = header_cells_to_columns(merged)
            if is_roadmap_header(more, rows[i + 1]) and not _looks_like_body(rows[i + 1]):
                return _header(more, i + 2, merged)
    return None


def _has_year_columns(cells: list[str]) -> bool:
    return sum(bool(_YEAR_COLUMN.match(c)) for c in cells) >= 2


def _continues_header(above: list[str], below: list[str]) -> bool:
    """The second line of a two-row header: most of its words name the same field as above."""
    if _looks_like_body(below):
        return False
    filled = [(a, b) for a, b in zip(above, below) if b.strip()]
    if not filled:
        return False
    if len(filled) == 1 and _is_section_heading(filled[0][1]) and not mostly_upper(filled[0][0]):
        return False  # a section heading under the header ("ВОСПИТАТЕЛЬНАЯ РАБОТА\nЦель: …")
    same = sum(1 for a, b in filled if header_cell_to_field(b) is not None
               and header_cell_to_field(b) == header_cell_to_field(a))
    same += _deadline_span_cells(above, below)
    return same * 2 >= len(filled)


def _deadline_span_cells(above: list[str], below: list[str]) -> int:
    """How many cells of ``below`` split the deadline cell above them into its start and end
    ("Срок реализации" over "начало" | "окончание"; the spanning cell may fill one column only)."""
    start_words, end_words = _deadline_span_words()
    count, under_deadline = 0, False
    for a, b in zip(above, below):
        if a.strip():
            under_deadline = header_cell_to_field(a) == "deadline"
        # a cell naming a field was counted as such already; no digit: "до 1 июня" is a body cell
        if under_deadline and b.strip() and not re.search(r"\d", b) and header_cell_to_field(b) is None \
                and _header_lemmas(b) & (start_words | end_words):
            count += 1
    return count


def _is_section_heading(text: str) -> bool:
    """A section heading's cell: a title in capitals, or a title with a goal after it."""
    title, description = heading_cell_to_title(text)
    return description is not None or mostly_upper(title.split("\n")[0])


def _looks_like_body(cells: list[str]) -> bool:
    """A table body row: its first filled cell is an item number ("1.4", "2.", "12")."""
    first = next((c for c in cells if c.strip()), "")
    return bool(re.match(r"\s*\d+(\.\d+)*\.?\s*$", first))


def row_repeats_header(cells: list[str], header: HeaderMap) -> bool:
    """A header row printed again on a later page (wording may differ slightly): at least 70% of
    its filled cells read like the header's, or name the same field as the header's cell.

    Asked of every body row, so the cheap tests come first: the wording of every cell, then the
    field of the cells that could still name the header's field, shortest first, until 70% is
    out of reach (a body row's long measure text is hardly ever lemmatised for nothing)."""
    pairs = [(a, b) for a, b in zip(cells, header.texts) if a.strip() or b.strip()]
    if not pairs:
        return False
    same = 0
    undecided: list[tuple[str, str]] = []
    for a, b in pairs:
        if fuzz.ratio(a.lower(), b.lower()) >= 80:
            same += 1
        elif a.strip() and header_cell_to_field(b) is not None:
            undecided.append((a, header_cell_to_field(b)))
    enough = -(-7 * len(pairs) // 10)  # 70%, rounded up
    for k, (a, field) in enumerate(sorted(undecided, key=lambda pair: len(pair[0]))):
        if same >= enough or same + len(undecided) - k < enough:
            break
        same += header_cell_to_field(a) == field
    return same >= enough
