"""Person mentions ("Гайворонской Н.И.", "И.В. Киселева", "Суворина Т.В") to "Фамилия И.О." in
the nominative.

A printed surname can be several people: "Кудрину" is a man's dative (Кудрин) or a woman's
accusative (Кудрина). ``surname_to_readings`` lists every reading the declension table in
``surname_endings.yaml`` allows; ``readings_to_nominative`` picks one by, in this order, a
nominative the order prints elsewhere for the same initials, the case the context demands (the
position beside the name, the governing word; a table cell is nominative), the table's order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from normalize.executors.surname_synthesis import is_nominative_word, reading_rank, synthesize_readings
from normalize.lexicon import analyzer, capital_twins, is_known_word, load_yaml, twins_to_cyrillic

ALL_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
_IMPOSSIBLE_SPELLING = re.compile(r"[кгхжшчщ]ы")
_INITIAL = rf"[А-ЯЁ{capital_twins()}]"  # initials may carry Latin twins from OCR ("T.B.")
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?"
# initials carry at least one dot: "Т.В.", "Т.В", "Т. В.", "Т." (so "РМО" is no "Рм О")
_SURNAME_FIRST = re.compile(rf"^(?P<surname>{_SURNAME})\s*(?P<initials>{_INITIAL}\.\s*(?:{_INITIAL}\.?)?)$")
_INITIALS_FIRST = re.compile(rf"^(?P<initials>(?:{_INITIAL}\.\s*){{1,2}})\s*(?P<surname>{_SURNAME})$")


@dataclass(frozen=True)
class SurnameReading:
    """One way to read a printed surname: its nominative, gender and the cases it can be in."""

    nominative: str
    gender: str  # "masc", "femn" or "" when the table does not know the surname's type
    cases: frozenset[str]
    guessed: bool = False  # only a table group open to any stem reads it so (adjectival "Кочергая")
    # 0 the declension table or a dictionary surname; 1-5 weaker readings by synthesis
    # (surname_synthesis.reading_rank): a reading of a stronger rank wins in the same case
    rank: int = 0


@dataclass(frozen=True)
class PersonName:
    """A person mention split into surname and initials, as printed (initials folded to Cyrillic)."""

    surname: str
    initials: tuple[str, ...]
    # what a printed first name and patronymic tell ("Ирину Ивановну": feminine, accusative)
    gender: str | None = None
    cases: frozenset[str] | None = None

    @property
    def initials_text(self) -> str:
        return "".join(f"{i}." for i in self.initials)


def _full_name(words: list[str]) -> PersonName | None:
    """'Иванову Ирину Ивановну' / 'Ирина Ивановна Иванова' -> Иванову, (И, И), femn, {accs}."""
    if len(words) != 3:
        return None
    patronymics = [_name_part(w, "Patr") for w in words]
    firsts = [_name_part(w, "Name") for w in words]
    for name_at, patr_at, surname_at in ((1, 2, 0), (0, 1, 2)):
        patr, first = patronymics[patr_at], firsts[name_at]
        if patr and first:
            # plain strings: pymorphy3's typed grammemes raise when compared with "" or another class
            gender = str(patr[0].tag.gender) if patr[0].tag.gender else None
            patr_cases = {str(p.tag.case) for p in patr if p.tag.case}
            cases = patr_cases & {str(p.tag.case) for p in first if p.tag.case} or patr_cases
            return PersonName(surname=words[surname_at], initials=(words[name_at][0].upper(), words[patr_at][0].upper()),
                              gender=gender, cases=frozenset(cases))
    return None


def _name_part(word: str, grammeme: str) -> list:
    if not re.fullmatch(r"[А-ЯЁ][а-яё]+", word):
        return []
    # one person: a singular reading ("Ивановны" is no plural nominative here)
    return [p for p in analyzer().parse(word) if grammeme in p.tag and "plur" not in p.tag]


def mention_to_name(text: str) -> PersonName | None:
    """'Гайворонской Н.И.' / 'И.В. Киселева' / 'Суворина Т.В' / 'Иванову Ирину Ивановну' ->
    surname and initials."""
    text = " ".join(text.split())
    m = _SURNAME_FIRST.match(text) or _INITIALS_FIRST.match(text)
    if not m:
        return _full_name(text.split(" "))
    initials = tuple(twins_to_cyrillic(ch) for ch in re.findall(_INITIAL, m.group("initials")))
    surname = m.group("surname")
    if surname.isupper():
        surname = "-".join(part.capitalize() for part in surname.split("-"))
    return PersonName(surname=surname, initials=initials)


@lru_cache(maxsize=1)
def _ending_rows() -> tuple[tuple[str, str, str, str, frozenset[str], bool], ...]:
    """(stem ending, printed ending, nominative ending, gender, cases, any stem), in preference order."""
    rows = []
    for group in load_yaml("surname_endings.yaml")["groups"].values():
        for printed, nominative, gender, cases in group["rows"]:
            for stem in group["stems"]:
                rows.append((_fold(stem), _fold(printed), nominative, gender, frozenset(cases),
                             bool(group.get("any_stem"))))
    return tuple(rows)


@lru_cache(maxsize=4096)
def surname_to_readings(surname: str) -> tuple[SurnameReading, ...]:
    """Every reading of a printed surname, preferred first; an unknown type reads as printed.

    A double surname declines in both parts ("Петровой-Водкиной"): its readings are the pairs of
    the parts' readings that agree in gender and case."""
    left, hyphen, right = surname.partition("-")
    if hyphen and left and right:
        pairs = []
        for a in _simple_readings(left):
            for b in surname_to_readings(right):
                cases = a.cases & b.cases
                if cases and (a.gender == b.gender or not a.gender or not b.gender):
                    pairs.append(SurnameReading(f"{a.nominative}-{b.nominative}", a.gender or b.gender, cases,
                                                a.guessed or b.guessed, max(a.rank, b.rank)))
        return tuple(sorted(pairs, key=lambda r: r.rank)) or (SurnameReading(surname, "", ALL_CASES),)
    return _simple_readings(surname)


@lru_cache(maxsize=4096)
def _simple_readings(surname: str) -> tuple[SurnameReading, ...]:
    lower = _fold(surname)
    readings: list[SurnameReading] = []
    for stem, printed, nominative, gender, cases, any_stem in _ending_rows():
        stem_len = len(surname) - len(printed)
        if stem_len - len(stem) < 2 or not lower.endswith(stem + printed):
            continue
        reading = SurnameReading(surname[:stem_len] + nominative, gender, cases, any_stem)
        if _IMPOSSIBLE_SPELLING.search(_fold(reading.nominative)):
            continue  # "Гайворонскый": Russian spelling has no ы after к, г, х, ж, ш, ч, щ
        same = next((r for r in readings if r.nominative == reading.nominative and r.gender == gender), None)
        if same is None:
            readings.append(reading)
        elif not reading.cases <= same.cases or same.guessed > reading.guessed:
            readings[readings.index(same)] = SurnameReading(same.nominative, gender, same.cases | reading.cases,
                                                            same.guessed and reading.guessed)
    if any(not r.guessed for r in readings):
        return tuple(readings)
    # a type the table does not decline: readings by synthesis, then the table's guesses
    synthesized = [SurnameReading(r.nominative, r.gender, r.cases, False, reading_rank(r))
                   for r in synthesize_readings(surname)]
    if synthesized:
        # the table's guesses ("Терновая" for "Терновую", "Кочергая" for "Кочергой") rank with the
        # declined candidates, a nominative that is a word of the language before the others
        guesses = [replace(r, rank=1 if is_nominative_word(r.nominative) else 3) for r in readings
                   if (r.nominative, r.gender) not in {(x.nominative, x.gender) for x in synthesized}]
        readings = sorted(synthesized + guesses, key=lambda r: r.rank)
    if not readings:
        readings.append(SurnameReading(surname, "", ALL_CASES))
    return tuple(readings)


def is_nominative_form(surname: str) -> bool:
    """True when the printed surname can itself be a nominative ("Соловьева", not "Соловьеву")."""
    return any("nomn" in r.cases and r.nominative == surname for r in surname_to_readings(surname))


def readings_to_nominative(
    readings: tuple[SurnameReading, ...],
    cases: frozenset[str] | None = None,
    known_nominatives: frozenset[str] = frozenset(),
    gender: str | None = None,
) -> SurnameReading:
    """Pick a reading: one the order prints as a nominative, else one in ``cases``, else the first.

    ``gender`` (from a printed first name or patronymic) drops readings of the other gender."""
    if gender:
        readings = tuple(r for r in readings if r.gender in (gender, "")) or readings
    folded = {_fold(n) for n in known_nominatives}
    known = [r for r in readings if _fold(r.nominative) in folded]
    if cases:
        known_in_case = [r for r in known if r.cases & cases]
        if known_in_case:
            return known_in_case[0]
    if known:
        return known[0]
    if cases:
        in_case = [r for r in readings if r.cases & cases]
        if in_case:
            return in_case[0]
    return readings[0]


@lru_cache(maxsize=1)
def _oblique_endings() -> dict[str | None, tuple[str, ...]]:
    endings = {g: tuple(_fold(e) for e in v) for g, v in load_yaml("surname_endings.yaml")["oblique_endings"].items()}
    endings[None] = tuple(dict.fromkeys(e for v in list(endings.values()) for e in v))
    return endings


def nominative_is_uncertain(surname: str, cases: frozenset[str] | None, gender: str | None = None,
                            known_nominatives: frozenset[str] = frozenset()) -> bool:
    """True when the nominative ``readings_to_nominative`` picks may be wrong.

    Only a first name or patronymic printed in an oblique case beside the surname makes it so
    (a cell's bare "Фамилия И.О." is nominative), and only when the order prints no nominative
    of it: then the table reads it in no way that agrees with them in gender and case ("Гайдая
    Ивана Петровича" is no woman's "Гайдая"), or in two ("Толстого": Толстый or Толстой), or
    only by a group open to any stem ("Кочергой Ольгой …" is Кочерга's, not "Кочергая"), or
    the surname's type is not in the table and it ends in a case ending ("Жука Ивана Петровича").
    """
    if not cases or "nomn" in cases:
        return False
    readings = surname_to_readings(surname)
    chosen = readings_to_nominative(readings, cases, known_nominatives, gender)
    if _fold(chosen.nominative) in {_fold(n) for n in known_nominatives}:
        return False
    if not chosen.gender or chosen.rank == 5:
        # no reading, or only the printed surname read as indeclinable: doubtful when it ends in
        # a case ending of the gender ("Мюллеру" may be Мюллер's dative)
        endings = _oblique_endings().get(gender if gender in ("masc", "femn") else None, ())
        return _fold(surname).endswith(endings)
    if (gender and chosen.gender != gender) or not chosen.cases & cases or chosen.guessed:
        return True
    # another reading as strong ("Трубецкого": Трубецкий or Трубецкой; "Терновым": Тернов or
    # Терновый); an any-stem reading counts only when it is a word ("Смирновая" beside Смирнова is
    # no doubt)
    return len({r.nominative for r in readings if r.gender == chosen.gender and r.cases & cases
                and r.rank == chosen.rank and (not r.guessed or is_known_word(r.nominative))}) > 1


def format_person(surname: str, initials: tuple[str, ...]) -> str:
    """'Гайворонская', ('Н', 'И') -> 'Гайворонская Н.И.'"""
    return f"{surname} {''.join(f'{i}.' for i in initials)}".strip()


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")
