"""The one merge rule (parsers/table_grid.py) on small grids, and the one item-number pattern."""
from __future__ import annotations

import pytest

from parsers.table_grid import SpanCell, is_item_number, spans_to_rows


def grid(*cells: tuple) -> list[SpanCell]:
    return [SpanCell(*c) for c in cells]


@pytest.mark.parametrize(
    "cells, rows",
    [
        # an executor merged over two items: repeated in both rows
        (grid((0, 0, 1, 1, "1.1"), (0, 1, 1, 1, "План"), (0, 2, 2, 1, "Управление"),
              (1, 0, 1, 1, "1.2"), (1, 1, 1, 1, "Отчет")),
         [["1.1", "План", "Управление"], ["1.2", "Отчет", "Управление"]]),
        # an item number merged over two rows: one row, each column's pieces joined
        (grid((0, 0, 2, 1, "1.3."), (0, 1, 1, 1, "Первая часть"), (0, 2, 1, 1, "Директор"),
              (1, 1, 1, 1, "Вторая часть"), (1, 2, 1, 1, "Заместитель")),
         [["1.3.", "Первая часть\nВторая часть", "Директор\nЗаместитель"]]),
        # inside a joined item a merge over both of its rows counts once
        (grid((0, 0, 2, 1, "IV"), (0, 1, 1, 1, "а"), (0, 2, 2, 1, "Один"), (1, 1, 1, 1, "б")),
         [["IV", "а\nб", "Один"]]),
        # a first-column merge that is no item number is repeated like any other
        (grid((0, 0, 2, 1, "Раздел"), (0, 1, 1, 1, "а"), (1, 1, 1, 1, "б")),
         [["Раздел", "а"], ["Раздел", "б"]]),
        # a horizontal span's text sits in its first column
        (grid((0, 0, 1, 3, "2. Меры поддержки"), (1, 0, 1, 1, "2.1"), (1, 1, 1, 1, "x"), (1, 2, 1, 1, "y")),
         [["2. Меры поддержки", "", ""], ["2.1", "x", "y"]]),
        # a row whose only text is a merge from above is no row
        (grid((0, 0, 1, 1, "1"), (0, 1, 2, 1, "Общий"), (1, 0, 1, 1, "")),
         [["1", "Общий"]]),
        # a merged item number in a row inside another one's span lengthens the joined row
        (grid((0, 0, 2, 1, "5)"), (0, 1, 1, 1, "a"), (1, 1, 1, 1, "b"), (2, 1, 1, 1, "c")),
         [["5)", "a\nb"], ["", "c"]]),
    ],
)
def test_spans_to_rows(cells, rows):
    assert [r.cells for r in spans_to_rows(cells)] == rows


def test_cell_warnings_go_to_every_row_holding_its_text():
    cells = [SpanCell(0, 0, 1, 1, "1"), SpanCell(0, 1, 2, 1, "Управлние", ("low OCR confidence (40) in column 2",)),
             SpanCell(1, 0, 1, 1, "2")]
    rows = spans_to_rows(cells, page=3)
    assert [r.warnings for r in rows] == [["low OCR confidence (40) in column 2"]] * 2
    assert [r.page for r in rows] == [3, 3]


def test_a_cell_needs_positive_spans():
    with pytest.raises(ValueError):
        SpanCell(0, 0, 0, 1, "x")


@pytest.mark.parametrize(
    "text, expected",
    [("1", True), ("3.", True), ("2.1", True), ("1.1.", True), ("1. 2", True), ("IV", True), ("IV.", True),
     ("5)", True), ("XII", True),
     ("", False), ("С", False), ("C", False), ("2024", False), ("1.1 Разработка", False), ("п/п", False),
     ("№", False), ("1-2", False)],
)
def test_item_number(text, expected):
    assert is_item_number(text) is expected
