"""Document metadata from the text outside the table: real header lines of the five orders (as
the dump, the PDF text layer and OCR print them), the fields they give, and the five dumps."""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date

import pytest

from normalize.metadata import authority_case, clean_lines, metadata_from_text, plan_year_hints
from normalize.metadata.layout import (
    body_from_post, letterhead_bodies, line_to_date, line_to_number, lines_to_layout, signature_post, vocabulary,
)
from parsers.text_dump import parse_text_dump
from tests.conftest import sample


def dump_lines(prefix: str) -> list[str]:
    """The lines the pipeline hands to metadata_from_text: text before the first table."""
    return [t.text for t in parse_text_dump(sample(prefix).read_bytes()).text_before_first_table()]


# ---------------------------------------------------------------- the five dumps

FIVE = {
    "000": dict(
        authority="Министерство просвещения и воспитания Ульяновской области", region="Ульяновская область",
        region_code="RU-ULY", municipality=None, doc_type="план", doc_number="8-ПА", doc_date=date(2021, 2, 24),
        title="План мероприятий («Дорожная карта») по организационно методической поддержке общеобразовательных "
              "организаций, находящихся на территории Ульяновской области, имеющих низкие образовательные "
              "результаты обучающихся"),
    "001": dict(
        authority="Отдел образования администрации Бобровского муниципального района", region="Воронежская область",
        region_code="RU-VOR", municipality="Бобровский муниципальный район", doc_type="приказ", doc_number="121",
        doc_date=date(2021, 3, 29),
        title="Об утверждении «Дорожной карты» муниципальных мероприятий проекта методической поддержки "
              "общеобразовательным организациям Бобровского муниципального района, имеющим низкие образовательные "
              "результаты обучающихся в 2021 году (проект 500+)"),
    "002": dict(
        authority="Министерство образования и науки Алтайского края", region="Алтайский край", region_code="RU-ALT",
        municipality=None, doc_type="приказ", doc_number="169", doc_date=date(2022, 2, 28),
        title="Об утверждении дорожной карты реализации в 2022 году проекта адресной методической помощи "
              "общеобразовательным организациям Алтайского края, имеющим низкие образовательные результаты "
              "обучающихся"),
    "003": dict(
        authority="Управление образования администрации Устюженского муниципального района",
        region="Вологодская область", region_code="RU-VLG", municipality="Устюженский муниципальный район",
        doc_type="приказ", doc_number="19/1", doc_date=date(2022, 2, 16),
        title="Об утверждении плана мероприятий («дорожной карты») по реализации проекта «500+» Устюженского "
              "муниципального района в 2022 году"),
    "004": dict(
        authority="Управление образования города Ульяновска", region="Ульяновская область", region_code="RU-ULY",
        municipality="город Ульяновск", doc_type="приказ", doc_number="139", doc_date=date(2023, 2, 14),
        title="Об утверждении комплекса мер по повышению качества общего образования в образовательных "
              "организациях со стабильно низкими образовательными результатами"),
}


@pytest.mark.parametrize("prefix", sorted(FIVE))
def test_the_five_dumps(prefix):
    meta = metadata_from_text(dump_lines(prefix))
    got = {key: getattr(meta, key) for key in FIVE[prefix]}
    assert got == FIVE[prefix]


@pytest.mark.parametrize("prefix, hints", [("000", []), ("001", [2021]), ("002", [2022]), ("003", [2022]), ("004", [])])
def test_plan_year_hints_of_the_five_dumps(prefix, hints):
    assert metadata_from_text(dump_lines(prefix)).plan_year_hints == hints


def test_002_approval_block_date_disagrees_with_the_heading():
    meta = metadata_from_text(dump_lines("002"))
    assert meta.doc_date == date(2022, 2, 28)
    assert len(meta.warnings) == 1 and "2022-02-08" in meta.warnings[0]


def test_001_has_no_letterhead_and_says_where_the_authority_came_from():
    assert metadata_from_text(dump_lines("001")).warnings == [
        "no letterhead names the issuing body; it was taken from the signature block"]


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_a_clean_header_gives_no_warnings(prefix):
    assert metadata_from_text(dump_lines(prefix)).warnings == []


# ---------------------------------------------------------------- other renderings of the same headers

# 003 and 001 as pdfplumber reads the PDF text layer: the title wraps onto a capitalised line
PDF_003 = [
    "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ", "УСТЮЖЕНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА", "ПРИКАЗ", "16.02.2022", "№ 19/1",
    "г. Устюжна",
    "Об утверждении плана мероприятий («дорожной карты») по реализации проекта «500+»",
    "Устюженского муниципального района в 2022 году",
    "В соответствии с письмом Федеральной службы по надзору в сфере образования и науки от",
    "22.11.2021 № 02-21/683 «О реализации проекта адресной методической помощи «500+» в 2022",
    "году», приказом Департамента образования Вологодской области от 16.12.2021 № 2552 «О",
    "ПРИКАЗЫВАЮ:",
]
# 001 as tesseract reads the scan: spaced-out operative word joined, a hyphenated line end
OCR_001 = [
    "ПРИКАЗ", "29.03.2021 г.", "№ 121", "г. Бобров",
    "Об утверждении «Дорожной карты» муниципальных мероприятий проекта методической",
    "поддержки общеобразовательным организациям Бобровского муниципального района, имеющим",
    "низкие образовательные результаты обучающихся в 2021 году (проект 500+)",
    "В соответствии с приказами департамента образования, науки и молодежной политики",
    "Воронежской области от 22.03.2021 № 316 «Об утверждении плана-графика (дорожной карты)",
    "в 2021 году» приказываю :",
    "3. Контроль за исполнением приказа возложить на заместителя руководителя отдела образования Гайворонскую Н.И.",
    "Заместитель главы администрации –", "руководитель отдела образования", "администрации Бобровского",
    "муниципального района", "Ю.А. Шашкин",
]


@pytest.mark.parametrize("lines, prefix", [(PDF_003, "003"), (OCR_001, "001")])
def test_pdf_and_ocr_line_breaks_give_the_same_fields(lines, prefix):
    meta = metadata_from_text(lines)
    assert {key: getattr(meta, key) for key in FIVE[prefix]} == FIVE[prefix]


def test_a_docx_with_a_header_table_lost_still_reads_the_approval_block():
    """An appendix printed alone: only the approval block and the plan's title."""
    lines = ["УТВЕРЖДЕНА", "приказом Министерства образования", "и науки Алтайского края",
             "от «08» 02 2022 г. № 169",
             "Дорожная карта реализации в 2022 году проекта адресной методической помощи"]
    meta = metadata_from_text(lines)
    assert (meta.authority, meta.region_code, meta.doc_type, meta.doc_number, meta.doc_date) == (
        "Министерство образования и науки Алтайского края", "RU-ALT", "план", "169", date(2022, 2, 8))
    assert meta.title == "Дорожная карта реализации в 2022 году проекта адресной методической помощи"
    assert meta.plan_year_hints == [2022]


# ---------------------------------------------------------------- the pieces


@pytest.mark.parametrize("line, expected", [
    ("29.03.2021 г.", date(2021, 3, 29)),
    ("28.02 2022 г.", date(2022, 2, 28)),
    ("14/02/2023 № 139", date(2023, 2, 14)),
    ("от «08» 02 2022 г. № 169", date(2022, 2, 8)),
    ("«16» февраля 2022 г.", date(2022, 2, 16)),
    ("16 февраля 2022 г.", date(2022, 2, 16)),
    ("24.02.2021 № 8-ПА", date(2021, 2, 24)),
    ("16.02.2022", date(2022, 2, 16)),
    ("от 29.03.21 № 121", date(2021, 3, 29)),
    ("01-09-2022", date(2022, 9, 1)),
    ("« 3 » сент. 2021 г.", date(2021, 9, 3)),
    ("« _____ » _____ 20__ г.", None),
    ("« _____ » _____ 2021 года", None),
    ("Телефон: 8(8422) 41-79-27", None),
    ("432011, г. Ульяновск, Спасская ул., 18А", None),
    ("31.02.2022", None),
])
def test_line_to_date(line, expected):
    assert line_to_date(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("№ 121", "121"), ("№ 19/1", "19/1"), ("24.02.2021 № 8-ПА", "8-ПА"), ("14/02/2023 № 139", "139"),
    ("№121-р", "121-р"), ("N 45", "45"), ("от 16.02.2022 №19/1.", "19/1"), ("№ п/п", None), ("ПРИКАЗ", None),
    ("Нет номера", None),
])
def test_line_to_number(line, expected):
    assert line_to_number(line) == expected


@pytest.mark.parametrize("line, doc_type", [
    ("ПРИКАЗ", "приказ"), ("П Р И К А З", "приказ"), ("РАСПОРЯЖЕНИЕ", "распоряжение"),
    ("ПОСТАНОВЛЕНИЕ № 5", "постановление"), ("Приказ от 01.02.2022 № 3", "приказ"), ("РЕШЕНИЕ", "решение"),
])
def test_act_headings(line, doc_type):
    assert lines_to_layout([line, "Об утверждении плана"]).heading_type == doc_type


@pytest.mark.parametrize("line", ["Приказ вступает в силу со дня подписания", "Решение задач проекта"])
def test_lines_that_only_start_with_an_act_word_are_no_heading(line):
    assert lines_to_layout([line, "Об утверждении плана"]).heading_type is None


def test_the_operative_word_gives_the_type_when_the_heading_is_lost():
    lines = ["Об утверждении плана", "В соответствии с приказом п р и к а з ы в а ю :", "1. Утвердить план."]
    assert metadata_from_text(lines).doc_type == "приказ"


def test_letterhead_with_two_bodies():
    lines = ["АДМИНИСТРАЦИЯ ГОРОДА УЛЬЯНОВСКА", "УЛЬЯНОВСКОЙ ОБЛАСТИ", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ГОРОДА УЛЬЯНОВСКА"]
    assert letterhead_bodies(lines) == [
        "АДМИНИСТРАЦИЯ ГОРОДА УЛЬЯНОВСКА УЛЬЯНОВСКОЙ ОБЛАСТИ", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ГОРОДА УЛЬЯНОВСКА"]


@pytest.mark.parametrize("lines, expected", [
    (["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ УСТЮЖЕНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА"],
     ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ УСТЮЖЕНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА"]),
    (["Министерство просвещения и", "воспитания Ульяновской области", "432011, г. Ульяновск, Спасская ул., 18А",
      "Телефон: 8(8422) 41-79-27"], ["Министерство просвещения и воспитания Ульяновской области"]),
    (["РОССИЙСКАЯ ФЕДЕРАЦИЯ", "ГЛАВНОЕ УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ВОРОНЕЖСКОЙ ОБЛАСТИ"],
     ["ГЛАВНОЕ УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ВОРОНЕЖСКОЙ ОБЛАСТИ"]),
    (["МКУ «Управление образования»", "(МКУ УО)"], ["МКУ «Управление образования»"]),
])
def test_letterhead_bodies(lines, expected):
    assert letterhead_bodies(lines) == expected


@pytest.mark.parametrize("printed, expected", [
    ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ АЛТАЙСКОГО КРАЯ", "Министерство образования и науки Алтайского края"),
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ГОРОДА УЛЬЯНОВСКА", "Управление образования города Ульяновска"),
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ УСТЮЖЕНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА",
     "Управление образования администрации Устюженского муниципального района"),
    ("Министерство просвещения и  воспитания Ульяновской области",
     "Министерство просвещения и воспитания Ульяновской области"),
    ("МКУ «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ БОБРОВСКОГО МУНИЦИПАЛЬНОГО РАЙОНА»",
     "МКУ «Управление образования Бобровского муниципального района»"),
    ("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ХАНТЫ-МАНСИЙСКОГО АВТОНОМНОГО ОКРУГА – ЮГРЫ",
     "Департамент образования Ханты-Мансийского автономного округа – Югры"),
    ("МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ", "Министерство просвещения Российской Федерации"),
])
def test_authority_case(printed, expected):
    assert authority_case(printed) == expected


@pytest.mark.parametrize("post, body", [
    ("Заместитель главы администрации – руководитель отдела образования администрации Бобровского "
     "муниципального района", "отдел образования администрации Бобровского муниципального района"),
    ("Заместитель руководителя администрации района по социальным вопросам – начальник управления образования",
     "управление образования"),
    ("Временно исполняющий обязанности министра образования и науки Алтайского края",
     "министерство образования и науки Алтайского края"),
    ("Исполняющий обязанности Министра просвещения и воспитания Ульяновской области",
     "министерство просвещения и воспитания Ульяновской области"),
    ("Начальник Управления образования", "Управление образования"),
    ("Директор МОБУ СОШ с.Целинный", "МОБУ СОШ с.Целинный"),
    ("Директор школы", None),
])
def test_body_from_post(post, body):
    assert body_from_post(post) == body


def test_signature_post_skips_a_numbered_item_that_ends_with_a_name():
    lines = clean_lines(dump_lines("001"))
    assert signature_post(lines, lines_to_layout(lines)) == (
        "Заместитель главы администрации – руководитель отдела образования администрации Бобровского "
        "муниципального района")


@pytest.mark.parametrize("text, hints", [
    ("в 2022 году", [2022]),
    ("на 2022 год", [2022]),
    ("на 2022-2024 годы", [2022, 2023, 2024]),
    ("в 2022 - 2024 гг.", [2022, 2023, 2024]),
    ("План работы на 2024-2025 учебный год", [2024]),
    ("на 2015/2016 учебный год", [2015]),
    ("в 2021-2022 уч. году", [2021]),
    ("в течение 2022 года", [2022]),
    ("на 2022г.", [2022]),
    ("от 22.11.2021 № 02-21/683", []),
    ("28.02 2022 г.", []),
    ("в 2022 году, а также в 2023 году и снова в 2022 году", [2022, 2023]),
])
def test_plan_year_hints(text, hints):
    assert plan_year_hints(text) == hints


def test_years_of_cited_documents_in_quotes_are_not_hints():
    lines = ["ПРИКАЗ", "Об утверждении плана", "В соответствии с приказом «О проекте в 2020 году» приказываю:",
             "1. Утвердить план на 2021 год."]
    assert metadata_from_text(lines).plan_year_hints == [2021]


def test_lines_are_split_and_empty_input_says_why():
    assert clean_lines(["УПРАВЛЕНИЕ  ОБРАЗОВАНИЯ", "  ", "a\nb", "……"]) == ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "a", "b"]
    meta = metadata_from_text([])
    assert meta.authority is None and meta.warnings == [
        "the document has no text outside its tables, so it has no order metadata"]


def test_vocabulary_data():
    data = vocabulary()
    assert set(data["doc_types"].values()) >= {"приказ", "распоряжение", "постановление", "решение"}
    assert set(data["approving_acts"].values()) <= set(data["doc_types"].values())
    assert set(data["operative_words"].values()) <= set(data["doc_types"].values())
    assert {"министерство", "департамент", "управление", "отдел", "комитет", "администрация"} <= set(data["body_kinds"])
    assert set(data["post_bodies"]) <= set(data["post_words"])
    words = [w for key in ("body_kinds", "post_words", "approval_words", "title_starts") for w in data[key]]
    assert all(w == w.lower().strip() for w in words)


@pytest.mark.parametrize("line, expected", [
    # month names are the deadline parser's (data/date_words.yaml): every case and abbreviation
    ("от 16 февраля 2022 г. № 8-ПА", "2022-02-16"),
    ("«08» сентября 2021 г.", "2021-09-08"),
    ("5 сент. 2021", "2021-09-05"),
    ("1 мая 2020 года", "2020-05-01"),
    ("3 ЯНВАРЯ 2023 Г.", "2023-01-03"),
    ("12 нояб 2019", "2019-11-12"),
    ("30 февраля 2022", None),
    ("12 сентябрь 2019", "2019-09-12"),
])
def test_month_names_in_printed_dates(line, expected):
    assert line_to_date(line) == (date.fromisoformat(expected) if expected else None)


# ---------------------------------------------------------------- real files from ../shared


def docx_paragraphs(path) -> list[str]:
    docx = pytest.importorskip("docx")
    return [p.text for p in docx.Document(path).paragraphs]


def test_real_school_plan_docx(shared_dir):
    meta = metadata_from_text(docx_paragraphs(shared_dir / "real" / "r03_mobu_sosh_celinny_plan_vnedreniya_fgos_2015.docx"))
    # the title's second line names the school and its district: both are the plan's heading
    assert (meta.authority, meta.doc_type, meta.title, meta.municipality) == (
        "МОБУ СОШ с.Целинный", "план", "План работы по внедрению ФГОС МОБУ СОШ с.Целинный МР Абзелиловский район РБ",
        "Абзелиловский район")


def test_real_stress_docx_gives_its_school_year(shared_dir):
    meta = metadata_from_text(docx_paragraphs(shared_dir / "real" / "r04_mobu_sosh_celinny_plan_raboty_2015-2016_STRESS.docx"))
    assert (meta.doc_type, meta.title, meta.plan_year_hints) == (
        "план", "ПЛАН РАБОТЫ МОБУ СОШ с. Целинный на 2015/2016 учебный год", [2015])


@pytest.mark.skipif(not (shutil.which("tesseract") and shutil.which("pdftoppm")), reason="needs tesseract and poppler")
def test_scanned_first_page_of_003(shared_dir, tmp_path):
    """The real OCR of one scanned page gives the same header fields as the dump."""
    scan = next((shared_dir / "corpus").glob("003_*.scan.pdf"))
    # the top half of page 1 (header, title, preamble), one OCR thread: about 2 s
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "200", "-gray", "-x", "0", "-y", "0", "-W", "1700",
                    "-H", "1100", str(scan), str(tmp_path / "p")], check=True)
    page = next(tmp_path.glob("p*"))
    text = subprocess.run(["tesseract", str(page), "-", "-l", "rus+eng"], check=True, capture_output=True,
                          text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout
    meta = metadata_from_text(text.split("\n"))
    assert {key: getattr(meta, key) for key in FIVE["003"]} == FIVE["003"]


def test_a_regional_centre_named_in_the_text_is_the_last_resort_for_the_region():
    lines = ["ПЛАН", "мероприятий по повышению доступности объектов", "Работы ведутся в г. Ростове-на-Дону и в филиалах."]
    meta = metadata_from_text(lines)
    assert (meta.doc_type, meta.title, meta.region_code) == ("план", "ПЛАН мероприятий по повышению доступности объектов",
                                                             "RU-ROS")


def test_a_plan_title_in_capitals_runs_over_capital_lines_and_skips_debris():
    lines = ["«УТВЕРЖДАЮ»", "Ректор университета", "В.Д. Иванов", "ПЛАН", "_", "МЕРОПРИЯТИЙ ПО ПОВЫШЕНИЮ ДОСТУПНОСТИ",
             "НА 2015 - 2030 ГОДЫ", "1. Общее описание плана"]
    meta = metadata_from_text(lines)
    assert meta.title == "ПЛАН МЕРОПРИЯТИЙ ПО ПОВЫШЕНИЮ ДОСТУПНОСТИ НА 2015 - 2030 ГОДЫ"
    assert meta.plan_year_hints[:2] == [2015, 2016] and meta.plan_year_hints[-1] == 2030


@pytest.mark.parametrize("bodies, expected", [
    (["АДМИНИСТРАЦИЯ БОБРОВСКОГО МУНИЦИПАЛЬНОГО РАЙОНА", "ВОРОНЕЖСКОЙ ОБЛАСТИ", "ОТДЕЛ ОБРАЗОВАНИЯ"],
     "Отдел образования администрации Бобровского муниципального района Воронежской области"),
    (["Администрация Бобровского муниципального района", "Отдел образования"],
     "Отдел образования администрации Бобровского муниципального района"),
    (["АДМИНИСТРАЦИЯ ГОРОДА УЛЬЯНОВСКА", "УЛЬЯНОВСКОЙ ОБЛАСТИ", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ГОРОДА УЛЬЯНОВСКА"],
     "Управление образования города Ульяновска"),
])
def test_an_inner_body_without_a_place_is_completed_by_the_outer_one(bodies, expected):
    meta = metadata_from_text([*bodies, "ПРИКАЗ", "01.02.2022 № 5", "Об утверждении плана"])
    assert meta.authority == expected


@pytest.mark.parametrize("printed, expected", [
    # the letterhead reader knows every legal form of data/legal_forms.yaml, as the executor reader does
    ("ГБПОУ «ВОЛОГОДСКИЙ КОЛЛЕДЖ»", "ГБПОУ «Вологодский колледж»"),
    ("АНО «ЦЕНТР РАЗВИТИЯ»", "АНО «Центр развития»"),
    ("ГКОУ «ШКОЛА-ИНТЕРНАТ № 2»", "ГКОУ «Школа-интернат № 2»"),
])
def test_authority_case_keeps_every_legal_form(printed, expected):
    assert authority_case(printed) == expected
