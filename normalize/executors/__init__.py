"""Executor cells of one order to canonical people, organisations and roles (schema: executors).

    from normalize.executors import resolve_executors, OrderContext, canonical_id
    ctx = OrderContext(text=order_text, abbreviations={"АИРО": "КАУ ДПО «АИРО имени А.М. Топорова»"},
                       region_code="RU-ALT")
    per_row = resolve_executors(cells, ctx)   # one RowExecutors per cell, in order
    per_row[0].executors[0].to_dict()         # {"name", "kind", "position", "person", "text"}
    nominative_name("Кудриной И.В.")          # "Кудрина И.В." (names.py; gender="masc"/"femn")

One call per order, because a party is resolved across the whole order: its majority spelling,
the nominative of a surname the order prints in other cases, the position and the roles the
order's text gives a person. The steps live in the room's modules: ``split`` (a cell to
parties, with ``lines`` and ``kinds``), ``person_names`` (surnames to the nominative, with ``surname_synthesis`` for the types the
table does not decline, and ``names`` the public ``nominative_name``), ``text``
and ``roles`` (what the text says about people), ``variants`` (one spelling per party), ``ids``
(identifiers stable across orders), on ``nlp`` (the spaCy pipeline, spaCy imported by ``spacy_import``) and ``words``
(data/executor_words.yaml, data/legal_forms.yaml).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from normalize.executors.ids import name_to_id
from normalize.executors.kinds import KINDS, ORGANIZATION, PERSON, ROLE, party_to_kind
from normalize.executors.names import NominativeName, name_to_nominative, names_to_jsonl, nominative_name
from normalize.executors.roles import roles_to_people
from normalize.executors.split import RawParty, cell_to_parties
from normalize.executors.text import TextPerson, order_text_to_people
from normalize.executors.variants import fold_name, names_to_canonical
from normalize.executors.words import listed_noun, opens_with_party
from normalize.executors.person_names import (
    PersonName,
    format_person,
    is_nominative_form,
    nominative_is_uncertain,
    readings_to_nominative,
    surname_to_readings,
)
from normalize.lexicon import DEFINITION_AT_END, phrase_to_nominative

__all__ = ["KINDS", "Executor", "NominativeName", "OrderContext", "RowExecutors", "canonical_id", "name_to_nominative",
           "names_to_jsonl", "nominative_name", "opens_with_party", "resolve_executors"]

_NOMINATIVE = frozenset({"nomn"})


@dataclass(frozen=True)
class OrderContext:
    """What resolve_executors needs to know about the order besides its executor cells."""

    text: str = ""  # the order's text outside the table, lines joined by "\n"
    abbreviations: Mapping[str, str] = field(default_factory=dict)  # "(далее – X)": X -> expansion
    region_code: str | None = None  # ISO 3166-2, "RU-VLG"

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"OrderContext.text must be a string, not {type(self.text).__name__}")
        abbreviations = dict(self.abbreviations or {})
        for key, value in abbreviations.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise TypeError(f"OrderContext.abbreviations must map strings to strings, got {key!r}: {value!r}")
        object.__setattr__(self, "abbreviations", abbreviations)


@dataclass(frozen=True)
class Executor:
    """One responsible party of a roadmap row (schema.md, "An executor object")."""

    name: str
    kind: str
    position: str | None = None
    person: str | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"executor kind must be one of {', '.join(KINDS)}, not {self.kind!r}")

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "kind": self.kind, "position": self.position, "person": self.person,
                "text": self.text}


@dataclass
class RowExecutors:
    """The executors of one table row and what the resolver was unsure of."""

    executors: list[Executor] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def canonical_id(executor: Executor, region_code: str | None) -> str:
    """An identifier that is the same for the same organisation, person or role in a region."""
    return name_to_id(executor.name, executor.kind, region_code)


def _abbreviation_key(text: str) -> str:
    return fold_name(text).strip('"')


def _abbreviations(ctx: OrderContext, rows: list[list[RawParty]]) -> dict[str, str]:
    """Folded abbreviation -> expansion: the order's own, then definitions printed in cells."""
    out: dict[str, str] = {}
    for key, value in ctx.abbreviations.items():
        out.setdefault(_abbreviation_key(key), DEFINITION_AT_END.sub("", value).strip())
    for parties in rows:
        for party in parties:
            if party.definition:
                out.setdefault(_abbreviation_key(party.definition), party.name)
    return {k: v for k, v in out.items() if k and v}


def _expand(party: RawParty, abbreviations: dict[str, str]) -> RawParty:
    """A party that is exactly a defined abbreviation gets the expansion as its name."""
    if party.kind == PERSON:
        return party
    expansion = abbreviations.get(_abbreviation_key(party.name))
    if not expansion or fold_name(expansion) == fold_name(party.name):
        return party
    # expansions are printed in the case of their sentence ("школ с низкими …" for ШНОР)
    expansion = phrase_to_nominative(expansion, listed=listed_noun)
    name = expansion[:1].upper() + expansion[1:]
    kind = party_to_kind(name)
    return RawParty(text=party.text, name=name, kind=ORGANIZATION if kind == PERSON else kind,
                    role_person=party.role_person, definition=party.definition)


def _person_names(mentions: list[tuple[PersonName, frozenset[str] | None]]) -> tuple[list[str], list[bool]]:
    """Each mention's "Фамилия И.О." in the nominative, using the order's other mentions, and
    whether that nominative is uncertain (a surname of a type the table does not decline)."""
    known: dict[tuple[str, ...], set[str]] = {}
    for name, cases in mentions:
        cases = _combine(cases, name.cases)
        if (cases is None or "nomn" in cases) and is_nominative_form(name.surname):
            known.setdefault(name.initials, set()).add(name.surname)
    out, uncertain = [], []
    for name, cases in mentions:
        cases, known_here = _combine(cases, name.cases), frozenset(known.get(name.initials, ()))
        reading = readings_to_nominative(surname_to_readings(name.surname), cases, known_here, name.gender)
        out.append(format_person(reading.nominative, name.initials))
        uncertain.append(nominative_is_uncertain(name.surname, cases, name.gender, known_here))
    return out, uncertain


def _combine(context: frozenset[str] | None, printed: frozenset[str] | None) -> frozenset[str] | None:
    """The cases both the context and the printed first name allow (either when they disagree)."""
    if context and printed:
        return (context & printed) or printed
    return context or printed


def _pick_position(cell_positions: list[str], text_positions: list[str]) -> str | None:
    if cell_positions:
        counts = Counter(fold_name(p) for p in cell_positions)
        best = max(counts, key=lambda k: (counts[k], -[fold_name(p) for p in cell_positions].index(k)))
        return next(p for p in cell_positions if fold_name(p) == best)
    if text_positions:
        return max(text_positions, key=len)
    return None


def resolve_executors(cells: Sequence[str | None], ctx: OrderContext) -> list[RowExecutors]:
    """One ``RowExecutors`` per executor cell of an order, in the order of ``cells``."""
    rows = [cell_to_parties(cell) for cell in cells]
    abbreviations = _abbreviations(ctx, rows)
    rows = [[_expand(p, abbreviations) for p in parties] for parties in rows]
    people: list[TextPerson] = order_text_to_people(ctx.text)

    # persons: cell mentions are nominative (dative after a dative post, "Начальнику отдела Петровой");
    # text mentions take the case their context demands
    cell_persons = [(p.person, p.cases or _NOMINATIVE) for parties in rows for p in parties if p.person is not None]
    role_persons = [(p.role_person, _NOMINATIVE) for parties in rows for p in parties if p.role_person is not None]
    text_persons = [(person.name, person.cases) for person in people]
    nominatives, uncertain = _person_names(cell_persons + role_persons + text_persons)
    n_cell, n_role = len(cell_persons), len(role_persons)
    cell_nominatives, role_nominatives = nominatives[:n_cell], nominatives[n_cell:n_cell + n_role]
    text_nominatives = nominatives[n_cell + n_role:]

    printed: list[list[tuple[str, str]]] = []
    cell_iter, role_iter = iter(cell_nominatives), iter(role_nominatives)
    cell_unsure, role_unsure = iter(uncertain[:n_cell]), iter(uncertain[n_cell:n_cell + n_role])
    unsure: list[list[tuple[str, str]]] = []  # per row: (party text, nominative) of the guessed nominatives
    role_person_of: dict[int, str] = {}
    for parties in rows:
        row, row_unsure = [], []
        for party in parties:
            name = next(cell_iter) if party.person is not None else party.name
            if party.person is not None and next(cell_unsure):
                row_unsure.append((party.text, name))
            if party.role_person is not None:
                role_person_of[id(party)] = next(role_iter)
                if next(role_unsure):
                    row_unsure.append((party.text, role_person_of[id(party)]))
            row.append((party.kind, name))
        printed.append(row)
        unsure.append(row_unsure)
    occurrences = [occ for row in printed for occ in row] + [(PERSON, n) for n in text_nominatives]
    occurrences += [(PERSON, n) for n in role_nominatives]
    mapping, merges = names_to_canonical(occurrences)

    cell_positions: dict[str, list[str]] = {}
    for parties, row in zip(rows, printed):
        for party, occ in zip(parties, row):
            if party.position:
                cell_positions.setdefault(mapping[occ], []).append(party.position)
    text_positions: dict[str, list[str]] = {}
    people_phrases = []
    for person, nominative in zip(people, text_nominatives):
        canonical = mapping[(PERSON, nominative)]
        if person.position:
            text_positions.setdefault(canonical, []).append(person.position)
        people_phrases.append((canonical, person.phrases))

    role_names = [mapping[occ] for row in printed for occ in row if occ[0] == ROLE]
    assignments = roles_to_people(role_names, people_phrases)
    explicit = {mapping[(ROLE, party.name)]: mapping[(PERSON, role_person_of[id(party)])]
                for parties in rows for party in parties if id(party) in role_person_of}

    results: list[RowExecutors] = []
    warned: set[str] = set()
    for cell, parties, row, row_unsure in zip(cells, rows, printed, unsure):
        result = RowExecutors()
        for text, name in dict.fromkeys(row_unsure):
            result.warnings.append(f"the surname in {text!r} is printed in an oblique case that more than one "
                                   f"nominative explains; read as {name!r}, check it")
        seen: set[tuple[str, str]] = set()
        for party, occ in zip(parties, row):
            name = mapping[occ]
            if (party.kind, fold_name(name)) in seen:
                continue
            seen.add((party.kind, fold_name(name)))
            position = person = None
            if party.kind == PERSON:
                position = _pick_position(cell_positions.get(name, []), text_positions.get(name, []))
            elif party.kind == ROLE:
                assignment = assignments.get(name)
                person = explicit.get(name) or (assignment.person if assignment else None)
                if assignment and assignment.warning and assignment.warning not in warned:
                    warned.add(assignment.warning)
                    result.warnings.append(assignment.warning)
            result.executors.append(Executor(name=name, kind=party.kind, position=position, person=person,
                                             text=party.text))
        for merge in merges:
            if any(o[1] in merge.variants and o[1] != merge.canonical and o[0] == merge.kind for o in row):
                result.warnings.append(merge.warning())
        if cell and cell.strip(" \n\t-–—") and not result.executors:
            result.warnings.append(f"executor cell {cell.strip()[:60]!r} names no party that could be read")
        results.append(result)
    return results
