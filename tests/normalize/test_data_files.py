"""normalize/data: every data key lives in one file and no word list is kept twice.

DATA_KEYS lists every top-level key of every data file with the one file that holds it; a key
added, removed or repeated in another file fails here until the table says so. The overlap
check then compares every list of words in one file with every list in another: two lists that
share most of their words are one list written twice (as legal-form prefixes once were in
doc_types.yaml and legal_forms.yaml).
"""
from __future__ import annotations

import itertools
from importlib import resources

import pytest

from normalize.lexicon import load_yaml

DATA_KEYS = {
    "date_words.yaml": {
        "months", "ordinals", "cardinals", "roman_numerals", "ocr_roman_numerals", "quarter_words",
        "half_year_words", "decade_words", "week_words", "month_words", "day_of_month_words", "year_words",
        "academic_words", "half_year_span_words", "during_phrases", "continuous_phrases", "whole_period_phrases",
        "by_phrases", "by_end_phrases", "from_phrases", "to_words", "and_words", "then_words", "stage_words",
        "filler_words", "recurrence_words", "times_words", "frequency_qualifiers", "frequency_units_per_year",
        "recurrence_by_times_per_year", "schedule_phrases", "after_phrases",
        "ordinal_stems", "ordinal_endings", "tens", "weekdays", "every_words", "part_words", "day_words",
        "last_words", "daily_words", "time_words",
    },
    "doc_types.yaml": {
        "doc_types", "operative_words", "approving_acts", "plan_doc_type", "plan_title_starts", "approval_words",
        "title_starts", "preamble_starts", "body_kinds", "post_bodies", "proper_phrases", "post_words",
        "letterhead_skip", "acronym_skip_words", "legal_form_words",
    },
    "executor_words.yaml": {
        "role_nouns", "organization_heads", "role_abbreviations", "role_short_words", "party_openers", "remarks",
        "bracket_remarks", "participant_nouns", "participant_context", "organisation_head_nouns",
        "accusative_cues", "dative_cues",
    },
    "header_keywords.yaml": {"item_number", "action", "deadline", "executors", "result", "info", "other"},
    "legal_forms.yaml": {"prefixes", "levels"},
    "lookalikes.yaml": {"twins", "ocr", "zero"},
    "regions.yaml": {"municipalities", "regions"},
    "region_signals.yaml": {"domain_prefixes", "by_region", "place_adjectives", "shared_district_adjectives"},
    "table_words.yaml": {"section_description_openers", "deadline_start_words", "deadline_end_words"},
    "surname_endings.yaml": {"groups", "oblique_endings", "synthesis"},
}
# a parser's own data waiting to move to parsers/data (no normalize module reads it)
PARSER_DATA = {"pdf_layout.yaml"}
# lists shorter than this are function words ("и", "по", "до") that many grammars need
MIN_LIST = 4
# pairs of lists known to overlap today, each a different question asked of similar words
KNOWN_OVERLAPS = {
    # a letterhead's body kinds and the organisation nouns an executor party starts with
    ("doc_types.yaml/body_kinds", "executor_words.yaml/organization_heads"),
    # a signatory's post and the posts that head an organisation or name a role
    ("doc_types.yaml/post_words", "executor_words.yaml/organisation_head_nouns"),
    ("doc_types.yaml/post_words", "executor_words.yaml/role_nouns"),
    # words a deadline cell may open with and the words that name the deadline column
    ("date_words.yaml/filler_words", "header_keywords.yaml/deadline"),
    # roles an executor cell names and the words that name the executor column
    ("executor_words.yaml/role_nouns", "header_keywords.yaml/executors"),
}


def data_files() -> list[str]:
    folder = resources.files("normalize").joinpath("data")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml") and p.name not in PARSER_DATA)


def test_every_data_file_is_in_the_table():
    assert data_files() == sorted(DATA_KEYS)


@pytest.mark.parametrize("name", sorted(DATA_KEYS))
def test_data_keys(name):
    assert set(load_yaml(name)) == DATA_KEYS[name]


def test_no_key_in_two_files():
    for (a, keys_a), (b, keys_b) in itertools.combinations(DATA_KEYS.items(), 2):
        assert not keys_a & keys_b, f"{a} and {b} both hold {sorted(keys_a & keys_b)}"


def word_lists(node, path):
    """(path, words) for every list of strings, and every mapping of words to scalars, in a file."""
    if isinstance(node, dict):
        if node and all(isinstance(k, str) and not isinstance(v, (dict, list)) for k, v in node.items()):
            yield path, list(node)
        for key, value in node.items():
            yield from word_lists(value, f"{path}/{key}")
    elif isinstance(node, list):
        words = [x for x in node if isinstance(x, str)]
        if words:
            yield path, words
        for i, x in enumerate(node):
            if isinstance(x, (dict, list)):
                yield from word_lists(x, f"{path}[{i}]")


def folded(words: list[str]) -> set[str]:
    return {w.casefold().replace("ё", "е").strip() for w in words}


def content_words(words: set[str]) -> set[str]:
    """Without prepositions and conjunctions ("с", "от", "по"): many grammars need those."""
    return {w for w in words if len(w) > 2}


def test_no_word_list_kept_twice():
    lists = [(path, folded(words)) for name in DATA_KEYS for path, words in word_lists(load_yaml(name), name)]
    twice = []
    for (a, words_a), (b, words_b) in itertools.combinations(lists, 2):
        if a.split("/")[0] == b.split("/")[0] or min(len(words_a), len(words_b)) < MIN_LIST:
            continue
        shared = content_words(words_a) & content_words(words_b)
        if len(shared) * 2 > min(len(words_a), len(words_b)) and (a, b) not in KNOWN_OVERLAPS:
            twice.append(f"{a} and {b} share {sorted(shared)[:5]}")
    assert twice == []


def month_forms() -> set[str]:
    months = load_yaml("date_words.yaml")["months"].values()
    return {f for m in months for f in [*m["cases"].values(), *m["abbreviations"]]}


def legal_forms() -> set[str]:
    return folded(load_yaml("legal_forms.yaml")["prefixes"])


@pytest.mark.parametrize("owner, words", [
    ("date_words.yaml/months", month_forms),          # month names only in date_words.yaml
    ("legal_forms.yaml/prefixes", legal_forms),       # legal-form prefixes only in legal_forms.yaml
])
def test_a_word_list_has_one_home(owner, words):
    owner_words = words()
    for name in DATA_KEYS:
        for path, listed in word_lists(load_yaml(name), name):
            if path.startswith(owner):
                continue
            shared = folded(listed) & owner_words
            assert len(shared) < 3, f"{path} repeats {sorted(shared)[:5]} of {owner}"


def test_lookalikes_only_in_their_table():
    for name in DATA_KEYS:
        if name == "lookalikes.yaml":
            continue
        for path, listed in word_lists(load_yaml(name), name):
            latin_keys = [w for w in listed if len(w) == 1 and "a" <= w.lower() <= "z"]
            assert len(latin_keys) < 3, f"{path} lists Latin letters {latin_keys}: the look-alike table is lookalikes.yaml"
