"""Cell values for CSV and spreadsheets: safe to open, lists and executors as text a person reads.

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, after a
TAB or CR, whatever follows) as a formula. Text cells that begin so get a ``'`` in front, the
OWASP rule against CSV injection; numbers, dates and the JSON of lists stay as they are.
JSONL and Parquet are written from the raw values and never pass through here.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PARTY_SEPARATOR = "; "
# characters an XLSX file cannot hold (XML 1.0 forbids them): a writer refuses or escapes the whole cell
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XLSX_MAX_CELL_CHARS = 32_767


def text_to_safe_cell(text: str) -> str:
    """The text with a ``'`` in front when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def value_to_csv_cell(value: Any) -> Any:
    """None as empty, numbers as numbers, lists and objects as JSON, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return text_to_safe_cell(str(value))


def text_to_xlsx_cell(text: str) -> str:
    """Safe text without the characters XML cannot carry, line breaks as Excel's own (a line feed:
    a carriage return would be stored as the escape "_x000D_", which readers other than Excel show
    as it is), cut to Excel's cell size."""
    text = text_to_safe_cell(_XML_ILLEGAL.sub("", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > XLSX_MAX_CELL_CHARS:
        text = text[:XLSX_MAX_CELL_CHARS - 1] + "…"
    return text


def iso_to_date(value: Any) -> dt.date | None:
    """A date for a date cell; None when the value is empty, not ISO, or before Excel's 1900 epoch."""
    if isinstance(value, dt.date):
        date = value
    elif isinstance(value, str) and value:
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return date if date.year >= 1900 else None


def date_to_text(value: Any) -> str:
    date = iso_to_date(value)
    return date.strftime("%d.%m.%Y") if date else str(value or "")


def party_to_text(party: dict[str, Any]) -> str:
    """One party as read aloud: "Кудрина И.В. (начальник отдела)", "Координатор — Соловьева О.В."."""
    name = (party.get("name") or party.get("text") or "").strip()
    position = (party.get("position") or "").strip()
    person = (party.get("person") or "").strip()
    text = name
    if position and position.lower() not in name.lower():
        text = f"{text} ({position})" if text else position
    if person and person != name:
        text = f"{text} — {person}" if text else person
    return text


def parties_to_text(parties: list[dict[str, Any]] | None) -> str:
    return PARTY_SEPARATOR.join(t for t in (party_to_text(p) for p in parties or [] if isinstance(p, dict)) if t)


def list_to_text(values: list[Any] | None, separator: str = "; ") -> str:
    return separator.join(str(v) for v in values or [] if v not in (None, ""))


def map_to_text(mapping: dict[str, Any] | None) -> str:
    return "; ".join(f"{k} — {v}" for k, v in (mapping or {}).items())


def intervals_to_text(intervals: list[list[Any]] | None) -> str:
    return "; ".join("–".join(date_to_text(d) for d in pair) for pair in intervals or [])
