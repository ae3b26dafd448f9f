"""Columns the header leaves unnamed, named by what their cells hold.

A header cell that a scan garbled beyond recognition ("Orpe ici p@HHbiii" for "Ответственный")
or that words its field in a way the header keywords do not know leaves its column unnamed, and
every row of the table loses that field. Once a table's header is found (so it is a roadmap
table), each of the fields deadline and executors that the header lacks is given to the
unnamed column whose filled body cells are mostly of its kind:

- deadline: the cell reads as a deadline (``parse_deadline`` gives anything but "unparsed")
  and is short, as deadline cells are;
- executors: the cell names a person the way these plans do, a surname with initials
  ("Петров П.П.", "П.П. Петров"), or opens with a party: a listed role or organisation noun
  ("Руководители ОО", "Управление образования", also after an adjective: "Образовательные
  организации"), a role abbreviation or short role word ("ЗУВР", "Зам. по ВР"), an
  organisational-legal form ("МБОУ СОШ № 1") or an abbreviation in capitals ("МОУО", "ИРО");
  the word lists are executor_words.yaml and legal_forms.yaml, the ones executors are read by.

At least ``_MIN_CELLS`` filled cells and ``_SHARE`` of them must agree; the number column and a
column that is mostly measure numbers are never taken. Nothing is guessed for a column that
holds a mix.
"""
from __future__ import annotations

import re
from dataclasses import replace

from normalize.dates import parse_deadline
from normalize.lexicon import ITEM_NUMBER
from normalize.tables.headers import HeaderMap, header_cell_to_field

# a column is of a kind when this share of its filled body cells, and at least _MIN_CELLS, are
_SHARE = 0.6
_MIN_CELLS = 3
# a deadline cell is at most this long (characters, spaces collapsed)
_DEADLINE_MAX_CHARS = 80
_CAPITAL = "А-ЯЁ"
_PERSON = re.compile(
    rf"(?<![{_CAPITAL}а-яё])[{_CAPITAL}][а-яё]+(?:-[{_CAPITAL}][а-яё]+)?\s+[{_CAPITAL}]\.\s?(?:[{_CAPITAL}]\.)?"
    rf"|(?<![{_CAPITAL}а-яё])[{_CAPITAL}]\.\s?(?:[{_CAPITAL}]\.\s?)?[{_CAPITAL}][а-яё]{{2,}}")


def _is_deadline(text: str) -> bool:
    collapsed = " ".join(text.split())
    return len(collapsed) <= _DEADLINE_MAX_CHARS and parse_deadline(collapsed).kind != "unparsed"


def _is_person(text: str) -> bool:
    return bool(_PERSON.search(text))


def _is_party(text: str) -> bool:
    from normalize.executors import opens_with_party  # here: the executors room imports this one

    return _is_person(text) or opens_with_party(text)


_TESTS = {"deadline": _is_deadline, "executors": _is_party}


def _share(cells: list[str], test) -> float:
    filled = [c for c in cells if c.strip()]
    if len(filled) < _MIN_CELLS:
        return 0.0
    return sum(1 for c in filled if test(c)) / len(filled)


def header_with_columns_by_content(header: HeaderMap, body: list[list[str]]) -> HeaderMap:
    """``header`` with deadline and executors, where it lacks them, given to the unnamed column
    whose ``body`` cells (rows below the header) are mostly deadlines or names."""
    missing = [name for name in _TESTS if name not in header.columns]
    if not missing or not body:
        return header
    width = max(len(row) for row in body)
    # a column whose header names something that is no field ("Примечание", "Место проведения",
    # "Участники") is not unnamed: its cells may well list schools or people
    unnamed = [c for c in range(width) if c not in header.taken
               and not (c < len(header.texts) and header_cell_to_field(header.texts[c]) == "other")]
    columns = {c: [row[c] if c < len(row) else "" for row in body] for c in unnamed}
    columns = {c: cells for c, cells in columns.items()
               if _share(cells, lambda t: bool(ITEM_NUMBER.match(t))) < _SHARE}
    found = dict(header.columns)
    for name in missing:
        scored = [(_share(cells, _TESTS[name]), c) for c, cells in columns.items() if c not in found.values()]
        best = max(scored, default=(0.0, -1))
        if best[0] >= _SHARE:
            found[name] = best[1]
    return header if found == header.columns else replace(header, columns=found)
