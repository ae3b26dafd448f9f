"""PDF parser (text layer): ruled and borderless tables, page fragments, rotation, scanned pages.

Fixtures are made by tests/fixtures/pdf/make_pdf_fixtures.py (provenance in
tests/fixtures/pdf/README.md); the corpus PDFs are read from samples/, the real documents r01 and
r02 from ../shared/real (skipped where it is absent, never copied).
"""
from __future__ import annotations

import pickle
import re
from functools import lru_cache

import pytest

import parsers.pdf_text as pdf_text
from normalize.tables import tables_to_items
from parsers.errors import CorruptFile, UnsupportedFormat
from parsers.intermediate import ParsedDocument, RawTable, TableRow, TextLine
from parsers.pdf_columns import is_column_number_line, valley, word_header_kind
from parsers.pdf_fragments import edges_match
from parsers.pdf_lines import Line, Word, load_layout_data, region_to_paragraphs
from parsers.pdf_rotation import char_angle
from parsers.pdf_ruled import is_visible_edge
from parsers.settings import Settings
from tests.conftest import FIXTURES as ALL_FIXTURES, sample, shared_path

FIXTURES = ALL_FIXTURES / "pdf"
REAL = shared_path("real")
SETTINGS = Settings()
NO_OCR = "page {} has no text layer; OCR is not available"


def fixture(name: str) -> bytes:
    path = FIXTURES / name
    assert path.is_file(), f"{path} is missing: run tests/fixtures/pdf/make_pdf_fixtures.py"
    return path.read_bytes()


@lru_cache(maxsize=None)
def parsed_fixture(name: str) -> ParsedDocument:
    return pdf_text.parse_pdf(fixture(name), SETTINGS)


@lru_cache(maxsize=None)
def parsed_sample(prefix: str) -> ParsedDocument:
    return pdf_text.parse_pdf(sample(prefix, ".pdf").read_bytes(), SETTINGS)


def texts(doc: ParsedDocument) -> list[str]:
    return [b.text for b in doc.text_lines]


def rows_of(table: RawTable) -> list[list[str]]:
    return [row.cells for row in table.rows]


def row_numbered(tables: list[RawTable], number: str) -> TableRow:
    return next(r for t in tables for r in t.rows if r.cells[0] == number)


def first_words(cell: str, n: int = 3) -> str:
    return " ".join(cell.split()[:n])


@pytest.fixture
def without_ocr(monkeypatch):
    monkeypatch.setattr(pdf_text, "find_page_ocr", lambda: None)


# ---------------------------------------------------------------- data

def test_layout_data_is_well_formed():
    data = load_layout_data()
    assert {"item_number", "action", "deadline", "executors", "result"} <= set(data["header_words"])
    for stems in data["header_words"].values():
        assert stems and all(s == s.lower().strip() and s for s in stems)
    for code, text in data["glyphs"].items():
        assert 0xE000 <= int(code, 16) <= 0xF8FF, f"{code} is not a private-use code point"
        assert text and not 0xE000 <= ord(text[0]) <= 0xF8FF


# ---------------------------------------------------------------- ruled tables over pages

def test_ruled_table_over_two_pages_gives_one_fragment_per_page():
    doc = parsed_fixture("ruled_two_pages.pdf")
    assert doc.source_format == "pdf" and doc.pages == 2 and doc.warnings == []
    first, second = doc.tables
    assert (first.first_page, second.first_page) == (1, 2)
    assert first.width == second.width == 5
    assert first.column_edges == second.column_edges and len(first.column_edges) == 6
    header = ["№ п/п", "Мероприятие", "Сроки\nреализации", "Ответственный", "Ожидаемый\nрезультат"]
    # the header printed again on page 2 is emitted as printed: the assembly drops it
    assert rows_of(first)[0] == rows_of(second)[0] == header
    assert rows_of(first)[1] == ["1. Нормативно-правовое и организационное обеспечение реализации проекта «500+»",
                                 "", "", "", ""]
    assert rows_of(first)[2] == ["1.1.", "Создание рабочей группы по\nреализации проекта «500+»",
                                 "Февраль 2022\nгода", "Управление\nобразования", "Создана рабочая\nгруппа"]
    assert all(r.page == 2 for r in second.rows)


def test_row_continued_on_next_page_has_an_empty_number_cell():
    first, second = parsed_fixture("ruled_two_pages.pdf").tables
    last = rows_of(first)[-1]
    assert last[0] == "1.15." and last[4].startswith("1) Разработаны и\nутверждены")
    continued = rows_of(second)[1]
    assert continued[:4] == ["", "", "", ""]
    assert continued[4].startswith("2) Разработаны и\nутверждены") and continued[4].endswith("развития;")
    assert rows_of(second)[2][0] == "1.16."


def test_letterhead_beside_approval_block_reads_left_block_first():
    lines = texts(parsed_fixture("ruled_two_pages.pdf"))
    assert lines[:6] == ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ УСТЮЖЕНСКОГО", "МУНИЦИПАЛЬНОГО РАЙОНА",
                         "УТВЕРЖДЕН", "приказом управления образования", "от 16.02.2022 № 19/1"]
    # the title wraps over two printed lines: one paragraph
    assert lines[6] == ("План мероприятий («дорожная карта») по реализации проекта адресной методической помощи "
                        "«500+» в Устюженском муниципальном районе на 2022 год")


def test_text_after_the_table_follows_it():
    doc = parsed_fixture("ruled_two_pages.pdf")
    last = doc.blocks[-1]
    assert isinstance(doc.blocks[-2], RawTable)
    assert isinstance(last, TextLine) and (last.text, last.page) == ("Состав рабочей группы утвержден приложением 2.", 2)


def test_split_and_merged_columns_are_mapped_to_the_previous_page():
    doc = parsed_fixture("split_columns.pdf")
    tables = doc.tables
    assert [t.width for t in tables] == [5, 5, 5]
    assert tables[0].column_edges == tables[1].column_edges == tables[2].column_edges
    # page 2 lacks the line between deadline and executor: the cell is cut at the old boundary
    assert row_numbered(tables, "1.5.").cells[2:4] == ["19.01.2022 года", "Участник проекта"]
    assert row_numbered(tables, "1.6.").cells[2:4] == ["07.02.2022-\n14.02.2022", "Участник проекта"]
    # page 3 has an extra line inside the result column: both parts go to that column
    assert first_words(row_numbered(tables, "1.12.").cells[4].replace("\n", " "), 2) == "Рисковые профили"
    assert row_numbered(tables, "1.12.").cells[3] == "Участник проекта"
    assert any("4 columns here" in w for w in tables[1].warnings)
    assert any("6 columns here" in w for w in tables[2].warnings)


R01_INDICATORS = [56.68, 77.64, 283.49, 318.9, 354.29, 389.81, 425.21, 460.63, 496.15, 531.55, 567.07, 602.46, 815.12]
R01_MEASURES = [56.92, 84.96, 304.85, 503.23, 595.39, 652.06, 815.12]
SPLIT_PAGE_1 = [37.1, 79.6, 249.7, 334.7, 434.0, 547.4]


@pytest.mark.parametrize("reference, edges, same", [
    (SPLIT_PAGE_1, [37.1, 79.6, 249.7, 434.0, 547.4], True),  # split_columns.pdf page 2: a line missing
    (SPLIT_PAGE_1, [37.1, 79.6, 249.7, 334.7, 434.0, 491.4, 547.4], True),  # page 3: a line more
    (R01_INDICATORS, R01_MEASURES, False),  # r01: an indicator table, then a measures table
    (R01_MEASURES, R01_INDICATORS, False),
    (SPLIT_PAGE_1, [80.0, 120.0, 249.7, 334.7, 434.0, 547.4], False),  # another left edge
])
def test_edges_match(reference, edges, same):
    assert edges_match(reference, edges) is same


def test_vertically_merged_cells_are_read_like_the_docx_parser():
    [table] = parsed_fixture("merged_cells.pdf").tables
    rows = rows_of(table)
    # an executor cell merged over items 1.1 and 1.2 belongs to both
    assert rows[1][3] == rows[2][3] == "Муниципальный\nкоординатор\nпроекта"
    # item 1.3 printed over two physical rows (its number cell merged) is one row
    assert rows[3][0] == "1.3."
    assert rows[3][1].endswith("классов\n- Создание психолого-\nпедагогических классов")
    assert rows[3][2] == "Февраль - март\n2022 года\n2022-2024 г.г."
    assert rows[3][3] == "Участник проекта"
    assert [r[0] for r in rows[1:]] == ["1.1.", "1.2.", "1.3.", "1.4."]


def test_layout_frame_gives_the_inner_table_and_a_nested_table_is_cell_text():
    doc = parsed_fixture("nested_tables.pdf")
    framed, second = doc.tables
    assert framed.width == 5 and rows_of(framed)[0][1] == "Мероприятие"
    assert [r[0] for r in rows_of(framed)] == ["№ п/п", "1.1.", "1.2."]
    assert second.width == 5
    assert rows_of(second)[1][3] == "Соловьева О.В.\nСмирнова С.Н."
    assert texts(doc) == ["Состав рабочей группы"]


# ---------------------------------------------------------------- landscape and rotated pages

def test_landscape_page():
    doc = parsed_fixture("landscape.pdf")
    [table] = doc.tables
    assert table.first_page == 2 and table.width == 6
    assert rows_of(table)[1] == [
        "1.1.", "Разработка положений о механизмах\nуправления качеством\nобразовательных результатов",
        "Декабрь 2021", "ОГАУ «Институт\nразвития образования»", "Распоряжение\nМинистерства от\n21.12.2021 №2337",
        "Ссылка на\nинформационный ресурс\nhttps://mo73.ru/dey/oo/500/"]
    assert texts(doc)[:2] == ["МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ И ВОСПИТАНИЯ УЛЬЯНОВСКОЙ ОБЛАСТИ", "24.02.2021 № 8-ПА"]


def test_page_with_rotate_90_reads_like_the_landscape_page():
    rotated = parsed_fixture("rotate90.pdf")
    [landscape_table] = parsed_fixture("landscape.pdf").tables
    assert rotated.warnings == []
    assert [rows_of(t) for t in rotated.tables] == [rows_of(landscape_table)]
    assert texts(rotated) == ["План мероприятий («Дорожная карта»)"]


def test_page_whose_text_runs_sideways_is_turned_back():
    turned = parsed_fixture("turned_text.pdf")
    upright = parsed_fixture("ruled_two_pages.pdf")
    assert turned.warnings == ["page 1: text printed at 270 degrees; the page was turned to read it"]
    assert texts(turned) == texts(upright)
    assert [rows_of(t) for t in turned.tables] == [rows_of(t) for t in upright.tables]


@pytest.mark.parametrize("matrix, angle", [
    ((1, 0, 0, 1, 42.6, 542.5), 0),            # upright
    ((0, -1, 1, 0, 789.1, 552.7), 270),        # runs down the page (turned_text.pdf)
    ((0, 1, -1, 0, 52.0, 40.0), 90),           # runs up the page
    ((-1, 0, 0, -1, 500.0, 300.0), 180),       # upside down
    ((0.9399, 0.0, 0.0, 1.064, 337.2, 798.45), 0),  # r02's OCR layer: scaled, upright
])
def test_char_angle(matrix, angle):
    assert char_angle({"matrix": matrix}) == angle


# ---------------------------------------------------------------- tables without ruling lines

def test_borderless_table_columns_from_the_header():
    doc = parsed_fixture("borderless.pdf")
    first, second = doc.tables
    assert first.width == second.width == 4
    assert all("no ruling lines" in w for t in doc.tables for w in t.warnings)
    rows = rows_of(first)
    assert rows[0] == ["№", "Наименование мероприятий", "Срок исполнения", "Ответственный\nисполнитель"]
    assert rows[1] == ["1", "2", "3", "4"]
    assert rows[2] == ["1. Организационно-методическое и правовое обеспечение деятельности по противодействию\n"
                       "коррупции", "", "", ""]
    assert rows[3] == ["1.1", "Создание рабочей группы по реализации\nпроекта «500+»: создана рабочая группа",
                       "Февраль 2022 года", "Управление\nобразования"]
    assert texts(doc) == ["4. Основные мероприятия Плана",
                          "Заместитель директора по воспитательной работе О.Н. Ярошевская"]


def test_borderless_table_continues_on_the_next_page():
    first, second = parsed_fixture("borderless.pdf").tables
    assert rows_of(first)[-1][0] == "1.13"
    # header and column numbers repeated, then the rest of 1.13 with an empty number cell
    assert rows_of(second)[0][0] == "№" and rows_of(second)[1] == ["1", "2", "3", "4"]
    continued = rows_of(second)[2]
    assert continued[0] == "" and continued[1] == "проекта «500+»: создана рабочая группа"
    assert rows_of(second)[3][0] == "1.14"
    heading = next(r for r in rows_of(second) if r[0].startswith("2."))
    assert heading == ["2. Меры по совершенствованию управления в целях предупреждения коррупции", "", "", ""]


@pytest.mark.parametrize("text, kind", [
    ("№", "item_number"), ("п/п", "item_number"), ("Наименование", "action"), ("Мероприятие", "action"),
    ("Задачи", "action"), ("Срок", "deadline"), ("Сроки", "deadline"), ("Ответственный", "executors"),
    ("Исполнители", "executors"), ("Показатель", "result"), ("результат", "result"),
    ("исполнения", None), ("Проведение", None), ("2.1", None),
])
def test_word_header_kind(text, kind):
    assert word_header_kind(text) == kind


def _line(*words: tuple[str, float, float]) -> Line:
    return Line([Word(t, x0, x1, 100.0, 112.0) for t, x0, x1 in words])


@pytest.mark.parametrize("line, expected", [
    (_line(("1", 112, 114), ("2", 257, 261), ("3", 434, 437), ("4", 533, 537)), True),
    (_line(("1", 110, 112), ("2", 255, 259), ("з", 432, 436), ("4", 531, 535)), True),  # r02 p. 5: OCR "з"
    (_line(("1.1", 107, 119), ("Экспертиза", 137, 195)), False),
    (_line(("2", 257, 261), ("3", 434, 437), ("4", 533, 537)), False),
])
def test_is_column_number_line(line, expected):
    assert is_column_number_line(line) is expected


def test_valley_finds_the_gap_between_number_and_text_columns():
    # r02 page 2, rows 1.1 and its next lines (x positions as pdfplumber reads them)
    words = [Word(t, a, b, 0, 10) for t, a, b in [
        ("1.1", 107, 119), ("Экспертиза", 137, 195), ("действующих", 226, 297), ("нормативно-правовых", 137, 250),
        ("РГУПС", 137, 175), ("составляющей", 137, 210), ("1.", 192, 199)]]
    assert 119 < valley(words, 119, 182) < 137


# ---------------------------------------------------------------- paragraphs and edges

def test_hyphen_at_a_line_end_joins_without_a_space():
    paragraphs = texts(parsed_sample("001"))
    assert "- обеспечить координацию реализации мероприятий «Дорожной карты» организациями-соисполнителями;" \
        in paragraphs


def test_separate_paragraphs_are_not_joined():
    # the signature block: lines 26 pt apart, each shorter than the page
    lines = [_line((w, 43, 43 + 8 * len(w))) for w in ("Заместитель", "руководитель", "Ю.А.")]
    for k, line in enumerate(lines):
        for w in line.words:
            w.top, w.bottom = 100.0 + 26 * k, 112.0 + 26 * k
    assert region_to_paragraphs(lines) == ["Заместитель", "руководитель", "Ю.А."]


@pytest.mark.parametrize("edge, visible", [
    # r01 page 6: Word's paragraph shading, a white filled rectangle per printed line
    ({"object_type": "rect_edge", "fill": True, "stroke": False, "non_stroking_color": 1.0}, False),
    ({"object_type": "rect_edge", "fill": True, "stroke": False, "non_stroking_color": (1.0, 1.0, 1.0)}, False),
    ({"object_type": "rect_edge", "fill": True, "stroke": False, "non_stroking_color": (0, 0, 0, 0)}, False),
    # r01 page 6: a cell border drawn as a thin black filled rectangle
    ({"object_type": "rect_edge", "fill": True, "stroke": False, "non_stroking_color": 0.0}, True),
    ({"object_type": "rect_edge", "fill": True, "stroke": True, "non_stroking_color": 1.0}, True),
    ({"object_type": "line_edge", "fill": False, "stroke": True, "non_stroking_color": None}, True),
])
def test_is_visible_edge(edge, visible):
    assert is_visible_edge(edge) is visible


# ---------------------------------------------------------------- pages without a text layer

def test_page_without_text_layer_is_skipped_with_a_warning(without_ocr):
    doc = pdf_text.parse_pdf(fixture("scanned_page.pdf"), SETTINGS)
    assert doc.source_format == "pdf" and doc.pages == 3
    assert doc.warnings == [NO_OCR.format(3)]
    assert all(b.page in (1, 2) for b in doc.blocks if isinstance(b, TextLine))


def test_page_without_text_layer_goes_to_ocr(monkeypatch):
    calls = []

    def fake_ocr(data: bytes, page_indices: list[int], settings: Settings) -> list:
        calls.append((page_indices, settings))
        return [[TextLine("распознанный текст", index + 1)] for index in page_indices]

    monkeypatch.setattr(pdf_text, "find_page_ocr", lambda: fake_ocr)
    doc = pdf_text.parse_pdf(fixture("scanned_page.pdf"), SETTINGS)
    assert calls == [([2], SETTINGS)]
    assert doc.warnings == [] and doc.blocks[-1] == TextLine("распознанный текст", 3)
    assert isinstance(doc.blocks[-2], RawTable)


def test_pdf_without_any_text_layer_is_pdf_scan(without_ocr):
    doc = pdf_text.parse_pdf(fixture("scanned_only.pdf"), SETTINGS)
    assert doc.source_format == "pdf_scan" and doc.blocks == [] and doc.warnings == [NO_OCR.format(1)]


def test_blank_page_is_not_sent_to_ocr(monkeypatch):
    monkeypatch.setattr(pdf_text, "find_page_ocr", lambda: pytest.fail("a blank page went to OCR"))
    doc = pdf_text.parse_pdf(fixture("blank_page.pdf"), SETTINGS)
    assert doc.pages == 3 and doc.warnings == [] and doc.source_format == "pdf"
    assert [rows_of(t) for t in doc.tables] == [rows_of(t) for t in parsed_fixture("landscape.pdf").tables]


def test_scanned_page_is_read_by_the_real_ocr():
    if pdf_text.find_page_ocr() is None:
        pytest.skip("parsers.ocr_scan.ocr_pdf_page is not installed")
    doc = pdf_text.parse_pdf(fixture("scanned_only.pdf"), Settings(ocr_dpi=150))
    assert doc.source_format == "pdf_scan"
    assert any("8-ПА" in line or "УЛЬЯНОВСКОЙ" in line for line in texts(doc))


# ---------------------------------------------------------------- bad input, pickling

def test_not_a_pdf():
    with pytest.raises(UnsupportedFormat, match="not a PDF"):
        pdf_text.parse_pdf("ПРИКАЗ № 121".encode(), SETTINGS)


@pytest.mark.parametrize("cut", [200, 3000])
def test_truncated_pdf_is_corrupt(cut):
    with pytest.raises(CorruptFile, match="cannot be read"):
        pdf_text.parse_pdf(fixture("landscape.pdf")[:cut], SETTINGS)


def test_output_pickles():
    doc = parsed_fixture("borderless.pdf")
    assert pickle.loads(pickle.dumps(doc)) == doc


# ---------------------------------------------------------------- the corpus PDFs (LibreOffice prints)

def test_corpus_000_letterhead_title_and_fragments():
    doc = parsed_sample("000")
    assert texts(doc)[:6] == ["Министерство просвещения и", "воспитания Ульяновской области",
                              "432011, г. Ульяновск, Спасская ул., 18А", "Телефон: 8(8422) 41-79-27",
                              "24.02.2021 № 8-ПА", "« _____ » _____ 20__ г."]
    assert ("План мероприятий («Дорожная карта») по организационно методической поддержке общеобразовательных "
            "организаций, находящихся на территории Ульяновской области, имеющих низкие образовательные "
            "результаты обучающихся") in texts(doc)
    assert [t.first_page for t in doc.tables] == list(range(1, 10))
    assert {t.width for t in doc.tables} == {6} and len({tuple(t.column_edges) for t in doc.tables}) == 1
    numbers = [r.cells[0] for t in doc.tables for r in t.rows if re.fullmatch(r"\d\.\d+\.?", r.cells[0])]
    expected = [f"1.{k}." for k in range(1, 6)] + [f"2.{k}." for k in range(1, 5)] + \
        [f"3.{k}." for k in range(1, 11)] + [f"4.{k}." for k in range(1, 7)]
    assert numbers == expected
    # row 1.4 runs onto page 3: its deadline "Февраль-март" continues with "2022" there
    continued = rows_of(doc.tables[2])[1]
    assert continued[0] == "" and continued[1] == "школ, вошедших в проект «500+»" and continued[2] == "2022"


def test_corpus_001_numbered_rows_and_headings():
    doc = parsed_sample("001")
    assert texts(doc)[:4] == ["ПРИКАЗ", "29.03.2021 г.", "№ 121", "г. Бобров"]
    assert texts(doc)[4].startswith("Об утверждении «Дорожной карты» муниципальных мероприятий")
    assert texts(doc)[4].endswith("в 2021 году (проект 500+)")
    numbers = [r.cells[0] for t in doc.tables for r in t.rows if re.fullmatch(r"\d+\.", r.cells[0])]
    assert numbers == [f"{k}." for k in [1, 2, *range(4, 33)]]  # the order itself skips 3
    headings = [r.cells[0] for t in doc.tables for r in t.rows if r.cells[0] and not any(r.cells[1:])]
    assert "1.1. Преодоление дефицита базовой инфраструктуры" in [h.split("\n")[0][:49] for h in headings]


def test_corpus_003_text_after_the_table():
    doc = parsed_sample("003")
    after = [b for b in doc.blocks[doc.blocks.index(doc.tables[-1]) + 1:]]
    assert [b.text for b in after][:3] == ["Состав рабочей группы для реализации проекта «500+»",
                                           "в Устюженском муниципальном районе в 2022 году",
                                           "1. Левина Г.В., заместитель руководителя администрации Устюженского "
                                           "муниципального района по социальным вопросам – начальник управления образования."]


@pytest.mark.parametrize("prefix, items", [("000", 25), ("001", 31), ("003", 39)])
def test_corpus_pdfs_through_the_shared_assembly(prefix, items):
    assembled, _ = tables_to_items(parsed_sample(prefix).tables)
    assert len(assembled) == items


# ---------------------------------------------------------------- real documents (not copied)

@pytest.fixture(scope="module")
def r01() -> ParsedDocument:
    paths = sorted(REAL.glob("r01_*.pdf"))
    if not paths:
        pytest.skip(f"{REAL} is not available")
    original = pdf_text.find_page_ocr
    pdf_text.find_page_ocr = lambda: None  # the scanned title page is the OCR tests' business
    try:
        return pdf_text.parse_pdf(paths[0].read_bytes(), SETTINGS)
    finally:
        pdf_text.find_page_ocr = original


def test_r01_eleven_measures_tables_with_six_columns(r01):
    assert r01.pages == 39 and r01.warnings == [NO_OCR.format(1)]
    assert {t.width for t in r01.tables} == {6, 12}  # measures tables, and the indicator tables
    headers = [t for t in r01.tables if t.width == 6 and t.rows[0].cells[1] == "Наименование мероприятия"]
    assert len(headers) == 11
    numbered = [r for t in r01.tables if t.width == 6 for r in t.rows if re.fullmatch(r"\d\.\d+\.?", r.cells[0])]
    assert len(numbered) == 122
    # Word's white paragraph shading does not cut cells into one row per printed line
    row = next(r for r in numbered if r.cells[0] == "2.4")
    assert row.cells[4] == "Первый\nэтап -\n01.06.2016\n,\nдалее -\nпостоянно"


@pytest.fixture(scope="module")
def r02() -> ParsedDocument:
    paths = sorted(REAL.glob("r02_*.pdf"))
    if not paths:
        pytest.skip(f"{REAL} is not available")
    return pdf_text.parse_pdf(paths[0].read_bytes(), SETTINGS)


def test_r02_scan_with_ocr_layer_gives_a_borderless_table(r02):
    assert r02.source_format == "pdf" and r02.pages == 9
    assert [t.first_page for t in r02.tables] == list(range(2, 10))
    assert {t.width for t in r02.tables} == {4}
    numbers = {r.cells[0].rstrip(".") for t in r02.tables for r in t.rows}
    expected = {f"{s}.{k}" for s, n in [(1, 4), (2, 11), (3, 4), (4, 10), (5, 21)] for k in range(1, n + 1)}
    assert expected <= numbers
    # every page repeats the column numbers "1 2 3 4" (OCR read one "3" as "з"); page numbers are dropped
    assert all(rows_of(t)[0 if t.first_page > 2 else 1] == ["1", "2", "3", "4"] for t in r02.tables)
    row = row_numbered(r02.tables, "2.3")
    assert row.cells[2] == "Не реже одного\nраза в\nполугодие"
    assert row.cells[3].startswith("Заместитель\nдиректора по УР,")


# ---------------------------------------------------------------- a text layer in the wrong code page

def _winansi_pdf(rows: list[list[str]], col_x: list[int], row_y: list[int]) -> bytes:
    """A one-page PDF with a ruled table whose text is cp1251 bytes in a WinAnsi Helvetica font:
    what an old PDF printer with a Cyrillic font and no character map gives (pdfminer reads
    "Ïëàí" for "План")."""
    def literal(text: str) -> str:
        return "".join(f"\\{b:03o}" if b >= 0x80 or chr(b) in "()\\" else chr(b) for b in text.encode("cp1251"))

    ops = ["0.8 w"]
    ops += [f"{col_x[0]} {y} m {col_x[-1]} {y} l S" for y in row_y]
    ops += [f"{x} {row_y[0]} m {x} {row_y[-1]} l S" for x in col_x]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            ops.append(f"BT /F1 9 Tf {col_x[c] + 4} {row_y[r] - 14} Td ({literal(text)}) Tj ET")
    content = "\n".join(ops).encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_text_layer_in_the_wrong_code_page_is_read_back_in_cyrillic():
    rows = [["№", "Мероприятие", "Срок", "Ответственный"],
            ["1.", "Совещание с руководителями", "Март 2022", "Петров П.П."],
            ["2.", "Мониторинг качества", "Ежеквартально", "Отдел образования"]]
    pdf = _winansi_pdf(rows, [40, 80, 330, 480, 700], [555, 530, 505, 480])
    import pdfplumber, io
    with pdfplumber.open(io.BytesIO(pdf)) as raw:
        assert raw.pages[0].extract_text().startswith("¹ Ìåðîïðèÿòèå")  # what the text layer says
    doc = pdf_text.parse_pdf(pdf, Settings())
    assert [[c.strip() for c in r.cells] for r in doc.tables[0].rows] == rows
    latin = _winansi_pdf([["Plan", "of", "measures", "2022"]], [40, 80, 330, 480, 700], [555, 530])
    assert pdf_text.parse_pdf(latin, Settings()).tables[0].rows[0].cells[:2] == ["Plan", "of"]
