"""The spaCy pipeline that reads executor cells and the order's text.

``spacy.blank("ru")`` with three additions, all rule-based and offline:

- the tokenizer also splits initials glued to a surname ("С.И.Куликова", "Н.И.Суворина"), a
  comma without a following space ("Директор,ЗУВР") and a shortened word from the next one
  ("Зам.по ВР"), and takes only real URLs ("https://…", "www.…") as one token;
- ``roadmap_ru_morph`` tags each token's part of speech and morphology from pymorphy3's best
  parse, so spaCy's own ``lemmatizer`` (mode ``pymorphy3``) can pick the right lemma;
- an ``entity_ruler`` marks PERSON ("Гайворонская Н.И.", "И.В. Киселева"), ORG (legal-form
  prefixes, quoted names, organisation head nouns, unknown upper-case abbreviations) and ROLE
  (role nouns, role abbreviations such as "АУП") from the word lists in ``normalize/data``.

The pipeline is built once per process on first use and never pickled.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from normalize.executors.spacy_import import import_spacy
from normalize.executors.words import ExecutorWords, executor_words, listed_noun
from normalize.lexicon import agrees_with, analyzer, capital_twins

CAP = "А-ЯЁ"
# initials may carry Latin look-alike capitals from OCR ("T.B.")
INITIAL = f"[А-ЯЁ{capital_twins()}]"
SURNAME_RE = rf"^[{CAP}][а-яё]+(?:-[{CAP}][а-яё]+)?$"
INITIALS_RE = rf"^{INITIAL}\.{INITIAL}\.?$"
INITIAL_DOT_RE = rf"^{INITIAL}\.$"
INITIAL_LAST_RE = rf"^{INITIAL}\.?$"
ABBREVIATION_RE = rf"^[{CAP}]{{2,}}$"
CAPITALS_SURNAME_RE = rf"^[{CAP}]{{2,}}(?:-[{CAP}]{{2,}})?$"
QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"), ('"', '"'))
# parts of speech a surname is never read as: keeps "Назначить И.В. Кудрину" a person at
# "И.В. Кудрину", not at "Назначить И.В."
NOT_SURNAME_POS = ["VERB", "AUX", "ADP", "CCONJ", "SCONJ", "ADV", "PRON", "DET", "PART", "NUM"]

if TYPE_CHECKING:  # spaCy itself (over half a second to import) loads with the pipeline
    from spacy.language import Language
    from spacy.tokens import Doc, Span


def _register_extensions() -> None:
    from spacy.tokens import Token

    # "Name" / "Patr" for a capitalised first name or patronymic: lets the ruler find full names
    if not Token.has_extension("name_part"):
        Token.set_extension("name_part", default="")
    # True for a capitalised word the dictionary knows as a surname: "Бойко" is a surname even though
    # its best parse is an adverb, which NOT_SURNAME_POS would otherwise rule out
    if not Token.has_extension("dictionary_surname"):
        Token.set_extension("dictionary_surname", default=False)


def _is_name_part(text: str) -> bool:
    return re.match(SURNAME_RE, text) is not None and any(
        g in p.tag for p in analyzer().parse(text) for g in ("Name", "Patr"))


def _beside_person(doc: Doc, start: int, end: int) -> bool:
    """True when initials or a first name / patronymic stand right before or after doc[start:end]."""
    after = doc[end].text if end < len(doc) else ""
    before = doc[start - 1].text if start > 0 else ""
    initials = (INITIALS_RE, INITIAL_DOT_RE)
    return (any(re.match(r, after) for r in initials) or any(re.match(r, before) for r in initials)
            or _is_name_part(after) or _is_name_part(before))


def _hyphenated_surnames(doc: Doc) -> Doc:
    """"Петров-Водкин И.П.": the tokenizer cuts at the hyphen; beside initials or a first name the
    three tokens are one surname again (an organisation's "Северо-Кавказский" is left alone)."""
    spans = []
    i = 0
    while i + 2 < len(doc):
        left, hyphen, right = doc[i], doc[i + 1], doc[i + 2]
        if (hyphen.text == "-" and not left.whitespace_ and not hyphen.whitespace_
                and re.match(SURNAME_RE, left.text) and re.match(SURNAME_RE, right.text)
                and "-" not in left.text and "-" not in right.text and _beside_person(doc, i, i + 3)):
            spans.append(doc[i:i + 3])
            i += 3
        else:
            i += 1
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)
    return doc


def _ru_morph(doc: Doc) -> Doc:
    """Part of speech and morphology of each token from pymorphy3's best parse.

    A word that is a form of a listed role or organisation noun gets that noun as its lemma:
    unknown spellings ("тьютеры" -> "тьютер") and adjectives or participles used as nouns
    ("Заведующие кафедрами" -> "заведующий", a NOUN), unless a noun agreeing with them follows
    ("ответственные исполнители").
    """
    from spacy.lang.ru.lemmatizer import oc2ud

    morph = analyzer()
    for token in doc:
        text = token.text
        if not any(ch.isalpha() for ch in text):
            token.pos_ = "PUNCT" if not any(ch.isdigit() for ch in text) else "NUM"
            continue
        if text.isupper() and len(text) > 1:
            token.pos_ = "PROPN"  # an abbreviation: "АУП", "ОГАУ"
            continue
        parses = morph.parse(text)
        parse = parses[0]
        if text[:1].isupper() and text[1:].islower():
            part = next((g for g in ("Patr", "Name") if any(g in p.tag for p in parses)), None)
            token._.name_part = part or ""
            # a word the dictionary does not know at all ("Гаваю", "Лемешу", guessed as verbs) may
            # be a surname beside a first name and patronymic
            token._.dictionary_surname = any("Surn" in p.tag for p in parses) or not any(p.is_known for p in parses)
        pos, feats = oc2ud(str(parse.tag))
        token.pos_ = pos if pos else "X"
        feats = {k: v for k, v in feats.items() if k != "POS" and v}
        if feats:
            token.set_morph("|".join(f"{k}={v}" for k, v in sorted(feats.items())))
        listed = listed_noun(text)
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if listed and pos in {"ADJ", "VERB"}:
            if nxt is None or not nxt.is_alpha or not agrees_with(text, nxt.text):
                token.pos_ = "NOUN"
                token.lemma_ = listed
        elif listed and not parse.is_known:
            token.lemma_ = listed
        elif not parse.is_known:
            # spaCy's lemmatizer skips guessed parses: keep pymorphy3's guess
            token.lemma_ = parse.normal_form.replace("ё", "е")
    return doc


def _person_patterns(words: ExecutorWords) -> list[dict]:
    common = sorted(words.role_nouns | words.organization_heads)
    surname = {"TEXT": {"REGEX": SURNAME_RE}, "LEMMA": {"NOT_IN": common}, "POS": {"NOT_IN": NOT_SURNAME_POS}}
    initials = {"TEXT": {"REGEX": INITIALS_RE}}
    first = {"TEXT": {"REGEX": INITIAL_DOT_RE}}
    last = {"TEXT": {"REGEX": INITIAL_LAST_RE}}
    given = {"_": {"name_part": "Name"}, "TEXT": {"REGEX": SURNAME_RE}}
    patronymic = {"_": {"name_part": "Patr"}, "TEXT": {"REGEX": SURNAME_RE}}
    known = {"_": {"dictionary_surname": True}, "TEXT": {"REGEX": SURNAME_RE}, "LEMMA": {"NOT_IN": common}}
    # a surname printed in capitals ("ИВАНОВ И.И.", a signature's "И.И. ИВАНОВ"): only beside initials,
    # which an organisation's abbreviation never has
    not_names = sorted(words.legal_prefixes | words.legal_levels | words.role_abbreviations)
    capitals = {"TEXT": {"REGEX": CAPITALS_SURNAME_RE, "NOT_IN": not_names}, "LOWER": {"NOT_IN": common}}
    names = (surname, known, capitals)
    shapes = [[s, initials] for s in names] + [[s, first, last] for s in names]
    shapes += [[initials, s] for s in names] + [[first, first, s] for s in names]
    # one initial: "Иванов И.", "Ли В." (a surname is no listed noun, so "Отдел О." is none)
    shapes += [[s, first] for s in (surname, known)]
    shapes += [[s, given, patronymic] for s in (surname, known)] + [[given, patronymic, s] for s in (surname, known)]
    return [{"label": "PERSON", "pattern": p} for p in shapes]


def _org_patterns(words: ExecutorWords) -> list[dict]:
    legal = {"TEXT": {"IN": sorted(words.legal_prefixes)}}
    level = {"TEXT": {"IN": sorted(words.legal_levels)}, "OP": "*"}
    patterns = []
    for opening, closing in QUOTE_PAIRS:
        quoted = [{"ORTH": opening}, {"ORTH": {"NOT_IN": [closing, opening]}, "OP": "+"}, {"ORTH": closing}]
        patterns.append([legal, level, *quoted])
        patterns.append(quoted)
    patterns.append([legal, level])
    patterns.append([{"LEMMA": {"IN": sorted(words.organization_heads)}}])
    patterns.append([{"TEXT": {"REGEX": ABBREVIATION_RE, "NOT_IN": sorted(words.role_abbreviations)}}])
    return [{"label": "ORG", "pattern": p} for p in patterns]


def _role_patterns(words: ExecutorWords) -> list[dict]:
    patterns = [
        [{"LEMMA": {"IN": sorted(words.role_nouns)}}],
        [{"TEXT": {"IN": sorted(words.role_abbreviations)}}],
        [{"LOWER": {"IN": sorted(words.role_short_words)}}, {"ORTH": ".", "OP": "?"}],
    ]
    return [{"label": "ROLE", "pattern": p} for p in patterns]


# what the tokenizer splits besides spaCy's Russian infixes
EXTRA_INFIXES = (
    rf"(?<=[{CAP}]\.)(?=[{CAP}][а-яё])",  # "С.И.Куликова" -> "С.И." "Куликова"
    rf"(?<=[а-яё])(?=[{CAP}]\.[{CAP}]\.)",  # "ГайворонскаяН.И." (OCR lost the space)
    r"(?<=[^\W\d_]),(?=[^\W\d_])",  # "Директор,ЗУВР"
    r"(?<=[^\W\d_]{2})\.(?=[^\W\d_])",  # "Зам.по ВР", "Рук.ШМО" (not initials "Н.И.")
)
# spaCy reads "Зам.по", "Кл.рук" as domain names; only a real URL is one token here
URL_MATCH = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE).match
TOKENIZER = "roadmap_ru_tokenizer.v1"
LEMMATIZER = "roadmap_ru_lemmatizer"

_BUILDING = threading.Lock()


def executor_nlp() -> Language:
    """The pipeline, built on first use (about half a second) and then shared by the process; safe
    to call from several threads (a worker builds it on a thread while OCR runs, see
    ``ingest.backend_worker``): the first call builds, the others wait for it."""
    with _BUILDING:
        return _built_pipeline()


def _make_tokenizer():
    """spaCy's Russian tokenizer with EXTRA_INFIXES and URL_MATCH, built in one go: setting them on
    a finished tokenizer reloads its two thousand special cases each time."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    def create(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return Tokenizer(nlp.vocab, rules=defaults.tokenizer_exceptions,
                         prefix_search=compile_prefix_regex(defaults.prefixes).search,
                         suffix_search=compile_suffix_regex(defaults.suffixes).search,
                         infix_finditer=compile_infix_regex(list(defaults.infixes) + list(EXTRA_INFIXES)).finditer,
                         token_match=defaults.token_match, url_match=URL_MATCH)

    return create


def _make_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool):
    """spaCy's Russian lemmatizer on our analyser (same dictionaries, each word's parses cached)
    instead of a second MorphAnalyzer it would load for itself."""
    from spacy.lang.ru.lemmatizer import RussianLemmatizer

    class SharedMorphLemmatizer(RussianLemmatizer):
        def __init__(self, *args, **kwargs) -> None:
            self._morph = analyzer()  # RussianLemmatizer keeps an analyser already set
            super().__init__(*args, **kwargs)

    return SharedMorphLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)


def _register_components() -> None:
    import_spacy()  # first, before any "from spacy..." below imports it with its CLI
    from spacy.language import Language
    from spacy.util import registry

    _register_extensions()
    for name, component in (("roadmap_ru_hyphenated_surnames", _hyphenated_surnames),
                            ("roadmap_ru_morph", _ru_morph)):
        if not Language.has_factory(name):
            Language.component(name, func=component)
    if not Language.has_factory(LEMMATIZER):
        Language.factory(LEMMATIZER, assigns=["token.lemma"],
                         default_config={"model": None, "mode": "pymorphy3", "overwrite": False},
                         func=_make_lemmatizer)
    if TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(TOKENIZER, func=_make_tokenizer)


@lru_cache(maxsize=1)
def _built_pipeline() -> Language:
    _register_components()
    spacy = import_spacy()
    words = executor_words()
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("roadmap_ru_hyphenated_surnames")
    nlp.add_pipe("roadmap_ru_morph")
    nlp.add_pipe(LEMMATIZER, name="lemmatizer")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    nlp.initialize()  # initialising clears the ruler, so the patterns go in afterwards
    ruler.add_patterns(_person_patterns(words) + _org_patterns(words) + _role_patterns(words))
    return nlp


@lru_cache(maxsize=8192)
def text_to_doc(text: str) -> Doc:
    """The analysed text; cached because an order repeats the same cells many times."""
    return executor_nlp()(text)


def doc_to_persons(doc: Doc) -> list[Span]:
    return [ent for ent in doc.ents if ent.label_ == "PERSON"]


def token_lemma(token) -> str:
    lemma = token.lemma_ or token.text.lower()
    return lemma.lower().replace("ё", "е")
