"""What the order's own text says about people: their positions and the roles it gives them.

"2. Гайворонской Н.И., заместителю руководителя отдела образования …:" gives a position;
"Назначить ответственными …: - муниципального координатора проекта, специалиста по курсовой
подготовке управления образования Соловьеву О.В.;" and "Назначить Кудрину И.В., начальника
отдела …, муниципальным координатором …" give roles. ``order_text_to_people`` finds every
person mention with

- the case its context demands (the position beside it, "на"/"Назначить" before it), which
  picks the nominative of the surname;
- its position in the nominative: the post right after "Name," or, failing that, the post
  right before the name;
- the role phrases of its clause (the clause ends at ";", ":", a line or sentence end), which
  ``roles`` matches against the roles printed in the table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads with the pipeline (normalize.executors.nlp)
    from spacy.tokens import Doc, Span, Token

from normalize.executors.nlp import doc_to_persons, text_to_doc, token_lemma
from normalize.executors.words import executor_words, listed_noun
from normalize.lexicon import analyzer, fold_lookalikes, phrase_head, phrase_to_nominative
from normalize.executors.person_names import PersonName, mention_to_name

_CONTENT_POS = {"NOUN", "ADJ", "PROPN"}
_QUOTE_OPEN, _QUOTE_CLOSE = "«“„(", "»”)"


@dataclass(frozen=True)
class RolePhrase:
    """A phrase of the order's text headed by a role noun ("муниципального координатора проекта")."""

    text: str
    head: str  # lemma of the head noun
    modifiers: frozenset[str]  # lemmas of the adjectives before the head
    words: frozenset[str]  # lemmas of the content words outside quotes and brackets
    names_organisation: bool  # it names an organisation ("руководителя МОУ «Средняя школа №2»")


@dataclass(frozen=True)
class TextPerson:
    """One person mention in the order's text."""

    name: PersonName
    cases: frozenset[str] | None  # the cases the context allows, None when it says nothing
    position: str | None  # nominative
    phrases: tuple[RolePhrase, ...]


def _paragraphs(text: str) -> str:
    """Wrapped lines joined (a line that starts in lower case continues the previous one)."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line and (line[0].islower() or out[-1].endswith((",", "-", " и"))):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _is_boundary(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.text in {";", ":"} or "\n" in token.text:
        return True
    if token.text == ".":
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        return nxt is None or "\n" in nxt.text or nxt.text[:1].isupper() or nxt.text[:1].isdigit()
    return token.text in {"-", "–", "—"} and (i == 0 or "\n" in doc[i - 1].text)


def _clauses(doc: Doc) -> list[tuple[int, int]]:
    out, start = [], 0
    for i in range(len(doc)):
        if _is_boundary(doc, i):
            if start < i:
                out.append((start, i))
            start = i + 1
    if start < len(doc):
        out.append((start, len(doc)))
    return out


def _segments(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Comma-separated parts of a clause (commas inside quotes and brackets do not count)."""
    out, seg, depth = [], start, 0
    for i in range(start, end):
        text = doc[i].text
        if text in _QUOTE_OPEN:
            depth += 1
        elif text in _QUOTE_CLOSE and depth:
            depth -= 1
        elif text == "," and not depth:
            if seg < i:
                out.append((seg, i))
            seg = i + 1
    if seg < end:
        out.append((seg, end))
    return out


def _role_start(tokens: list[Token]) -> int | None:
    """Index of the first token of a phrase headed by a role noun (leading adjectives kept)."""
    role_nouns = executor_words().role_nouns
    for i, token in enumerate(tokens):
        if token.ent_type_ == "ROLE" or token_lemma(token) in role_nouns:
            j = i
            while j > 0 and tokens[j - 1].pos_ == "ADJ":
                j -= 1
            return j
    return None


def _phrase(tokens: list[Token]) -> RolePhrase | None:
    start = _role_start(tokens)
    if start is None:
        return None
    tokens = tokens[start:]
    text = _span_text(tokens)
    head = next((t for t in tokens if t.pos_ != "ADJ"), None)
    if head is None:
        return None
    modifiers = frozenset(token_lemma(t) for t in tokens[: tokens.index(head)])
    depth, words, organisation = 0, set(), False
    for t in tokens:
        if t.text in _QUOTE_OPEN:
            depth += 1
            organisation = True
        elif t.text in _QUOTE_CLOSE and depth:
            depth -= 1
        elif not depth and t.pos_ in _CONTENT_POS and not t.text.isupper():
            words.add(token_lemma(t))
        if t.ent_type_ == "ORG" and (t.text.isupper() or t.text in _QUOTE_OPEN):
            organisation = True
    return RolePhrase(text=text, head=token_lemma(head), modifiers=modifiers, words=frozenset(words),
                      names_organisation=organisation)


def _case_cue(tokens: list[Token]) -> frozenset[str] | None:
    """The case a governing word before the name demands ("на" / "Назначить": accusative)."""
    words = executor_words()
    for token in reversed(tokens[-6:]):
        lemma = token_lemma(token)
        if token.pos_ == "VERB" and "Inf" not in token.morph.get("VerbForm"):
            return None  # "назначена Иванова": a passive verb leaves the name in the nominative
        if lemma in words.accusative_cues:
            return frozenset({"accs"})
        if lemma in words.dative_cues:
            return frozenset({"datv"})
    return None


def _position(text: str) -> tuple[str, frozenset[str]] | None:
    """A post in the nominative and the cases its head allows (singular readings)."""
    head = phrase_head(text, listed_noun)
    if head is None or head.lemma not in executor_words().role_nouns or "sing" not in head.numbers:
        return None
    words = re.findall(r"[^\W\d_]+", text)
    cases = frozenset(p.tag.case for p in analyzer().parse(words[head.index].lower())
                      if p.tag.POS == "NOUN" and p.tag.number == "sing" and p.tag.case)
    return phrase_to_nominative(text.strip(), number="sing", listed=listed_noun), cases


def _span_text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _person_in_clause(doc: Doc, person: Span, clause: tuple[int, int]) -> TextPerson | None:
    name = mention_to_name(person.text)
    if name is None:
        return None
    segments = _segments(doc, *clause)
    own = next((k for k, (s, e) in enumerate(segments) if s <= person.start < e), None)
    if own is None:
        return None
    s, e = segments[own]
    before = [t for t in doc[s:person.start]]
    after = [t for t in doc[person.end:e]]
    position = cases = None
    following = doc[segments[own + 1][0]:segments[own + 1][1]] if own + 1 < len(segments) and not after else None
    if following is not None and _role_start(list(following)) == 0:
        found = _position(following.text)
        if found:
            position, cases = found
    if position is None and not before and own > 0:
        # "…, директора МАОУ «…» г. Череповца, Смирнову С.Н.": the post is the part before
        previous = list(doc[segments[own - 1][0]:segments[own - 1][1]])
        if _role_start(previous) == 0:
            found = _position(_span_text(previous))
            if found:
                position, cases = found
    if position is None:
        start = _role_start(before)
        # a post right before the name, no verb between ("…назначена Иванова" is no post)
        if start is not None and not any(t.pos_ in {"VERB", "AUX"} for t in before[start:]):
            found = _position(_span_text(before[start:]))
            if found:
                position, cases = found
                before = before[:start]
    if not cases:
        cases = _case_cue(list(doc[clause[0]:person.start]) if not before else before) or None
    phrases = []
    for k, (ps, pe) in enumerate(segments):
        parts = [[t for t in doc[ps:pe] if not (person.start <= t.i < person.end)]]
        if k == own:
            # the role may come before the name or after it with no comma ("Назначить Кузнецова П.И.
            # муниципальным координатором")
            parts = [list(doc[ps:person.start]), list(doc[person.end:pe])]
        for tokens in parts:
            phrase = _phrase(tokens)
            if phrase is not None:
                phrases.append(phrase)
    return TextPerson(name=name, cases=cases, position=position, phrases=tuple(phrases))


def order_text_to_people(text: str) -> list[TextPerson]:
    """Every person mention in the order's text, in order, with position, case and role phrases."""
    if not text or not text.strip():
        return []
    doc = text_to_doc(fold_lookalikes(_paragraphs(text)))
    clauses = _clauses(doc)
    people = []
    for person in doc_to_persons(doc):
        clause = next(((s, e) for s, e in clauses if s <= person.start < e), None)
        if clause is None:
            continue
        others = [p for p in doc_to_persons(doc) if p is not person and clause[0] <= p.start < clause[1]]
        if others:
            clause = _narrow_clause(person, others, clause)
        found = _person_in_clause(doc, person, clause)
        if found is not None:
            people.append(found)
    return people


def _narrow_clause(person: Span, others: list[Span], clause: tuple[int, int]) -> tuple[int, int]:
    """With several names in a clause, each keeps the words between it and its neighbours."""
    start, end = clause
    for other in others:
        if other.end <= person.start:
            start = max(start, other.end)
        elif other.start >= person.end:
            end = min(end, other.start)
    return start, end
