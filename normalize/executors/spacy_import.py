"""Import spaCy without its command line.

spaCy 3's ``__init__`` runs ``from .cli.info import info``, which loads the whole CLI (typer,
requests, httpx, weasel, jinja2: about an eighth of a second, a quarter of spaCy's import) only
to offer ``spacy.info``. spaCy's own fix makes that import lazy (explosion/spaCy#12962, on its
v4 line). Until a release we use has it, ``import_spacy`` imports spaCy with a stand-in
``spacy.cli.info`` in ``sys.modules`` and removes the stand-in right after, so a later
``import spacy.cli`` loads the real CLI, and ``spacy.info`` loads it when called.

Every extraction worker imports spaCy once, on its first file (see ingest.backend_worker), so
the saving is per process, on the critical path of small batches.
"""
from __future__ import annotations

import sys
import threading
import types

_IMPORTING = threading.Lock()


def _info(*args, **kwargs):
    """``spacy.info``: the real one, from the CLI, loaded on this first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """The ``spacy`` module, imported without its CLI when nothing has imported it yet."""
    with _IMPORTING:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        stand_ins = {"spacy.cli": types.ModuleType("spacy.cli"), "spacy.cli.info": types.ModuleType("spacy.cli.info")}
        if any(name in sys.modules for name in stand_ins):
            import spacy  # something already has a spacy.cli: leave it be

            return spacy
        stand_ins["spacy.cli"].__path__ = []  # a package, so that "spacy.cli.info" resolves under it
        stand_ins["spacy.cli.info"].info = _info
        sys.modules.update(stand_ins)
        try:
            import spacy
        finally:
            for name, module in stand_ins.items():
                if sys.modules.get(name) is module:
                    del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is stand_ins["spacy.cli"]:
            delattr(parent, "cli")
        return spacy
