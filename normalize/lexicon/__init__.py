"""The lexicon: Russian words and small grammars every room of ``normalize`` shares.

A leaf: it imports nothing else of ``normalize``, so the tables, dates, metadata and executor
rooms can all build on it.

    data_files   load_yaml: the one reader of normalize/data/*.yaml
    lemmas       analyzer (one pymorphy3 per process), lemma, is_known_word
    lookalikes   the one Latin/Cyrillic and zero/О table (data/lookalikes.yaml) and its folds
    declension   noun phrases from case to case, and into the nominative
    legal_forms  the organisational-legal form prefixes of data/legal_forms.yaml
    markers      ITEM_NUMBER, DEFINITION "(далее – X)", SCHOOL_YEAR, mostly_upper
"""

from normalize.lexicon.data_files import load_yaml
from normalize.lexicon.declension import (
    HeadWord,
    agrees_with,
    expansion_to_nominative,
    has_agreeing_reading,
    noun_parse,
    phrase_head,
    phrase_to_case,
    phrase_to_nominative,
    restore_case,
)
from normalize.lexicon.legal_forms import is_legal_form, legal_form_levels, legal_form_prefixes
from normalize.lexicon.lemmas import analyzer, is_known_word, lemma
from normalize.lexicon.lookalikes import (
    capital_twins,
    fold_lookalikes,
    ocr_lookalikes,
    twins,
    twins_to_cyrillic,
    zero_to_o,
)
from normalize.lexicon.markers import (
    DASHES,
    DEFINITION,
    DEFINITION_AT_END,
    DEFINITION_OPENING,
    ITEM_NUMBER,
    SCHOOL_YEAR,
    mostly_upper,
)

__all__ = [
    "DASHES",
    "DEFINITION",
    "DEFINITION_AT_END",
    "DEFINITION_OPENING",
    "ITEM_NUMBER",
    "SCHOOL_YEAR",
    "HeadWord",
    "agrees_with",
    "analyzer",
    "capital_twins",
    "expansion_to_nominative",
    "fold_lookalikes",
    "has_agreeing_reading",
    "is_known_word",
    "is_legal_form",
    "legal_form_levels",
    "legal_form_prefixes",
    "lemma",
    "load_yaml",
    "mostly_upper",
    "noun_parse",
    "ocr_lookalikes",
    "phrase_head",
    "phrase_to_case",
    "phrase_to_nominative",
    "restore_case",
    "twins",
    "twins_to_cyrillic",
    "zero_to_o",
]
