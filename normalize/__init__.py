"""The shared normalisers: a parser's ParsedDocument -> the dataset's fields. Five rooms:

    lexicon     words and small grammars every room shares (a leaf: imports no other room)
    tables      raw tables -> roadmap items            tables_to_items, AssembledItem
    dates       deadline cells -> intervals and kinds  parse_deadline, Deadline
    metadata    text outside the table -> documents    metadata_from_text, order_to_plan_year
    executors   executor cells -> parties              resolve_executors, OrderContext, canonical_id

The names below are also importable from here; each is loaded on first use, so importing one
room (the deadline parser, say) does not load the others' models.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_FACE = {
    "tables_to_items": "normalize.tables",
    "AssembledItem": "normalize.tables",
    "parse_deadline": "normalize.dates",
    "Deadline": "normalize.dates",
    "metadata_from_text": "normalize.metadata",
    "DocumentMetadata": "normalize.metadata",
    "order_to_plan_year": "normalize.metadata",
    "PlanYear": "normalize.metadata",
    "resolve_executors": "normalize.executors",
    "OrderContext": "normalize.executors",
    "Executor": "normalize.executors",
    "RowExecutors": "normalize.executors",
    "canonical_id": "normalize.executors",
}

__all__ = sorted(_FACE)


def __getattr__(name: str) -> Any:
    if name not in _FACE:
        raise AttributeError(f"module 'normalize' has no attribute {name!r}")
    return getattr(import_module(_FACE[name]), name)
