"""Fuzz targets: bytes -> one entry point, checked by fuzz/invariants.py.

    from fuzz.targets import TARGETS
    TARGETS["deadline"](b"\\xd0\\xb4\\xd0\\xbe 1 \\xd0\\xbc\\xd0\\xb0\\xd1\\x80\\xd1\\x82\\xd0\\xb0")

Each target turns arbitrary bytes into its entry point's input the same way every time, so a
saved input replays exactly (tests/test_fuzz_corpus.py replays tests/fuzz_corpus/<target>/*).
A target raises AssertionError when an invariant breaks and lets any other exception through:
both are findings. Separators inside the decoded text:

- text_dump: the bytes are the file;
- table_assembly: "\\f" between tables, "\\n" between rows, "\\t" between cells, a row starting
  with "\\x0b" is on the next page;
- deadline: the text is the cell; a first character "\\x00" means no plan year, "\\x01" a school year;
- executors: "\\x1e" separates the cells from the order's text, "\\x1f" the cells.
"""
from __future__ import annotations

from typing import Callable

from fuzz.invariants import check_deadline, check_executors, check_tables, check_text_dump
from parsers.intermediate import RawTable, TableRow


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def text_dump(data: bytes) -> None:
    check_text_dump(data)


def bytes_to_tables(data: bytes) -> list[RawTable]:
    tables = []
    for k, chunk in enumerate(_text(data).split("\f")):
        rows, page = [], 1
        for line in chunk.split("\n"):
            if line.startswith("\x0b"):
                page, line = page + 1, line[1:]
            rows.append(TableRow(cells=line.split("\t"), page=page))
        tables.append(RawTable(rows=rows, line_breaks="paragraph" if k % 2 else "printed"))
    return tables


def table_assembly(data: bytes) -> None:
    check_tables(bytes_to_tables(data))


def deadline(data: bytes) -> None:
    text = _text(data)
    plan_year: int | None = 2022
    academic = False
    if text[:1] == "\x00":
        plan_year, text = None, text[1:]
    elif text[:1] == "\x01":
        academic, text = True, text[1:]
    check_deadline(text, plan_year, academic)


def executors(data: bytes) -> None:
    cells, _, order_text = _text(data).partition("\x1e")
    check_executors([c or None for c in cells.split("\x1f")], order_text)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "text_dump": text_dump,
    "table_assembly": table_assembly,
    "deadline": deadline,
    "executors": executors,
}
