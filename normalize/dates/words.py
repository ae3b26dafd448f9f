"""The deadline parser's vocabulary: normalize/data/date_words.yaml turned into lookup tables.

The YAML holds every word as data (month names in all cases, period words, recurrence words,
schedule phrases); the OCR look-alike letters come from the lexicon's one table
(data/lookalikes.yaml). This module checks the words and indexes them by the first word of each
entry so the lexer classifies a word with one dictionary lookup.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from normalize.lexicon import load_yaml, ocr_lookalikes

DATA_NAME = "date_words.yaml"

CASES = ("nom", "gen", "dat", "acc", "ins", "pre")

# YAML list key -> the category its entries get; the value of each entry is None
LIST_CATEGORIES = {
    "quarter_words": "quarter",
    "half_year_words": "half",
    "decade_words": "decade",
    "week_words": "week",
    "month_words": "month_word",
    "day_of_month_words": "day_of_month",
    "year_words": "year_word",
    "academic_words": "academic",
    "half_year_span_words": "half_span",
    "during_phrases": "during",
    "continuous_phrases": "continuous",
    "whole_period_phrases": "whole_period",
    "by_phrases": "by",
    "by_end_phrases": "by_end",
    "from_phrases": "from",
    "to_words": "to",
    "and_words": "and",
    "then_words": "then",
    "stage_words": "stage",
    "filler_words": "filler",
    "times_words": "times",
    "frequency_qualifiers": "qualifier",
    "schedule_phrases": "schedule",
    "after_phrases": "after",
    "every_words": "every",
    "day_words": "day_word",
    "daily_words": "daily",
    "last_words": "last",
    "time_words": "time_word",
}
# words that two lists may share: "до" opens a by-date and closes a range started by "с"
SHARED_WORDS = {("by", "to"): {"до"}}
RECURRENCES = ("weekly", "monthly", "quarterly", "semiannual", "annual")
FREQUENCY_UNITS = ("week", "month", "quarter", "half", "year")
PARTS = ("start", "middle", "end")


@dataclass(frozen=True)
class Word:
    """What a vocabulary word or phrase stands for: a category and, for some, a value."""

    category: str
    value: Any = None


@dataclass(frozen=True)
class DateWords:
    """The vocabulary as lookup tables (read-only)."""

    # first word -> ((words of the phrase, meaning), ...), longest phrase first
    entries: Mapping[str, tuple[tuple[tuple[str, ...], Word], ...]]
    roman_numerals: Mapping[str, int]
    lookalikes: Mapping[int, str]  # str.translate table, Latin -> Cyrillic
    lookalike_letters: frozenset[str]
    units_per_year: Mapping[str, int]
    recurrence_by_times_per_year: Mapping[int, str]

    def words_of(self, category: str) -> set[str]:
        """Every one-word entry of a category (the lexer uses it to re-join split words)."""
        return {w[0] for group in self.entries.values() for w, m in group if m.category == category and len(w) == 1}


def raw_to_entries(raw: dict[str, Any]) -> list[tuple[str, Word]]:
    """Flatten the YAML into (phrase, meaning) pairs in file order."""
    out: list[tuple[str, Word]] = []
    for month, spec in (raw.get("months") or {}).items():
        for form in list((spec.get("cases") or {}).values()) + list(spec.get("abbreviations") or []):
            out.append((form, Word("month", int(month))))
    for key, category in (("ordinals", "ordinal"), ("cardinals", "cardinal"), ("tens", "tens")):
        for number, forms in (raw.get(key) or {}).items():
            out.extend((form, Word(category, int(number))) for form in forms)
    endings = raw.get("ordinal_endings") or {}
    for number, (stem, ending_set) in (raw.get("ordinal_stems") or {}).items():
        out.extend((stem + ending, Word("ordinal", int(number))) for ending in endings.get(ending_set) or ())
    for day, forms in (raw.get("weekdays") or {}).items():
        for number_form, category in (("singular", "weekday"), ("plural", "weekdays")):
            out.extend((form, Word(category, int(day))) for form in forms.get(number_form) or ())
    for part, forms in (raw.get("part_words") or {}).items():
        out.extend((form, Word("part", str(part))) for form in forms)
    for key, category in LIST_CATEGORIES.items():
        out.extend((phrase, Word(category)) for phrase in raw.get(key) or [])
    for phrase, value in (raw.get("recurrence_words") or {}).items():
        out.append((phrase, Word("recurrence", value)))
    for phrase, value in (raw.get("ocr_roman_numerals") or {}).items():
        out.append((phrase, Word("ocr_roman", int(value))))
    return out


def date_words_problems(raw: dict[str, Any]) -> list[str]:
    """Everything wrong with the raw YAML, one sentence each; [] when it is usable."""
    problems: list[str] = []
    months = raw.get("months") or {}
    if sorted(int(m) for m in months) != list(range(1, 13)):
        problems.append("months must be exactly 1..12")
    for month, spec in months.items():
        cases = spec.get("cases") or {}
        missing = [c for c in CASES if not cases.get(c)]
        if missing:
            problems.append(f"month {month} has no form for {', '.join(missing)}")
    for phrase, word in raw_to_entries(raw):
        if not isinstance(phrase, str) or not phrase.strip():
            problems.append(f"an empty entry in {word.category}")
        elif phrase != phrase.lower() or "ё" in phrase or "." in phrase or phrase != " ".join(phrase.split()):
            problems.append(f"{phrase!r} ({word.category}) is not written as the lexer sees it")
        elif not all(ch.isalpha() or ch == " " for ch in phrase):
            problems.append(f"{phrase!r} ({word.category}) holds characters other than letters")
    seen: dict[str, Word] = {}
    for phrase, word in raw_to_entries(raw):
        old = seen.get(phrase)
        if old is None:
            seen[phrase] = word
        elif old != word and phrase not in SHARED_WORDS.get((old.category, word.category), set()):
            problems.append(f"{phrase!r} is both {old.category} {old.value or ''} and {word.category} {word.value or ''}".replace("  ", " "))
    endings = raw.get("ordinal_endings") or {}
    for number, spec in (raw.get("ordinal_stems") or {}).items():
        if not isinstance(spec, list) or len(spec) != 2 or spec[1] not in endings:
            problems.append(f"ordinal {number} must be [stem, ending set] with a set of ordinal_endings")
    if sorted(int(d) for d in raw.get("weekdays") or {}) != list(range(1, 8)):
        problems.append("weekdays must be exactly 1..7")
    if sorted(raw.get("part_words") or {}) != sorted(PARTS):
        problems.append(f"part_words must name exactly {', '.join(PARTS)}")
    for value in (raw.get("recurrence_words") or {}).values():
        if value not in RECURRENCES:
            problems.append(f"recurrence {value!r} is not one of {', '.join(RECURRENCES)}")
    units = raw.get("frequency_units_per_year") or {}
    if sorted(units) != sorted(FREQUENCY_UNITS):
        problems.append(f"frequency_units_per_year must name exactly {', '.join(FREQUENCY_UNITS)}")
    for times, value in (raw.get("recurrence_by_times_per_year") or {}).items():
        if value not in RECURRENCES:
            problems.append(f"recurrence {value!r} for {times} a year is not a schema value")
    return problems


def raw_to_date_words(raw: dict[str, Any]) -> DateWords:
    """Index the raw YAML; raises ValueError naming the first problems when it is not usable."""
    problems = date_words_problems(raw)
    if problems:
        raise ValueError(f"{DATA_NAME} is not usable: {'; '.join(problems[:5])}")
    groups: dict[str, dict[tuple[str, ...], Word]] = {}
    for phrase, word in raw_to_entries(raw):
        words = tuple(phrase.split())
        group = groups.setdefault(words[0], {})
        if words in group and group[words].category == "by" and word.category == "to":
            continue  # "до": the grammar reads a by-word after "с" as the end of the range
        group.setdefault(words, word)
    entries = {
        first: tuple(sorted(group.items(), key=lambda item: -len(item[0])))
        for first, group in groups.items()
    }
    lookalikes = ocr_lookalikes()
    return DateWords(
        entries=MappingProxyType(entries),
        roman_numerals=MappingProxyType({str(k): int(v) for k, v in raw["roman_numerals"].items()}),
        lookalikes=MappingProxyType(str.maketrans(lookalikes)),
        lookalike_letters=frozenset(lookalikes),
        units_per_year=MappingProxyType({str(k): int(v) for k, v in raw["frequency_units_per_year"].items()}),
        recurrence_by_times_per_year=MappingProxyType(
            {int(k): str(v) for k, v in raw["recurrence_by_times_per_year"].items()}
        ),
    )


@lru_cache(maxsize=1)
def load_date_words() -> DateWords:
    """The vocabulary of data/date_words.yaml, read once."""
    return raw_to_date_words(load_yaml(DATA_NAME))
