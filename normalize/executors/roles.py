"""Roles printed in the table linked to the people the order's text assigns them to.

A table role ("Муниципальный координатор проекта «500+»", "муниципальный координатор",
"Куратор проекта") matches a role phrase of the text ("муниципального координатора проекта",
"муниципального куратора проекта") when the heads are the same noun, the role's adjectives are
among the phrase's and the role's words (outside quotes) are among the phrase's words; a
"Региональный координатор" does not match a "муниципального координатора". A plural role
("Участники проекта") is a group and gets no person. The single participant of a project
("Участник проекта") is the participating organisation: when no phrase names it, it goes to the
one person the order makes responsible as head of an organisation who has no other role.
"""
from __future__ import annotations

from dataclasses import dataclass

from normalize.executors.nlp import text_to_doc, token_lemma
from normalize.executors.text import RolePhrase
from normalize.executors.words import executor_words
from normalize.lexicon import analyzer

_QUOTE_OPEN, _QUOTE_CLOSE = "«“„(", "»”)"
_CONTENT_POS = {"NOUN", "ADJ", "PROPN"}


@dataclass(frozen=True)
class RoleKey:
    """What a role name says, in lemmas."""

    head: str
    modifiers: frozenset[str]
    words: frozenset[str]
    plural: bool  # the head can only be plural: a group, not a post


@dataclass(frozen=True)
class Assignment:
    person: str | None
    warning: str | None = None


def role_to_key(name: str) -> RoleKey | None:
    """'Муниципальный координатор проекта «500+»' -> head координатор, {муниципальный}, words."""
    doc = text_to_doc(name)
    depth, head, modifiers, words = 0, None, set(), set()
    for token in doc:
        if token.text in _QUOTE_OPEN:
            depth += 1
            continue
        if token.text in _QUOTE_CLOSE and depth:
            depth -= 1
            continue
        if depth or token.pos_ not in _CONTENT_POS or token.text.isupper():
            continue
        lemma = token_lemma(token)
        words.add(lemma)
        if head is None:
            if token.pos_ == "ADJ":
                modifiers.add(lemma)
            else:
                head = token
    if head is None:
        return None
    numbers = {p.tag.number for p in analyzer().parse(head.text.lower()) if p.tag.POS == "NOUN" and p.tag.number}
    return RoleKey(head=token_lemma(head), modifiers=frozenset(modifiers), words=frozenset(words),
                   plural=numbers == {"plur"})


def key_matches_phrase(key: RoleKey, phrase: RolePhrase) -> bool:
    return key.head == phrase.head and key.modifiers <= phrase.modifiers and key.words <= phrase.words


def _is_participant(key: RoleKey) -> bool:
    words = executor_words()
    return key.head in words.participant_nouns and key.words <= words.participant_nouns | words.participant_context


def roles_to_people(roles: list[str], people: list[tuple[str, tuple[RolePhrase, ...]]]) -> dict[str, Assignment]:
    """Each role name -> the canonical name of the person the order assigns it to.

    ``people`` holds (canonical person name, the role phrases of the person's clause) for every
    person mention of the order's text.
    """
    out: dict[str, Assignment] = {}
    keys = {role: role_to_key(role) for role in dict.fromkeys(roles)}
    for role, key in keys.items():
        if key is None or key.plural:
            out[role] = Assignment(None)
            continue
        matches = list(dict.fromkeys(name for name, phrases in people
                                     if any(key_matches_phrase(key, p) for p in phrases)))
        if len(matches) == 1:
            out[role] = Assignment(matches[0])
        elif matches:
            out[role] = Assignment(None, f"role '{role}' fits several people in the order ({', '.join(matches)}); no person set")
        else:
            out[role] = Assignment(None)
    taken = {a.person for a in out.values() if a.person}
    heads = executor_words().organisation_head_nouns
    org_heads = list(dict.fromkeys(name for name, phrases in people if name not in taken
                                   and any(p.head in heads and p.names_organisation for p in phrases)))
    for role, key in keys.items():
        if key is None or key.plural or out[role].person or not _is_participant(key):
            continue
        if len(org_heads) == 1:
            out[role] = Assignment(org_heads[0], f"role '{role}' taken as the participating organisation headed by "
                                                 f"{org_heads[0]}, whom the order makes responsible")
    return out
