"""DOCX parser: merged cells, nesting, several tables, Word auto-numbering, damaged files.

Fixtures are made by tests/fixtures/make_docx_fixtures.py (provenance in tests/fixtures/README.md);
the corpus and real documents are read from ../shared (beside the repository) and skipped where it is absent.
"""
from __future__ import annotations

import io
import pickle
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from parsers.docx_numbering import NumberingState, number_to_format
from parsers.docx_tables import body_to_blocks, paragraph_to_text, parse_docx
from parsers.errors import CorruptFile, EncryptedFile, UnsupportedFormat
from parsers.intermediate import RawTable, TextLine
from parsers.settings import Settings
from tests.conftest import FIXTURES, shared_path

CORPUS = shared_path("corpus")
REAL = shared_path("real")
SETTINGS = Settings()


def fixture(name: str) -> bytes:
    path = FIXTURES / name
    assert path.is_file(), f"{path} is missing: run tests/fixtures/make_docx_fixtures.py"
    return path.read_bytes()


def shared(path: Path) -> bytes:
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path.read_bytes()


def rows_of(table: RawTable) -> list[list[str]]:
    return [row.cells for row in table.rows]


# ---------------------------------------------------------------- fixtures

def test_spans_merged_cells_and_auto_numbers():
    parsed = parse_docx(fixture("spans.docx"), SETTINGS)
    assert parsed.source_format == "docx"
    [table] = parsed.tables
    assert rows_of(table) == [
        ["№ п/п", "Мероприятие", "Сроки реализации", "Ответственный", "Ожидаемый результат"],
        # gridSpan heading: its text once, in the first grid column; Word's "1." reconstructed
        ["1. Нормативно-правовое и организационное обеспечение реализации проекта «500+»", "", "", "", ""],
        # auto-numbered empty number cells; the vMerge executor belongs to both rows
        ["1.1.", "Создание рабочей группы по реализации проекта «500+»", "Февраль 2022 года",
         "Муниципальный координатор проекта", "Создана рабочая группа"],
        ["1.2.", "Разработка и утверждение плана мероприятий", "Не позднее 16.02.2022",
         "Муниципальный координатор проекта", "Утвержден План мероприятий"],
        # a merged item-number cell: the two physical rows are one item, merged executor once
        ["1.3.", "Организация профориентационной работы по созданию профильных классов\n"
                 "- Создание психолого-педагогических классов",
         "Февраль - март 2022 года\n2022-2024 г.г.", "Участник проекта",
         "Проведены индивидуальные собеседования\nСозданы классы"],
        ["2. Мероприятия по реализации проекта", "", "", "", ""],
        # level-2 counter restarts under the new heading; w:br and paragraphs become "\n"
        ["2.1.", "Участие в цикле еженедельных вебинаров\nпо актуальным вопросам",
         "10.02.2022-23.06.2022\n15.09.2022-22.12.2022", "Куратор проекта,\nучастник проекта",
         "Участники проекта приняли участие в вебинарах"],
        # deadline and executor cells merged horizontally: text in the first of them
        ["2.2.", "Проведение консультаций, собеседований", "По запросу ОО", "", "Проведены консультации"],
        ["2.3", "Участие в межрегиональном форуме «500+»", "26.04.2022- 27.04.2022", "Участник проекта",
         "Участники проекта приняли участие в мероприятии"],
    ]
    texts = [b.text for b in parsed.blocks if isinstance(b, TextLine)]
    # an auto-numbered paragraph of the order's text keeps its number too
    assert "1. Утвердить план мероприятий («дорожную карту») по реализации проекта «500+»." in texts
    assert parsed.blocks.index(table) == 5 and texts[-1] == "Состав рабочей группы утвержден приложением 2."


def test_layout_frame_emits_inner_table_and_nested_table_is_cell_text():
    parsed = parse_docx(fixture("nested.docx"), SETTINGS)
    kinds = [type(b).__name__ for b in parsed.blocks]
    assert kinds == ["TextLine", "TextLine", "RawTable", "TextLine", "RawTable"]
    framed, outer = parsed.tables
    assert framed.width == 5 and [r[0] for r in rows_of(framed)] == ["№ п/п", "1.1.", "1.2."]
    assert parsed.blocks[1].text == "Дорожная карта по реализации муниципальной программы"
    assert rows_of(outer)[1] == [
        "10.", "Участие в реализации проектов «Учитель для России»", "Февраль",
        "Исполнители:\nГайворонская Н.И.\nзаместитель руководителя\nСуворина Т.В.\nметодист",
        "Снижение риска кадрового дефицита",
    ]


def test_two_tables_each_emitted_in_document_order():
    parsed = parse_docx(fixture("two_tables.docx"), SETTINGS)
    assert [(type(b).__name__, getattr(b, "width", None)) for b in parsed.blocks] == [
        ("TextLine", None), ("RawTable", 3), ("TextLine", None), ("RawTable", 5), ("TextLine", None),
    ]
    group, roadmap = parsed.tables
    assert rows_of(group)[2] == ["2.", "Соловьева О.В.", "специалист по курсовой подготовке"]
    assert rows_of(roadmap)[0][1] == "Мероприятие"


def test_output_pickles_and_every_row_is_padded():
    parsed = parse_docx(fixture("spans.docx"), SETTINGS)
    assert pickle.loads(pickle.dumps(parsed)) == parsed
    for table in parsed.tables:
        assert {len(r.cells) for r in table.rows} == {table.width}
        assert all(r.page is None for r in table.rows)


# ---------------------------------------------------------------- runs and numbering

W = nsdecls("w")


@pytest.mark.parametrize(
    "xml, expected",
    [
        (f"<w:p {W}><w:r><w:t>Март</w:t></w:r><w:r><w:br/><w:t>2022</w:t></w:r></w:p>", "Март\n2022"),
        (f"<w:p {W}><w:r><w:t>учителей</w:t><w:noBreakHyphen/><w:t>предметников</w:t></w:r></w:p>", "учителей-предметников"),
        (f"<w:p {W}><w:r><w:t>Ссылка</w:t><w:tab/><w:t>сайт</w:t></w:r></w:p>", "Ссылка сайт"),
        (f"<w:p {W}><w:r><w:t>До 1 </w:t></w:r><w:del w:id='1' w:author='a'><w:r><w:delText>марта</w:delText></w:r></w:del>"
         f"<w:ins w:id='2' w:author='a'><w:r><w:t>апреля</w:t></w:r></w:ins></w:p>", "До 1 апреля"),
        (f"<w:p {W}><w:r><w:rPr><w:vanish/></w:rPr><w:t>скрыто</w:t></w:r><w:r><w:t>видно</w:t></w:r></w:p>", "видно"),
        (f"<w:p {W} xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
         f"<w:hyperlink r:id='rId9'><w:r><w:t>https://mo73.ru/dev/oo/500/</w:t></w:r></w:hyperlink></w:p>",
         "https://mo73.ru/dev/oo/500/"),
        (f"<w:p {W}><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
         f"<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>", "3"),
    ],
)
def test_paragraph_runs_to_text(xml, expected):
    assert paragraph_to_text(parse_xml(xml), NumberingState()) == expected


def test_text_box_read_once_after_its_paragraph():
    box = "<w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent>"
    body = parse_xml(
        f"<w:body {W} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'"
        " xmlns:wps='http://schemas.microsoft.com/office/word/2010/wordprocessingShape' xmlns:v='urn:schemas-microsoft-com:vml'>"
        "<w:p><w:r><w:t>ПРИКАЗ</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{box.format('Управление образования')}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box.format('Управление образования')}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>№ 19/1</w:t></w:r></w:p></w:body>"
    )
    assert [b.text for b in body_to_blocks(body, NumberingState())] == ["ПРИКАЗ", "Управление образования", "№ 19/1"]


@pytest.mark.parametrize(
    "value, num_fmt, expected",
    [(4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (3, "russianLower", "в"), (28, "russianUpper", "Я"), (29, "russianUpper", "АА"),
     (27, "lowerLetter", "aa"), (7, "decimalZero", "07"), (12, "decimal", "12"), (5, "ordinal", "5")],
)
def test_number_to_format(value, num_fmt, expected):
    assert number_to_format(value, num_fmt) == expected


def _numbering_document(nums: list[tuple[str, str, int | None]], paragraphs: list[tuple[str, int]]) -> bytes:
    """A document whose paragraphs use the given w:num entries (numId, abstractNumId, startOverride)."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f"<w:abstractNum {W} w:abstractNumId='70'>"
        "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='upperRoman'/><w:lvlText w:val='%1.'/></w:lvl>"
        "<w:lvl w:ilvl='1'><w:start w:val='1'/><w:numFmt w:val='decimal'/><w:lvlText w:val='%1.%2'/><w:isLgl/></w:lvl>"
        "</w:abstractNum>"
    )
    numbering.insert(0, abstract)
    for num_id, abstract_id, start in nums:
        override = f"<w:lvlOverride w:ilvl='0'><w:startOverride w:val='{start}'/></w:lvlOverride>" if start else ""
        numbering.append(parse_xml(f"<w:num {W} w:numId='{num_id}'><w:abstractNumId w:val='{abstract_id}'/>{override}</w:num>"))
    for num_id, ilvl in paragraphs:
        p = document.add_paragraph("пункт")
        p._p.get_or_add_pPr().append(parse_xml(f"<w:numPr {W}><w:ilvl w:val='{ilvl}'/><w:numId w:val='{num_id}'/></w:numPr>"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_lists_sharing_an_abstract_list_continue_unless_restarted():
    data = _numbering_document(
        [("71", "70", None), ("72", "70", None), ("73", "70", 1)],
        [("71", 0), ("71", 1), ("71", 1), ("72", 0), ("72", 1), ("73", 0), ("0", 0)],
    )
    texts = [b.text for b in parse_docx(data, SETTINGS).blocks]
    # isLgl shows the roman level as a decimal inside "%1.%2"; numId 0 switches numbering off
    assert texts == ["I. пункт", "1.1 пункт", "1.2 пункт", "II. пункт", "2.1 пункт", "I. пункт", "пункт"]


# ---------------------------------------------------------------- damaged and foreign files

def test_damaged_files_raise_corrupt_file():
    good = fixture("spans.docx")
    for data in (good[: len(good) // 2], b"not a word file", b""):
        with pytest.raises(CorruptFile):
            parse_docx(data, SETTINGS)


def test_password_protected_docx_says_so():
    with pytest.raises(EncryptedFile, match="password-protected"):
        parse_docx(fixture("encrypted_docx.docx"), SETTINGS)


@pytest.mark.parametrize("content_type", ["application/vnd.ms-word.document.macroEnabled.main+xml",
                                          "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"])
def test_macro_documents_and_templates_are_read_as_docx(content_type):
    data = fixture("spans.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                          content_type.encode())
            target.writestr(info.filename, content)
    assert parse_docx(out.getvalue(), SETTINGS).blocks == parse_docx(data, SETTINGS).blocks


def test_other_office_package_is_unsupported():
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        parse_docx(out.getvalue(), SETTINGS)


# ---------------------------------------------------------------- the corpus and real documents

GOLD_ORDERS = ["000_a0d45a5f047f39a2", "001_835dafa0f7397687", "003_634ec10432542fee"]


def _number_column(rows: list[list[str]]) -> list[str]:
    return [r[0].rstrip(".") for r in rows if re.fullmatch(r"\d+(\.\d+)*\.?", r[0])]


@pytest.mark.parametrize("stem", GOLD_ORDERS)
def test_corpus_docx_numbers_match_the_text_dump(stem):
    from parsers.text_dump import parse_text_dump

    parsed = parse_docx(shared(CORPUS / f"{stem}.docx"), SETTINGS)
    dump = parse_text_dump(shared(CORPUS / f"{stem}.txt"), SETTINGS)
    [table] = parsed.tables
    dumped = [c for t in dump.tables for c in _number_column(rows_of(t))]
    # the dump prints 000's first heading as "1." | title; the DOCX spans it over the row
    assert _number_column(rows_of(table)) == [n for n in dumped if not (stem.startswith("000") and n == "1")]
    assert isinstance(parsed.blocks[0], TextLine)


@pytest.mark.parametrize(
    "stem, number, cells",
    [
        # the dump interleaves 3.4 and 3.5 over a page break; the DOCX cell is whole
        ("000_a0d45a5f047f39a2", "3.4.", ["3.4.", "Экспертиза документов муниципальных графиков (дорожных карт)", "До 15 мая 2022",
                                          "ОГАУ «Институт развития образования»", "Сопроводительное письмо от муниципального отдела образования",
                                          "Ссылка на информационный ресурс https://mo73.ru/dey/o/500/"]),
        ("001_835dafa0f7397687", "30.", ["30.", "Приобщение родителей (законных представителей)", "", "В течение года", "Включение всех участников"]),
        ("003_634ec10432542fee", "2.10.", ["2.10.", "Посещение МОУ «Средняя школа №2»", "Март – декабрь 2022 года 12.03.2022",
                                            "Участник проекта, муниципальный координатор", "Составлен график посещений"]),
    ],
)
def test_corpus_docx_rows(stem, number, cells):
    [table] = parse_docx(shared(CORPUS / f"{stem}.docx"), SETTINGS).tables
    [row] = [r for r in rows_of(table) if r[0] == number]
    assert len(row) == len(cells)
    for got, want in zip(row, cells):
        assert got.startswith(want) if want else got == ""


@pytest.mark.parametrize(
    "stem, heading",
    [("000_a0d45a5f047f39a2", "1. Диагностика факторов риска учебной неуспешности"),
     ("001_835dafa0f7397687", "1.1. Преодоление дефицита базовой инфраструктуры"),
     ("003_634ec10432542fee", "7. Сопровождение на муниципальном уровне")],
)
def test_corpus_spanning_headings_have_one_cell(stem, heading):
    [table] = parse_docx(shared(CORPUS / f"{stem}.docx"), SETTINGS).tables
    [row] = [r for r in rows_of(table) if r[0].startswith(heading)]
    assert row[1:] == [""] * (len(row) - 1)


def test_r03_half_filled_template():
    parsed = parse_docx(shared(REAL / "r03_mobu_sosh_celinny_plan_vnedreniya_fgos_2015.docx"), SETTINGS)
    [table] = parsed.tables
    rows = rows_of(table)
    assert len(rows) == 48 and table.width == 5  # its three empty rows are not rows (table_grid)
    assert rows[1] == ["1. Нормативно-правовое направление", "", "", "", ""]
    assert rows[2][3] == "Директор  ОУ\nАхметкужина Ш.И.\nЗам.дир по УВР\nГумерова Р.Х."
    assert rows[6] == ["1.5", "", "", "", ""]  # numbered but empty: the assembly drops it


def test_r04_stress_plan_auto_numbered_cell_lines():
    parsed = parse_docx(shared(REAL / "r04_mobu_sosh_celinny_plan_raboty_2015-2016_STRESS.docx"), SETTINGS)
    assert len(parsed.tables) == 12 and parsed.pages == 14
    cells = [c for t in parsed.tables for r in t.rows for c in r.cells]
    [summer] = [c for c in cells if "Здравствуй, лето" in c]
    # these five lines are a Word list: the numbers exist only in numbering.xml
    assert "\n1. Организация деятельности школьных лагерей" in summer
    assert summer.endswith("\n5. Организация походов, экскурсий с учащимися.")
