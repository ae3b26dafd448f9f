"""Scanned PDFs and images: deskew, ruled grid -> cells, one tesseract pass per page, OCR fixes.

Unit tests run on synthetic pages drawn with OpenCV and on recorded tesseract words; the OCR
tests run the real tesseract on two small page crops (tests/fixtures/ocr, provenance in its
README.md), one page of the 001 scan and one page of the real scan r02 (both read from
../shared, skipped where it is absent, never copied). Expected values were read off the page
images.
"""
from __future__ import annotations

import glob
import io
import pickle
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from rapidfuzz import fuzz

import parsers.ocr_words as ocr_words
from parsers.errors import CorruptFile, MissingTool, UnsupportedFormat
from parsers.intermediate import ParsedDocument, RawTable, TextLine
from parsers.ocr_grid import gray_to_grids
from parsers.ocr_layout import Piece, cell_pieces, ink_piece, gray_without_lines, outside_pieces, stack, words_to_page, words_to_pieces
from parsers.ocr_orientation import good_share, reads_badly, turned
from parsers.ocr_render import gray_to_deskewed, gray_to_skew_angle, image_bytes_to_gray_pages
from parsers.ocr_scan import interleave, ocr_pdf_page, parse_image, parse_scan_pdf
from parsers.ocr_text import cell_text_corrected, word_to_cyrillic, words_to_corrected, words_to_text_lines
from parsers.ocr_words import Word, tsv_to_words, words_to_cell_text
from tests.conftest import FIXTURES as ALL_FIXTURES, shared_path
from parsers.settings import Settings

FIXTURES = ALL_FIXTURES / "ocr"
SHARED = shared_path()
SETTINGS = Settings()
DPI = 300
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def fixture(name: str) -> bytes:
    path = FIXTURES / name
    assert path.is_file(), f"{path} is missing (see tests/fixtures/ocr/README.md)"
    return path.read_bytes()


def shared_file(pattern: str) -> bytes:
    found = sorted(glob.glob(str(SHARED / pattern)))
    if not found:
        pytest.skip(f"{pattern} is not in ../shared (beside the checkout)")
    return Path(found[0]).read_bytes()


# ---------------------------------------------------------------- synthetic pages

def blank_page(width_in: float = 8.0, height_in: float = 6.0) -> np.ndarray:
    return np.full((int(height_in * DPI), int(width_in * DPI)), 250, dtype=np.uint8)


def draw_table(page: np.ndarray, rows: list[int], cols: list[int], skip_v: set[tuple[int, int]] = frozenset(),
               skip_h: set[tuple[int, int]] = frozenset()) -> None:
    """Ruled grid with row edges ``rows`` and column edges ``cols`` (pixels); ``skip_v`` holds
    (row, column edge) pairs whose vertical piece is not drawn, ``skip_h`` (row edge, column)."""
    for r, y in enumerate(rows):
        for c in range(len(cols) - 1):
            if (r, c) not in skip_h:
                cv2.line(page, (cols[c], y), (cols[c + 1], y), 20, 3)
    for c, x in enumerate(cols):
        for r in range(len(rows) - 1):
            if (r, c) not in skip_v:
                cv2.line(page, (x, rows[r]), (x, rows[r + 1]), 20, 3)


def rotated(page: np.ndarray, degrees: float) -> np.ndarray:
    """The page turned counter-clockwise by ``degrees`` (as a scanner would skew it)."""
    h, w = page.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(page, matrix, (w, h), borderValue=250)


@pytest.mark.parametrize("degrees", [-1.5, -0.7, 0.3, 0.75, 2.0])
def test_skew_from_rulings(degrees):
    page = blank_page()
    draw_table(page, [300, 600, 900, 1200], [200, 800, 1600, 2200])
    assert gray_to_skew_angle(rotated(page, degrees)) == pytest.approx(degrees, abs=0.1)


@pytest.mark.parametrize("degrees", [-0.8, 0.6])
def test_skew_from_text_lines_without_rulings(degrees):
    page = blank_page(8.27, 11.69)  # an A4 page of 12-point text
    for k in range(20):
        cv2.putText(page, "Distance learning plan for the school year", (200, 300 + 90 * k),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.2, 20, 3)
    assert gray_to_skew_angle(rotated(page, degrees)) == pytest.approx(degrees, abs=0.15)


def test_deskew_straightens_the_rulings():
    page = blank_page()
    draw_table(page, [300, 600, 900], [200, 1200, 2200])
    turned = rotated(page, 0.8)
    straight = gray_to_deskewed(turned, gray_to_skew_angle(turned))
    assert abs(gray_to_skew_angle(straight)) < 0.06


def cell_spans(page: np.ndarray) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    grids, _ = gray_to_grids(page, DPI)
    assert len(grids) == 1
    grid = grids[0]
    return grid.n_rows, grid.n_cols, [(c.row, c.col, c.row_span, c.col_span) for c in grid.cells]


def test_grid_merged_cells_are_missing_lines():
    page = blank_page()
    # row 1 is a heading spanning the table; column 0 spans rows 2-3
    draw_table(page, [200, 400, 600, 900, 1200], [150, 500, 1300, 1900, 2300],
               skip_v={(1, 1), (1, 2), (1, 3)}, skip_h={(3, 0)})
    n_rows, n_cols, spans = cell_spans(page)
    assert (n_rows, n_cols) == (4, 4)
    assert (1, 0, 1, 4) in spans and (2, 0, 2, 1) in spans
    assert (2, 1, 1, 1) in spans and (3, 1, 1, 1) in spans
    assert len(spans) == 4 + 1 + 1 + 3 * 2


def test_grid_ignores_an_underline_inside_a_cell():
    page = blank_page()
    draw_table(page, [200, 500, 800], [150, 900, 1700])
    cv2.line(page, (300, 650), (700, 650), 20, 3)  # "________" typed inside a cell
    assert cell_spans(page)[:2] == (2, 2)


def test_grid_joins_a_column_line_printed_with_an_offset():
    page = blank_page()
    draw_table(page, [200, 500, 800, 1100], [150, 900, 1700])
    cv2.line(page, (915, 500), (915, 1100), 20, 3)  # the middle line shifted 15 px in two rows
    assert cell_spans(page)[:2] == (3, 2)


def test_grid_short_column_lines_in_a_low_row_split_its_cells():
    """r02 page 5: a "1 2 3 4" row (0.12 inch high) above a heading that spans the table."""
    page = blank_page()
    draw_table(page, [200, 236, 500, 800], [150, 400, 1300, 1800, 2300], skip_v={(1, 1), (1, 2), (1, 3)})
    n_rows, n_cols, spans = cell_spans(page)
    assert (n_rows, n_cols) == (3, 4)
    assert [s for s in spans if s[0] == 0] == [(0, c, 1, 1) for c in range(4)]
    assert (1, 0, 1, 4) in spans


def test_grid_of_a_table_without_outer_side_lines():
    page = blank_page()
    draw_table(page, [200, 500, 800], [150, 900, 1700], skip_v={(r, c) for r in range(2) for c in (0, 2)})
    n_rows, n_cols, spans = cell_spans(page)
    assert (n_rows, n_cols) == (2, 2) and len(spans) == 4


def test_a_framed_box_is_not_a_table():
    page = blank_page()
    draw_table(page, [300, 700], [300, 1500])
    assert gray_to_grids(page, DPI)[0] == []


def test_pieces_are_the_ink_of_each_cell_and_of_the_bands_outside_the_tables():
    page = blank_page()
    cv2.putText(page, "TITLE", (200, 120), cv2.FONT_HERSHEY_SIMPLEX, 2, 20, 4)
    draw_table(page, [200, 500, 800], [150, 900, 1700])
    cv2.putText(page, "AB", (300, 400), cv2.FONT_HERSHEY_SIMPLEX, 2, 20, 4)
    cv2.putText(page, "CD", (1000, 700), cv2.FONT_HERSHEY_SIMPLEX, 2, 20, 4)
    cv2.putText(page, "END", (200, 1000), cv2.FONT_HERSHEY_SIMPLEX, 2, 20, 4)
    grids, lines = gray_to_grids(page, DPI)
    clean = gray_without_lines(page, lines)
    cells = cell_pieces(clean, grids[0])
    assert [index for index, _ in cells] == [0, 3]  # two of the four cells hold ink; blank cells are no piece
    first = cells[0][1]
    assert 290 <= first.left <= 305 and 350 <= first.top <= 375 and first.image.shape[1] < 150
    bands = outside_pieces(clean, grids, DPI)
    assert len(bands) == 2 and bands[0].top < 200 < 800 < bands[1].top  # the title and the line below the table


def test_a_faint_piece_is_stretched_to_black_ink_and_a_dark_one_is_kept():
    faint = np.full((40, 120), 255, np.uint8)
    faint[10:30, 10:110:4] = 120  # a faint copy's strokes, paper between them
    piece = ink_piece(faint, 0, 0)
    assert piece.image.min() == 0 and piece.image.max() == 255 and piece.image.shape == (20, 97)
    dark = faint.copy()
    dark[dark == 120] = 20
    assert np.array_equal(ink_piece(dark, 5, 7).image, dark[10:30, 10:107])
    assert ink_piece(np.full((40, 120), 230, np.uint8), 0, 0) is None  # paper only


def test_stack_puts_pieces_one_below_the_other_and_words_go_back_to_the_page():
    pieces = [Piece(np.full((30, 100), 0, np.uint8), top=500, left=700),
              Piece(np.full((40, 60), 0, np.uint8), top=100, left=50)]
    image, placements = stack(pieces, DPI)
    assert image.shape[0] == placements[-1].end and image.shape[1] >= 100 + 2 * 12
    assert placements[0].end <= placements[1].start  # no piece shares a row with another
    second = placements[1]
    ink_rows = np.flatnonzero((image[second.start: second.end] < 128).any(axis=1))
    ink_cols = np.flatnonzero((image[second.start: second.end] < 128).any(axis=0))
    word_in_stack = Word("x", 90.0, left=int(ink_cols[0]) + 10, top=second.start + int(ink_rows[0]), width=20,
                         height=20, block=1, par=1, line=1)
    moved = words_to_page(words_to_pieces([word_in_stack], placements)[1], second, 7)
    assert (moved[0].top, moved[0].left, moved[0].height, moved[0].block) == (100, 60, 20, 7)
    assert words_to_pieces([word_in_stack], placements)[0] == []


def test_one_stack_stays_under_tesseract_s_height_limit(monkeypatch):
    import parsers.ocr_reading as reading
    calls = []
    monkeypatch.setattr(reading, "gray_to_words", lambda image, settings, dpi: calls.append(image.shape) or [])
    pieces = [Piece(np.zeros((900, 50), np.uint8), top=0, left=0) for _ in range(40)]
    assert reading.read_pieces(pieces, Settings(), DPI) == [[] for _ in pieces]
    assert len(calls) >= 3 and all(h < 16000 for h, _ in calls)


# ---------------------------------------------------------------- words and text

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t3000\t2000\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t100\t100\t900\t40\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t100\t100\t200\t40\t96.5\tСоздание\n"
    "5\t1\t1\t1\t1\t2\t320\t108\t140\t32\t91.0\tрабочей\n"
    "5\t1\t1\t1\t1\t3\t480\t100\t40\t40\t95.0\t \n"
    "5\t1\t1\t1\t2\t1\t100\t160\t300\t40\t60.25\tгруппы\n"
)


def word(text: str, left: int, top: int, line: int = 1, width: int = 0, height: int = 30, conf: float = 95.0) -> Word:
    return Word(text, conf, left, top, width or 20 * len(text), height, 1, 1, line)


def test_tsv_to_words_keeps_words_with_text():
    words = tsv_to_words(TSV)
    assert [w.text for w in words] == ["Создание", "рабочей", "группы"]
    assert (words[2].left, words[2].top, words[2].line, words[2].conf) == (100, 160, 2, 60.25)


def test_cell_text_joins_lines_with_newlines_and_averages_confidence():
    words = tsv_to_words(TSV)
    text, conf = words_to_cell_text(words)
    assert text == "Создание рабочей\nгруппы"
    assert conf == pytest.approx((96.5 + 91.0 + 60.25) / 3)
    assert words_to_cell_text([]) == ("", None)


def test_cell_text_merges_tesseract_lines_at_one_height():
    # tesseract split one printed line where an erased ruling was
    words = [word("Февраль", 100, 100, line=1), word("2022", 280, 102, line=2), word("года", 100, 150, line=3)]
    assert words_to_cell_text(words)[0] == "Февраль 2022\nгода"


@pytest.mark.parametrize("text, expected", [
    ("n/n", "п/п"),           # "№ п/п" header
    ("OO", "ОО"),             # общеобразовательные организации
    ("OB3", "ОВЗ"),           # look-alike digit in an abbreviation
    ("OO-2", "ОО-2"),
    ("MOY", "МОУ"),
    ("no", "по"),             # the preposition "по" read in Latin ("работы no реализации")
    ("2022", "2022"),
    ("PILI", "PILI"),         # has Latin-only letters: leave it
    ("Zoom", "Zoom"),
    ("https://mo73.ru/dev/oo/500/", "https://mo73.ru/dev/oo/500/"),
    ("school@mail.ru", "school@mail.ru"),
    ("Проведение", "Проведение"),
])
def test_word_to_cyrillic(text, expected):
    assert word_to_cyrillic(text) == expected


def test_corrections_depend_on_the_line_script():
    words = [word("Информация", 100, 100), word("о", 330, 100), word("детях", 360, 100),
             word("OB3", 100, 150, line=2), word("B", 180, 150, line=2), word("OO", 210, 150, line=2),
             word("Microsoft", 100, 200, line=3), word("Teams", 300, 200, line=3), word("OOO", 420, 200, line=3)]
    fixed = [w.text for w in words_to_corrected(words)]
    # line 2 has no letter that tells the script, so the page (Cyrillic) decides; "B" between
    # two words is the preposition "в"
    assert fixed[3:6] == ["ОВЗ", "в", "ОО"]
    assert fixed[6:] == ["Microsoft", "Teams", "OOO"]


def test_one_letter_capital_starting_a_cell_line_stays_capital():
    words = [word("Иванов", 100, 100), word("B", 1000, 100), word("течение", 1030, 100)]
    assert [w.text for w in words_to_corrected(words)] == ["Иванов", "В", "течение"]


def test_a_small_capital_like_latin_letter_inside_a_sentence_is_lower_case():
    words = [word("права", 100, 100), word("граждан", 220, 100), word("Ha", 380, 100), word("доступ", 440, 100),
             word("Ha", 100, 200, line=2), word("OO", 200, 200, line=2), word("MOY", 260, 200, line=2)]
    # "Ha" starting a line stays a capital; "OO" and "MOY" are all capitals, abbreviations
    assert [w.text for w in words_to_corrected(words)] == ["права", "граждан", "на", "доступ", "На", "ОО", "МОУ"]


def test_corrections_number_sign_and_lone_dot():
    words = [word("ЦК", 100, 100), word("Ne", 170, 100), word("3", 230, 100),
             word("2.13", 100, 200, line=2), word(";", 100, 240, line=3, width=6, height=6),
             word("Март", 100, 300, line=4), word("—", 200, 312, line=4, width=30, height=4)]
    fixed = [w.text for w in words_to_corrected(words)]
    assert fixed == ["ЦК", "№", "3", "2.13", ".", "Март", "—"]


@pytest.mark.parametrize("text, expected", [
    ("Совместно с АУПи тьюторами", "Совместно с АУП и тьюторами"),
    ("Совместно с АУПи\nтьюторами", "Совместно с АУП и\nтьюторами"),  # wrapped in the cell
    ("Директор СОШи", "Директор СОШи"),  # nothing after it
    ("МОУи ДОУ", "МОУи ДОУ"),  # an upper-case word after it
    ("Ли и Ким", "Ли и Ким"),
    ("Аи тьюторы", "Аи тьюторы"),  # one capital is no abbreviation
])
def test_an_abbreviation_glued_to_the_conjunction_after_it_is_two_words_again(text, expected):
    assert cell_text_corrected(text) == expected


def test_text_lines_read_a_two_column_letterhead_column_by_column():
    width = 2400
    words = [word("Министерство", 150, 100, line=1), word("УТВЕРЖДАЮ", 1500, 100, line=1),
             word("образования", 150, 150, line=2), word("Директор", 1500, 150, line=2),
             word("ПРИКАЗ", 1050, 300, line=3),
             word("16.02.2022", 150, 400, line=4), word("№", 1900, 400, line=4), word("19/1", 1940, 400, line=4)]
    pieces = [p.text for p in words_to_text_lines(words, width, DPI)]
    assert pieces == ["Министерство", "образования", "УТВЕРЖДАЮ", "Директор", "ПРИКАЗ", "16.02.2022", "№ 19/1"]


def test_interleave_puts_a_table_before_the_first_line_below_its_top():
    table = RawTable(rows=[])
    lines = [(100.0, TextLine("a", 1)), (200.0, TextLine("b", 1)), (900.0, TextLine("c", 1))]
    blocks = interleave(lines, [(300.0, table)])
    assert [b.text if isinstance(b, TextLine) else "T" for b in blocks] == ["a", "b", "T", "c"]


# ---------------------------------------------------------------- errors

def test_missing_tesseract_names_the_packages(monkeypatch):
    monkeypatch.setattr(ocr_words.shutil, "which", lambda name: None)
    with pytest.raises(MissingTool, match="tesseract-ocr tesseract-ocr-rus"):
        parse_image(fixture("001_p3_rows_5_to_7.jpg"), SETTINGS)


@needs_tesseract
def test_missing_language_data_names_the_packages():
    with pytest.raises(MissingTool, match="tesseract-ocr-rus"):
        parse_image(fixture("001_p3_rows_5_to_7.jpg"), Settings(ocr_languages="zzz"))


def test_broken_inputs_raise_typed_errors():
    with pytest.raises(UnsupportedFormat):
        parse_image(b"not an image at all", SETTINGS)
    with pytest.raises(UnsupportedFormat):
        parse_scan_pdf(b"GIF89a....", SETTINGS)
    with pytest.raises(CorruptFile):
        parse_scan_pdf(b"%PDF-1.4\n garbage", SETTINGS)
    with pytest.raises(CorruptFile):
        parse_image(fixture("003_p2_table_top.jpg")[:5000], SETTINGS)


def test_image_without_stated_dpi_is_taken_for_an_a4_page():
    gray = np.full((1169, 827), 255, dtype=np.uint8)  # A4 at 100 dpi, no dpi in the file
    buffer = io.BytesIO()
    Image.fromarray(gray).save(buffer, "PNG")
    page = next(image_bytes_to_gray_pages(buffer.getvalue(), 300))
    assert page.shape == pytest.approx((3507, 2481), abs=3)


@pytest.mark.parametrize("orientation, turn", [(6, Image.Transpose.ROTATE_90), (3, Image.Transpose.ROTATE_180),
                                               (8, Image.Transpose.ROTATE_270)])
def test_an_exif_orientation_tag_turns_the_page_upright(orientation, turn):
    # a camera JPEG: the pixels as the sensor saw them, the turn to show them upright in a tag
    upright = np.full((1169, 827), 255, dtype=np.uint8)
    upright[100:200, 50:400] = 0  # a dark bar at the top left, so every turn looks different
    stored = Image.fromarray(upright).transpose(turn)
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, "PNG", exif=exif.tobytes())
    page = next(image_bytes_to_gray_pages(buffer.getvalue(), 100))
    assert page.shape == upright.shape
    assert np.array_equal(page, upright)


# ---------------------------------------------------------------- real tesseract

@pytest.fixture(scope="module")
def table_top() -> ParsedDocument:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    return parse_image(fixture("003_p2_table_top.jpg"), SETTINGS)


def test_image_table_cells(table_top):
    assert table_top.source_format == "image" and table_top.pages == 1
    assert len(table_top.tables) == 1
    table = table_top.tables[0]
    assert [r.page for r in table.rows] == [1, 1, 1, 1]
    header, heading, first, second = (r.cells for r in table.rows)
    assert header == ["№\nп/п", "Мероприятие", "Сроки\nреализации", "Ответственный", "Ожидаемый результат"]
    assert heading[1:] == ["", "", "", ""]
    assert heading[0] == "1. Нормативно-правовое и организационное обеспечение реализации проекта «500+»"
    assert first[:3] == ["1.1.", "Создание рабочей группы по\nреализации проекта «500+» в\n"
                         "Устюженском муниципальном\nрайоне в 2022 году", "Февраль 2022\nгода"]
    assert first[3] == "Управление\nобразования,\nмуниципальный\nкоординатор проекта\n«500+»"
    assert second[0] == "1.2." and second[2] == "Не позднее\n16.02.2022"
    assert fuzz.ratio(second[1], "Разработка и утверждение плана\nмероприятий («дорожная карта») по\n"
                      "реализации проекта «500+» в\nУстюженском муниципальном\nрайоне в 2022 году") >= 95
    assert second[4] == "Утвержден План\nмероприятий"


def test_image_column_edges_are_pdf_points(table_top):
    # the crop is 1526 px wide at 200 dpi: 549 points; column edges are in points as for PDFs
    edges = table_top.tables[0].column_edges
    assert len(edges) == 6 and edges == sorted(edges)
    assert 0 < edges[0] < 0.1 * 549 and 0.9 * 549 < edges[-1] < 549
    # the "Сроки реализации" column starts at 617 px of the crop (read off the image)
    assert edges[2] == pytest.approx(617 * 72 / 200, abs=5)


def test_parsed_document_pickles(table_top):
    again = pickle.loads(pickle.dumps(table_top))
    assert again.tables[0].rows[2].cells == table_top.tables[0].rows[2].cells


@needs_tesseract
def test_low_confidence_cells_get_a_warning():
    doc = parse_image(fixture("001_p3_rows_5_to_7.jpg"), Settings(ocr_low_confidence=100))
    row = doc.tables[0].rows[1]
    assert any(w.startswith("low OCR confidence (") and w.endswith(" in column 2") for w in row.warnings)
    assert len(row.warnings) == sum(1 for c in row.cells if c)


@needs_tesseract
def test_multipage_tiff_and_fragment_without_top_ruling():
    frames = [Image.open(io.BytesIO(fixture(name))) for name in ("001_p3_rows_5_to_7.jpg", "003_p2_table_top.jpg")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    doc = parse_image(buffer.getvalue(), SETTINGS)
    assert doc.pages == 2
    assert [t.first_page for t in doc.tables] == [1, 2]
    rows = [r.cells for r in doc.tables[0].rows]
    # the crop starts inside row 5: its tail is a row with an empty number cell
    assert rows[0][0] == "" and rows[0][1] == "проекты нацпроекта «Образование»"
    assert rows[1][:4] == ["6.", "Разработка модуля муниципальной\nдорожной карты по улучшению\n"
                           "материально-технической базы\nШНОР", "Гайворонская Н.И.", "Март"]
    assert rows[2][0] == "7." and rows[2][2:4] == ["Гайворонская Н.И.", "Май"]


@needs_tesseract
@pytest.mark.parametrize("quarter_turns", [1, 2])
def test_a_page_scanned_turned_is_read_upright(quarter_turns):
    upright = parse_image(fixture("001_p3_rows_5_to_7.jpg"), SETTINGS)
    image = np.asarray(Image.open(io.BytesIO(fixture("001_p3_rows_5_to_7.jpg"))).convert("L"))
    _, png = cv2.imencode(".png", np.ascontiguousarray(np.rot90(image, quarter_turns)))
    doc = parse_image(png.tobytes(), SETTINGS)
    assert [r.cells for r in doc.tables[0].rows] == [r.cells for r in upright.tables[0].rows]
    assert f"turning it {quarter_turns * 90} degrees clockwise" in doc.tables[0].warnings[-1]
    assert not any("turned" in w for t in upright.tables for w in t.warnings)


@needs_tesseract
def test_the_pages_of_a_document_scanned_sideways_are_read_turned_and_osd_is_asked_once(monkeypatch):
    import parsers.ocr_scan as ocr_scan_module
    upright = parse_image(fixture("001_p3_rows_5_to_7.jpg"), SETTINGS)
    frame = Image.open(io.BytesIO(fixture("001_p3_rows_5_to_7.jpg"))).convert("L").rotate(90, expand=True)
    buffer = io.BytesIO()
    frame.save(buffer, "TIFF", save_all=True, append_images=[frame, frame], dpi=(200, 200))
    asked = []
    real = ocr_scan_module.osd_rotation
    monkeypatch.setattr(ocr_scan_module, "osd_rotation", lambda *a: asked.append(1) or real(*a))
    doc = parse_image(buffer.getvalue(), SETTINGS)
    assert [[r.cells for r in t.rows] for t in doc.tables] == [[r.cells for r in upright.tables[0].rows]] * 3
    assert len(asked) == 1  # the second and third pages were read turned at once
    assert all("turning it 90 degrees clockwise" in t.warnings[-1] for t in doc.tables)


def test_only_a_page_that_reads_badly_is_asked_for_its_orientation():
    good = [word("Срок", 10 * i, 100, conf=92.0) for i in range(12)]
    bad = [word("Срок", 10 * i, 100, conf=40.0 if i % 3 else 90.0) for i in range(12)]
    assert good_share(good) == 1.0 and not reads_badly(good)
    assert reads_badly(bad)
    assert not reads_badly(bad[:5])  # too few words to judge a page by
    assert np.array_equal(turned(np.arange(6).reshape(2, 3), 90), np.rot90(np.arange(6).reshape(2, 3), -1))


@needs_tesseract
def test_scan_pdf_of_one_page():
    image = Image.open(io.BytesIO(fixture("001_p3_rows_5_to_7.jpg")))
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=200)
    doc = parse_scan_pdf(buffer.getvalue(), SETTINGS)
    assert doc.source_format == "pdf_scan" and doc.pages == 1
    assert [r.cells[3] for r in doc.tables[0].rows] == ["", "Март", "Май"]


@needs_tesseract
def test_ocr_pdf_page_of_the_001_scan():
    """001 page 3: rows 2-9 under two section headings; '7.' and 'Май' were lost by mode 3."""
    blocks = ocr_pdf_page(shared_file("corpus/001_*.scan.pdf"), 2, SETTINGS)
    tables = [b for b in blocks if isinstance(b, RawTable)]
    assert len(tables) == 1 and tables[0].width == 5
    rows = [r.cells for r in tables[0].rows]
    assert all(r.page == 3 for r in tables[0].rows)
    assert [r[0] for r in rows] == ["№\nп/п", "", "2.", "1.1. Преодоление дефицита базовой инфраструктуры",
                                    "4.", "5.", "6.", "7.", "1.2. Преодоление дефицита педагогических кадров",
                                    "8.", "9."]
    assert rows[3][1:] == ["", "", "", ""]
    assert [r[3] for r in rows if r[0] in ("4.", "7.", "8.")] == ["Март", "Май", "Апрель - Май"]
    assert rows[10][3] == "По\nотдельному\nграфику"
    assert rows[1][4] == "Информация о детях с\nОВЗ в ОО"


@needs_tesseract
def test_ocr_of_the_real_scan_r02_page_5():
    """r02: 900-dpi JBIG2 scan; page 5 starts with a "1 2 3 4" row above a spanning heading."""
    blocks = ocr_pdf_page(shared_file("real/r02_*.pdf"), 4, SETTINGS)
    assert isinstance(blocks[0], TextLine) and blocks[0].text == "5"
    table = next(b for b in blocks if isinstance(b, RawTable))
    assert table.width == 4
    assert table.rows[0].cells[1:] == ["2", "3", "4"]
    heading = table.rows[1].cells
    assert heading[0].startswith("4.Обеспечение права граждан на доступ к информации") and heading[1:] == ["", "", ""]
    assert [r.cells[0] for r in table.rows[2:]] == ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]
    assert table.rows[4].cells[3].endswith("ЦК № 3")
