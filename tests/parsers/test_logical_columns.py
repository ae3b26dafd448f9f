"""A grid finer than its rows (parsers.table_grid.spans_to_logical_columns): Word tables whose
cell borders were dragged apart, read on their logical columns by the DOCX parser."""
from __future__ import annotations

import io

import docx
import pytest

from parsers import parse_bytes
from parsers.table_grid import SpanCell, spans_to_logical_columns


def _grid(rows: list[list[tuple[int, int, str]]]) -> list[SpanCell]:
    """Rows of (grid column, column span, text)."""
    return [SpanCell(r, col, 1, span, text) for r, row in enumerate(rows) for col, span, text in row]


def _placed(cells: list[SpanCell]) -> list[list[tuple[int, int, str]]]:
    rows: dict[int, list[tuple[int, int, str]]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append((c.col, c.col_span, c.text))
    return [sorted(rows[r]) for r in sorted(rows)]


@pytest.mark.parametrize("rows, expected, starts", [
    # three logical columns on four grid columns, merged differently row by row
    ([[(0, 1, "a"), (1, 1, "b"), (2, 2, "c")], [(0, 1, "d"), (1, 2, "e"), (3, 1, "f")]],
     [[(0, 1, "a"), (1, 1, "b"), (2, 1, "c")], [(0, 1, "d"), (1, 1, "e"), (2, 1, "f")]], [0, 1, 2]),
    # a heading spanning the grid spans the logical columns
    ([[(0, 4, "H")], [(0, 1, "a"), (1, 2, "b"), (3, 1, "c")], [(0, 1, "d"), (1, 1, "e"), (2, 2, "f")]],
     [[(0, 3, "H")], [(0, 1, "a"), (1, 1, "b"), (2, 1, "c")], [(0, 1, "d"), (1, 1, "e"), (2, 1, "f")]], [0, 1, 2]),
    # a grid column no cell starts in
    ([[(0, 1, "a"), (1, 2, "b")], [(0, 1, "c"), (1, 2, "d")]],
     [[(0, 1, "a"), (1, 1, "b")], [(0, 1, "c"), (1, 1, "d")]], [0, 1]),
])
def test_finer_grid_to_logical_columns(rows, expected, starts):
    cells, got_starts = spans_to_logical_columns(_grid(rows))
    assert _placed(cells) == expected
    assert got_starts == starts


@pytest.mark.parametrize("rows", [
    # rows as wide as the grid
    [[(0, 1, "a"), (1, 1, "b"), (2, 1, "c")], [(0, 3, "H")]],
    # a two-row header over sub-columns: the body rows use every grid column
    [[(0, 1, "№"), (1, 2, "Срок")], [(0, 1, ""), (1, 1, "начало"), (2, 1, "конец")],
     [(0, 1, "1"), (1, 1, "май"), (2, 1, "июнь")]],
    [],
])
def test_grid_kept(rows):
    cells = _grid(rows)
    assert spans_to_logical_columns(cells) == (cells, None)


def test_vertical_merge_at_another_place_keeps_the_grid():
    cells = [SpanCell(0, 0, 2, 1, "1"), SpanCell(0, 1, 1, 2, "a"), SpanCell(0, 3, 1, 1, "b"),
             SpanCell(1, 1, 1, 1, "c"), SpanCell(1, 2, 1, 1, "x"), SpanCell(1, 3, 1, 1, "d")]
    # row 0 has 3 cells, row 1 has 4 (the merge counted): the usual row is as wide as the grid
    assert spans_to_logical_columns(cells)[1] is None


def test_docx_table_on_a_finer_grid_has_the_logical_width():
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    values = [["Мероприятие", "Срок", "Ответственный"], ["Совещание", "май", "Иванов И.И."],
              ["Семинар", "июнь", "Петров П.П."]]
    for r, row in enumerate(table.rows):
        cells = list(row.cells)
        logical = [cells[0], cells[1].merge(cells[2]), cells[3]] if r % 2 else \
            [cells[0], cells[1], cells[2].merge(cells[3])]
        for cell, value in zip(logical, values[r]):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    parsed = parse_bytes(out.getvalue())
    assert [t.width for t in parsed.tables] == [3]
    assert [r.cells for r in parsed.tables[0].rows] == values
