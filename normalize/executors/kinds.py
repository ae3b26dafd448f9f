"""What an executor party is: a person, an organisation or a role.

A party with a person mention is a person. Otherwise its first word after leading adjectives
decides, as the entity ruler labels it: a role noun or role abbreviation ("Муниципальный
координатор проекта", "Тьюторы", "АУП") makes a role; a legal-form prefix, a quoted name, an
organisation head noun or another upper-case abbreviation ("ОГАУ «…»", "Центры «ИТ-куб»",
"Муниципальные образования", "РМО", "ВЦПМ Бобров") makes an organisation. A first noun in no
list falls back on grammar: animate nouns name people (a role), inanimate ones bodies.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads with the pipeline (normalize.executors.nlp)
    from spacy.tokens import Doc, Token

from normalize.executors.nlp import text_to_doc, token_lemma
from normalize.executors.words import executor_words
from normalize.lexicon import analyzer

PERSON = "person"
ORGANIZATION = "organization"
ROLE = "role"
KINDS = (PERSON, ORGANIZATION, ROLE)
_LABEL_TO_KIND = {"PERSON": PERSON, "ORG": ORGANIZATION, "ROLE": ROLE}
_MODIFIER_POS = {"ADJ", "DET", "NUM", "PUNCT", "ADV", "PART", "PRON"}  # "Все педагоги"


def _first_head(doc: Doc) -> Token | None:
    """The first token that is not a leading modifier (adjective, number, punctuation)."""
    for token in doc:
        if token.pos_ in _MODIFIER_POS and not token.ent_type_:
            continue
        return token
    return None


def doc_to_kind(doc: Doc) -> str:
    head = _first_head(doc)
    if head is None:
        return ORGANIZATION
    if head.ent_type_:
        return _LABEL_TO_KIND[head.ent_type_]
    if any(ent.label_ == "PERSON" for ent in doc.ents):
        return PERSON
    if "Anim" in head.morph.get("Animacy"):
        return ROLE
    return ORGANIZATION


def party_to_kind(name: str) -> str:
    """'Муниципальный координатор проекта' -> 'role'; 'ДТ «Кванториум»' -> 'organization'."""
    return doc_to_kind(text_to_doc(name))


def is_position_phrase(text: str) -> bool:
    """True for a singular post ("начальник отдела …", "главный специалист …", "заместителю
    руководителя …"): the words that may follow a person's name as the person's position."""
    doc = text_to_doc(text)
    head = _first_head(doc)
    if head is None or head.ent_type_ != "ROLE":
        return False
    if head.text.isupper():
        return False  # "АУП" is a group, not a post
    lemma = token_lemma(head)
    if lemma in executor_words().role_short_words:
        return True
    return "Plur" not in head.morph.get("Number") or "Sing" in _numbers(head.text)


def _numbers(word: str) -> set[str]:
    return {"Sing" if p.tag.number == "sing" else "Plur" for p in analyzer().parse(word.lower()) if p.tag.number}
