"""Deterministic region signals of a letterhead: postal index, telephone code, region-numbered
domain, and the places a municipality is named after (data/region_signals.yaml)."""
from __future__ import annotations

import pytest

from normalize.lexicon import load_yaml
from normalize.metadata import domain_to_region, municipality_to_codes, phone_to_region, place_to_codes, postal_to_region
from normalize.metadata.region_signals import text_to_signals
from normalize.metadata.regions import load_regions


def name(region):
    return region.name if region else None


def test_every_region_is_listed_once_in_its_order():
    assert list(load_yaml("region_signals.yaml")["by_region"]) == [r.name for r in load_regions()]


@pytest.mark.parametrize("index, region", [
    ("432011", "Ульяновская область"), ("301720", "Тульская область"), ("352120", "Краснодарский край"),
    ("652500", "Кемеровская область — Кузбасс"), ("453620", "Республика Башкортостан"), ("344038", "Ростовская область"),
    ("101000", "Москва"), ("141400", "Московская область"), ("190000", "Санкт-Петербург"), ("188300", "Ленинградская область"),
    ("396310", "Воронежская область"), ("162840", "Вологодская область"), ("656038", "Алтайский край"),
    ("166000", "Ненецкий автономный округ"), ("628011", "Ханты-Мансийский автономный округ — Югра"),
    ("677000", "Республика Саха (Якутия)"), ("295000", "Республика Крым"), ("299011", "Севастополь"),
    ("000000", None), ("12345", None), ("999999", None),
])
def test_postal_to_region(index, region):
    assert name(postal_to_region(index)) == region


@pytest.mark.parametrize("code, region", [
    ("48735", "Тульская область"), ("846", "Самарская область"), ("8422", "Ульяновская область"),
    ("86196", "Краснодарский край"), ("862", "Краснодарский край"), ("38456", "Кемеровская область — Кузбасс"),
    ("34772", "Республика Башкортостан"), ("495", "Москва"), ("812", "Санкт-Петербург"),
    ("81853", "Ненецкий автономный округ"), ("81852", "Архангельская область"),  # the longest prefix
    ("8202", "Вологодская область"), ("9161234567", None), ("800", None),
])
def test_phone_to_region(code, region):
    assert name(phone_to_region(code)) == region


@pytest.mark.parametrize("domain, region", [
    ("mo73.ru", "Ульяновская область"), ("edu27.ru", "Хабаровский край"), ("www.minobr63.ru", "Самарская область"),
    ("school5.edu22.ru", "Алтайский край"), ("obr-61.ru", "Ростовская область"), ("edu102.ru", "Республика Башкортостан"),
    ("uo77.ru", "Москва"),
    ("school37.ru", None),  # letters that are no regional site's prefix
    ("edu00.ru", None), ("mo73", None), ("mo.ru", None),
])
def test_domain_to_region(domain, region):
    assert name(domain_to_region(domain)) == region


@pytest.mark.parametrize("municipality, codes", [
    ("Кимовский район", ("RU-TUL",)), ("Тихорецкий район", ("RU-KDA",)),
    ("Ленинск-Кузнецкий городской округ", ("RU-KEM",)), ("Устюженский муниципальный район", ("RU-VLG",)),
    ("городской округ город Воронеж", ("RU-VOR",)), ("город Тихорецк", ("RU-KDA",)),
    ("Бобровский муниципальный район", ("RU-VOR", "RU-MOS", "RU-SVE")),  # several: the policy decides
    ("Кировский район", ()), ("Абзелиловский район", ()),
])
def test_municipality_to_codes(municipality, codes):
    assert municipality_to_codes(municipality) == codes


@pytest.mark.parametrize("place, codes", [("г. Тихорецк", ("RU-KDA",)), ("Кимовск", ("RU-TUL",)), ("с. Нигде", ())])
def test_place_to_codes(place, codes):
    assert place_to_codes(place) == codes


@pytest.mark.parametrize("text, found", [
    ("432011, г. Ульяновск, Спасская ул., 18А", [("postal index", "RU-ULY")]),
    ("301720, Тульская область, г. Кимовск", [("postal index", "RU-TUL")]),
    ("Телефон: 8(8422) 41-79-27", [("telephone code", "RU-ULY")]),
    ("тел./факс 8 (48735) 5-12-34", [("telephone code", "RU-TUL")]),
    ("+7 (846) 332-11-22", [("telephone code", "RU-SAM")]),
    ("+7 861 965-12-34", [("telephone code", "RU-KDA")]),
    ("сайт: http://mo73.ru, e-mail: uo61@mail.ru", [("web domain", "RU-ULY")]),  # an e-mail's domain is no site
    ("ИНН 7325001234 КПП 732501001", []), ("Приказ № 123456 от 01.02.2023", []), ("8 (800) 100-00-00", []),
    ("в 2023 году 8 мероприятий (12 человек)", []),
])
def test_text_to_signals(text, found):
    assert [(s.source, s.region_code) for s in text_to_signals(text)] == found
