"""One page's fragment of a PDF table as a grid of cells that still hold their characters.

Both table finders of the PDF parser (ruled tables in ``pdf_ruled``, tables without ruling lines in
``pdf_columns``) produce a ``GridTable``. Keeping the characters (not only the text) lets
``pdf_fragments`` move a cell's text to other columns by x-position when pdfplumber split or
merged a column on one page of a table that runs over several pages. ``grid_to_raw_table`` turns
the grid into the parser intermediate.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from parsers.intermediate import RawTable, TableRow
from parsers.pdf_lines import chars_to_cell_text


@dataclass
class GridCell:
    """A cell: the first grid column it covers, how many columns it spans, and its content."""

    col: int
    span: int
    x0: float
    x1: float
    chars: list[dict] = field(default_factory=list)
    # text given directly (tables without ruling lines are built from words, not characters)
    preset_text: str | None = None

    def text(self) -> str:
        if self.preset_text is not None:
            return self.preset_text
        return chars_to_cell_text(self.chars)


@dataclass
class GridRow:
    cells: list[GridCell]
    top: float
    bottom: float
    warnings: list[str] = field(default_factory=list)


@dataclass
class GridTable:
    page: int
    bbox: tuple[float, float, float, float]
    col_edges: list[float]  # x of every column boundary, left to right: width + 1 values
    rows: list[GridRow]
    kind: str  # "ruled" or "borderless"
    warnings: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.col_edges) - 1

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def bottom(self) -> float:
        return self.bbox[3]


def grid_row_to_cells(row: GridRow, width: int) -> list[str]:
    """Cell strings of one row; a spanning cell's text sits in the first column it covers."""
    cells = [""] * width
    for cell in row.cells:
        text = cell.text()
        if not text:
            continue
        col = min(cell.col, width - 1)
        cells[col] = f"{cells[col]}\n{text}" if cells[col] else text
    return cells


def grid_to_raw_table(grid: GridTable) -> RawTable:
    rows = [
        TableRow(cells=grid_row_to_cells(r, grid.width), page=grid.page, warnings=list(r.warnings))
        for r in grid.rows
    ]
    return RawTable(rows=rows, column_edges=[round(x, 2) for x in grid.col_edges], warnings=list(grid.warnings))
