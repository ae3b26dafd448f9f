"""The word lists behind executor resolution: reviewable YAML, checked here."""
from __future__ import annotations

import re

import pytest

from normalize.lexicon import load_yaml
from normalize.executors.words import executor_words, listed_noun
from normalize.executors.person_names import ALL_CASES, surname_to_readings

WORDS = load_yaml("executor_words.yaml")
FORMS = load_yaml("legal_forms.yaml")
ENDINGS = load_yaml("surname_endings.yaml")


@pytest.mark.parametrize("key", ["role_nouns", "organization_heads"])
def test_listed_nouns_are_their_own_lemma(key):
    # a party word matches a listed noun by lemma, so every entry must be a lemma itself
    not_lemmas = [w for w in WORDS[key] if listed_noun(w) != w]
    assert not_lemmas == []


@pytest.mark.parametrize("key", sorted(k for k, v in WORDS.items() if isinstance(v, list)))
def test_word_lists_have_no_duplicates_and_are_lower_case(key):
    values = WORDS[key]
    assert len(values) == len(set(values)), key
    if key != "role_abbreviations":
        assert all(v == v.lower() for v in values), key


def test_role_and_organisation_nouns_do_not_overlap():
    assert not set(WORDS["role_nouns"]) & set(WORDS["organization_heads"])


def test_role_abbreviations_are_upper_case_cyrillic():
    assert all(re.fullmatch(r"[А-ЯЁ]{2,}", a) for a in WORDS["role_abbreviations"])


@pytest.mark.parametrize("key", ["prefixes", "levels"])
def test_legal_forms_are_upper_case_cyrillic_and_unique(key):
    values = FORMS[key]
    assert all(re.fullmatch(r"[А-ЯЁ]{2,6}", v) for v in values), key
    assert len(values) == len(set(values)), key


def test_legal_form_pattern_reads_prefix_with_levels():
    pattern = executor_words().legal_form_pattern
    for printed in ["КАУ ДПО", "ФГБОУ ВО", "АОУ ВО ДПО", "ОГАУ", "МБУ ДО"]:
        assert pattern.fullmatch(printed), printed
    assert pattern.search("ДТ «Кванториум»") is None
    # an abbreviation inside a longer word is no legal form
    assert pattern.search("МОУО") is None


def test_surname_table_rows_are_well_formed():
    for name, group in ENDINGS["groups"].items():
        assert group["stems"], name
        for printed, nominative, gender, cases in group["rows"]:
            assert gender in {"masc", "femn"}, (name, printed)
            assert set(cases) <= ALL_CASES, (name, printed)
            assert isinstance(printed, str) and isinstance(nominative, str)


@pytest.mark.parametrize("surname", ["Гайворонская", "Суворина", "Соловьева", "Смирнов", "Кудрин", "Терновая"])
def test_every_nominative_reads_as_itself(surname):
    readings = surname_to_readings(surname)
    assert any(r.nominative == surname and "nomn" in r.cases for r in readings)
