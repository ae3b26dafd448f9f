"""Abbreviations a document defines with "(далее – X)", mapped to what X stands for.

"школ с низкими образовательными результатами (далее- ШНОР)" defines ШНОР; the expansion is the
run of words before the bracket that X stands for, as printed. How far back it reaches is
decided, in this order, by:
1. a word definition ("(далее – «Министерство»)", "(далее - обучающиеся с ОВЗ)"): the nearest
   earlier word with the same lemma as X's first word, with the adjectives agreeing with it
   ("муниципальных дорожных карт …" for "дорожная карта");
2. an acronym after a quoted name ("КАУ ДПО «АИРО имени А.М. Топорова» (далее – АИРО)"): the
   quoted name with the legal-form words and abbreviations before it;
3. an acronym whose letters are the initials of the words before the bracket, skipping
   prepositions and at most one other word ("информационной системе мониторинга электронных
   дорожных карт (далее – ИС МЭДК)");
4. an acronym for a noun with a participle phrase ("общеобразовательным организациям …,
   имеющим низкие образовательные результаты обучающихся (далее – ШНОР)"): the noun the
   participle agrees with, through the end.
A definition none of these explains is left out rather than guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normalize.lexicon import DEFINITION, analyzer, load_yaml
from normalize.lexicon import expansion_to_nominative as declension_to_nominative

_TOKEN = re.compile(r"[^\W_]+(?:[-‑][^\W_]+)*")
# a sentence ends at ". " before a capital, but not after an initial ("А.М. Топорова") or "г."
_SENTENCE_END = re.compile(r"(?<=[а-яёa-z0-9»)\]]{2})[.;!?]\s+(?=[А-ЯЁA-Z«])")
_QUOTES = "«»\"“”„'"
_CLOSING_QUOTES = "»\"“”'"
_MAX_WORDS = 40


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _words() -> dict:
    data = load_yaml("doc_types.yaml")
    return {"skip": set(data["acronym_skip_words"]), "legal": set(data["legal_form_words"])}


def _normal_forms(word: str) -> set[str]:
    return {p.normal_form for p in analyzer().parse(word.lower())}


def _is_acronym(x: str) -> bool:
    first = _TOKEN.search(x)
    return bool(first) and len(first.group(0)) >= 2 and first.group(0).isupper()


def _tokens(window: str) -> list[_Token]:
    return [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(window)]


def _agreement(word: str) -> list[tuple[str, str]]:
    """(case, number) pairs ``word`` can have as a noun, adjective or participle."""
    out = []
    for p in analyzer().parse(word.lower()):
        if p.tag.POS in ("NOUN", "ADJF", "PRTF") and p.tag.case:
            out.append((p.tag.case, p.tag.number or "sing"))
    return out


def _extend_over_adjectives(tokens: list[_Token], index: int) -> int:
    """Move the start back over adjectives that agree with tokens[index]."""
    wanted = set(_agreement(tokens[index].text))
    while index > 0:
        previous = tokens[index - 1].text
        readings = {(p.tag.case, p.tag.number or "sing") for p in analyzer().parse(previous.lower())
                    if p.tag.POS in ("ADJF", "PRTF")}
        if not readings & wanted:
            break
        index -= 1
    return index


def _start_by_lemma(window: str, tokens: list[_Token], x: str) -> int | None:
    first = _TOKEN.search(x)
    if not first:
        return None
    lemmas = _normal_forms(first.group(0))
    for i in range(len(tokens) - 1, -1, -1):
        if _normal_forms(tokens[i].text) & lemmas:
            start = tokens[_extend_over_adjectives(tokens, i)].start
            return _outside_parenthesis(window, start)
    return None


def _outside_parenthesis(window: str, start: int) -> int:
    """A match inside "(…)" that closes before the end glosses an earlier phrase: start that
    phrase instead, at its capitalised first word ("План мероприятий («дорожная карта») по …
    (далее – «дорожная карта»)")."""
    opening = window.rfind("(", 0, start)
    if opening == -1 or window.find(")", start) == -1:
        return start
    boundary = max(window.rfind(ch, 0, opening) for ch in ",;:")
    phrase = _tokens(window[boundary + 1:opening])
    if not phrase:
        return start
    head = next((t for t in reversed(phrase) if t.text[:1].isupper()), phrase[0])
    return boundary + 1 + head.start


def _start_by_quoted_name(window: str, tokens: list[_Token], x: str) -> int | None:
    """An acronym after a quoted name that contains it or whose initials it is."""
    text = window.rstrip()
    if not text or text[-1] not in _CLOSING_QUOTES:
        return None
    if text[-1] == "»":
        depth, i = 0, len(text) - 1
        while i >= 0:
            depth += {"»": 1, "«": -1}.get(text[i], 0)
            if depth == 0:
                break
            i -= 1
    else:
        i = max(text.rfind(q, 0, len(text) - 1) for q in "\"“„")
    if i < 0:
        return None
    start = i
    before = [t for t in tokens if t.end <= i]
    for token in reversed(before):
        legal = token.text.isupper() and len(token.text) >= 2
        legal = legal or bool(_normal_forms(token.text) & _words()["legal"])
        if not legal:
            break
        start = token.start
    name = window[start:]
    letters = _letters(x)
    initials = "".join(t.text[0].upper() for t in _tokens(name))
    if x.upper() in name.upper() or _subsequence_count(letters, initials) == len(letters):
        return start
    return None


def _letters(x: str) -> str:
    return "".join(ch for ch in x if ch.isupper())


def _start_by_initials_run(tokens: list[_Token], x: str) -> int | None:
    """The latest run of words whose initials spell X's first acronym ("Тихорецком техникуме
    железнодорожного транспорта - филиале … (далее - ТТЖТ - филиал РГУПС)")."""
    first = _TOKEN.search(x)
    acronym = first.group(0).upper() if first else ""
    if len(acronym) < 2:
        return None
    skip_words = _words()["skip"]
    for begin in range(len(tokens) - 1, -1, -1):
        position, i = 0, begin
        while i < len(tokens) and position < len(acronym):
            word = tokens[i].text
            if word[0].upper() == acronym[position]:
                position += 1
            elif word.lower() not in skip_words or position == 0:
                break
            i += 1
        if position == len(acronym):
            return begin
    return None


def _acronym_match(letters: str, tokens: list[_Token]) -> int | None:
    """Index of the token where an acronym's letters start, matching initials backwards."""
    skip_words = _words()["skip"]

    def initials(word: str) -> str:
        return "".join(part[:1] for part in re.split(r"[-‑]", word)).upper()

    def search(wi: int, li: int, skipped: int, consumed: bool) -> int | None:
        if li == 0:
            return wi + 1
        if wi < 0:
            return None
        word = tokens[wi].text
        if not word[:1].isalpha():
            return search(wi - 1, li, skipped, consumed) if consumed else None
        options = []
        full = initials(word)
        if len(full) > 1 and letters[:li].endswith(full):
            options.append(li - len(full))
        if letters[li - 1] == word[0].upper():
            options.append(li - 1)
        for new_li in options:
            found = search(wi - 1, new_li, skipped, True)
            if found is not None:
                return found
        if word.lower() in skip_words and consumed:
            found = search(wi - 1, li, skipped, consumed)
            if found is not None:
                return found
        if consumed and skipped < 1:
            return search(wi - 1, li, skipped + 1, consumed)
        return None

    return search(len(tokens) - 1, len(letters), 0, False)


def _subsequence_count(letters: str, initials: str) -> int:
    """How many of ``letters`` appear in order among ``initials`` (unmatched ones skipped)."""
    count, position = 0, 0
    for ch in letters:
        found = initials.find(ch, position)
        if found != -1:
            count, position = count + 1, found + 1
    return count


def _start_by_participle(tokens: list[_Token], letters: str) -> int | None:
    """'организациям края, имеющим низкие образовательные результаты (далее – ШНОР)': the noun
    the last participle agrees with, when the words after it carry most of the acronym."""
    for p_index in range(len(tokens) - 1, 0, -1):
        participles = [p for p in analyzer().parse(tokens[p_index].text.lower()) if p.tag.POS == "PRTF"]
        if not participles:
            continue
        tail = "".join(t.text[0].upper() for t in tokens[p_index + 1:])
        if _subsequence_count(letters, tail) * 2 < len(letters):
            continue
        wanted = {(p.tag.case, p.tag.number) for p in participles}
        for n_index in range(p_index - 1, -1, -1):
            nouns = {(p.tag.case, p.tag.number) for p in analyzer().parse(tokens[n_index].text.lower())
                     if p.tag.POS == "NOUN"}
            if nouns & wanted:
                return _extend_over_adjectives(tokens, n_index)
        return None
    return None


def _expansion(window: str, x: str) -> str | None:
    tokens = _tokens(window)[-_MAX_WORDS:]
    if not tokens:
        return None
    start: int | None = None
    if not _is_acronym(x):
        start = _start_by_lemma(window, tokens, x)
    else:
        letters = _letters(x)
        index = _acronym_match(letters, tokens)
        if index is None:
            start = _start_by_quoted_name(window, tokens, x)
            if start is None:
                index = _start_by_initials_run(tokens, x)
            if start is None and index is None:
                index = _start_by_participle(tokens, letters)
        if index is not None:
            start = tokens[index].start
    if start is None:
        return None
    expansion = re.sub(r"\s+", " ", window[start:]).strip(" ,;:–—-")
    return expansion or None


def _segments(text: str) -> list[str]:
    """Cells (TAB) and paragraphs (blank lines) are separate; line breaks inside are spaces."""
    return [re.sub(r"\s+", " ", part) for part in re.split(r"\t|\n\s*\n", text) if part.strip()]


def find_abbreviations(text: str) -> dict[str, str]:
    """Every abbreviation ``text`` defines with "(далее – X)" -> its expansion as printed.
    The first definition of an X wins; definitions whose expansion cannot be delimited
    (see the module docstring) are left out."""
    found: dict[str, str] = {}
    for segment in _segments(text):
        previous_end = 0
        for m in DEFINITION.finditer(segment):
            x = m.group("x").strip().strip(_QUOTES).strip()
            window_start = previous_end
            previous_end = m.end()
            if not x or "соответственно" in x.lower() or x in found:
                continue
            window = segment[window_start:m.start()]
            sentences = list(_SENTENCE_END.finditer(window))
            if sentences:
                window = window[sentences[-1].end():]
            expansion = _expansion(window, x)
            if expansion and expansion != x:
                found[x] = expansion
    return found


def expansion_to_nominative(expansion: str) -> str:
    """The expansion with its head noun group in the nominative, number kept ("школ с низкими
    образовательными результатами" -> "школы с низкими образовательными результатами")."""
    return declension_to_nominative(expansion, frozenset(_words()["skip"]))
