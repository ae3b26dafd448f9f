"""Noun phrases put into the nominative: the head noun and the adjectives before it.

"заместителю руководителя отдела образования" -> "заместитель руководителя отдела образования",
"главного специалиста отдела" -> "главный специалист отдела", "тьюторами" -> "тьюторы",
"муниципальным координатором по работе" -> "муниципальный координатор по работе". Words after
the head (its dependents) keep their case. A phrase whose head can already be nominative is
returned unchanged, so printed table wording ("Управления образований …") is never rewritten.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normalize.executor_words import listed_noun
from normalize.lemmas import analyzer

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ADJECTIVE = {"ADJF", "PRTF"}


@dataclass(frozen=True)
class HeadWord:
    """The first noun of a phrase, with the cases and numbers it can be read in."""

    index: int  # position of the word in the phrase's word list
    lemma: str
    cases: frozenset[str]
    numbers: frozenset[str]
    substantive: bool = False  # an adjective or participle used as a noun ("заведующие")


def _parses(word: str) -> list:
    parses = analyzer().parse(word.lower())
    known = [p for p in parses if p.is_known]
    if known:
        return known
    # a guess: an unknown word read as indeclinable ("тьюторами" as a Fixd noun) is the
    # weakest guess, keep the declined readings when there are any
    declined = [p for p in parses if "Fixd" not in p.tag]
    return declined or parses


def _is_adjective(word: str) -> bool:
    return any(p.tag.POS in _ADJECTIVE for p in _parses(word)) and not word.isupper()


def _is_noun(word: str) -> bool:
    return not word.isupper() and any(p.tag.POS == "NOUN" for p in _parses(word))


def agrees_with(modifier: str, noun: str) -> bool:
    """Can ``modifier`` be an adjective agreeing with the noun ``noun`` (case, number, and gender
    in the singular)? "ответственные исполнители" yes, "заведующим кафедрой" no."""
    def form(p) -> tuple:
        return (p.tag.case, p.tag.number, p.tag.gender if p.tag.number == "sing" else None)

    forms = {form(p) for p in _parses(modifier) if p.tag.POS in _ADJECTIVE}
    return any(form(p) in forms for p in _parses(noun) if p.tag.POS == "NOUN")


def _is_substantive_head(words: list[str], i: int) -> bool:
    """An adjective or participle used as a listed noun ("Заведующие кафедрами") heads the
    phrase unless a noun agreeing with it follows ("ответственные исполнители")."""
    if listed_noun(words[i]) is None or not _is_adjective(words[i]):
        return False
    return not (i + 1 < len(words) and _is_noun(words[i + 1]) and agrees_with(words[i], words[i + 1]))


def _head_parses(word: str, substantive: bool) -> list:
    pos = _ADJECTIVE if substantive else {"NOUN"}
    return [p for p in _parses(word) if p.tag.POS in pos]


def phrase_head(text: str) -> HeadWord | None:
    """The head noun: the first noun after leading adjectives; None when the phrase opens otherwise."""
    words = [m.group() for m in _WORD.finditer(text)]
    for i, word in enumerate(words):
        substantive = _is_substantive_head(words, i)
        noun = substantive or (_is_noun(word) and not (i + 1 < len(words) and _is_adjective(word) and _is_noun(words[i + 1])))
        if noun:
            parses = _head_parses(word, substantive)
            lemma = listed_noun(word) if substantive else parses[0].normal_form.replace("ё", "е")
            return HeadWord(
                index=i,
                lemma=lemma or parses[0].normal_form,
                cases=frozenset(p.tag.case for p in parses if p.tag.case),
                numbers=frozenset(p.tag.number for p in parses if p.tag.number),
                substantive=substantive,
            )
        if not _is_adjective(word):
            return None
    return None


def _match_case(original: str, inflected: str) -> str:
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def phrase_to_nominative(text: str, number: str | None = None, cases: frozenset[str] | None = None) -> str:
    """Put the head noun and its leading adjectives into the nominative.

    ``number`` ("sing"/"plur") keeps the reading of a person's position singular
    ("директора МАОУ" -> "директор МАОУ", not the plural "директора"); ``cases`` prefers the
    head's readings in those cases.
    """
    matches = list(_WORD.finditer(text))
    head = phrase_head(text)
    if head is None:
        return text
    head_word = matches[head.index].group()
    if text[matches[head.index].end():].startswith("."):
        return text  # a shortened word ("Рук. ШМО") is not declined
    parses = _head_parses(head_word, head.substantive)
    if number:
        parses = [p for p in parses if p.tag.number in (number, None)] or parses
    if any(p.tag.case == "nomn" for p in parses):
        return text
    if cases:
        parses = [p for p in parses if p.tag.case in cases] or parses
    chosen = parses[0]
    target_number = number or chosen.tag.number or "sing"
    replacements: dict[int, str] = {}
    inflected = chosen.inflect({"nomn", target_number})
    if inflected is None:
        return text
    replacements[head.index] = inflected.word
    gender = chosen.tag.gender if not head.substantive else None
    for i in range(head.index):
        word = matches[i].group()
        adj = [p for p in _parses(word) if p.tag.POS in _ADJECTIVE and p.tag.case == chosen.tag.case]
        if not adj:
            continue
        grams = {"nomn", target_number} | ({gender} if target_number == "sing" and gender else set())
        form = adj[0].inflect(grams)
        if form is not None:
            replacements[i] = form.word
    out, last = [], 0
    for i, m in enumerate(matches):
        if i in replacements:
            out.append(text[last:m.start()])
            out.append(_match_case(m.group(), replacements[i]))
            last = m.end()
    out.append(text[last:])
    return "".join(out)
