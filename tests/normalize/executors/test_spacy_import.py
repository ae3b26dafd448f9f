"""The executor pipeline's spaCy: imported without its CLI, built with our tokenizer and lemmatizer.

The import runs in a fresh interpreter (this test process may have imported spaCy already)."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

_PROBE = """
import json, sys
from normalize.executors.nlp import executor_nlp
nlp = executor_nlp()
cli_loaded = sorted(m for m in ("spacy.cli", "typer", "requests") if m in sys.modules)
import spacy
info = spacy.info()
import spacy.cli
print(json.dumps({"cli_loaded_by_pipeline": cli_loaded, "version": info.get("spacy_version"),
                  "real_cli": hasattr(spacy.cli, "setup_cli"), "pipes": nlp.pipe_names,
                  "tokens": [t.text for t in nlp("Зам.по ВР С.И.Куликова, Директор,ЗУВР www.edu.ru Кл.рук")]}))
"""


def _probe() -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_pipeline_imports_spacy_without_its_cli_and_the_cli_still_works_after():
    probe = _probe()
    assert probe["cli_loaded_by_pipeline"] == []
    assert probe["version"]  # spacy.info() loads the real CLI on its first call
    assert probe["real_cli"]


def test_tokenizer_keeps_the_extra_splits_and_urls():
    probe = _probe()
    assert probe["tokens"] == ["Зам", ".", "по", "ВР", "С.И.", "Куликова", ",", "Директор", ",", "ЗУВР",
                               "www.edu.ru", "Кл", ".", "рук"]
    assert probe["pipes"][-2:] == ["lemmatizer", "entity_ruler"]


def test_lemmatizer_shares_the_cached_analyser():
    from normalize.executors.nlp import executor_nlp
    from normalize.lexicon import analyzer

    nlp = executor_nlp()
    assert nlp.get_pipe("lemmatizer")._morph is analyzer()
    assert [t.lemma_ for t in nlp("тьютеры провели заседания")][2] == "заседание"
