"""Region, municipality, authority, number and date from letterheads and approval blocks that
name no region: the table of populated places, the postal index, the telephone code and the
region-numbered domain decide, the issuer's name wins when they disagree; a plan approved by an
institution's director takes the approving act's number and date. Letterheads written here, run
as lines, as a text dump and as a DOCX through the whole extraction."""
from __future__ import annotations

from datetime import date

import pytest

from normalize.metadata import metadata_from_text

D = date

# name -> (letterhead lines, expected fields); None where a field must be empty
LETTERHEADS = {
    "school of arts named after its district (Кимовск)": (
        ["Муниципальное бюджетное учреждение дополнительного образования",
         "«Детская школа искусств Кимовского района»",
         "УТВЕРЖДАЮ", "Директор МБУ ДО «ДШИ»", "____________ И.И. Иванов", "Приказ № 12/3-од", "«05» сентября 2023 г.",
         "План работы на 2023-2024 учебный год"],
        dict(authority="Муниципальное бюджетное учреждение дополнительного образования «Детская школа искусств "
                       "Кимовского района»", region="Тульская область", region_code="RU-TUL", region_source="municipality",
             municipality="Кимовский район", doc_type="план", doc_number="12/3-од", doc_date=D(2023, 9, 5))),
    "the approver's post names the institution, the stamp on one line": (
        ["УТВЕРЖДАЮ", "Директор МБУ ДО «Детская школа искусств Кимовского района»", "____________ И.И. Иванов",
         "Приказ № 12/3-од «05» сентября 2023 г.", "План работы на 2023-2024 учебный год"],
        dict(authority="МБУ ДО «Детская школа искусств Кимовского района»", region_code="RU-TUL",
             doc_type="план", doc_number="12/3-од", doc_date=D(2023, 9, 5))),
    "approved by the director's order, the institution in the title": (
        ["Утверждено приказом директора", "от 05.09.2023 № 12/3-од", "План мероприятий по противодействию коррупции",
         "МБУ ДО «Детская школа искусств Кимовского района» на 2023 год"],
        dict(authority="МБУ ДО «Детская школа искусств Кимовского района»", region_code="RU-TUL", doc_type="план",
             doc_number="12/3-од", doc_date=D(2023, 9, 5))),
    "a school's number is not the act's": (
        ["УТВЕРЖДАЮ", "Директор МБОУ «СОШ № 5» г. Тихорецка", "_______ А.А. Петрова", "«01» сентября 2023 г.",
         "План работы школы на 2023/2024 учебный год"],
        dict(authority="МБОУ «СОШ № 5» г. Тихорецка", region="Краснодарский край", municipality="город Тихорецк",
             doc_type="план", doc_number=None, doc_date=D(2023, 9, 1))),
    "city okrug named like its city, postal index and phone agree": (
        ["Администрация Ленинск-Кузнецкого городского округа", "Управление образования",
         "652500, г. Ленинск-Кузнецкий, ул. Ленина, 1, тел. 8 (38456) 2-11-11",
         "ПРИКАЗ", "12.01.2024 № 15", "Об утверждении плана мероприятий"],
        dict(authority="Управление образования администрации Ленинск-Кузнецкого городского округа",
             region="Кемеровская область — Кузбасс", region_code="RU-KEM", region_source="municipality",
             municipality="Ленинск-Кузнецкий городской округ", doc_type="приказ", doc_number="15",
             doc_date=D(2024, 1, 12))),
    "district named after its centre (Тихорецк)": (
        ["Управление образования Тихорецкого района", "ПРИКАЗ", "от 10.02.2023 № 45", "Об утверждении дорожной карты"],
        dict(region="Краснодарский край", region_code="RU-KDA", municipality="Тихорецкий район", doc_number="45")),
    "only the postal index names the region": (
        ["МУНИЦИПАЛЬНОЕ КАЗЁННОЕ УЧРЕЖДЕНИЕ «ЦЕНТР РАЗВИТИЯ ОБРАЗОВАНИЯ»", "443099, г. Новокуйбышевск, ул. Миронова, 5",
         "ПРИКАЗ", "№ 7 от 03.03.2023", "Об утверждении плана"],
        dict(region="Самарская область", region_code="RU-SAM", region_source="postal index")),
    "only the telephone code": (
        ["Отдел образования", "Тел. (84235) 2-12-34", "ПРИКАЗ", "14.03.2023 № 9", "Об утверждении плана"],
        dict(region="Ульяновская область", region_source="telephone code")),
    "only a regional site": (
        ["Отдел образования", "сайт: edu27.ru", "ПРИКАЗ", "14.03.2023 № 9", "Об утверждении плана"],
        dict(region="Хабаровский край", region_code="RU-KHA", region_source="web domain")),
    "the region printed in the name wins over a disagreeing postal index": (
        ["Министерство образования Тульской области", "432011, г. Ульяновск", "ПРИКАЗ", "01.02.2023 № 3",
         "Об утверждении дорожной карты"],
        dict(region="Тульская область", region_source="issuer name")),
    "the municipality wins over a disagreeing phone code": (
        ["Управление образования Тихорецкого района", "тел. 8 (846) 123-45-67", "ПРИКАЗ", "от 10.02.2023 № 45",
         "Об утверждении дорожной карты"],
        dict(region="Краснодарский край", region_source="municipality")),
    "a district named in two regions, the postal index chooses": (
        ["Отдел образования администрации Бобровского муниципального района", "397700, г. Бобров", "ПРИКАЗ",
         "29.03.2021 № 121", "Об утверждении дорожной карты"],
        dict(region="Воронежская область", region_source="municipality")),
    "a district named in two regions and nothing else": (
        ["Отдел образования администрации Бобровского муниципального района", "ПРИКАЗ", "29.03.2021 № 121",
         "Об утверждении дорожной карты"],
        dict(region=None, region_code=None, region_source=None, municipality="Бобровский муниципальный район")),
    "a city district's name is no signal": (
        ["Администрация Кировского района", "ПРИКАЗ", "01.02.2023 № 3", "Об утверждении плана"],
        dict(region=None, municipality="Кировский район")),
    "the place under the heading": (
        ["Управление образования", "ПРИКАЗ", "01.02.2023 № 3", "г. Кимовск", "Об утверждении плана"],
        dict(region="Тульская область", region_source="place")),
}


@pytest.mark.parametrize("case", sorted(LETTERHEADS))
def test_letterhead(case):
    lines, expected = LETTERHEADS[case]
    meta = metadata_from_text(lines)
    assert {key: getattr(meta, key) for key in expected} == expected


@pytest.mark.parametrize("case, warned", [
    ("the region printed in the name wins over a disagreeing postal index", "postal index '432011'"),
    ("the municipality wins over a disagreeing phone code", "telephone code"),
    ("a district named in two regions and nothing else", "names places in several regions"),
])
def test_disagreement_and_doubt_are_warnings(case, warned):
    meta = metadata_from_text(LETTERHEADS[case][0])
    assert any(warned in w for w in meta.warnings), meta.warnings


def test_agreeing_signals_give_no_warning():
    meta = metadata_from_text(LETTERHEADS["city okrug named like its city, postal index and phone agree"][0])
    assert meta.warnings == []


# ---------------------------------------------------------------- through the whole extraction

APPROVAL = LETTERHEADS["school of arts named after its district (Кимовск)"]
TABLE = [["№ п/п", "Мероприятие", "Срок", "Ответственный"],
         ["1.", "Проведение педагогического совета", "Сентябрь", "Иванов И.И."],
         ["2.", "Отчётный концерт", "Май", "Петрова А.А."]]
FIELDS = ("authority", "region", "region_code", "municipality", "doc_type", "doc_number", "doc_date")


def expected_document() -> dict:
    want = APPROVAL[1]
    return {k: (want[k].isoformat() if isinstance(want[k], date) else want[k]) for k in FIELDS}


def test_the_approval_block_in_a_dump():
    from ingest.extraction import extract_bytes

    dump = "\n".join(APPROVAL[0]) + "\n\n" + "\n".join("\t".join(row) for row in TABLE) + "\n"
    document = extract_bytes(dump.encode("utf-8"), "plan.txt").document
    assert {k: document[k] for k in FIELDS} == expected_document()


def test_the_approval_block_in_a_docx(tmp_path):
    docx = pytest.importorskip("docx")
    from ingest.extraction import extract_bytes

    doc = docx.Document()
    for line in APPROVAL[0]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "plan.docx"
    doc.save(path)
    extraction = extract_bytes(path.read_bytes(), "plan.docx")
    assert {k: extraction.document[k] for k in FIELDS} == expected_document()
    assert len(extraction.rows) == 2


@pytest.mark.parametrize("letterhead, region", [
    ("МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ\nПРИКАЗ\n12 марта 2023 г. № 160\nМосква", None),
    ("ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ ОБРАЗОВАНИЯ И НАУКИ\nПРИКАЗ\n12.03.2023 № 16\nМосква", None),
    # a federal institution in a region, under its federal ministry's line: the region is its own
    ("МИНИСТЕРСТВО ТРАНСПОРТА РОССИЙСКОЙ ФЕДЕРАЦИИ\nФедеральное государственное бюджетное образовательное "
     "учреждение высшего образования\n«Ростовский государственный университет путей сообщения»\nПРИКАЗ\n"
     "12.03.2023 № 5\nг. Ростов-на-Дону", "Ростовская область"),
    ("Департамент образования города Москвы\nПРИКАЗ\n12.03.2023 № 5", "Москва"),
])
def test_a_federal_body_belongs_to_no_region(letterhead, region):
    meta = metadata_from_text(letterhead.split("\n") + ["Об утверждении плана мероприятий"])
    assert meta.region == region
    assert any("federal body" in w for w in meta.warnings) is (region is None)


@pytest.mark.parametrize("lines, doc_type", [
    # an OCR text layer lost the plan's heading "ПЛАН" and its approval block; its first section
    # defines the plan's title as "План" (r02's shape)
    (["Тихорецкий техникум железнодорожного транспорта", "МЕРОПРИЯТИЙ ПО ПРОТИВОДЕЙСТВИЮ КОРРУПЦИИ", "1. Общие положения",
      "1.2.План мероприятий техникума по противодействию коррупции на 2024-2025 учебный год (далее - План) определяет"],
     "план"),
    # an order's "(далее – План)" names its appendix: the act heading decides
    (["ПРИКАЗ", "12.03.2023 № 5", "Об утверждении плана", "1. Утвердить План мероприятий на 2023 год (далее – План)."],
     "приказ"),
    (["Тихорецкий техникум", "1. Утвердить Положение о комиссии (далее – Положение)."], None),
])
def test_a_plan_that_defines_its_own_title_is_a_plan(lines, doc_type):
    assert metadata_from_text(lines).doc_type == doc_type
