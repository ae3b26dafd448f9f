"""Stable identifiers for executors, so one party counts once across the orders of a region.

The identifier is ``REGION:kind:key``. The key is built from what stays the same when
different orders print the same party differently:

- a person: the surname and initials ("RU-VOR:person:гайворонская-ни");
- an organisation: the lemmas of its words outside quotes and the words inside quotes as they
  are, without a leading legal-form prefix, which OCR and authors vary ("ОГАУ"/"ОГАОУ «Институт
  развития образования»" -> "RU-ULY:organization:институт-развития-образования");
- a role: the lemmas of its words ("Муниципальные координаторы проекта" and "муниципальный
  координатор проекта" -> "RU-VLG:role:муниципальный-координатор-проект").
"""
from __future__ import annotations

import re

from normalize.executors.nlp import text_to_doc, token_lemma
from normalize.executors.variants import fold_name
from normalize.executors.words import executor_words
from normalize.executors.person_names import mention_to_name

_QUOTE_OPEN, _QUOTE_CLOSE = "«“„\"", "»”\""
_STOP_WORDS = frozenset({"и", "в", "во", "на", "по", "с", "со", "для", "при", "из", "от", "к", "о", "об", "г"})


def _words_key(name: str, lemmatise: bool) -> list[str]:
    doc = text_to_doc(name)
    out, quoted = [], False
    for token in doc:
        text = token.text
        if text in _QUOTE_OPEN and not (text == '"' and quoted):
            quoted = True
            continue
        if text in _QUOTE_CLOSE and quoted:
            quoted = False
            continue
        if not any(ch.isalnum() for ch in text):
            continue
        word = fold_name(text) if quoted or not lemmatise or text.isupper() else token_lemma(token)
        if word and word not in _STOP_WORDS:
            out.append(word)
    return out


def _without_legal_form(name: str) -> str:
    m = executor_words().legal_form_pattern.match(name.strip())
    rest = name.strip()[m.end():].strip() if m else name
    return rest or name


def name_to_id(name: str, kind: str, region_code: str | None) -> str:
    """The identifier of a party of ``kind`` named ``name`` in ``region_code``."""
    region = region_code or "RU"
    if kind == "person":
        person = mention_to_name(name)
        if person is not None:
            key = f"{fold_name(person.surname)}-{''.join(person.initials).lower()}"
            return f"{region}:person:{key}"
    if kind == "organization":
        words = _words_key(_without_legal_form(name), lemmatise=True)
    else:
        words = _words_key(name, lemmatise=True)
    key = "-".join(words) or re.sub(r"\s+", "-", fold_name(name))
    return f"{region}:{kind}:{key}"
