"""Regions and municipalities: the region table's data, its declined forms, and finding places
in real lines of the orders."""
from __future__ import annotations

import re

import pytest

from normalize.lexicon import load_yaml, phrase_to_case
from normalize.metadata.regions import (
    find_municipalities, find_municipality, find_region, load_regions, name_to_case_forms,
    place_names_capitalised, region_from_city,
)

REGIONS = load_regions()
ENTRIES = load_yaml("regions.yaml")["regions"]


# ---------------------------------------------------------------- the data


def test_all_89_federal_subjects_are_listed_once():
    assert len(REGIONS) == 89
    assert len({r.name for r in REGIONS}) == 89


def test_iso_codes_are_unique_and_well_formed():
    codes = [r.code for r in REGIONS if r.code is not None]
    assert len(codes) == 83 == len(set(codes))
    assert all(re.fullmatch(r"RU-[A-Z]{2,3}", c) for c in codes)


def test_subjects_without_an_iso_ru_code_have_null_code_and_say_where_iso_files_them():
    without = {e["name"]: e.get("iso_elsewhere") for e in ENTRIES if e["code"] is None}
    assert set(without) == {
        "Республика Крым", "Севастополь", "Донецкая Народная Республика", "Луганская Народная Республика",
        "Запорожская область", "Херсонская область"}
    assert all(re.fullmatch(r"UA-\d\d", code) for code in without.values())


@pytest.mark.parametrize("name, code, centre", [
    ("Алтайский край", "RU-ALT", "Барнаул"),
    ("Ульяновская область", "RU-ULY", "Ульяновск"),
    ("Воронежская область", "RU-VOR", "Воронеж"),
    ("Вологодская область", "RU-VLG", "Вологда"),
    ("Москва", "RU-MOW", "Москва"),
    ("Санкт-Петербург", "RU-SPE", "Санкт-Петербург"),
    ("Республика Алтай", "RU-AL", "Горно-Алтайск"),
    ("Республика Саха (Якутия)", "RU-SA", "Якутск"),
    ("Ханты-Мансийский автономный округ — Югра", "RU-KHM", "Ханты-Мансийск"),
    ("Еврейская автономная область", "RU-YEV", "Биробиджан"),
])
def test_known_codes_and_centres(name, code, centre):
    region = next(r for r in REGIONS if r.name == name)
    assert (region.code, region.centre) == (code, centre)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_generated_forms_match_pymorphy3(entry):
    """forms / centre_forms in the YAML are what name_to_case_forms makes; a change of either
    the data or the generator shows up here."""
    expected: list[str] = []
    for base in entry.get("decline") or [entry["name"]]:
        expected += [f for f in name_to_case_forms(base) if f not in expected]
    assert entry["forms"] == expected
    centre = [entry["centre"]] if entry.get("centre_indeclinable") else name_to_case_forms(entry["centre"])
    assert entry["centre_forms"] == centre


@pytest.mark.parametrize("region", REGIONS, ids=[r.name for r in REGIONS])
def test_every_declined_form_maps_back_to_its_region(region):
    assert region.name in region.forms
    for form in region.forms:
        for text in (form, form.upper(), f"приказ департамента образования {form} от 01.02.2022"):
            found = find_region(text)
            assert found is not None and found.name == region.name, text


@pytest.mark.parametrize("region", REGIONS, ids=[r.name for r in REGIONS])
def test_every_centre_form_maps_back_to_its_region(region):
    for form in region.centre_forms:
        assert region_from_city(form).name == region.name
        assert region_from_city(f"г. {form}").name == region.name


def test_the_genitive_dative_and_prepositional_are_among_the_forms():
    ulyanovsk = next(r for r in REGIONS if r.code == "RU-ULY")
    assert {"Ульяновской области", "Ульяновскую область", "Ульяновской областью"} <= set(ulyanovsk.forms)
    altai = next(r for r in REGIONS if r.code == "RU-ALT")
    assert {"Алтайского края", "Алтайскому краю", "Алтайском крае", "Алтайским краем"} <= set(altai.forms)


# ---------------------------------------------------------------- finding regions in real lines


@pytest.mark.parametrize("text, expected", [
    ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ\nАЛТАЙСКОГО КРАЯ", "RU-ALT"),
    ("Министерство просвещения и воспитания Ульяновской области", "RU-ULY"),
    ("АДМИНИСТРАЦИЯ ГОРОДА УЛЬЯНОВСКА УЛЬЯНОВСКОЙ ОБЛАСТИ", "RU-ULY"),
    ("В соответствии с приказами департамента образования, науки и молодежной политики Воронежской "
     "области от 22.03.2021 № 316", "RU-VOR"),
    ("приказом Департамента образования Вологодской области от 16.12.2021 № 2552 «О реализации проекта 500+»",
     "RU-VLG"),
    ("Закон Краснодарского края от 23 июля 2009 года № 1798-КЗ", "RU-KDA"),
    ("г. Воронеж, Воронежская обл.", "RU-VOR"),
    ("в Республике Татарстан", "RU-TA"),
    ("Правительства Ханты-Мансийского автономного округа - Югры", "RU-KHM"),
    ("Министерство образования Республики Алтай", "RU-AL"),
    ("департамент образования Ямало-Ненецкого автономного округа", "RU-YAN"),
    ("Министерство просвещения Кузбасса", "RU-KEM"),
    ("Ненецкого автономного округа", "RU-NEN"),
])
def test_find_region_in_real_lines(text, expected):
    assert find_region(text).code == expected


@pytest.mark.parametrize("text", [
    "Ульяновского района",
    "Алтайского государственного университета",
    "в соответствии с федеральным проектом «Современная школа» национального проекта «Образование»",
    "г. Ульяновск",
    "Ульяновскои области",  # a misspelt name is not guessed
])
def test_find_region_negatives(text):
    assert find_region(text) is None


def test_find_region_prefers_the_most_named_region():
    text = ("по опыту Республики Татарстан; Управление образования Устюженского муниципального района "
            "Вологодской области; приказ Департамента образования Вологодской области")
    assert find_region(text).code == "RU-VLG"


def test_latin_look_alikes_from_ocr_are_folded():
    assert find_region("Boронежской области").code == "RU-VOR"  # Latin B


# ---------------------------------------------------------------- municipalities


@pytest.mark.parametrize("text, expected", [
    ("Отдел образования администрации Бобровского муниципального района", "Бобровский муниципальный район"),
    ("**УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ\nУСТЮЖЕНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА**", "Устюженский муниципальный район"),
    ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\nГОРОДА УЛЬЯНОВСКА", "город Ульяновск"),
    ("Управление образования города Ульяновска", "город Ульяновск"),
    ("в Устюженском муниципальном районе на 2022 год", "Устюженский муниципальный район"),
    ("МОБУ СОШ с.Целинный МР Абзелиловский район РБ", "Абзелиловский район"),
    ("администрации городского округа Тольятти", "городской округ Тольятти"),
    ("Управление образования администрации городского округа город Воронеж", "городской округ город Воронеж"),
    ("комитет по образованию Лужского муниципального района", "Лужский муниципальный район"),
    ("Администрация Нижнеломовского района", "Нижнеломовский район"),
    ("администрация Кировского сельского поселения", "Кировское сельское поселение"),
    ("Управление образования Ханты-Мансийского района", "Ханты-Мансийский район"),
    ("директора МАОУ «Средняя общеобразовательная школа №25» г. Череповца", "город Череповец"),
    ("Департамент образования мэрии города Нижнего Новгорода", "город Нижний Новгород"),
])
def test_find_municipality_in_real_lines(text, expected):
    assert find_municipality(text) == expected


@pytest.mark.parametrize("text", [
    "Министерство образования и науки Алтайского края",
    "в каждом муниципальном районе",
    "руководителям муниципальных органов управления образованием",
    "Департамент образования города Москвы",  # a federal city is a region
    "28.02 2022 г. приказом",
    "в соответствующем муниципальном районе",
    "Заместитель руководителя администрации района по социальным вопросам",
])
def test_find_municipality_negatives(text):
    assert find_municipality(text) is None


def test_find_municipalities_lists_all_in_order():
    text = "АДМИНИСТРАЦИЯ ГОРОДА УЛЬЯНОВСКА УЛЬЯНОВСКОЙ ОБЛАСТИ УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ГОРОДА УЛЬЯНОВСКА"
    assert [m.name for m in find_municipalities(text)] == ["город Ульяновск", "город Ульяновск"]


@pytest.mark.parametrize("city, expected", [
    ("г. Барнаул", "Алтайский край"),
    ("Ульяновска", "Ульяновская область"),
    ("город Вологда", "Вологодская область"),
    ("Ростова-на-Дону", "Ростовская область"),
    ("Нижнем Новгороде", "Нижегородская область"),
    ("г. Бобров", None),
    ("г. Устюжна", None),
])
def test_region_from_city(city, expected):
    found = region_from_city(city)
    assert (found.name if found else None) == expected


# ---------------------------------------------------------------- declension and capitals


@pytest.mark.parametrize("phrase, target, source, expected", [
    ("Бобровского муниципального района", "nomn", "gent", "Бобровский муниципальный район"),
    ("отдела образования администрации Бобровского муниципального района", "nomn", "gent",
     "отдел образования администрации Бобровского муниципального района"),
    ("главного управления образования", "nomn", "gent", "главное управление образования"),
    ("Республика Саха (Якутия)", "gent", "nomn", "Республики Саха (Якутия)"),
    ("Нижний Новгород", "loct", "nomn", "Нижнем Новгороде"),
    ("Кабардино-Балкарская Республика", "datv", "nomn", "Кабардино-Балкарской Республике"),
])
def test_phrase_to_case(phrase, target, source, expected):
    assert phrase_to_case(phrase, target, source) == expected


@pytest.mark.parametrize("lowered, expected", [
    ("министерство образования и науки алтайского края", "министерство образования и науки Алтайского края"),
    ("управление образования администрации устюженского муниципального района",
     "управление образования администрации Устюженского муниципального района"),
    ("управление образования города ульяновска", "управление образования города Ульяновска"),
    ("администрация города ульяновска ульяновской области", "администрация города Ульяновска Ульяновской области"),
    ("правительство ханты-мансийского автономного округа — югры", "правительство Ханты-Мансийского автономного округа — Югры"),
])
def test_place_names_capitalised(lowered, expected):
    assert place_names_capitalised(lowered) == expected


@pytest.mark.parametrize("nominative", [
    "Лесной муниципальный район", "Лесной муниципальный округ", "Лесной городской округ",
    "Лесное городское поселение", "Лесное сельское поселение", "Лесное муниципальное образование", "Лесной район",
])
def test_every_municipal_kind_in_every_case_gives_its_nominative(nominative):
    assert nominative.split(" ", 1)[1] in load_yaml("regions.yaml")["municipalities"]["kinds"]
    for form in name_to_case_forms(nominative):
        assert find_municipality(f"администрация {form} Воронежской области") == nominative, form
