"""Tables printed without ruling lines: columns from the header's x-positions, rows from numbers.

A scan with an OCR text layer (or a plain-text layout) has the table's words but no lines for
pdfplumber's table finder. Here the header line is found by its words ("№", "Мероприятие",
"Срок", "Ответственный" … in parsers/data/pdf_layout.yaml), its phrases give one group per
column, and each boundary between two columns goes to the x where the fewest words of the rows
below cross (the whitespace valley between the two groups). Rows start at a line with a number
in the number column; other lines continue the row above. A line whose words run across a
column boundary is a spanning heading ("2. Меры по …") and becomes a one-cell row. The model
carries over to the next page when the table runs to the bottom of the page; there the
boundaries are looked for again near the old ones (scanned pages shift).
"""
from __future__ import annotations

import statistics
from bisect import bisect_right
from dataclasses import dataclass

from parsers.pdf_grid import GridCell, GridRow, GridTable
from parsers.pdf_lines import Line, Word, load_layout_data
from parsers.table_grid import is_item_number

# the gap between two phrases of a header line, in font sizes
PHRASE_GAP = 1.2
MAX_HEADER_LINES = 6
MIN_COLUMNS = 3
# the table ends where the distance between two line tops exceeds this many median pitches
END_PITCHES = 2.5
# on the next page a boundary is looked for this far (points) from where it was
REFIT_WINDOW = 20.0
# a word overlapping a boundary by more than this (points) on both sides crosses it
STRADDLE = 2.0


@dataclass(frozen=True)
class ColumnModel:
    """Column boundaries of a table without ruling lines (left edge, inner boundaries, right edge)."""

    edges: tuple[float, ...]
    number_column: bool
    # centres of the column-number row ("1 2 3 4") where the table prints one
    anchors: tuple[float, ...] | None = None

    @property
    def inner(self) -> tuple[float, ...]:
        return self.edges[1:-1]

    @property
    def width(self) -> int:
        return len(self.edges) - 1


@dataclass
class BorderlessResult:
    before: list[Line]
    table: GridTable | None
    after: list[Line]
    carry: ColumnModel | None  # the model, when the table runs on to the next page


def word_header_kind(text: str) -> str | None:
    """The field ("item_number", "action", "deadline", "executors" …) a header word names, or None."""
    word = text.lower().strip(".,:;()")
    if not word:
        return None
    for kind, stems in load_layout_data()["header_words"].items():
        for stem in stems:
            if word == stem or (len(stem) > 2 and word.startswith(stem)):
                return kind
    return None


def line_to_phrases(line: Line) -> list[Line]:
    """Split a line into phrases at gaps wider than PHRASE_GAP font sizes."""
    gap = PHRASE_GAP * line.size
    phrases = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:]):
        if word.x0 - prev.x1 > gap:
            phrases.append([])
        phrases[-1].append(word)
    return [Line(p) for p in phrases]


# letters OCR reads for digits in the small column-number row
DIGIT_LOOKALIKES = str.maketrans({"з": "3", "З": "3", "l": "1", "I": "1", "|": "1", "О": "0", "O": "0"})


def is_column_number_line(line: Line) -> bool:
    """A row that prints only the column numbers: "1 2 3 4" (at least three, in order)."""
    texts = [w.text.rstrip(".").translate(DIGIT_LOOKALIKES) for w in line.words]
    return len(texts) >= MIN_COLUMNS and texts == [str(i) for i in range(1, len(texts) + 1)]


def _starts_row(line: Line) -> bool:
    return is_item_number(line.words[0].text) or is_column_number_line(line)


def header_block_end(lines: list[Line], start: int) -> int:
    """Index after the last line of the header that begins at ``start``."""
    end = start + 1
    while end < len(lines) and end - start < MAX_HEADER_LINES:
        line, prev = lines[end], lines[end - 1]
        if line.top - prev.bottom > prev.size or _starts_row(line):
            break
        end += 1
    return end


def header_groups(lines: list[Line]) -> list[tuple[float, float]]:
    """x-ranges of the header's columns: phrases of all header lines merged where they overlap."""
    groups: list[list[float]] = []
    for line in lines:
        for phrase in line_to_phrases(line):
            for g in groups:
                if phrase.x0 <= g[1] + 2 and phrase.x1 >= g[0] - 2:
                    g[0], g[1] = min(g[0], phrase.x0), max(g[1], phrase.x1)
                    break
            else:
                groups.append([phrase.x0, phrase.x1])
    merged: list[list[float]] = []
    for g in sorted(groups):
        if merged and g[0] <= merged[-1][1] + 2:
            merged[-1][1] = max(merged[-1][1], g[1])
        else:
            merged.append(g)
    return [(g[0], g[1]) for g in merged]


def find_header(lines: list[Line]) -> tuple[int, int] | None:
    """(first, end) line indices of a table header: three kinds of header words in separate phrases."""
    for i, line in enumerate(lines):
        if not any(word_header_kind(w.text) for w in line.words):
            continue
        end = header_block_end(lines, i)
        kinds_by_group: dict[str, set[int]] = {}
        groups = header_groups(lines[i:end])
        if len(groups) < MIN_COLUMNS:
            continue
        for block_line in lines[i:end]:
            for phrase in line_to_phrases(block_line):
                if len(phrase.words) > 5:
                    break
                for w in phrase.words:
                    kind = word_header_kind(w.text)
                    if kind:
                        g = next((k for k, (x0, x1) in enumerate(groups) if x0 - 2 <= w.cx <= x1 + 2), None)
                        if g is not None:
                            kinds_by_group.setdefault(kind, set()).add(g)
        if len(kinds_by_group) >= 3 and len(set().union(*kinds_by_group.values())) >= MIN_COLUMNS - 1:
            return i, end
    return None


def valley(words: list[Word], lo: float, hi: float) -> float:
    """The x in [lo, hi] that the fewest words cross (centre of the longest such stretch)."""
    if hi - lo < 2:
        return (lo + hi) / 2
    spans = [(w.x0, w.x1) for w in words if w.x1 > lo and w.x0 < hi]
    best: tuple[int, int, float] | None = None  # (count, -run length, centre)
    x, run_start, run_count = lo, lo, None
    steps = int(hi - lo) + 1
    for k in range(steps + 1):
        x = lo + k if k < steps else hi
        count = sum(1 for a, b in spans if a < x < b) if k < steps else -1
        if count != run_count:
            if run_count is not None:
                candidate = (run_count, -(x - 1 - run_start), (run_start + x - 1) / 2)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
            run_start, run_count = x, count
    return best[2] if best else (lo + hi) / 2


def _data_lines(lines: list[Line]) -> list[Line]:
    """The lines down to the first gap wider than END_PITCHES typical pitches (or a page's end)."""
    if not lines:
        return []
    size = statistics.median(line.size for line in lines)
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        if line.top - prev.top > END_PITCHES * 1.25 * size:
            break
        out.append(line)
    return out


def groups_to_model(groups: list[tuple[float, float]], header: list[Line], data: list[Line]) -> ColumnModel:
    words = [w for line in data for w in line.words]
    inner = [valley(words, a[1], b[0]) if b[0] > a[1] else (a[1] + b[0]) / 2 for a, b in zip(groups, groups[1:])]
    every = [w for line in header + data for w in line.words]
    left = min(w.x0 for w in every) - 1
    right = max(w.x1 for w in every) + 1
    number = any(word_header_kind(token) == "item_number"  # a word, or a phrase of a space-aligned text
                 for line in header for w in line.words if w.cx < inner[0] for token in w.text.split())
    anchors = next((tuple(w.cx for w in line.words) for line in data[:2] if is_column_number_line(line)), None)
    if anchors is not None and len(anchors) != len(inner) + 1:
        anchors = None
    return ColumnModel(edges=(left, *inner, right), number_column=number, anchors=anchors)


def refit_model(model: ColumnModel, lines: list[Line]) -> ColumnModel:
    """The carried model moved onto a new page: shifted by the column-number row, then valleys."""
    data = _data_lines(lines)
    words = [w for line in data for w in line.words]
    if not words:
        return model
    shift = 0.0
    anchors = next((tuple(w.cx for w in line.words) for line in data[:2] if is_column_number_line(line)), None)
    if anchors and model.anchors and len(anchors) == len(model.anchors):
        shift = statistics.median(a - b for a, b in zip(anchors, model.anchors))
    inner = [valley(words, b + shift - REFIT_WINDOW, b + shift + REFIT_WINDOW) for b in model.inner]
    left = min(min(w.x0 for w in words) - 1, model.edges[0] + shift)
    right = max(max(w.x1 for w in words) + 1, model.edges[-1] + shift)
    return ColumnModel(edges=(left, *inner, right), number_column=model.number_column, anchors=anchors or model.anchors)


def line_to_cells(line: Line, model: ColumnModel) -> list[str] | None:
    """The line's text per column, or None when a word runs across a boundary (spanning line)."""
    inner = model.inner
    cells: list[list[str]] = [[] for _ in range(model.width)]
    for w in line.words:
        if any(w.x0 < b - STRADDLE and w.x1 > b + STRADDLE for b in inner):
            return None
        cells[bisect_right(inner, w.cx)].append(w.text)
    first = line.words[0].text
    # (a "1)" there opens a list inside the cell, not a heading)
    if (model.number_column and is_item_number(first) and not first.endswith(")") and cells[0] == []
            and not is_column_number_line(line)):
        return None  # a heading printed with its number in a text column ("1. Организационные …")
    return [" ".join(c) for c in cells]


def _is_prose(line: Line) -> bool:
    return not is_item_number(line.words[0].text)


Row = tuple[list[list[str]], float, float]  # per column the cell's lines; top; bottom


def lines_to_rows(lines: list[Line], model: ColumnModel) -> tuple[list[Row], int]:
    """Rows of the table from the top of ``lines``, and how many lines the table used."""
    data = _data_lines(lines)
    rows: list[Row] = []
    kinds: list[str] = []  # "data", "heading", "numbers" (the column-number row)
    used = 0
    for k, line in enumerate(data):
        cells = line_to_cells(line, model)
        if cells is None:  # a spanning line: a heading, or the next line of the heading above
            if kinds and kinds[-1] == "heading" and line.top - rows[-1][2] < 0.8 * line.size:
                rows[-1][0][0].append(line.text)
                rows[-1] = (rows[-1][0], rows[-1][1], line.bottom)
            else:
                rows.append(([[line.text]] + [[] for _ in range(model.width - 1)], line.top, line.bottom))
                kinds.append("heading")
            used = k + 1
            continue
        if kinds and kinds[-1] == "heading" and model.number_column and not cells[0]:
            rows[-1][0][0].append(" ".join(c for c in cells if c))  # a heading's second line
            rows[-1] = (rows[-1][0], rows[-1][1], line.bottom)
            used = k + 1
            continue
        numbers = is_column_number_line(line)
        if model.number_column:  # a number cell's wrapped "." ("2.11" over ".") continues its row
            new_row = not rows or numbers or kinds[-1] != "data" or bool(cells[0].strip(" .)"))
        else:
            new_row = not rows or numbers or kinds[-1] != "data" or line.top - rows[-1][2] > 0.6 * line.size
        if numbers:  # the column-number row, with OCR's letters for digits read as digits
            cells = [w.text.rstrip(".").translate(DIGIT_LOOKALIKES) for w in line.words]
        if new_row:
            rows.append(([[c] if c else [] for c in cells], line.top, line.bottom))
            kinds.append("numbers" if numbers else "data")
        else:
            for col, text in enumerate(cells):
                if text:
                    rows[-1][0][col].append(text)
            rows[-1] = (rows[-1][0], rows[-1][1], line.bottom)
        used = k + 1
    return rows, used


def _rows_to_grid(rows: list[Row], model: ColumnModel, page: int, note: str) -> GridTable:
    grid_rows = []
    for cells, top, bottom in rows:
        grid_cells = [
            GridCell(col=c, span=1, x0=model.edges[c], x1=model.edges[c + 1], preset_text="\n".join(texts))
            for c, texts in enumerate(cells)
        ]
        grid_rows.append(GridRow(cells=grid_cells, top=top, bottom=bottom))
    bbox = (model.edges[0], rows[0][1], model.edges[-1], rows[-1][2])
    return GridTable(page=page, bbox=bbox, col_edges=list(model.edges), rows=grid_rows, kind="borderless",
                     warnings=[f"page {page}: no ruling lines; {note}"])


def _header_row(lines: list[Line], model: ColumnModel) -> Row:
    cells: list[list[str]] = [[] for _ in range(model.width)]
    for line in lines:
        parts: list[list[str]] = [[] for _ in range(model.width)]
        for w in line.words:
            parts[bisect_right(model.inner, w.cx)].append(w.text)
        for col, part in enumerate(parts):
            if part:
                cells[col].append(" ".join(part))
    return cells, lines[0].top, lines[-1].bottom


def page_lines_to_borderless(lines: list[Line], page: int, carried: ColumnModel | None) -> BorderlessResult:
    """Find a table without ruling lines among a page's lines (or continue the carried one)."""
    header = find_header(lines)
    if header is not None:
        start, end = header
        groups = header_groups(lines[start:end])
        model = groups_to_model(groups, lines[start:end], _data_lines(lines[end:]))
        rows, used = lines_to_rows(lines[end:], model)
        rows.insert(0, _header_row(lines[start:end], model))
        note = "columns inferred from the header's x-positions"
        before, consumed_to = lines[:start], end + used
    elif carried is not None and lines and (line_to_cells(lines[0], carried) is not None or not _is_prose(lines[0])):
        model = refit_model(carried, lines)
        rows, used = lines_to_rows(lines, model)
        note = "columns carried over from the previous page"
        before, consumed_to = [], used
    else:
        return BorderlessResult(before=lines, table=None, after=[], carry=None)
    if not rows:
        return BorderlessResult(before=lines, table=None, after=[], carry=None)
    grid = _rows_to_grid(rows, model, page, note)
    after = lines[consumed_to:]
    return BorderlessResult(before=before, table=grid, after=after, carry=model if not after else None)
