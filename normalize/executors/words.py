"""The word lists that classify executor parties, loaded once from ``normalize/data``.

``executor_words.yaml`` holds role nouns, organisation head nouns, role abbreviations and the
phrases that open a party; ``legal_forms.yaml`` the organisational-legal form prefixes
("ОГАУ", "КАУ ДПО", "ФГБОУ ВО"). Everything is exposed as one frozen ``ExecutorWords``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normalize.lexicon import analyzer, legal_form_levels, legal_form_prefixes, load_yaml


@dataclass(frozen=True)
class ExecutorWords:
    role_nouns: frozenset[str]
    organization_heads: frozenset[str]
    role_abbreviations: frozenset[str]
    role_short_words: frozenset[str]
    party_openers: tuple[str, ...]
    participant_nouns: frozenset[str]
    participant_context: frozenset[str]
    organisation_head_nouns: frozenset[str]
    accusative_cues: frozenset[str]
    dative_cues: frozenset[str]
    remarks: tuple[str, ...]
    bracket_remarks: tuple[str, ...]
    legal_prefixes: frozenset[str]
    legal_levels: frozenset[str]

    def __post_init__(self) -> None:
        overlap = self.role_nouns & self.organization_heads
        if overlap:
            raise ValueError(f"executor_words.yaml lists {sorted(overlap)} as both role and organisation nouns")

    @property
    def legal_form_pattern(self) -> re.Pattern[str]:
        return _legal_form_pattern(self.legal_prefixes, self.legal_levels)

    @property
    def remark_pattern(self) -> re.Pattern[str]:
        """A remark in brackets anywhere, or a bare remark at the end of a party."""
        return _remark_pattern(self.remarks, self.bracket_remarks)


_SUBSTANTIVE_POS = {"ADJF", "PRTF"}


@lru_cache(maxsize=16384)
def listed_noun(word: str) -> str | None:
    """The listed role or organisation noun that ``word`` is a form of, if any.

    Besides nouns by their lemma ("тьюторами" -> "тьютор") this covers adjectives and
    participles used as nouns, by their masculine nominative ("Заведующие" -> "заведующий",
    "ответственными" -> "ответственный"), and unknown spellings that inflect a listed noun
    ("тьютеры" -> "тьютер").
    """
    words = executor_words()
    listed = words.role_nouns | words.organization_heads
    lower = word.lower().replace("ё", "е")
    parses = analyzer().parse(lower)
    for parse in parses:
        if not parse.is_known:
            continue
        if parse.tag.POS == "NOUN" and parse.normal_form.replace("ё", "е") in listed:
            return parse.normal_form.replace("ё", "е")
        if parse.tag.POS in _SUBSTANTIVE_POS:
            form = parse.inflect({"masc", "sing", "nomn"})
            if form is not None and form.word.replace("ё", "е") in listed:
                return form.word.replace("ё", "е")
    if not any(p.is_known for p in parses):
        for noun in listed:
            if len(noun) >= 5 and lower.startswith(noun) and len(lower) - len(noun) <= 3:
                return noun
    return None


_OPENING_WORDS = re.compile(r"[^\W\d_][\w-]*")
_ACRONYM = re.compile(r"[А-ЯЁ]{2,8}")


def opens_with_party(text: str) -> bool:
    """Whether a cell starts the way an executor party does: a listed role or organisation noun
    ("Руководители ОО", "Управление образования", "Учителя-предметники"), such a noun after an
    adjective ("Образовательные организации"), a role abbreviation or short role word ("ЗУВР",
    "Зам. по ВР"), an organisational-legal form ("МБОУ СОШ № 1") or an abbreviation in capitals
    ("МОУО"). A cheap test by the word lists, for telling an unnamed column's contents."""
    words = _OPENING_WORDS.findall(text[:120])[:2]
    if not words:
        return False
    first = words[0]
    lexicon = executor_words()
    if (_ACRONYM.fullmatch(first) or first in lexicon.role_abbreviations
            or first.lower().replace("ё", "е") in lexicon.role_short_words
            or lexicon.legal_form_pattern.match(text.lstrip())):
        return True
    if listed_noun(first) or listed_noun(first.split("-")[0]):
        return True
    if len(words) > 1 and listed_noun(words[1]):
        return any(p.tag.POS in _SUBSTANTIVE_POS for p in analyzer().parse(first.lower()) if p.is_known)
    return False


@lru_cache(maxsize=8)
def _remark_pattern(remarks: tuple[str, ...], bracket_remarks: tuple[str, ...]) -> re.Pattern[str]:
    def words(phrases: tuple[str, ...]) -> str:
        return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))

    bracketed = words(remarks + bracket_remarks)
    return re.compile(rf"\s*\(\s*(?:{bracketed})\b[^()]*\)|[\s,;–—-]+(?:{words(remarks)})\s*$", re.IGNORECASE)


@lru_cache(maxsize=8)
def _legal_form_pattern(prefixes: frozenset[str], levels: frozenset[str]) -> re.Pattern[str]:
    pre = "|".join(sorted(prefixes, key=len, reverse=True))
    lev = "|".join(sorted(levels, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{pre})(?:\s+(?:{lev}))*(?![\w-])")


def _lower_set(values: list[str] | None) -> frozenset[str]:
    return frozenset(v.lower().replace("ё", "е") for v in values or [])


@lru_cache(maxsize=1)
def executor_words() -> ExecutorWords:
    words = load_yaml("executor_words.yaml")
    return ExecutorWords(
        role_nouns=_lower_set(words["role_nouns"]),
        organization_heads=_lower_set(words["organization_heads"]),
        role_abbreviations=frozenset(words["role_abbreviations"]),
        role_short_words=_lower_set(words["role_short_words"]),
        party_openers=tuple(sorted(_lower_set(words["party_openers"]), key=len, reverse=True)),
        participant_nouns=_lower_set(words["participant_nouns"]),
        participant_context=_lower_set(words["participant_context"]),
        organisation_head_nouns=_lower_set(words["organisation_head_nouns"]),
        remarks=tuple(sorted(_lower_set(words["remarks"]))),
        bracket_remarks=tuple(sorted(_lower_set(words["bracket_remarks"]))),
        accusative_cues=_lower_set(words["accusative_cues"]),
        dative_cues=_lower_set(words["dative_cues"]),
        legal_prefixes=legal_form_prefixes(),
        legal_levels=legal_form_levels(),
    )
