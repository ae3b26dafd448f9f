"""Organisational-legal form prefixes ("МКУ", "ГБПОУ", "АНО"): data/legal_forms.yaml, the one list.

The letterhead and signature readers (metadata) and the executor reader share it, so a body's
form the one knows the other knows too.
"""
from __future__ import annotations

from functools import lru_cache

from normalize.lexicon.data_files import load_yaml


@lru_cache(maxsize=1)
def legal_form_prefixes() -> frozenset[str]:
    """The prefixes, upper case as printed ("МБОУ")."""
    return frozenset(load_yaml("legal_forms.yaml")["prefixes"])


@lru_cache(maxsize=1)
def legal_form_levels() -> frozenset[str]:
    """The levels that may follow a prefix ("ДПО" in "КАУ ДПО", "ВО" in "ФГБОУ ВО")."""
    return frozenset(load_yaml("legal_forms.yaml")["levels"])


def is_legal_form(word: str) -> bool:
    """True when ``word`` (any letter case, no punctuation) is a legal-form prefix."""
    return word.upper() in legal_form_prefixes()
