"""Russian word forms: one pymorphy3 analyser per process, lemmas, known words."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import pymorphy3
import pymorphy3.shapes


# distinct words whose parses are kept (~1.2 KB each: at most ~40 MB per process)
PARSE_CACHE_WORDS = 32_768


class CachingMorphAnalyzer(pymorphy3.MorphAnalyzer):
    """pymorphy3's analyser with each word's parses kept: an order repeats its words in every cell
    and every normaliser asks again (a parse costs ~0.1-0.4 ms; over half of executor resolution
    was dictionary lookups). The parses come back as a tuple, since they are shared."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parse = lru_cache(maxsize=PARSE_CACHE_WORDS)(self._parse_once)  # type: ignore[method-assign]

    def _parse_once(self, word: str) -> tuple:
        return tuple(pymorphy3.MorphAnalyzer.parse(self, word))


@lru_cache(maxsize=1)
def analyzer() -> CachingMorphAnalyzer:
    """The process's one analyser (spaCy's lemmatizer is given it too: see normalize.executors.nlp)."""
    morph = CachingMorphAnalyzer()
    # tag.case / tag.gender as plain strings: pymorphy3's typed grammemes raise ValueError when
    # compared with "" or a grammeme of another class, and these values travel into our records
    morph.TagClass.typed_grammemes = False
    # pymorphy3 asks unicodedata.name() of every letter, which raises for letters without a name
    # (Tangut, some CJK extensions): such a letter is simply not Latin
    pymorphy3.shapes.is_latin_char = _is_latin_char
    return morph


def _is_latin_char(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The normal form of a word (lower case); non-words come back lower-cased."""
    word = word.lower()
    if not word.isalpha():
        return word
    return analyzer().parse(word)[0].normal_form


@lru_cache(maxsize=65536)
def is_known_word(word: str) -> bool:
    """True when the dictionary knows the word (not a guess from its ending)."""
    return word.isalpha() and analyzer().word_is_known(word.lower())
