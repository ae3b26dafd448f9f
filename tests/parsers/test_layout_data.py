"""The PDF parser's own header stems (parsers/data/pdf_layout.yaml) against the header mapping's
keywords (normalize/data/header_keywords.yaml): the same field names, and no stem that the
mapping would give to another field. The test reads both files; the parser reads only its own."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from parsers.pdf_lines import load_layout_data

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = yaml.safe_load((ROOT / "normalize" / "data" / "header_keywords.yaml").read_text(encoding="utf-8"))
STEMS = load_layout_data()["header_words"]


def stem_names(stem: str, keyword: str) -> bool:
    """A stem names a keyword when one of the keyword's words starts with it."""
    return any(word == stem or (len(stem) > 2 and word.startswith(stem)) for word in keyword.lower().split())


def test_kinds_are_the_mapping_field_names():
    assert set(STEMS) <= set(KEYWORDS)
    assert {"item_number", "action", "deadline", "executors", "result"} <= set(STEMS)


@pytest.mark.parametrize("field, stem", [(f, s) for f, stems in STEMS.items() for s in stems])
def test_no_stem_names_another_field(field, stem):
    claimed = {f for f, keywords in KEYWORDS.items() for k in keywords if stem_names(stem, k)}
    assert claimed <= {field}, f"{stem!r} is a {field} stem but names {sorted(claimed - {field})} keywords"


@pytest.mark.parametrize("field", sorted(STEMS))
def test_every_field_shares_words_with_the_mapping(field):
    assert any(stem_names(s, k) for s in STEMS[field] for k in KEYWORDS[field])


def test_no_parser_module_imports_normalize():
    for path in sorted((ROOT / "parsers").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {m for m in imported if m == "normalize" or m.startswith("normalize.")}, path.name
        assert '"normalize"' not in path.read_text(encoding="utf-8"), f"{path.name} reads normalize's files"
