"""A person's name as printed in any case -> "Фамилия И.О." in the nominative: the public
entry point ``nominative_name`` and the ``roadmap-ingest names`` records.

    nominative_name("Кудриной И.В.")                 -> "Кудрина И.В."
    nominative_name("Ивановой Марии Петровне")       -> "Иванова М.П."
    nominative_name("Иванову Н.И.", gender="masc")   -> "Иванов Н.И."
    nominative_name("Управление образования")        -> None (no person's name)

The case comes from a printed first name and patronymic when there are any; with initials
only, every case is possible and the surname's strongest reading wins (a nominative the
declension table or the dictionary knows, then one declined back by synthesis). The gender is
the caller's, else the first name's and patronymic's, else any.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Iterator

from normalize.executors.person_names import (
    format_person,
    mention_to_name,
    readings_to_nominative,
    surname_to_readings,
)

GENDERS = ("masc", "femn")


@dataclass(frozen=True)
class NominativeName:
    """What ``name_to_nominative`` read: the nominative, the gender it settled on, and the other
    nominatives as strong as the chosen one (empty when the reading is certain)."""

    text: str
    name: str | None
    gender: str | None = None
    alternatives: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"text": self.text, "name": self.name, "gender": self.gender, "alternatives": list(self.alternatives)}


def _check_gender(gender: str | None) -> None:
    if gender not in (None, *GENDERS):
        raise ValueError(f"gender must be 'masc', 'femn' or None, not {gender!r}")


def name_to_nominative(text: str, gender: str | None = None) -> NominativeName:
    """The reading of one printed name, with the alternatives that make it uncertain."""
    _check_gender(gender)
    if not isinstance(text, str):
        raise TypeError(f"a name must be a string, not {type(text).__name__}")
    person = mention_to_name(text.strip(" \t\r\n,;:"))
    if person is None:
        return NominativeName(text, None)
    gender = gender or person.gender
    readings = surname_to_readings(person.surname)
    chosen = readings_to_nominative(readings, person.cases, frozenset(), gender)
    rivals = [r for r in readings if r.rank == chosen.rank and r.gender in (chosen.gender, "")
              and (not person.cases or r.cases & person.cases) and not r.guessed]
    alternatives = tuple(dict.fromkeys(format_person(r.nominative, person.initials) for r in rivals
                                       if r.nominative != chosen.nominative))
    return NominativeName(text, format_person(chosen.nominative, person.initials),
                          chosen.gender or gender or None, alternatives)


def nominative_name(text: str, gender: str | None = None) -> str | None:
    """"Фамилия И.О." in the nominative of a person's name printed in any case, or None when the
    text is not a person's name. ``gender`` is "masc", "femn" or None (from the name itself)."""
    return name_to_nominative(text, gender).name


def names_to_jsonl(lines: Iterable[str], gender: str | None = None) -> Iterator[str]:
    """One JSON line per input line (an empty line gives a record with no name)."""
    for line in lines:
        yield json.dumps(name_to_nominative(line.rstrip("\r\n"), gender).to_json(), ensure_ascii=False)
