"""The deterministic signals of a letterhead that fix a federal subject: the postal index, the
telephone code and a region-numbered web domain (data/region_signals.yaml), and the places a
municipal issuer is named after (normalize/metadata/places.py).

Each signal is one ``x_to_region`` function; ``text_to_signals`` finds them in a document's
lines. ``metadata.region_policy`` combines them with the regions a text names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normalize.lexicon import load_yaml
from normalize.metadata.places import adjective_to_places, dominant_region, name_to_places, places_to_regions
from normalize.metadata.regions import Region, load_regions


@dataclass(frozen=True)
class Signal:
    source: str  # "postal index", "telephone code", "web domain", "municipality", "place"
    printed: str  # what the document prints ("432011", "8 (48735)", "mo73.ru", "Кимовский район")
    candidates: tuple[str, ...]  # region codes, most likely first; one when the signal is certain

    @property
    def region_code(self) -> str | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Region]:
    """Region by its code, and by iso_elsewhere for the subjects ISO files under Ukraine."""
    out = {r.code: r for r in load_regions() if r.code}
    for entry in load_yaml("regions.yaml")["regions"]:
        if entry.get("iso_elsewhere"):
            out[entry["iso_elsewhere"]] = next(r for r in load_regions() if r.name == entry["name"])
    return out


def code_to_region(code: str) -> Region | None:
    return _by_code().get(code)


def region_key(region: Region) -> str:
    """The key places and signals use for a region: its code, or its iso_elsewhere."""
    return next(k for k, r in _by_code().items() if r is region)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], dict[str, str], dict[int, str]]:
    """postal prefix (3 digits) -> key, phone prefix -> key, vehicle number -> key."""
    by_name = {r.name: r for r in load_regions()}
    postal: dict[int, str] = {}
    phone: dict[str, str] = {}
    vehicle: dict[int, str] = {}
    for name, spec in load_yaml("region_signals.yaml")["by_region"].items():
        key = region_key(by_name[name])
        for item in spec.get("postal", []):
            low, _, high = str(item).partition("-")
            for prefix in range(int(low), int(high or low) + 1):
                if postal.setdefault(prefix, key) != key:
                    raise ValueError(f"region_signals.yaml: postal prefix {prefix} is given to two regions")
        for code in spec.get("phone", []):
            if phone.setdefault(str(code), key) != key:
                raise ValueError(f"region_signals.yaml: telephone code {code} is given to two regions")
        for number in spec.get("vehicle", []):
            if vehicle.setdefault(int(number), key) != key:
                raise ValueError(f"region_signals.yaml: vehicle code {number} is given to two regions")
    return postal, phone, vehicle


# ---------------------------------------------------------------- one signal each


def postal_to_region(index: str) -> Region | None:
    """'432011' -> Ульяновская область (the first three digits fix the subject)."""
    digits = re.sub(r"\D", "", index)
    if len(digits) != 6:
        return None
    key = _tables()[0].get(int(digits[:3]))
    return code_to_region(key) if key else None


def phone_to_region(code: str) -> Region | None:
    """A telephone code as dialled after +7 or 8 ('48735', '846', '8422') -> its subject, by the
    longest listed prefix; mobile (9xx) and free (800) codes give None."""
    digits = re.sub(r"\D", "", code)
    table = _tables()[1]
    for length in range(min(len(digits), 5), 2, -1):
        if digits[:length] in table:
            return code_to_region(table[digits[:length]])
    return None


def domain_to_region(domain: str) -> Region | None:
    """'mo73.ru', 'www.edu27.ru', 'school5.minobr63.ru' -> the subject of the vehicle-code
    number in the second-level label, when its letters are a regional site's prefix."""
    labels = domain.lower().strip(".").split(".")
    if len(labels) < 2:
        return None
    m = re.fullmatch(r"([a-z]+)-?(\d{2,3})", labels[-2])
    if not m or m.group(1) not in load_yaml("region_signals.yaml")["domain_prefixes"]:
        return None
    key = _tables()[2].get(int(m.group(2)))
    return code_to_region(key) if key else None


def municipality_to_codes(municipality: str) -> tuple[str, ...]:
    """Region keys of the places a municipality is named after, most populous first
    ("Кимовский район" -> RU-TUL; "городской округ город Тихорецк" -> RU-KDA); one key when the
    largest place outweighs the others (places.DOMINANCE)."""
    kinds = sorted(load_yaml("regions.yaml")["municipalities"]["kinds"], key=len, reverse=True)
    city = re.search(r"\bгород\s+(.+)$", municipality)
    if city:
        places = name_to_places(city.group(1))
    else:
        name = municipality
        for kind in kinds:
            name = re.sub(rf"\s*\b{kind}$", "", name).strip()
        places = adjective_to_places(name) if name else []
    return _candidates(places)


def place_to_codes(place: str) -> tuple[str, ...]:
    """Region keys of a place printed by name ("Тихорецк", "с. Целинный")."""
    name = re.sub(r"^(?:г|с|п|пос|пгт|ст-ца|д|р\.\s?п)\.?\s*", "", place.strip())
    return _candidates(name_to_places(name))


def _candidates(places) -> tuple[str, ...]:
    dominant = dominant_region(places)
    if dominant:
        return (dominant,)
    return tuple(code for code, _ in places_to_regions(places))


# ---------------------------------------------------------------- finding them in text

_POSTAL = re.compile(
    r"(?<![\d№/.-])(\d{6})(?=\s*,|\s+(?:г\.|город|с\.|село|п\.|пос|пгт|р\.\s?п|рп|ст-ца|станица|д\.|ул\.|улица|Росси|РФ"
    r"|[А-ЯЁ][а-яё]+(?:ая|ий|ой)\s+(?:обл|кра|респ|р-н|район)))", re.IGNORECASE)
_PHONE = re.compile(
    r"(?:(?P<plus>\+\s?7)|(?<![\d.,/])8|(?P<tel>тел[а-я]*\.?|факс)[:\s]*(?:\+\s?7|8)?)[\s-]*"
    r"(?P<open>\()?\s*(?P<code>\d{3,5})\s*(?(open)\)|(?=[\s-]\d))", re.IGNORECASE)
_DOMAIN = re.compile(r"(?<![\w@.-])((?:[a-z0-9-]+\.)*[a-z]+-?\d{2,3}\.(?:ru|su|рф|info|org|net|com))(?![\w-])",
                     re.IGNORECASE)


def text_to_signals(text: str) -> list[Signal]:
    """Postal indexes, telephone codes and regional domains in ``text``, in order, each with
    the region it names (signals naming no region are left out)."""
    found: list[tuple[int, Signal]] = []
    for m in _POSTAL.finditer(text):
        region = postal_to_region(m.group(1))
        if region:
            found.append((m.start(), Signal("postal index", m.group(1), (region_key(region),))))
    for m in _PHONE.finditer(text):
        if not (m.group("plus") or m.group("tel") or m.group("open")):
            continue
        region = phone_to_region(m.group("code"))
        if region:
            found.append((m.start(), Signal("telephone code", m.group(0).strip(), (region_key(region),))))
    for m in _DOMAIN.finditer(text):
        region = domain_to_region(m.group(1))
        if region:
            found.append((m.start(), Signal("web domain", m.group(1), (region_key(region),))))
    return [s for _, s in sorted(found, key=lambda item: item[0])]
