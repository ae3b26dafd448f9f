"""Dump markup (``<p>``, ``**``) is the text-dump parser's: no other module of the package strips it.

The parser contract promises plain cell and line text, so a second copy of the dump's markup
pattern elsewhere would hide a parser that leaks it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OWNER = ROOT / "parsers" / "text_dump.py"
# a regular expression literal naming the <p> tag or the ** bold marker
MARKUP_PATTERN = re.compile(r"""re\.(?:compile|sub|split|search|match|findall)\(\s*r?["'][^"']*(?:</\?p|<p|\\\*\\\*)""")


def package_modules() -> list[Path]:
    return sorted(p for pkg in ("parsers", "normalize", "ingest") for p in (ROOT / pkg).rglob("*.py"))


def test_the_pattern_finds_the_dump_parsers_own_markup():
    assert MARKUP_PATTERN.search(OWNER.read_text(encoding="utf-8")), "the check no longer recognises markup patterns"


@pytest.mark.parametrize("path", [p for p in package_modules() if p != OWNER], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_markup_pattern_outside_the_dump_parser(path):
    hits = [line for line in path.read_text(encoding="utf-8").splitlines() if MARKUP_PATTERN.search(line)]
    assert hits == [], f"{path.relative_to(ROOT)} strips dump markup; that is parsers/text_dump.py's job"
