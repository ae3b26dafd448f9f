"""Parser for Word 2007+ documents (``.docx``): body text and tables in reading order.

The body's XML children are walked in document order, so paragraphs and tables interleave as
printed. Decisions this parser takes for the shared assembly:

- a grid finer than the table's rows (cell borders dragged apart: three logical columns on four
  grid columns, merged differently row by row) is read on the logical columns, the k-th cell of
  a row in column k, so that a table Word split in two continues on the same columns;
- merged cells (``gridSpan`` across, ``vMerge`` down) follow the one merge rule of
  ``parsers.table_grid``: a heading row spanning the table has one non-empty cell, an executor
  or deadline merged over several items is repeated in each of their rows, and rows sharing a
  merged first-column item number ("3.", "2.1", "IV") are one item, joined into one row;
- a nested table is text of its cell, one line per paragraph, unless the outer table is only a
  layout frame (a single cell holds the table and no other cell has text): then the frame's
  content is emitted as if it were body (its tables as tables);
- Word auto-numbering is not in the text ("1.1." of a numbered list lives in ``w:numPr``), so
  it is reconstructed with counters per list and level, and written in front of the paragraph
  ("1.1. Разработка …"; an empty auto-numbered number cell becomes "1.1."); bullets are dropped;
- inside a cell, each line is stripped and empty lines are dropped (as the text dump does);
  deleted revisions, hidden runs and drawings are not text; a text box anchored in a paragraph
  (a letterhead, a stamp) follows that paragraph, as lines (or tables) of its own.
DOCX has no fixed pages: every block has page ``None``; ``pages`` is the count the saving
application recorded in ``docProps/app.xml`` when it recorded statistics at all.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from parsers.docx_numbering import NumberingState, document_to_numbering
from parsers.errors import CorruptFile, EncryptedFile, UnsupportedFormat
from parsers.intermediate import Block, ParsedDocument, RawTable, TextLine
from parsers.ole2 import OLE2_MAGIC, is_encrypted_ooxml
from parsers.safe_zip import check_package
from parsers.settings import Settings
from parsers.table_grid import SpanCell, spans_to_logical_columns, spans_to_rows

# docProps and other parts read here directly: no entities, no network, as python-docx reads
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_DOCX_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_VARIANT_TYPES = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}

W_P, W_TBL, W_TR, W_TC, W_R, W_T = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r"), qn("w:t")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
W_VAL = qn("w:val")
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# elements whose content is never running text of the paragraph
_NOT_TEXT = {
    qn(t)
    for t in (
        "w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:drawing", "w:pict", "w:object",
        "w:instrText", "w:delText", "w:fldChar", "w:footnoteReference", "w:endnoteReference",
        "w:commentReference", "w:txbxContent", "w:sdtPr", "w:sdtEndPr",
    )
} | {_MC + "AlternateContent"}
W_TXBX = qn("w:txbxContent")
_LINE_BREAKS = {qn("w:br"), qn("w:cr")}
_SPACES = {qn("w:tab"), qn("w:ptab")}
_CONTAINERS = {W_SDT, W_SDT_CONTENT, W_CUSTOM_XML}
_OFF = {"0", "false", "off", "none"}


# ---------------------------------------------------------------- opening the file

def bytes_to_document(data: bytes, settings: Settings | None = None) -> "docx.document.Document":
    """Open DOCX bytes with python-docx, turning every failure into a typed error.

    The package is checked first (``parsers.safe_zip``: zip bombs and XML document types are
    refused before python-docx inflates or parses anything). Macro-enabled documents and
    templates (.docm, .dotx, .dotm) have the same body; python-docx refuses their content type,
    so they are opened under the plain document type.
    """
    if data[:8] == OLE2_MAGIC:
        if is_encrypted_ooxml(data):
            raise EncryptedFile("the DOCX file is password-protected; save a copy without a password and run again")
        raise CorruptFile("the file is a legacy Word/OLE2 file, not a DOCX zip; give it a .doc name or save it as DOCX")
    check_package(data, Settings.resolve(settings), "DOCX")
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, etree.XMLSyntaxError) as exc:
        raise CorruptFile(f"the DOCX file is damaged and cannot be opened ({type(exc).__name__}); re-save it in Word or LibreOffice") from exc
    except ValueError as exc:  # python-docx: a zip package whose main part is not a plain document
        found = re.search(r"content type is '([^']+)'", str(exc))
        content_type = found.group(1) if found else ""
        if content_type in _WORD_VARIANT_TYPES:
            return bytes_to_document(_with_content_type(data, content_type, _DOCX_MAIN_TYPE), settings)
        kind = f" (its main part is {content_type})" if content_type else ""
        raise UnsupportedFormat(f"the file is an Office package but not a Word document{kind}; save it as DOCX") from exc


def _with_content_type(data: bytes, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(old.encode(), new.encode())
            target.writestr(info.filename, content)
    return out.getvalue()


def document_to_page_count(document: "docx.document.Document") -> int | None:
    """Pages from docProps/app.xml, trusted only when the application also counted words."""
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/docProps/app.xml":
            continue
        try:
            root = etree.fromstring(part.blob, _XML_PARSER)
        except etree.XMLSyntaxError:
            return None
        values = {etree.QName(el).localname: (el.text or "").strip() for el in root}
        if values.get("Pages", "").isdigit() and any(values.get(k, "0").isdigit() and int(values[k]) > 0 for k in ("Words", "Characters")):
            return int(values["Pages"]) or None
    return None


# ---------------------------------------------------------------- Word auto-numbering

def _is_hidden(run: etree._Element) -> bool:
    rpr = run.find(qn("w:rPr"))
    vanish = rpr.find(qn("w:vanish")) if rpr is not None else None
    return vanish is not None and (vanish.get(W_VAL) or "1") not in _OFF


def _inline_text(el: etree._Element, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == W_T:
            out.append(child.text or "")
        elif tag in _NOT_TEXT or not isinstance(tag, str):
            continue
        elif tag in _LINE_BREAKS:
            out.append("\n")
        elif tag in _SPACES:
            out.append(" ")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
        elif tag == qn("w:sym"):
            code = int(child.get(qn("w:char"), "0"), 16) if re.fullmatch(r"[0-9A-Fa-f]{1,6}", child.get(qn("w:char"), "")) else 0
            if code and not 0xE000 <= code <= 0xF8FF:  # symbol-font glyphs are not text
                out.append(chr(code))
        elif tag == W_R and _is_hidden(child):
            continue
        else:  # runs, hyperlinks, insertions, fields, smart tags, inline content controls
            _inline_text(child, out)


def paragraph_to_text(p: etree._Element, numbering: NumberingState) -> str:
    """A paragraph's visible text with its Word list number in front; breaks become "\\n"."""
    parts: list[str] = []
    _inline_text(p, parts)
    text = "".join(parts)
    number = numbering.paragraph_number(p)
    return number + text.lstrip() if number else text


def text_boxes(el: etree._Element) -> list[etree._Element]:
    """The text boxes anchored in a paragraph, each once (an ``mc:AlternateContent`` holds the
    same box twice, as DrawingML and as VML: only its first branch is read)."""
    boxes: list[etree._Element] = []
    for child in el:
        if child.tag == _MC + "AlternateContent":
            branch = child.find(_MC + "Choice")
            branch = branch if branch is not None else child.find(_MC + "Fallback")
            boxes += text_boxes(branch) if branch is not None else []
        elif child.tag == W_TXBX:
            boxes.append(child)
        elif isinstance(child.tag, str):
            boxes += text_boxes(child)
    return boxes


def _iter_content(el: etree._Element, wanted: str):
    """Children of ``el`` with tag ``wanted``, looking through content controls and custom XML."""
    for child in el:
        if child.tag == wanted:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _iter_content(child, wanted)


def _iter_block_items(el: etree._Element):
    for child in el:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _iter_block_items(child)


def _clean_lines(lines: list[str]) -> str:
    stripped = (line.strip() for text in lines for line in text.split("\n"))
    return "\n".join(line for line in stripped if line)


def cell_to_text(tc: etree._Element, numbering: NumberingState) -> str:
    """A cell's text: its paragraphs and nested tables, one line each."""
    lines: list[str] = []
    for item in _iter_block_items(tc):
        if item.tag == W_P:
            lines.append(paragraph_to_text(item, numbering))
            lines.extend(cell_to_text(box, numbering) for box in text_boxes(item))
        else:
            lines.extend(cell_to_text(nested_tc, numbering) for nested_tr in _iter_content(item, W_TR)
                         for nested_tc in _iter_content(nested_tr, W_TC))
    return _clean_lines(lines)


# ---------------------------------------------------------------- tables

def _int_val(parent: etree._Element | None, tag: str, default: int) -> int:
    el = parent.find(qn(tag)) if parent is not None else None
    value = el.get(W_VAL) if el is not None else None
    return int(value) if value and value.isdigit() else default


def table_to_span_cells(tbl: etree._Element, numbering: NumberingState) -> list[SpanCell]:
    """The table's cells on its grid: a ``gridSpan`` is a column span, a ``vMerge`` continuation
    lengthens the row span of the cell above it (``gridBefore`` positions hold no cell)."""
    cells: list[SpanCell] = []
    above: dict[int, int] = {}  # grid column -> index of the cell covering it in the row above
    for r, tr in enumerate(_iter_content(tbl, W_TR)):
        here: dict[int, int] = {}
        column = _int_val(tr.find(qn("w:trPr")), "w:gridBefore", 0)
        for tc in _iter_content(tr, W_TC):
            tcpr = tc.find(qn("w:tcPr"))
            span = max(_int_val(tcpr, "w:gridSpan", 1), 1)
            merge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            owner = above.get(column)
            if merge is not None and merge.get(W_VAL, "continue") == "continue" and owner is not None:
                cells[owner] = replace(cells[owner], row_span=r - cells[owner].row + 1)
                covered = range(cells[owner].col, cells[owner].col + cells[owner].col_span)
                here.update((c, owner) for c in covered)
            else:
                cells.append(SpanCell(r, column, 1, span, cell_to_text(tc, numbering)))
                here.update((c, len(cells) - 1) for c in range(column, column + span))
            column += span
        above = here
    return cells


def _frame_cell(tbl: etree._Element) -> etree._Element | None:
    """The one cell of a layout-frame table that holds the real table, else None."""
    holder, other_text = None, False
    for tr in _iter_content(tbl, W_TR):
        for tc in _iter_content(tr, W_TC):
            has_table = any(item.tag == W_TBL for item in _iter_block_items(tc))
            if has_table:
                if holder is not None:
                    return None
                holder = tc
            elif "".join(tc.itertext()).strip():
                other_text = True
    return None if other_text else holder


# ---------------------------------------------------------------- the document

def body_to_blocks(container: etree._Element, numbering: NumberingState) -> list[Block]:
    """Paragraphs and tables of a body (or of a layout frame's cell) in document order."""
    blocks: list[Block] = []
    for item in _iter_block_items(container):
        if item.tag == W_P:
            text = _clean_lines([paragraph_to_text(item, numbering)])
            if text:  # one paragraph, one TextLine; a forced line break (w:br) stays "\n"
                blocks.append(TextLine(text, None))
            for box in text_boxes(item):  # a letterhead or a stamp drawn in a text box
                blocks.extend(body_to_blocks(box, numbering))
            continue
        frame = _frame_cell(item)
        if frame is not None:
            blocks.extend(body_to_blocks(frame, numbering))
            continue
        rows = spans_to_rows(spans_to_logical_columns(table_to_span_cells(item, numbering))[0])
        if rows:
            blocks.append(RawTable(rows=rows))
    return blocks


def parse_docx(data: bytes, settings: Settings | None = None) -> ParsedDocument:
    """DOCX bytes to the intermediate: body paragraphs and tables, merges resolved."""
    document = bytes_to_document(data, settings)
    numbering = document_to_numbering(document)
    body = document.element.body
    if body is None:
        raise CorruptFile("the DOCX file has no document body; re-save it in Word or LibreOffice")
    return ParsedDocument(
        source_format="docx",
        blocks=body_to_blocks(body, numbering),
        pages=document_to_page_count(document),
    )
