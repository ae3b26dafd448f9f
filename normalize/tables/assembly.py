"""The shared table-assembly step: raw tables of any format -> roadmap items.

``tables_to_items`` is the one path every parser's output goes through:

    stitch_fragments        page fragments of one table -> one table
    rows_to_header          find the header row, map columns to fields (headers); a deadline or
                            executors column it leaves unnamed told by its cells (column_contents)
    classify_rows           each body row -> item / heading / continuation / noise
    rows_to_items           continuations joined into their item, interleaved page-break rows
                            separated, heading rows -> section paths
    tables_to_reports       the items, and per table a ``TableReport`` (pages, header, the
                            parser's warnings about its fragments) so no doubt is lost

The result is a list of ``AssembledItem`` holding each field's raw text (line breaks kept), so
that normalisers downstream (deadlines, executors) still see the cell's lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalize.lexicon import ITEM_NUMBER
from normalize.tables.column_contents import header_with_columns_by_content
from normalize.tables.headers import HeaderMap, row_repeats_header, rows_to_header
from normalize.tables.measure_numbers import action_to_number, actions_are_numbered
from normalize.tables.section_headings import description_word, heading_cell_to_title
from parsers.intermediate import RawTable

CONTENT_FIELDS = ("action", "deadline", "executors", "result", "info")
TEXT_FIELDS = ("action", "executors", "result", "info")
_ROMAN_NUMBER = re.compile(r"^\s*([IVXLC]{1,6})\s?\.?\s*$")
_HEADING_PREFIX = re.compile(
    r"^\s*(?:(?:раздел|подраздел|глава|блок)\s+)?(\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXLC]{1,6}\.)\s+\S",
    re.IGNORECASE)
_TOTAL_ROW = re.compile(r"^\s*(?:итого|всего)\b", re.IGNORECASE)
_HAS_TEXT = re.compile(r"[^\W_]", re.UNICODE)
_TERMINAL = re.compile(r"[.;:!?»)\"]\s*$")


@dataclass
class AssembledItem:
    """One roadmap item with each field's raw text (cell lines joined by "\\n")."""

    item_number: str | None
    section_path: list[str]
    fields: dict[str, str]
    page: int | None
    table_index: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Row:
    kind: str  # item, heading, continuation
    cells: dict[str, str]
    page: int | None
    number: str | None = None
    heading: str | None = None
    warnings: list[str] = field(default_factory=list)
    # what the assembly left out of a heading row, for the table's report
    table_warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- stitching


def stitch_fragments(tables: list[RawTable]) -> list[tuple[RawTable, HeaderMap]]:
    """Join page fragments into whole tables and keep only the roadmap tables (with a header).

    A fragment continues the table before it when it has the same width and either no header of
    its own or the same header printed again, and (where pages are known) starts on the page
    after the previous fragment ends. A header printed again names the columns the first one
    left unnamed (a header cell a scan garbled on one page is read on the next); a deadline or
    executors column no header names is then told by its cells (column_contents).
    """
    out: list[tuple[RawTable, HeaderMap]] = []
    for table in tables:
        if not table.rows:
            continue
        header = rows_to_header([r.cells for r in table.rows])
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, table, header):
            prev[0].rows.extend(table.rows)
            prev[0].warnings.extend(table.warnings)
            if header is not None:
                out[-1] = (prev[0], header_gaps_filled(prev[1], header))
            continue
        if header is not None:
            out.append((RawTable(rows=list(table.rows), column_edges=table.column_edges,
                                 warnings=list(table.warnings), line_breaks=table.line_breaks), header))
    return [(table, header_with_columns_by_content(header, [r.cells for r in table.rows[header.row_count:]]))
            for table, header in out]


def header_gaps_filled(first: HeaderMap, again: HeaderMap) -> HeaderMap:
    """``first`` with the fields it lacks taken from the same header printed again, each in a
    column ``first`` left unnamed; the header's text of such a column is the repeat's."""
    columns = dict(first.columns)
    texts = list(first.texts)
    taken = first.taken
    for field_name, column in again.columns.items():
        if field_name in columns or column in taken:
            continue
        columns[field_name] = column
        taken.add(column)
        if column < len(texts) and column < len(again.texts):
            texts[column] = again.texts[column]
    if columns == first.columns:
        return first
    return HeaderMap(columns, first.row_count, tuple(texts), first.deadline_end)


def _continues(prev: tuple[RawTable, HeaderMap], table: RawTable, header: HeaderMap | None) -> bool:
    prev_table, prev_header = prev
    if table.width != prev_table.width:
        return False
    last_page = next((r.page for r in reversed(prev_table.rows) if r.page is not None), None)
    first_page = table.first_page
    if last_page is not None and first_page is not None and first_page not in (last_page, last_page + 1):
        return False
    if header is None:
        return True
    # the header printed again at the top of the page (a continued row below it may have been
    # taken for a second header line: the repeat of any of those rows decides)
    repeated = any(row_repeats_header(list(r.cells), prev_header) for r in table.rows[: header.row_count])
    # ... on the next page: the same header again on the same page starts another table
    return repeated and last_page is not None and first_page == last_page + 1


# --------------------------------------------------------------------------- row classes


def _has_text(text: str) -> bool:
    return bool(_HAS_TEXT.search(text or ""))


def number_cell_to_number(text: str) -> str | None:
    """"3.4." -> "3.4", "6." -> "6", "IV." -> "IV"; None when the cell is not a bare number."""
    text = (text or "").strip()
    m = ITEM_NUMBER.match(text)
    if m:
        return re.sub(r"\s", "", m.group(1))
    m = _ROMAN_NUMBER.match(text)
    return m.group(1) if m else None


def _is_column_number_row(cells: list[str]) -> bool:
    """The "1 2 3 4 5" row some tables print under the header."""
    values = [c.strip().rstrip(".") for c in cells if c.strip()]
    return len(values) >= 3 and all(v.isdigit() for v in values) and \
        [int(v) for v in values] == list(range(int(values[0]), int(values[0]) + len(values)))


def _heading_depth(number: str | None) -> int:
    if not number or _ROMAN_NUMBER.match(number):
        return 1
    return number.count(".") + 1


def _heading_text(number: str | None, title: str) -> str:
    title = " ".join(title.split())
    if not number or title.startswith(number):
        return title
    return f"{number}. {title}"


_BROKEN_YEAR = re.compile(r"(\b\d{1,2}\.\d{1,2}\.)(\d{1,3})\n(\d{1,3})\b")


def rejoin_broken_dates(text: str) -> str:
    """A date a narrow column wrapped inside its year ("до 01.04.202\\n4") made whole again."""
    def join(m: re.Match) -> str:
        year = m.group(2) + m.group(3)
        return m.group(1) + year if len(year) == 4 else m.group(0)
    return _BROKEN_YEAR.sub(join, text)


def _cells_by_field(cells: list[str], header: HeaderMap) -> dict[str, str]:
    out = {}
    for name in CONTENT_FIELDS:
        col = header.column(name)
        out[name] = cells[col].strip() if col is not None and col < len(cells) else ""
    end = header.deadline_end
    if end is not None and end < len(cells):
        out["deadline"] = deadline_span_text(out["deadline"], cells[end].strip())
    return out


def deadline_span_text(start: str, end: str) -> str:
    """One deadline from a start and an end column: "start – end", or the one that is filled
    (an event with no start printed is on or by its end)."""
    if not _has_text(end) or end == start:
        return start
    if not _has_text(start):
        return end
    return f"{start} – {end}"


def classify_rows(table: RawTable, header: HeaderMap) -> list[_Row]:
    """Each body row as an item, a heading or a continuation; header repeats and noise dropped."""
    num_col = header.column("item_number")
    action_col = header.column("action")
    numbered_actions = num_col is None and _numbered_action_column(table, header)
    rows: list[_Row] = []
    for raw in table.rows[header.row_count:]:
        cells = [c or "" for c in raw.cells]
        filled = [i for i, c in enumerate(cells) if _has_text(c)]
        if filled and _TOTAL_ROW.match(cells[filled[0]]):
            break  # an "Итого: …" line closes the table
        if not filled or _is_column_number_row(cells) or row_repeats_header(cells, header):
            continue
        by_field = _cells_by_field(cells, header)
        number_text = cells[num_col].strip() if num_col is not None and num_col < len(cells) else ""
        number = number_cell_to_number(number_text)
        if num_col is None and len(filled) > 1:
            number, by_field["action"] = action_to_number(by_field["action"], numbered_actions)
        if len(filled) == 1:
            only, description = heading_cell_to_title(cells[filled[0]].strip())
            prefix = _HEADING_PREFIX.match(only)
            in_first_columns = filled[0] in (num_col, action_col, 0)
            if (in_first_columns and (description or (prefix and not number))) or \
                    (filled[0] == num_col and not number):
                heading_number = number_cell_to_number(prefix.group(1)) if prefix else None
                left_out = []
                if description:
                    left_out.append(f"the section heading «{' '.join(only.split())}» carries a "
                                    f"{description_word(description).lower()} after its title: the "
                                    f"title is the section, the rest is left out of the rows")
                rows.append(_Row("heading", by_field, raw.page, heading_number,
                                 _heading_text(None, only), list(raw.warnings), left_out))
                continue
        if number is not None:
            rows.append(_Row("item", by_field, raw.page, number, None, list(raw.warnings)))
        elif number_text and num_col is not None and not by_field["action"]:
            # the number column holds text: a heading printed in the first cell
            rows.append(_Row("heading", by_field, raw.page, None, _heading_text(None, number_text),
                             list(raw.warnings)))
        else:
            rows.append(_Row("continuation", by_field, raw.page, None, None, list(raw.warnings)))
    _numbered_parents_to_headings(rows)
    _unnumbered_headings(rows, has_number_column=num_col is not None)
    _unnumbered_rows_to_items(rows, has_number_column=num_col is not None)
    return rows


def _numbered_action_column(table: RawTable, header: HeaderMap) -> bool:
    """In a table without a number column, whether the measure texts carry the item numbers
    (most measure cells of rows with another field open with one: ``measure_numbers``)."""
    action_col = header.column("action")
    if action_col is None:
        return False
    actions = [r.cells[action_col] for r in table.rows[header.row_count:]
               if action_col < len(r.cells) and sum(1 for c in r.cells if _has_text(c)) > 1]
    return actions_are_numbered(actions)


def _unnumbered_headings(rows: list[_Row], has_number_column: bool) -> None:
    """In a table without a number column, a row with only a short title and no other field,
    after a complete item or at the top, is an unnumbered section heading."""
    if has_number_column:
        return
    prev: _Row | None = None
    for row in rows:
        action = row.cells["action"].strip()
        others = any(_has_text(row.cells[f]) for f in ("deadline", "executors", "result", "info"))
        if (row.kind == "continuation" and action and not others and action[0].isupper()
                and len(action.split()) <= 12 and not _TERMINAL.search(action)
                and (prev is None or prev.kind == "heading" or
                     (prev.kind == "item" and _item_is_complete(prev)))
                and (prev is None or row.page is None or prev.page is None or row.page == prev.page)):
            row.kind = "heading"
            row.heading = _heading_text(None, action)
        prev = row


def _numbered_parents_to_headings(rows: list[_Row]) -> None:
    """A numbered row with only a title whose following items are numbered under it ("1.1" above
    "1.1.1"), or whose title repeats its number ("1." + "1. Диагностика …"), is a heading."""
    items = [r for r in rows if r.kind == "item"]
    for i, row in enumerate(items):
        others = [row.cells[f] for f in ("deadline", "executors", "result", "info")]
        if any(_has_text(o) for o in others) or not _has_text(row.cells["action"]):
            continue
        title = row.cells["action"].strip()
        own_prefix = _HEADING_PREFIX.match(title)
        nxt = items[i + 1].number if i + 1 < len(items) else None
        if (own_prefix and number_cell_to_number(own_prefix.group(1)) == row.number) or (
            nxt and nxt.startswith(row.number + ".")
        ):
            row.kind = "heading"
            row.heading = _heading_text(row.number, title)


def _unnumbered_rows_to_items(rows: list[_Row], has_number_column: bool) -> None:
    """Rows without a number: a continuation of the item above when they sit at the top of a new
    page, start in lower case or have no measure text; otherwise an item of their own."""
    prev: _Row | None = None
    for row in rows:
        if row.kind == "continuation":
            action = row.cells["action"].strip()
            new_page = prev is not None and row.page is not None and prev.page is not None and row.page != prev.page
            # a measure may open with a year or a quantity ("2023 год …", "5 мероприятий …")
            starts_upper = bool(action) and (action[0].isupper() or action[0] in "«\"" or
                                             (not has_number_column and action[0].isdigit()))
            other_fields = sum(_has_text(row.cells[f]) for f in ("deadline", "executors", "result"))
            if prev is None or (starts_upper and not new_page and other_fields >= 1 and
                                (not has_number_column or prev.kind != "item" or _item_is_complete(prev))):
                row.kind = "item"
                if has_number_column:
                    row.warnings.append("the row has no item number")
        prev = row


def _item_is_complete(row: _Row) -> bool:
    return all(_has_text(row.cells[f]) for f in ("action", "deadline", "executors"))


# --------------------------------------------------------------------------- joining


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _append(cell: str, more: str) -> str:
    if not more.strip():
        return cell
    return f"{cell}\n{more}" if cell.strip() else more


def _starts_lower(text: str) -> bool:
    text = text.lstrip("«\"(-– ")
    return bool(text) and text[0].islower()


def _separate_interleaved(prev: _Row, row: _Row, following: _Row | None) -> None:
    """Give back to the item above the pieces a converter printed at the start of the next item.

    A cell whose first paragraph (of several) starts in lower case continues the cell above when
    the item starts a new page; a leading paragraph that merely repeats the end of the cell above
    is dropped. When two or more cells of an item at the top of a page start in lower case, the
    whole row is interleaved: single-paragraph cells that the continuation line below refills
    belong to the item above as well.
    """
    new_page = row.page is not None and prev.page is not None and row.page != prev.page
    # deadline cells often start in lower case ("апрель 2022 г."): they are no evidence
    lower = [f for f in TEXT_FIELDS if row.cells[f].strip() and _starts_lower(_paragraphs(row.cells[f])[0])]
    interleaved = new_page and len(lower) >= 2
    for name in CONTENT_FIELDS:
        paras = _paragraphs(row.cells[name])
        if not paras:
            continue
        first = paras[0]
        above = " ".join(_paragraphs(prev.cells[name]))
        lower_start = name in TEXT_FIELDS and _starts_lower(first)
        if len(paras) > 1 and lower_start and above.endswith(" ".join(first.split())):
            row.cells[name] = "\n".join(paras[1:])
            row.warnings.append(f"dropped a repeated fragment at the start of the {name} cell")
            continue
        moves = (lower_start and (interleaved or (len(paras) > 1 and new_page))) or (
            interleaved and len(paras) == 1 and following is not None
            and following.kind == "continuation" and _has_text(following.cells[name])
            and not _TERMINAL.search(above) and _has_text(above)
        )
        if moves:
            prev.cells[name] = _append(prev.cells[name], first)
            row.cells[name] = "\n".join(paras[1:])
            prev.warnings.append(f"joined the {name} continuation printed inside the next row")


def rows_to_items(rows: list[_Row], table_index: int, paragraphs: bool = True) -> list[AssembledItem]:
    items: list[AssembledItem] = []
    path: list[tuple[int, str]] = []
    last: _Row | None = None
    for i, row in enumerate(rows):
        if row.kind == "heading":
            depth = _heading_depth(row.number)
            path = [p for p in path if p[0] < depth] + [(depth, row.heading or "")]
            continue
        if row.kind == "continuation":
            if last is None:
                continue
            for name in CONTENT_FIELDS:
                last.cells[name] = _append(last.cells[name], row.cells[name])
            last.warnings.extend(row.warnings)
            continue
        following = rows[i + 1] if i + 1 < len(rows) else None
        if last is not None and paragraphs:
            _separate_interleaved(last, row, following)
        last = row
        items.append(AssembledItem(
            item_number=row.number,
            section_path=[p[1] for p in path],
            fields=row.cells,  # shared with `last`, so later continuations land here too
            page=row.page,
            table_index=table_index,
            warnings=row.warnings,
        ))
    return items


@dataclass
class TableReport:
    """What the assembly knows about one roadmap table besides its items (Camelot's parsing
    report is the model): where it is, its header, and the parser's doubts about it (columns
    inferred without ruling lines, characters outside every cell, a page's columns remapped …),
    collected from all of its page fragments."""

    index: int
    first_page: int | None
    last_page: int | None
    header: HeaderMap
    warnings: list[str] = field(default_factory=list)


def tables_to_items(tables: list[RawTable]) -> tuple[list[AssembledItem], list[HeaderMap]]:
    """Every roadmap table of a document as items, in document order, and each table's header."""
    items, reports = tables_to_reports(tables)
    return items, [r.header for r in reports]


def tables_to_reports(tables: list[RawTable]) -> tuple[list[AssembledItem], list[TableReport]]:
    """Every roadmap table of a document as items, in document order, and a report per table."""
    items: list[AssembledItem] = []
    reports: list[TableReport] = []
    for index, (table, header) in enumerate(stitch_fragments(tables)):
        pages = [r.page for r in table.rows if r.page is not None]
        rows = classify_rows(table, header)
        # text the assembly left out of a heading row is the table's doubt: no item carries it
        heading_warnings = [w for r in rows for w in r.table_warnings]
        reports.append(TableReport(index, min(pages, default=None), max(pages, default=None), header,
                                   list(dict.fromkeys(table.warnings + heading_warnings))))
        items.extend(rows_to_items(rows, index, table.line_breaks == "paragraph"))
    # numbered rows of a half-filled template carry no measure: they are not items
    items = [i for i in items if any(_has_text(v) for v in i.fields.values())]
    for item in items:  # after joining, so a year cut by a page break is mended too
        item.fields = {name: rejoin_broken_dates(text) for name, text in item.fields.items()}
    return items, reports
