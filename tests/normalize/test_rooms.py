"""The rooms of normalize/: the lexicon is a leaf, and every room has a face with its public names."""
from __future__ import annotations

import ast
import importlib

import pytest

from tests.conftest import ROOT

ROOMS = ("lexicon", "tables", "dates", "metadata", "executors")


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "normalize" / "lexicon").glob("*.py")), ids=lambda p: p.name)
def test_lexicon_imports_no_other_room(path):
    others = {m for m in imported_modules(path) if m.startswith("normalize") and not m.startswith("normalize.lexicon")}
    assert others == set(), f"normalize/lexicon/{path.name} imports {sorted(others)}"


@pytest.mark.parametrize("room", ROOMS)
def test_every_room_has_a_face(room):
    face = importlib.import_module(f"normalize.{room}")
    assert face.__doc__ and face.__all__
    assert all(hasattr(face, name) for name in face.__all__)


@pytest.mark.parametrize("room", ROOMS[1:])
def test_rooms_import_other_rooms_through_their_faces(room):
    for path in sorted((ROOT / "normalize" / room).glob("*.py")):
        for module in imported_modules(path):
            parts = module.split(".")
            if parts[0] == "normalize" and len(parts) > 2 and parts[1] != room:
                pytest.fail(f"normalize/{room}/{path.name} imports {module}: import the room's face normalize.{parts[1]}")


def test_public_imports_keep_working():
    from normalize import canonical_id as face_id, parse_deadline as face_parse
    from normalize.dates import parse_deadline
    from normalize.executors import OrderContext, canonical_id, resolve_executors  # noqa: F401
    from normalize.metadata import metadata_from_text  # noqa: F401
    assert face_parse is parse_deadline and face_id is canonical_id


def test_test_rooms_are_not_packages():
    # tests/ is on the path of worker processes (tests/test_backends.py): a tests/normalize or
    # tests/parsers package there would shadow the real normalize and parsers packages
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "tests").rglob("__init__.py")) == []
