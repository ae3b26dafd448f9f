"""Federal subjects and municipalities of Russia named in free text.

The region table (``data/regions.yaml``) holds all 89 federal subjects with their ISO 3166-2
code (null for the six subjects ISO files under Ukraine), administrative centre and declined
forms. The forms are generated from the nominative names with pymorphy3
(``name_to_case_forms``) and checked against the file by a test; forms pymorphy3 cannot make
("Республики Северная Осетия — Алания", abbreviations such as "ХМАО") are listed by hand.

``find_region`` finds the subject a text names in any case and letter case; ``find_municipality``
finds a municipal unit ("Бобровского муниципального района", "города Ульяновска") and returns
its nominative ("Бобровский муниципальный район", "город Ульяновск").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from normalize.lexicon import (
    analyzer,
    fold_lookalikes,
    has_agreeing_reading,
    load_yaml,
    mostly_upper,
    noun_parse,
    phrase_to_case,
    restore_case,
)

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_DASHES = re.compile(r"\s*[–—−‑]\s*|\s+-\s+")


@dataclass(frozen=True)
class Region:
    name: str  # nominative, as the dataset stores it ("Алтайский край")
    code: str | None  # ISO 3166-2 ("RU-ALT"); None where ISO has no RU code
    kind: str  # республика, край, область, город, автономная область, автономный округ
    centre: str  # administrative centre, nominative
    forms: tuple[str, ...]  # every spelling that names it, any case
    centre_forms: tuple[str, ...]


@dataclass(frozen=True)
class RegionMention:
    region: Region
    start: int  # offsets in the matching text (see text_to_match_form)
    end: int
    form: str


# ---------------------------------------------------------------- names in every case


def name_to_case_forms(name: str) -> list[str]:
    """All six case forms of a nominative name, in CASES order, duplicates dropped. Parts
    joined by a dash ("Кемеровская область — Кузбасс") are declined each on its own."""
    parts = _DASHES.split(name) if "—" in name else [name]
    forms: list[str] = []
    for case in CASES:
        form = " — ".join(phrase_to_case(part, case) for part in parts)
        if form not in forms:
            forms.append(form)
    return forms


# ---------------------------------------------------------------- the region table


def text_to_match_form(text: str) -> str:
    """The form texts and names are compared in: look-alike letters folded, lower case, ё as е,
    every dash as "-" with no spaces around it, whitespace collapsed."""
    text = fold_lookalikes(text.replace("\u00a0", " "))
    text = text.casefold().replace("ё", "е")
    text = _DASHES.sub("-", text)
    return re.sub(r"\s+", " ", text).strip()


def _abbreviated_variants(form: str, kind: str) -> list[str]:
    """'Воронежской области' is also printed 'Воронежской обл.', 'Республики Коми' 'Респ. Коми'."""
    if kind == "область":
        return [re.sub(r"\bобласт[а-яё]*$", "обл.", form)] if re.search(r"\bобласт[а-яё]*$", form) else []
    if kind == "республика":
        return [re.sub(r"^республик[а-яё]*\b", "респ.", form)] if re.match(r"республик", form) else []
    return []


@lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
    """The 89 federal subjects from data/regions.yaml."""
    regions = []
    for entry in load_yaml("regions.yaml")["regions"]:
        regions.append(Region(
            name=entry["name"], code=entry["code"], kind=entry["kind"], centre=entry["centre"],
            forms=tuple(entry["forms"]) + tuple(entry.get("listed_forms") or ()),
            centre_forms=tuple(entry["centre_forms"]),
        ))
    return tuple(regions)


@lru_cache(maxsize=1)
def _region_index() -> tuple[re.Pattern[str], dict[str, Region]]:
    by_form: dict[str, Region] = {}
    for region in load_regions():
        for form in region.forms:
            key = text_to_match_form(form)
            for variant in [key, *_abbreviated_variants(key, region.kind)]:
                if by_form.setdefault(variant, region) is not region:
                    raise ValueError(f"regions.yaml: the form {form!r} names two regions")
    alternatives = sorted(by_form, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w-])")
    return pattern, by_form


@lru_cache(maxsize=1)
def _centre_index() -> dict[str, Region]:
    out: dict[str, Region] = {}
    for region in load_regions():
        for form in region.centre_forms:
            out.setdefault(text_to_match_form(form), region)
    return out


def find_regions(text: str) -> list[RegionMention]:
    """Every mention of a federal subject in ``text``, in order (offsets in the match form)."""
    pattern, by_form = _region_index()
    folded = text_to_match_form(text)
    return [RegionMention(by_form[m.group(0)], m.start(), m.end(), m.group(0)) for m in pattern.finditer(folded)]


def find_region(text: str) -> Region | None:
    """The federal subject ``text`` names most often (the first named on a tie), or None."""
    mentions = find_regions(text)
    if not mentions:
        return None
    counts = Counter(m.region.name for m in mentions)
    best = max(counts.values())
    return next(m.region for m in mentions if counts[m.region.name] == best)


def region_by_name(name: str) -> Region | None:
    """The region whose nominative name (or any form) is exactly ``name``."""
    key = text_to_match_form(name)
    return _region_index()[1].get(key)


def region_from_city(city: str) -> Region | None:
    """The subject whose administrative centre is ``city`` in any case ("Ульяновска",
    "г. Барнаул"), or None for a city that is not a regional centre."""
    key = text_to_match_form(re.sub(r"^(?:г\.|город[а-я]*)\s*", "", city.strip(), flags=re.IGNORECASE))
    return _centre_index().get(key)


# ---------------------------------------------------------------- municipalities


@lru_cache(maxsize=1)
def _municipality_words() -> dict:
    return load_yaml("regions.yaml")["municipalities"]


@lru_cache(maxsize=1)
def _kind_forms() -> dict[str, tuple[str, str]]:
    """Every case form of every municipal kind (lower case) -> (nominative, gender)."""
    out: dict[str, tuple[str, str]] = {}
    for kind in _municipality_words()["kinds"]:
        head = noun_parse(kind.split()[-1], "nomn")
        gender = head.tag.gender if head is not None else "masc"
        for form in name_to_case_forms(kind):
            out.setdefault(form.lower(), (kind, gender))
    return out


@lru_cache(maxsize=1)
def _municipality_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    kinds = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_kind_forms(), key=len, reverse=True))
    name = r"[А-ЯЁ][а-яёА-ЯЁ]+(?:-[а-яёА-ЯЁ]+)*"
    # "Бобровского муниципального района", "Абзелиловский район", "УСТЮЖЕНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА"
    named_by_adjective = re.compile(rf"(?<![\w-])({name})\s+({kinds})(?![\w-])", re.IGNORECASE)
    # "городского округа Тольятти", "муниципального района «Город Ульяновск»",
    # "городской округ город Воронеж", "муниципального района Абзелиловский район"
    named_after = re.compile(
        rf"(?<![\w-])({kinds})\s+«?((?:[Гг]ород[а-я]*\s+)?{name}(?:\s+район)?)»?(?![\w-])", re.IGNORECASE)
    settlement = "|".join(re.escape(w) for w in sorted(_municipality_words()["city_words"], key=len, reverse=True))
    # the city's name must be capitalised: "2022 г. приказом" names no city
    city = re.compile(rf"(?<![\w-])(?i:{settlement})\s*([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?:\s+[А-ЯЁ][а-яё]+)?)")
    return named_by_adjective, named_after, city


def _adjective_to_nominative(word: str, gender: str) -> str | None:
    """'Бобровского' -> 'Бобровский' (for a masculine kind); None if it is no naming adjective."""
    low = word.lower()
    for p in analyzer().parse(low):
        if p.tag.POS != "ADJF" or "Apro" in p.tag:
            continue
        if p.normal_form in _municipality_words()["generic_adjectives"]:
            return None
        inflected = p.inflect({"nomn", "sing", gender})
        if inflected is not None:
            return restore_case(word.capitalize() if word.isupper() else word, inflected.word)
    return None


def city_to_nominative(city: str) -> str:
    """A city's name in any case to the nominative ('Ульяновска' -> 'Ульяновск', 'НИЖНЕГО
    НОВГОРОДА' -> 'Нижний Новгород'); regional centres come from the table, others from
    pymorphy3's place names; a name it does not know is returned capitalised as printed."""
    printed = " ".join(w.capitalize() if w.isupper() else w for w in city.split())
    region = _centre_index().get(text_to_match_form(printed))
    if region is not None:
        return region.centre
    words = printed.split()
    if len(words) == 2 and has_agreeing_reading(words[0], "gent"):
        return phrase_to_case(printed, "nomn", "gent")
    for p in analyzer().parse(printed.lower()):
        if p.tag.POS == "NOUN" and "Geox" in p.tag:
            nominative = p.inflect({"nomn"})
            if nominative is not None:
                return restore_case(printed, nominative.word)
    return printed


@dataclass(frozen=True)
class MunicipalityMention:
    name: str  # nominative
    start: int  # offset in the text
    kind: str  # "district" (район, округ, поселение) or "city"


def _named_after_to_name(kind_nominative: str, printed: str) -> str:
    if re.match(r"город", printed, re.IGNORECASE):
        city = city_to_nominative(printed.split(None, 1)[1])
        return f"{kind_nominative} город {city}" if "округ" in kind_nominative else f"город {city}"
    if printed.lower().endswith(" район"):
        return printed
    return f"{kind_nominative} {city_to_nominative(printed)}"


def find_municipalities(text: str) -> list[MunicipalityMention]:
    """Every municipal unit named in ``text``, in order, as nominative names. Federal cities
    (Москва, Санкт-Петербург, Севастополь) are regions, not municipalities, and are skipped."""
    named_by_adjective, named_after, city = _municipality_patterns()
    text = text.replace("\u00a0", " ")
    if mostly_upper(text):  # a letterhead in capitals: capitalise each word, offsets unchanged
        text = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), text)
    found: list[MunicipalityMention] = []
    taken: list[tuple[int, int]] = []
    for m in named_by_adjective.finditer(text):
        if not m.group(1)[:1].isupper():
            continue
        kind, gender = _kind_forms()[re.sub(r"\s+", " ", m.group(2).lower())]
        adjective = _adjective_to_nominative(m.group(1), gender)
        if adjective is not None:
            found.append(MunicipalityMention(f"{adjective} {kind}", m.start(), "district"))
            taken.append((m.start(), m.end()))
    for m in named_after.finditer(text):
        overlaps = any(s <= m.start() < e or s < m.end() <= e for s, e in taken)
        if overlaps or not re.match(r"(?:[Гг]ород[а-я]*\s+)?[А-ЯЁ]", m.group(2)):
            continue
        kind, _ = _kind_forms()[re.sub(r"\s+", " ", m.group(1).lower())]
        next_adjective = _adjective_to_nominative(m.group(2).split()[0], "masc") is not None
        if next_adjective and not m.group(2).lower().endswith("район"):
            continue  # "района Бобровского ..." is the next unit's adjective, not this one's name
        found.append(MunicipalityMention(_named_after_to_name(kind, m.group(2)), m.start(), "district"))
        taken.append((m.start(), m.end()))
    for m in city.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        words = m.group(1).split()
        printed = m.group(1) if len(words) == 2 and has_agreeing_reading(words[0], "gent") else words[0]
        name = city_to_nominative(printed)
        if region_by_name(name) is not None:  # a federal city is a region
            continue
        found.append(MunicipalityMention(f"город {name}", m.start(), "city"))
    return sorted(found, key=lambda x: x.start)


def find_municipality(text: str) -> str | None:
    """The first municipal unit ``text`` names, nominative ("Бобровский муниципальный район",
    "город Ульяновск"), or None."""
    found = find_municipalities(text)
    return found[0].name if found else None


# ---------------------------------------------------------------- capitals of place names


def _capitalise_span(text: str, start: int, end: int) -> str:
    part = "-".join(p[:1].upper() + p[1:] for p in text[start:end].split("-"))
    return text[:start] + part + text[end:]


@lru_cache(maxsize=1)
def _region_form_patterns() -> tuple[tuple[list[str], re.Pattern], ...]:
    """Each region form's words and its lower-case pattern, compiled once (hundreds of forms
    would overflow re's own cache and be compiled again on every call)."""
    out = []
    for region in load_regions():
        for form in region.forms:
            words = form.split()
            pattern = r"(?<![\w-])" + r"\s+".join(re.escape(w.lower()) for w in words) + r"(?![\w-])"
            out.append((words, re.compile(pattern)))
    return tuple(out)


def place_names_capitalised(text: str) -> str:
    """Raise the capitals of region, city and municipal names in a lower-cased text
    ("управление образования администрации устюженского муниципального района" -> "…
    Устюженского муниципального района"; "… алтайского края" -> "… Алтайского края")."""
    for words, pattern in _region_form_patterns():
        for m in pattern.finditer(text):
            spans = [w.span() for w in re.finditer(r"\S+", m.group(0))]
            for (s, e), word in zip(spans, words):
                if word[:1].isupper():
                    text = _capitalise_span(text, m.start() + s, m.start() + e)
    named_by_adjective = _municipality_patterns()[0]
    for m in named_by_adjective.finditer(text):
        kind, gender = _kind_forms()[re.sub(r"\s+", " ", m.group(2).lower())]
        if _adjective_to_nominative(m.group(1), gender) is not None:
            text = _capitalise_span(text, m.start(1), m.end(1))
    for m in re.finditer(r"(?<![\w-])(?:город[а-я]*|г\.)\s*([а-яё]+(?:-[а-яё]+)*)", text):
        if any("Geox" in p.tag for p in analyzer().parse(m.group(1))) or m.group(1) in _centre_index():
            text = _capitalise_span(text, m.start(1), m.end(1))
    return text
