"""Declension of noun phrases: the head noun and the adjectives agreeing with it.

Three readers need it, for different phrases, and all three live here:

- ``phrase_to_case`` declines the head group of a name from one case to another, used for
  region and municipal names, letterhead bodies and signature posts ("Бобровского
  муниципального района" -> "Бобровский муниципальный район");
- ``expansion_to_nominative`` puts an abbreviation's expansion into the nominative keeping its
  number ("школ с низкими образовательными результатами" -> "школы с низкими …");
- ``phrase_to_nominative`` puts an executor's position or body into the nominative, as below.

A word a caller lists as a noun although pymorphy3 reads it as an adjective ("заведующие") is
passed in as ``listed``: a function from a word to its listed lemma, or None (the lexicon knows
no domain word list).

"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from normalize.lexicon.lemmas import analyzer

Listed = Callable[[str], "str | None"]

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


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple:
    """The readings a phrase's word is declined by; cached, as an order repeats its words."""
    parses = tuple(analyzer().parse(word.lower()))
    known = tuple(p for p in parses if p.is_known)
    if known:
        return known
    # a guess: an unknown word read as indeclinable ("тьюторами" as a Fixd noun) is the
    # weakest guess, keep the declined readings when there are any
    declined = tuple(p for p in parses if "Fixd" not in p.tag)
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


def _is_substantive_head(words: list[str], i: int, listed: Listed | None) -> bool:
    """An adjective or participle used as a listed noun ("Заведующие кафедрами") heads the
    phrase unless a noun agreeing with it follows ("ответственные исполнители")."""
    if listed is None or listed(words[i]) is None or not _is_adjective(words[i]):
        return False
    return not (i + 1 < len(words) and _is_noun(words[i + 1]) and agrees_with(words[i], words[i + 1]))


def _head_parses(word: str, substantive: bool) -> list:
    pos = _ADJECTIVE if substantive else {"NOUN"}
    return [p for p in _parses(word) if p.tag.POS in pos]


def phrase_head(text: str, listed: Listed | None = None) -> HeadWord | None:
    """The head noun: the first noun after leading adjectives; None when the phrase opens otherwise.
    ``listed`` names the adjectives used as nouns (see the module docstring)."""
    words = [m.group() for m in _WORD.finditer(text)]
    for i, word in enumerate(words):
        substantive = _is_substantive_head(words, i, listed)
        noun = substantive or (_is_noun(word) and not (i + 1 < len(words) and _is_adjective(word) and _is_noun(words[i + 1])))
        if noun:
            parses = _head_parses(word, substantive)
            lemma = listed(word) if substantive and listed is not None else parses[0].normal_form.replace("ё", "е")
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


def phrase_to_nominative(text: str, number: str | None = None, cases: frozenset[str] | None = None,
                         listed: Listed | None = None) -> str:
    """Put the head noun and its leading adjectives into the nominative.

    "заместителю руководителя отдела образования" -> "заместитель руководителя отдела
    образования", "тьюторами" -> "тьюторы". Words after the head (its dependents) keep their
    case. A phrase whose head can already be nominative is returned unchanged, so printed table
    wording ("Управления образований …") is never rewritten.

    ``number`` ("sing"/"plur") keeps the reading of a person's position singular
    ("директора МАОУ" -> "директор МАОУ", not the plural "директора"); ``cases`` prefers the
    head's readings in those cases.
    """
    matches = list(_WORD.finditer(text))
    head = phrase_head(text, listed)
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


# ---------------------------------------------------------------- names from case to case


def restore_case(template: str, word: str) -> str:
    """Give ``word`` the letter case of ``template`` part by part ("Ханты-Мансийский")."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    parts_t, parts_w = template.split("-"), word.split("-")
    if len(parts_t) != len(parts_w):
        return word[:1].upper() + word[1:] if template[:1].isupper() else word
    return "-".join(w[:1].upper() + w[1:] if t[:1].isupper() else w for t, w in zip(parts_t, parts_w))


def noun_parse(word: str, case: str):
    """The likeliest noun reading of ``word`` in ``case`` (or any case when none fits)."""
    parses = [p for p in analyzer().parse(word) if "NOUN" in p.tag]
    in_case = [p for p in parses if case in p.tag or (case == "loct" and "loc2" in p.tag)]
    return (in_case or parses or [None])[0]


def _agreeing_parse(word: str, gender: str | None, number: str, case: str):
    """The adjective or participle reading of ``word`` that agrees with a head noun."""
    for p in analyzer().parse(word):
        tag = p.tag
        if tag.POS not in ("ADJF", "PRTF") or case not in tag:
            continue
        if number == "plur" and "plur" in tag:
            return p
        if number == "sing" and "sing" in tag and (gender is None or gender in tag):
            return p
    return None


def phrase_to_case(phrase: str, target: str, source: str = "nomn") -> str:
    """Decline the head group of a noun phrase (leading adjectives + head noun) from ``source``
    case to ``target`` case and leave the rest as printed ("Бобровского муниципального района"
    -> "Бобровский муниципальный район"; "Республика Саха (Якутия)" -> "Республики Саха
    (Якутия)"). Words pymorphy3 cannot inflect stay as they are."""
    words = phrase.split(" ")
    head_index = None
    for i, word in enumerate(words):
        if not _WORD.fullmatch(word):
            break
        noun = noun_parse(word.lower(), source)
        is_noun = noun is not None and source in noun.tag
        adjective = has_agreeing_reading(word, source)
        following = words[i + 1] if i + 1 < len(words) else ""
        if adjective and (has_agreeing_reading(following, source) or _next_is_noun(following, source)):
            continue
        if is_noun:
            head_index = i
        break
    if head_index is None:
        return phrase
    head = noun_parse(words[head_index].lower(), source)
    number = "plur" if "plur" in head.tag else "sing"
    gender = head.tag.gender
    out = list(words)
    inflected = head.inflect({target, number}) or head.inflect({target})
    if inflected is not None:
        out[head_index] = restore_case(words[head_index], inflected.word)
    for i in range(head_index):
        parse = _agreeing_parse(words[i].lower(), gender, number, source)
        if parse is None:
            continue
        grammemes = {target, number} | ({gender} if number == "sing" and gender else set())
        if target == "accs" and number == "sing" and gender == "masc":
            grammemes.add("inan" if "inan" in head.tag else "anim")
        inflected = parse.inflect(grammemes)
        if inflected is not None:
            out[i] = restore_case(words[i], inflected.word)
    return " ".join(out)


def has_agreeing_reading(word: str, case: str) -> bool:
    """True when ``word`` can be an adjective or participle in ``case``."""
    return bool(_WORD.fullmatch(word)) and any(
        p.tag.POS in ("ADJF", "PRTF") and case in p.tag for p in analyzer().parse(word.lower()))


def _next_is_noun(word: str, case: str) -> bool:
    noun = noun_parse(word.lower(), case) if _WORD.fullmatch(word) else None
    return noun is not None and case in noun.tag


def expansion_to_nominative(expansion: str, function_words: frozenset[str] = frozenset()) -> str:
    """The expansion with its head noun group in the nominative, number kept ("школ с низкими
    образовательными результатами" -> "школы с низкими образовательными результатами").
    A first word followed by one of ``function_words`` (prepositions, conjunctions) is read as a
    participle used as a noun ("обучающихся с ОВЗ" -> "обучающиеся с ОВЗ")."""
    words = expansion.split(" ")
    following = words[1].lower() if len(words) > 1 else ""
    if following in function_words:  # a participle used as a noun: "обучающихся с ОВЗ"
        for p in analyzer().parse(words[0].lower()):
            if p.tag.POS in ("PRTF", "ADJF") and p.tag.case not in (None, "nomn"):
                inflected = p.inflect({"nomn", p.tag.number or "sing"} | ({p.tag.gender} if p.tag.gender else set()))
                if inflected is not None:
                    return " ".join([inflected.word, *words[1:]])
    for i, word in enumerate(words):
        nouns = [p for p in analyzer().parse(word.lower()) if p.tag.POS == "NOUN" and p.tag.case]
        if not nouns:
            continue
        if any(p.tag.case == "nomn" for p in nouns):
            return expansion
        head_phrase = " ".join(words[: i + 1])
        rest = words[i + 1:]
        for case in ("gent", "datv", "loct", "ablt", "accs"):
            if any(p.tag.case == case for p in nouns):
                converted = phrase_to_case(head_phrase, "nomn", case)
                if converted != head_phrase:
                    return " ".join([converted, *rest])
        return expansion
    return expansion
