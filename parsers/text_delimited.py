"""Text whose cells are delimited: a spreadsheet's TAB export, a CSV, a Markdown table.

Excel's "Unicode Text" and LibreOffice's TAB-separated export quote a cell that holds a line
break, a quote or the delimiter and double its quotes; Excel's CSV does the same with ";" (the
Russian default) or ",". Such records are read with the csv module. Whether a TAB dump is such
an export (``has_quoted_cells``) and where a CSV's table starts (``delimited_header``) are
decided here, and a document converter's Markdown table ("| a | b |" rows under "|---|---|") is
read into records too; ``parsers.text_dump`` turns the records into the document.
"""
from __future__ import annotations

import csv
import io
import re

_QUOTE_OPENING = re.compile(r'(?:^|\t)"')


def has_quoted_cells(lines: list[str], table_lines: list[int]) -> bool:
    """Whether the TAB lines quote their cells as a spreadsheet's "Text (Tab delimited)" or
    "Unicode Text" export does: a cell that opens with a quote and goes on past its line, or a
    whole quoted cell with a doubled quote inside. A cell that merely starts with a quoted name
    ("Точка роста" …) is no sign, and such dumps keep their quotes."""
    for i in table_lines:
        if not _QUOTE_OPENING.search(lines[i]):
            continue
        for cell in lines[i].split("\t"):
            if not cell.startswith('"'):
                continue
            closed = cell.count('"') % 2 == 0
            if not closed or (len(cell) > 1 and cell.endswith('"') and '""' in cell[1:-1]):
                return True
    return False


def csv_records(lines: list[str], delimiter: str) -> list[list[str] | None]:
    """The records of a quoted export from its first table line on: cells with line breaks and
    doubled quotes read by the csv module; a blank line is None."""
    records: list[list[str] | None] = []
    for record in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter, quotechar='"', doublequote=True):
        records.append(record if any(c.strip() for c in record) else None)
    return records


# a table saved as CSV has no TAB: Russian Excel separates with ";", others with ","
CSV_DELIMITERS = (";", ",")
MIN_CSV_COLUMNS = 3
_MIN_HEADER_FIELDS = 2
_MAX_HEADER_CELL = 80  # characters: a header cell is a few words, a sentence's clause is longer


def delimited_header(lines: list[str]) -> tuple[int, str] | None:
    """(line, delimiter) of a CSV table's header: the first line that splits into at least three
    short cells, at least two and half of them opening with header words ("№", "Мероприятие",
    "Срок" …, the words the PDF reader finds a header by) and one naming the measures, whose next
    record has three cells or more; None else."""
    from parsers.pdf_columns import word_header_kind  # pdfplumber's word tools: only for a TAB-less dump

    def cells(line: str, delimiter: str) -> list[str]:
        return next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])

    for i, line in enumerate(lines[:200]):
        for delimiter in CSV_DELIMITERS:
            if line.count(delimiter) < MIN_CSV_COLUMNS - 1:
                continue
            header = [c.strip() for c in cells(line, delimiter)]
            if len(header) < MIN_CSV_COLUMNS or max(len(c) for c in header) > _MAX_HEADER_CELL:
                continue
            kinds = [next((k for k in map(word_header_kind, c.split()[:2]) if k), None) for c in header]
            named = sum(1 for k in kinds if k)
            # the measure column too: a table without one is no roadmap for the assembly either
            if named < _MIN_HEADER_FIELDS or 2 * named < len(header) or "action" not in kinds:
                continue
            below = next((r for r in csv_records(lines[i + 1:i + 40], delimiter) if r), [])  # a cell may span lines
            if len(below) >= MIN_CSV_COLUMNS:
                return i, delimiter
    return None


# A Markdown table, as document converters write one: "| № | Мероприятие | Срок |", then a
# separator row "|---|:---:|---|", then a row per line; "<br>" breaks a cell's lines.
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def markdown_table_start(lines: list[str]) -> int | None:
    """The line of the first Markdown table's header (a pipe row right above a separator row)."""
    for i in range(len(lines) - 1):
        if _PIPE_ROW.match(lines[i]) and _SEPARATOR_ROW.match(lines[i + 1]):
            return i
    return None


def markdown_records(lines: list[str]) -> list[list[str] | None]:
    """The records from a Markdown table's header on: a pipe row's cells (escaped pipes kept as
    "|"), separator rows left out, a blank line None, any other line a record of one cell."""
    records: list[list[str] | None] = []
    for line in lines:
        if _SEPARATOR_ROW.match(line):
            continue
        if _PIPE_ROW.match(line):
            inner = line.strip()[1:-1]
            records.append([c.strip().replace("\\|", "|") for c in _CELL_SEPARATOR.split(inner)])
        else:
            records.append([line] if line.strip() else None)
    return records
