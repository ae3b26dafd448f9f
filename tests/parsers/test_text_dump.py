"""The text-dump parser on the real dumps in samples/."""
from __future__ import annotations

from parsers.intermediate import RawTable, TextLine
from parsers.text_dump import dump_cell_to_text, parse_text_dump
from tests.conftest import sample


def parsed(prefix: str):
    return parse_text_dump(sample(prefix).read_bytes())


def test_paragraph_tags_become_line_breaks_and_markup_is_dropped():
    assert dump_cell_to_text("<p>Экспертиза документов</p> <p>муниципальных</p>") == "Экспертиза документов\nмуниципальных"
    assert dump_cell_to_text("**ПРИКАЗ**") == "ПРИКАЗ"
    assert dump_cell_to_text("  ОГАУ   «Институт» ") == "ОГАУ «Институт»"


def test_numbered_paragraphs_above_the_table_are_text_not_rows():
    doc = parsed("001")
    before = [t.text for t in doc.text_before_first_table()]
    assert "1. Создание и функционирование структур управления" in before
    first_cells = [r.cells[0] for r in doc.tables[0].rows]
    assert not any(c.startswith("Создание и функционирование") for c in first_cells)


def test_list_after_the_table_is_text_after_the_table():
    doc = parsed("003")
    table_at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, RawTable))
    after = [b.text for b in doc.blocks[table_at + 1:] if isinstance(b, TextLine)]
    assert any(t.startswith("Состав рабочей группы") for t in after)
    assert any("Левина Г.В." in t for t in after)


def test_untabbed_heading_inside_the_table_is_a_one_cell_row():
    rows = parsed("003").tables[0].rows
    heading = next(r for r in rows if r.cells[0].startswith("3. Мероприятия по повышению качества"))
    assert heading.cells[1:] == [""] * (len(heading.cells) - 1)


def test_blank_line_after_a_table_line_is_a_page_break():
    doc = parsed("002")  # the header is printed again at the top of every page
    header_pages = [r.page for r in doc.tables[0].rows if r.cells[0] == "№ п/п"]
    assert header_pages == sorted(set(header_pages)) and len(header_pages) >= 5
    assert doc.pages == header_pages[-1]


def test_every_row_has_the_header_width():
    for prefix in ("000", "001", "002", "003", "004"):
        table = parsed(prefix).tables[0]
        assert {len(r.cells) for r in table.rows} == {table.width}


def test_windows_1251_dump_is_decoded():
    data = "Приказ\n№\tМероприятие\tСрок\n1\tСовещание\tМарт 2022\n".encode("cp1251")
    doc = parse_text_dump(data)
    assert doc.text_lines[0].text == "Приказ"
    assert doc.tables[0].rows[1].cells == ["1", "Совещание", "Март 2022"]
