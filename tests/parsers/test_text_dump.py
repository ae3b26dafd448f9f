"""The text-dump parser on the real dumps in samples/."""
from __future__ import annotations

import pytest

from parsers.intermediate import RawTable, TextLine
from parsers.text_dump import dump_cell_to_text, parse_text_dump
from tests.conftest import SAMPLES, sample


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


# ----------------------------------------------------- a spreadsheet's TAB export with quoted cells

def _spreadsheet_export(rows, encoding="utf-16", before="ПРИКАЗ\n12.03.2023 № 245-П\n", after="Министр И.И. Иванов\n",
                        delimiter="\t"):
    """What Excel's "Unicode Text" (UTF-16 with its mark), its CSV or LibreOffice's export writes:
    a cell with a line break, a quote or the delimiter is quoted, its quotes doubled."""
    import csv
    import io

    out = io.StringIO()
    out.write(before)
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    out.write(after)
    return out.getvalue().encode(encoding)


EXPORT_ROWS = [["№ п/п", "Мероприятие", "Срок исполнения", "Ответственные исполнители"],
               ["1.", "Проведение совещания\nс руководителями школ", "март 2023 года", "Отдел образования,\nПетров П.П."],
               ["2.", "Мониторинг проекта «Точка роста»", "ежеквартально", 'МБОУ "СОШ № 2"'],
               ["3.", "Итоговая конференция", "15.12.2023", "Министерство\n(по согласованию)"]]


def test_a_quoted_tab_export_keeps_each_cell_whole():
    doc = parse_text_dump(_spreadsheet_export(EXPORT_ROWS))
    table, = [b for b in doc.blocks if isinstance(b, RawTable)]
    assert [r.cells for r in table.rows] == EXPORT_ROWS
    assert [b.text for b in doc.blocks if isinstance(b, TextLine)] == ["ПРИКАЗ", "12.03.2023 № 245-П", "Министр И.И. Иванов"]


def test_a_dump_cell_that_opens_with_a_quoted_name_keeps_its_quotes():
    text = ('№\tМероприятие\tСрок\tОтветственный\n1.\t"Точка роста": открытие центров\tМарт\tОтдел\n'
            '2.\tСеминар\tАпрель\t"Кванториум", ИРО\n')
    table, = [b for b in parse_text_dump(text.encode()).blocks if isinstance(b, RawTable)]
    assert table.rows[1].cells[1] == '"Точка роста": открытие центров'
    assert table.rows[2].cells[3] == '"Кванториум", ИРО'


@pytest.mark.parametrize("text, rows", [
    ('"Мероприятие\tСрок\n1.\tМарт\n', [['"Мероприятие', "Срок"], ["1.", "Март"]]),
    # an OCR dump lost the closing quote of "Точка роста": the next row is no part of the cell
    ('№\tМероприятие\n1.\t"Точка роста открытие\tМарт\n2.\tСеминар\tАпрель\n',
     [["№", "Мероприятие", ""], ["1.", '"Точка роста открытие', "Март"], ["2.", "Семинар", "Апрель"]]),
])
def test_a_quote_that_does_not_close_in_its_cell_leaves_the_lines_as_they_are(text, rows):
    table, = [b for b in parse_text_dump(text.encode()).blocks if isinstance(b, RawTable)]
    assert [r.cells for r in table.rows] == rows


@pytest.mark.parametrize("cell, text", [
    ("&laquo;Точка роста&raquo;&nbsp;центры", "«Точка роста» центры"),
    ("<p>ОГАУ &quot;ИРО&quot;</p> <p>&#171;500+&#187;</p>", 'ОГАУ "ИРО"\n«500+»'),
    ("AT&T и R&D", "AT&T и R&D"),  # an ampersand that starts no reference stays
])
def test_character_references_are_the_characters_they_name(cell, text):
    assert dump_cell_to_text(cell) == text


@pytest.mark.parametrize("delimiter, encoding", [(";", "cp1251"), (",", "utf-8")], ids=["Russian Excel CSV", "CSV"])
def test_a_table_saved_as_csv_is_read_with_its_delimiter(delimiter, encoding):
    rows = [row[:] for row in EXPORT_ROWS]
    rows[1][3] = "Отдел образования; Петров П.П., методист"  # the delimiter inside a quoted cell
    data = _spreadsheet_export(rows, encoding, after="Министр; И.И. Иванов\n", delimiter=delimiter)
    doc = parse_text_dump(data)
    table, = [b for b in doc.blocks if isinstance(b, RawTable)]
    assert [r.cells for r in table.rows] == rows
    # the lines around the table stay text; a signature splits in two cells only, so it is no row
    assert [b.text for b in doc.blocks if isinstance(b, TextLine)] == ["ПРИКАЗ", "12.03.2023 № 245-П", "Министр; И.И. Иванов"]


def test_an_orders_text_with_semicolons_and_commas_is_no_csv():
    text = ("ПРИКАЗ\nВ целях реализации проекта, в соответствии с планом, приказываю:\n"
            "1) утвердить план мероприятий; 2) назначить ответственных; 3) контроль оставляю за собой.\n"
            "Срок, ответственный, результат указаны в приложении.\n"
            "Контроль за исполнением, проверку, отчёт возложить на заместителя министра.\n")
    doc = parse_text_dump(text.encode())
    assert not [b for b in doc.blocks if isinstance(b, RawTable)]
    assert len([b for b in doc.blocks if isinstance(b, TextLine)]) == 5


# ------------------------------------------------------------- a converter's Markdown table

def _as_markdown(text: str) -> str:
    """A TAB dump's table written as a Markdown table: pipe rows, a separator under the first."""
    out, header_done = [], False
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        cells = [c.replace("|", "\\|") for c in line.split("\t")]
        out.append("| " + " | ".join(cells) + " |")
        if not header_done:
            out.append("|" + "---|" * len(cells))
            header_done = True
    return "\n".join(out)


@pytest.mark.parametrize("dump", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_a_sample_dump_written_as_a_markdown_table_gives_its_rows(dump):
    from ingest.extraction import extract_bytes

    text = (SAMPLES / dump).read_text(encoding="utf-8")
    reference = extract_bytes(text.encode("utf-8"), dump)
    result = extract_bytes(_as_markdown(text).encode("utf-8"), dump)
    assert reference.rows
    assert [{k: v for k, v in r.items() if k != "doc_id"} for r in result.rows] == \
        [{k: v for k, v in r.items() if k != "doc_id"} for r in reference.rows]


def test_markdown_cells_keep_escaped_pipes_and_break_at_br():
    text = ("ПРИКАЗ\n| № | Мероприятие | Срок |\n|:---|---|---:|\n| 1. | Совещание<br>руководителей \\| этап 1 | Март |\n"
            "Министр И.И. Иванов\n")
    doc = parse_text_dump(text.encode())
    table, = [b for b in doc.blocks if isinstance(b, RawTable)]
    assert [r.cells for r in table.rows] == [["№", "Мероприятие", "Срок"], ["1.", "Совещание\nруководителей | этап 1", "Март"]]
    assert [b.text for b in doc.blocks if isinstance(b, TextLine)] == ["ПРИКАЗ", "Министр И.И. Иванов"]
