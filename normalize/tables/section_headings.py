"""A section heading cell that carries more than its title.

A heading row spanning the table may hold, in the same cell, the section's title and a
description: "ОРГАНИЗАЦИОННАЯ РАБОТА\\nЦель: создание условий …\\nЗадачи:\\n1. … 2. …", or on one
line "МЕТОДИЧЕСКАЯ РАБОТА. Цель: … Задачи: 1. … 2. …". The section is the title; the goal and
the tasks are not measures, so they are no rows (their numbered tasks must not become items),
and the schema has no place for them: the assembly leaves them out and says so in the table's
warnings. The words that open a description are data: ``section_description_openers`` in
``normalize/data/table_words.yaml``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from normalize.lexicon import load_yaml


@lru_cache(maxsize=1)
def _description_opening() -> re.Pattern[str]:
    words = sorted(load_yaml("table_words.yaml")["section_description_openers"], key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    # at a line start, or after the title's closing "." / "!" / ";" on the same line
    return re.compile(rf"(?:^|(?<=[.!;:])[ \t]+|\n)[ \t]*(?P<word>{alternatives})\s*:", re.IGNORECASE)


def heading_cell_to_title(text: str) -> tuple[str, str | None]:
    """(title, description) of a heading cell; description None when the cell is all title.
    The title is the text before the first description opener ("Цель:", "Задачи:" …), its lines
    joined and the full stop that closed it removed; a cell that opens with such a word is no
    title and is returned whole."""
    m = _description_opening().search(text or "")
    if m is None:
        return text, None
    title = " ".join(text[: m.start()].split()).rstrip(" .;:")
    if not title:
        return text, None
    return title, text[m.start():].strip()


def description_word(description: str) -> str:
    """The word that opens a description ("Цель"), for the warning that names what was left out."""
    m = _description_opening().search(description)
    return m.group("word") if m else description.split(":", 1)[0]
