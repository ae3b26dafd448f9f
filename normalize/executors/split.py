"""One executor cell to its parties, in printed order.

Rules, each from real cells:

- parties are separated by commas, semicolons and party-separating line breaks outside quotes
  and brackets ("ОГАУ «Институт развития образования»; муниципальные образования");
- a person mention starts a party of its own ("Гайворонская Н.И. Суворина Т.В." is two);
- a singular post after "Name," is that person's position, and a post right before a name is
  the position of that name ("Кудрина И.В., начальник отдела …" is one person;
  "Машина Т.В., заместитель начальника Управления образования Кудрина И.В., начальник …" two);
- a bare quoted name after "head «name»" repeats the head ("центры «ИТ-куб», «Точка роста»" is
  "Центры «ИТ-куб»" and "Центры «Точка роста»");
- "и" joins two parties when both sides are heads in the same case ("Совместно с АУП и
  тьюторами" is АУП and Тьюторы) but not coordinated dependents ("Руководители ШМО и РМО",
  "Министерства просвещения и воспитания");
- a capitalised role or organisation head in the nominative inside a party starts another one
  ("Участник проекта Участник проекта"); a party printed twice in a cell counts once;
- an opener ("Совместно с") is not part of the party, the party is put in the nominative, an
  abbreviation definition "(далее – АИРО)" is cut off and reported, a person in brackets after
  a role is that role's person and after an organisation a party of its own, trailing
  punctuation is dropped, the name starts with a capital.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from normalize.executors.kinds import ORGANIZATION, PERSON, ROLE, is_position_phrase, party_to_kind
from normalize.executors.lines import cell_to_text
from normalize.executors.nlp import doc_to_persons, text_to_doc
from normalize.executors.words import executor_words, listed_noun
from normalize.lexicon import DEFINITION, analyzer, fold_lookalikes, phrase_to_nominative
from normalize.executors.person_names import PersonName, mention_to_name

_QUOTES = "«»“”„\"'"
_NAMED_AFTER = re.compile(r"(?<![\w-])(?:им\.|имени)\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# bullets, list numbers and OCR's table rules ("|") around a party
_LEADING_JUNK = re.compile(r"^(?:[-–—•·*|]+\s*|\d{1,2}[.)]\s+)+")
_TRAILING_JUNK = re.compile(r"[\s,;:–—|-]+$")


@dataclass(frozen=True)
class RawParty:
    """One party as the cell prints it, before the order-wide resolution."""

    text: str  # the span of the cell it came from, spaces collapsed
    name: str  # its wording: opener and trailing punctuation dropped, nominative, capitalised
    kind: str
    person: PersonName | None = None  # the person mention (kind person)
    position: str | None = None  # a person's position printed in the cell
    role_person: PersonName | None = None  # "Координатор (Соловьева О.В.)": the role's person
    definition: str | None = None  # "… (далее – АИРО)": the abbreviation this party defines
    cases: frozenset[str] | None = None  # the person's case when the cell prints it so ("Начальнику … Петровой")


@dataclass
class _Item:
    kind: str  # "P" person mention, "T" other text
    start: int
    end: int
    chunk: int
    position: tuple[int, int] | None = None
    used: bool = False


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _depths(text: str) -> list[int]:
    """Bracket/quote nesting depth at each character; a closing mark has the outer depth."""
    depths, depth, straight = [], 0, 0
    for ch in text:
        if ch in "»)”" or (ch == "“" and depth):
            depth = max(0, depth - 1)
        elif ch == '"' and straight:
            straight = 0
        depths.append(depth + straight)
        if ch in "«(„" or (ch == "“" and not depths[-1]):
            depth += 1
        elif ch == '"' and not depths[-1]:
            straight = 1
    return depths


def _sentence_dot(text: str, i: int) -> bool:
    """A full stop that ends a party: after a real word, before a capital ("ЗУВР. Директор")."""
    if text[i] != "." or i + 2 >= len(text) or not text[i + 1].isspace() or not text[i + 2].isupper():
        return False
    word = re.search(r"([^\W\d_]+)$", text[:i])
    return bool(word) and len(word.group(1)) >= 4 and word.group(1)[-1].islower()


def _chunks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, separator before) of the parts between top-level separators."""
    depths = _depths(text)
    out, start, sep = [], 0, ""
    for i, ch in enumerate(text):
        if depths[i]:
            continue
        if ch in ",;\n" or _sentence_dot(text, i):
            out.append((start, i, sep))
            start, sep = i + 1, ch
    out.append((start, len(text), sep))
    merged: list[tuple[int, int, str]] = []
    for s, e, sp in out:
        if not text[s:e].strip():
            continue
        if merged and sp == "," and _opens_with_participle(text[s:e]):
            merged[-1] = (merged[-1][0], e, merged[-1][2])  # "ОО, участвующие в проекте"
        else:
            merged.append((s, e, sp))
    return merged


def _opens_with_participle(text: str) -> bool:
    """A participle phrase after a comma qualifies the party before it."""
    word = _WORD.search(text)
    if word is None or word.start() != len(text) - len(text.lstrip()) or listed_noun(word.group()):
        return False
    return any(p.tag.POS == "PRTF" for p in analyzer().parse(word.group().lower()))


def _items(text: str) -> tuple[list[_Item], list[tuple[int, int, str]]]:
    chunks = _chunks(text)
    depths = _depths(text)
    # a name after "им." / "имени" is part of an organisation's ("МБОУ СОШ им. И.П. Иванова")
    persons = [p for p in doc_to_persons(text_to_doc(text))
               if not depths[p.start_char] and not _NAMED_AFTER.search(text, 0, p.start_char)]
    items: list[_Item] = []
    for index, (start, end, _sep) in enumerate(chunks):
        pos = start
        for ent in persons:
            if start <= ent.start_char and ent.end_char <= end:
                if text[pos:ent.start_char].strip():
                    items.append(_Item("T", pos, ent.start_char, index))
                items.append(_Item("P", ent.start_char, ent.end_char, index))
                pos = ent.end_char
        if text[pos:end].strip():
            items.append(_Item("T", pos, end, index))
    return items, chunks


def _attach_positions(items: list[_Item], chunks: list[tuple[int, int, str]], text: str) -> None:
    """Mark the text items that are the position of the person before or after them."""
    for i, item in enumerate(items):
        if item.kind != "T" or not is_position_phrase(_clean(text[item.start:item.end])):
            continue
        prev = items[i - 1] if i else None
        nxt = items[i + 1] if i + 1 < len(items) else None
        # across a comma the post belongs to the name before it; across a line break only when
        # it continues in lower case ("Кудрина И.В.\nначальник отдела …", not "Ягудин Ф.Г.\nРуководитель ОВС")
        separator = chunks[item.chunk][2]
        follows = separator == "," or (separator == "\n" and text[item.start:item.end].lstrip()[:1].islower())
        after_prev = prev is not None and prev.kind == "P" and prev.position is None and (
            prev.chunk == item.chunk or (prev.chunk + 1 == item.chunk and follows)
        )
        if after_prev:
            prev.position, item.used = (item.start, item.end), True
        elif nxt is not None and nxt.kind == "P" and nxt.chunk == item.chunk and nxt.position is None:
            nxt.position, item.used = (item.start, item.end), True


def _clean(text: str) -> str:
    """Spaces collapsed, leading bullets and trailing punctuation dropped."""
    text = _LEADING_JUNK.sub("", _collapse(text))
    text = executor_words().remark_pattern.sub("", _TRAILING_JUNK.sub("", text))
    text = _TRAILING_JUNK.sub("", text)
    while text.endswith("."):
        word = re.search(r"([^\W\d_]+)\.$", text)
        if word and len(word.group(1)) >= 4 and word.group(1).islower():
            text = text[:-1].rstrip()
        else:
            break
    return _TRAILING_JUNK.sub("", text)


def _drop_remarks(text: str) -> str:
    """"Руководители ОО (по согласованию)" -> "Руководители ОО", and a label before a colon or
    dash ("Ответственный: Мельник В.В.") dropped, line by line."""
    pattern = executor_words().remark_pattern
    lines = [_label_pattern().sub("", pattern.sub("", line)).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern[str]:
    labels = "|".join(r"\s+".join(map(re.escape, label.split()))
                      for label in sorted(executor_words().bracket_remarks, key=len, reverse=True))
    return re.compile(rf"^\s*(?:{labels})\s*[:–—-]\s*(?=\S)", re.IGNORECASE)


def _drop_opener(text: str) -> str:
    lower = text.lower()
    for opener in executor_words().party_openers:
        if lower.startswith(opener + " "):
            return text[len(opener) + 1:].lstrip()
    return text


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:] if name[:1].islower() else name


def _best_parse(word: str):
    parses = analyzer().parse(word.lower())
    known = [p for p in parses if p.is_known]
    return (known or parses)[0]


def _cases(word: str) -> set[str]:
    return {p.tag.case for p in analyzer().parse(word.lower()) if p.tag.case}


_DATIVE = frozenset({"datv"})


def _is_dative_post(position: str) -> bool:
    """A post printed in the dative ("Начальнику управления", "Ответственному за сайт"): an
    order's "поручить …" copied into the cell, the name after it in the dative too."""
    first = _WORD.match(position)
    return first is not None and _cases(first.group()) == {"datv"} and listed_noun(first.group()) is not None


def _dative_post_nominative(position: str) -> str:
    """A dative post in the nominative ("Начальнику управления" -> "Начальник управления"); a
    post whose head is an adjective keeps its print ("Ответственному": the gender is unknown)."""
    if _best_parse(_WORD.match(position).group()).tag.POS != "NOUN":
        return position
    return phrase_to_nominative(position, listed=listed_noun)


def _is_abbreviation(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _coordinated_parties(left: str, right: str) -> bool:
    """Does "left и right" name two parties (not one party with coordinated dependents)?"""
    left_words, right_words = _WORD.findall(left), _WORD.findall(right)
    if not left_words or not right_words:
        return False
    wl, wr, last = left_words[0], right_words[0], left_words[-1]
    if executor_words().legal_form_pattern.match(right.lstrip()):
        return True
    complete_left = len(left_words) == 1 or left.rstrip()[-1:] in "»)\""
    if _is_abbreviation(wr):
        # "Управление образования и ОО" are two; "Руководители ШМО и РМО" coordinate two abbreviations
        return complete_left or not _is_abbreviation(last)
    best_r = _best_parse(wr)
    case_r = best_r.tag.case
    if best_r.tag.POS not in {"NOUN", "ADJF", "PRTF"} or case_r == "gent" or case_r is None:
        return False
    if best_r.tag.POS != "NOUN" and case_r != "nomn":
        return False
    if not _is_abbreviation(wl) and case_r not in _cases(wl):
        return False
    return complete_left or _best_parse(last).tag.case != case_r


def _split_and(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` after splitting at each "и" that joins two parties."""
    depths = _depths(text)
    for m in re.finditer(r"\s+и\s+", text):
        if depths[m.start()]:
            continue
        if _coordinated_parties(_drop_opener(text[:m.start()]), text[m.end():]):
            rest = _split_and(text[m.end():])
            return [(0, m.start())] + [(m.end() + s, m.end() + e) for s, e in rest]
    return [(0, len(text))]


def _starts_new_party(words: list[re.Match[str]], k: int, text: str) -> bool:
    """Is the capitalised word ``words[k]`` the head of another party ("… проекта Участник …")?"""
    word = words[k].group()
    if not word[:1].isupper() or word.isupper():
        return False
    before = text[:words[k].start()].rstrip()
    if not before or before[-1] in "«(\"-–—" or executor_words().legal_form_pattern.search(before[-8:] + " "):
        return False
    lists = executor_words().role_nouns | executor_words().organization_heads
    parses = [p for p in analyzer().parse(word.lower()) if p.is_known] or analyzer().parse(word.lower())
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    if nouns and all(p.tag.case in {"nomn", "accs"} for p in nouns):
        return nouns[0].normal_form.replace("ё", "е") in lists and any(p.tag.case == "nomn" for p in nouns)
    adjectives = [p for p in parses if p.tag.POS in {"ADJF", "PRTF"}]
    if adjectives and all(p.tag.case in {"nomn", "accs"} for p in adjectives) and k + 1 < len(words):
        nxt = [p for p in analyzer().parse(words[k + 1].group().lower()) if p.tag.POS == "NOUN"]
        return bool(nxt) and nxt[0].normal_form.replace("ё", "е") in lists and any(p.tag.case == "nomn" for p in nxt)
    return False


def _split_capital_heads(text: str) -> list[tuple[int, int]]:
    depths = _depths(text)
    words = [m for m in _WORD.finditer(text) if not depths[m.start()]]
    cuts = [0] + [words[k].start() for k in range(1, len(words)) if _starts_new_party(words, k, text)]
    return [(cuts[i], cuts[i + 1] if i + 1 < len(cuts) else len(text)) for i in range(len(cuts))]


def _inherited_head(previous: RawParty | None, text: str) -> str | None:
    """'«Точка роста»' after 'центры «ИТ-куб»' -> 'центры «Точка роста»'."""
    if previous is None or previous.kind != ORGANIZATION or text[:1] not in "«“\"":
        return None
    if _depths(text)[-1] or text[-1] not in "»”\"":
        return None
    m = re.match(r"^(.+?)\s*[«“\"]", previous.name)
    return f"{m.group(1)} {text}" if m else None


def _text_to_parties(text: str, previous: RawParty | None) -> list[RawParty]:
    """Parties of one text item (no person mention at top level)."""
    out: list[RawParty] = []
    original = text
    definition = None
    m = DEFINITION.search(text)
    if m:
        definition = m.group("x").strip(_QUOTES + " ") or None
        text = (text[:m.start()] + text[m.end():]).strip()
    role_person = bracket_text = None
    for group in re.finditer(r"\(([^()]*)\)", text):
        persons = doc_to_persons(text_to_doc(group.group(1)))
        if len(persons) == 1 and persons[0].text.strip() == group.group(1).strip():
            role_person, bracket_text = mention_to_name(persons[0].text), persons[0].text.strip()
            text = (text[:group.start()] + text[group.end():]).strip()
            break
    body = _drop_opener(_clean(text))
    for s, e in _split_and(body):
        part = body[s:e]
        for s2, e2 in _split_capital_heads(part):
            piece = _clean(part[s2:e2])
            if not piece:
                continue
            inherited = _inherited_head(out[-1] if out else previous, piece)
            name = _capitalise(inherited or phrase_to_nominative(piece, listed=listed_noun))
            kind = ORGANIZATION if inherited else party_to_kind(name)
            if kind == PERSON:  # a person mention the splitter did not cut out: keep it whole
                kind = ROLE
            # a bracket cut from the middle leaves no span of the cell: the whole item is the span
            span = piece if _collapse(piece) in _collapse(original) else _collapse(original)
            out.append(RawParty(text=span, name=name, kind=kind, role_person=role_person if kind == ROLE else None,
                                definition=definition))
    if role_person is not None and not any(party.role_person for party in out):
        # after an organisation the bracket names its contact ("МБОУ «СОШ № 2» (Сидорова А.А.)"): a party too
        out.append(RawParty(text=bracket_text, name=bracket_text, kind=PERSON, person=role_person))
    return out


def _fold(text: str) -> str:
    return _collapse(text).casefold().replace("ё", "е")


def _with_printed_text(party: RawParty, folded_all: str, printed_all: str) -> RawParty:
    """The party's text with the letters the cell prints (look-alike folding is letter for letter,
    so the folded span sits at the same place in the printed cell)."""
    at = folded_all.find(party.text)
    if at < 0 or len(folded_all) != len(printed_all):
        return party
    text = printed_all[at:at + len(party.text)]
    return party if text == party.text else replace(party, text=text)


def cell_to_parties(cell: str | None) -> list[RawParty]:
    """An executor cell to its parties, in printed order, each party once."""
    # OCR puts Latin look-alike letters into Cyrillic words ("Cуворина", "OГАУ"): read them folded
    printed = cell_to_text(cell or "")
    text = _drop_remarks(fold_lookalikes(printed))
    if not text:
        return []
    items, chunks = _items(text)
    _attach_positions(items, chunks, text)
    parties: list[RawParty] = []
    for item in items:
        span = text[item.start:item.end]
        if item.kind == "P":
            name = mention_to_name(span)
            if name is None:
                continue
            position = _clean(text[item.position[0]:item.position[1]]) if item.position else None
            # a post in the dative before the name or after it (an apposition) puts the name in the dative
            cases = _DATIVE if position and _is_dative_post(position) else None
            if cases:
                position = _dative_post_nominative(position)
            full = text[min(item.start, item.position[0]) if item.position else item.start:
                        max(item.end, item.position[1]) if item.position else item.end]
            parties.append(RawParty(text=_collapse(full), name=span, kind=PERSON, person=name, position=position or None,
                                    cases=cases))
        elif not item.used:
            parties.extend(_text_to_parties(span, parties[-1] if parties else None))
    seen: set[tuple[str, str]] = set()
    unique = []
    folded_all, printed_all = _collapse(fold_lookalikes(printed)), _collapse(printed)
    for party in parties:
        party = _with_printed_text(party, folded_all, printed_all)
        key = (party.kind, _fold(party.name if party.person is None else party.person.surname + party.person.initials_text))
        if key not in seen:
            seen.add(key)
            unique.append(party)
    return unique
