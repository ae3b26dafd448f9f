"""Surnames the declension table does not cover, read back to the nominative by synthesis.

A printed surname ("Жука", "Бондарца", "Кочерге", "Гайдаю") is turned into candidate
nominatives: the readings pymorphy3's dictionary gives it, its ending replaced by a nominative
ending (``synthesis.candidates`` in ``surname_endings.yaml``), a fleeting vowel put back
("Бондарц" -> "Бондарец") and the surname as printed. Each candidate is declined back with
pytrovich (petrovich's rules, MIT licence) in each gender, and kept in the cases whose form is
the printed surname. What survives is a ``Synthesized`` reading; the caller picks among them by
the case and gender the context gives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normalize.lexicon import analyzer, load_yaml

OBLIQUE_CASES = ("gent", "datv", "accs", "ablt", "loct")
GENDERS = ("masc", "femn")
# spellings no Russian nominative made from a case ending has: "кы", "гя", "жю", a "й" after a
# consonant, "кь" at the end, "я" after a hard vowel ("Терновуя" is the table's Терновая)
_IMPOSSIBLE_SPELLING = re.compile(r"[кгхжшчщ][ыяю]|[бвгджзклмнпрстфхцчшщ]й$|[аеёиоуыэюя]ь$|[гкхцжшчщ]ь$"
                                  r"|[аоуыэю]я$")


@dataclass(frozen=True)
class Synthesized:
    """A candidate nominative whose declension in ``gender`` reproduces the printed surname."""

    nominative: str
    gender: str
    cases: frozenset[str]
    dictionary: bool  # pymorphy3 knows the nominative as a surname of this gender
    as_printed: bool  # the printed surname itself
    fleeting: bool = False  # a fleeting vowel put back ("Бондарец" for "Бондарца")


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[re.Pattern[str], str], ...], str]:
    data = load_yaml("surname_endings.yaml")["synthesis"]
    candidates = tuple((printed, nominative) for printed, nominative in data["candidates"])
    fleeting = tuple((re.compile(f"(?:{pattern})$"), nominative) for pattern, nominative in data["fleeting"])
    return candidates, fleeting, "".join(data["instrumental_either"])


@lru_cache(maxsize=1)
def _maker():
    from pytrovich import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


def _pytrovich_case(case: str):
    from pytrovich import Case

    return {"gent": Case.GENITIVE, "datv": Case.DATIVE, "accs": Case.ACCUSATIVE, "ablt": Case.INSTRUMENTAL,
            "loct": Case.PREPOSITIONAL}[case]


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


@lru_cache(maxsize=8192)
def decline_surname(nominative: str, gender: str) -> dict[str, frozenset[str]]:
    """The oblique forms of a nominative surname in ``gender`` ("masc"/"femn"), folded to lower
    case and "е", with the spellings Russian allows beside petrovich's (Швецом / Швецем)."""
    from pytrovich import Gender, NamePart

    maker, either = _maker(), _rules()[2]
    pytrovich_gender = Gender.MALE if gender == "masc" else Gender.FEMALE
    out = {}
    for case in OBLIQUE_CASES:
        form = _fold(maker.make(NamePart.LASTNAME, pytrovich_gender, _pytrovich_case(case), nominative))
        forms = {form}
        if case == "ablt" and form[-3:-2] in either and form[-2:] in ("ем", "ом"):
            forms |= {form[:-2] + "ем", form[:-2] + "ом"}
        out[case] = frozenset(forms)
    return out


def _fleeting_forms(nominative: str, oblique_stem: str, forms: frozenset[str]) -> frozenset[str]:
    """Forms of a fleeting-vowel nominative: petrovich keeps the vowel ("Бондареца"), the
    language drops it ("Бондарца")."""
    stem = _fold(nominative)
    return frozenset(oblique_stem + f[len(stem):] if f.startswith(stem) and len(f) > len(stem) else f for f in forms)


def _dictionary_readings(printed: str) -> dict[tuple[str, str], bool]:
    """(nominative, gender) pymorphy3 reads the printed word as, from its surname parses."""
    out: dict[tuple[str, str], bool] = {}
    for parse in analyzer().parse(_fold(printed)):
        if "Surn" not in parse.tag or not parse.is_known or "plur" in parse.tag:
            continue
        nominative = parse.inflect({"nomn", "sing"})
        genders = [parse.tag.gender] if parse.tag.gender in GENDERS else list(GENDERS)
        if nominative is not None:
            for gender in genders:
                out[(nominative.word.replace("ё", "е"), str(gender))] = True
    return out


@lru_cache(maxsize=16384)
def is_nominative_word(word: str) -> bool:
    """True when the dictionary knows ``word`` as a singular nominative ("мельник", "кочерга";
    not "мельника", a genitive)."""
    return any(p.is_known and "nomn" in p.tag and "plur" not in p.tag for p in analyzer().parse(_fold(word)))


@lru_cache(maxsize=16384)
def is_dictionary_surname(nominative: str, gender: str) -> bool:
    """True when pymorphy3 knows ``nominative`` as the nominative of a surname of ``gender``."""
    return any("Surn" in p.tag and "nomn" in p.tag and "sing" in p.tag and p.is_known
               and (p.tag.gender == gender or p.tag.gender not in GENDERS)
               for p in analyzer().parse(_fold(nominative)))


def _candidates(printed: str) -> dict[str, str | None]:
    """Candidate nominatives (folded) -> the oblique stem of a fleeting vowel, or None."""
    lower = _fold(printed)
    endings, fleeting, _ = _rules()
    out: dict[str, str | None] = {lower: None}
    for nominative, _gender in _dictionary_readings(printed):
        out.setdefault(nominative, None)
    for ending, nominative in endings:
        if ending and lower.endswith(ending) and len(lower) - len(ending) >= 2:
            stem = lower[:len(lower) - len(ending)]
            candidate = stem + nominative
            if not _IMPOSSIBLE_SPELLING.search(candidate):
                out.setdefault(candidate, None)
            if nominative:
                continue
            for pattern, restored in fleeting:
                m = pattern.search(stem)
                if m and len(stem) - len(m.group()) >= 2:
                    out[stem[:m.start()] + restored] = stem
    return out


def _restore_case(printed: str, folded: str) -> str:
    """The candidate with the printed letter case ("Жук" for "жук" from "Жука")."""
    if printed.isupper() and len(printed) > 1:
        return folded.upper()
    return folded[:1].upper() + folded[1:] if printed[:1].isupper() else folded


@lru_cache(maxsize=8192)
def synthesize_readings(printed: str) -> tuple[Synthesized, ...]:
    """Every (nominative, gender) whose declension reproduces ``printed``, strongest first
    (``reading_rank``, then the number of cases explained). One part of a surname only (the
    caller splits "-")."""
    lower = _fold(printed)
    if len(lower) < 2 or not lower.isalpha():
        return ()
    dictionary = _dictionary_readings(printed)
    candidates = _candidates(printed)
    fleeting_stems = {stem for stem in candidates.values() if stem}
    readings: list[Synthesized] = []
    for candidate, oblique_stem in candidates.items():
        if oblique_stem is None and candidate in fleeting_stems and (candidate, "masc") not in dictionary:
            continue  # "Бондарц": the fleeting reading "Бондарец" stands for it
        for gender in GENDERS:
            forms = decline_surname(candidate, gender)
            cases = set()
            for case, case_forms in forms.items():
                if oblique_stem is not None:
                    case_forms = _fleeting_forms(candidate, oblique_stem, case_forms)
                if lower in case_forms:
                    cases.add(case)
            as_printed = candidate == lower
            if as_printed:
                cases.add("nomn")
            if not cases:
                continue
            known = (candidate, gender) in dictionary or is_dictionary_surname(candidate, gender)
            readings.append(Synthesized(_restore_case(printed, candidate), gender, frozenset(cases), known,
                                        as_printed, oblique_stem is not None))
    readings.sort(key=lambda r: (reading_rank(r), -len(r.cases)))
    return tuple(readings)


def reading_rank(reading: Synthesized) -> int:
    """How strong a reading is, 0 strongest: a dictionary surname (0); a nominative that is a
    word of the language (1: "Мельник" for "Мельника", "Кочерга" as printed); a fleeting vowel
    put back (2: "Бондарец" for "Бондарца"); another declined candidate (3: "Лемеш" for
    "Лемеша"); the printed surname as a nominative that declines (4); the printed surname read as
    indeclinable, a foreign -е/-у or an -их outside the dictionary (5). Where the context gives
    the case, only the readings in that case compete, so a cell's nominative keeps its spelling."""
    if reading.dictionary:
        return 0
    indeclinable = reading.as_printed and reading.cases != {"nomn"}
    if not indeclinable and is_nominative_word(reading.nominative):
        return 1
    if reading.fleeting:
        return 2
    if not reading.as_printed:
        return 3
    return 5 if indeclinable else 4
