"""normalize/data/date_words.yaml: complete, unambiguous, reachable, and in line with dateparser."""
from __future__ import annotations

import copy

import pytest

from normalize.dates.lexer import text_to_tokens
from normalize.dates.words import (
    CASES,
    DATA_NAME,
    RECURRENCES,
    date_words_problems,
    load_date_words,
    raw_to_date_words,
    raw_to_entries,
)
from normalize.lexicon import load_yaml

RAW = load_yaml(DATA_NAME)
WORDS = load_date_words()


def test_data_file_has_no_problems():
    assert date_words_problems(RAW) == []


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_has_a_form_for_every_case(month):
    cases = RAW["months"][month]["cases"]
    assert set(cases) == set(CASES)
    assert all(cases[c] for c in CASES)


def test_no_month_form_belongs_to_two_months():
    owner: dict[str, int] = {}
    for month, spec in RAW["months"].items():
        for form in set(spec["cases"].values()) | set(spec["abbreviations"]):
            assert owner.setdefault(form, month) == month, f"{form!r} is in months {owner[form]} and {month}"


def test_every_russian_month_form_dateparser_knows_is_here():
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale("ru").info
    names = ["january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december"]
    for month, name in enumerate(names, start=1):
        ours = set(RAW["months"][month]["cases"].values()) | set(RAW["months"][month]["abbreviations"])
        theirs = {f.lower().replace("ё", "е").rstrip(".") for f in info[name]}
        assert theirs <= ours, f"month {month}: dateparser also knows {sorted(theirs - ours)}"


@pytest.mark.parametrize("phrase,word", raw_to_entries(RAW), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_every_entry_lexes_to_its_own_category(phrase, word):
    """No entry is shadowed by a longer phrase, a look-alike fix or another entry."""
    toks = text_to_tokens(phrase, WORDS)
    assert len(toks) == 1, f"{phrase!r} lexes to {[t.text for t in toks]}"
    if (toks[0].kind, word.category) != ("by", "to"):  # "до" is both; the grammar tells them apart
        assert (toks[0].kind, toks[0].value) == (word.category, word.value)


@pytest.mark.parametrize("month", range(1, 13))
def test_month_forms_survive_upper_case_and_a_trailing_dot(month):
    for form in RAW["months"][month]["cases"].values():
        for variant in (form.upper(), form.capitalize() + "."):
            toks = text_to_tokens(variant, WORDS)
            assert [(t.kind, t.value) for t in toks] == [("month", month)], variant


def test_ordinals_cover_every_quarter():
    assert sorted(RAW["ordinals"]) == [1, 2, 3, 4]
    assert sorted(RAW["roman_numerals"].values()) == [1, 2, 3, 4]


def test_recurrence_values_are_schema_values():
    assert set(RAW["recurrence_words"].values()) <= set(RECURRENCES)
    assert set(RAW["recurrence_by_times_per_year"].values()) <= set(RECURRENCES)


def test_checker_reports_a_missing_case():
    raw = copy.deepcopy(RAW)
    del raw["months"][3]["cases"]["ins"]
    assert any("month 3" in p and "ins" in p for p in date_words_problems(raw))
    with pytest.raises(ValueError, match="not usable"):
        raw_to_date_words(raw)


def test_checker_reports_a_form_in_two_months():
    raw = copy.deepcopy(RAW)
    raw["months"][4]["abbreviations"].append("мар")
    assert any("'мар'" in p for p in date_words_problems(raw))


def test_checker_reports_a_form_not_written_as_the_lexer_sees_it():
    raw = copy.deepcopy(RAW)
    raw["months"][1]["abbreviations"].append("Янв.")
    assert any("'Янв.'" in p for p in date_words_problems(raw))


def test_checker_reports_an_unknown_recurrence():
    raw = copy.deepcopy(RAW)
    raw["recurrence_words"]["ежедневно"] = "daily"
    assert any("daily" in p for p in date_words_problems(raw))
