"""Item numbers printed at the start of the measure text, in tables without a number column.

    "1.Разработка положения …"   -> ("1", "Разработка положения …")
    "4. Организовать …"          -> ("4", "Организовать …")
    "3) Провести мониторинг …"   -> ("3", "Провести мониторинг …")
    "1.2.3. Подготовка …"        -> ("1.2.3", "Подготовка …")

A number of several levels ("1.2", "1.2.3") is taken wherever it opens the text, as before. A
number of one level is a weaker sign: a measure may legitimately open with a year or a quantity
("2023 год объявлен …", "5 мероприятий …", "1 Сентября — линейка"). So a one-level number must
be followed by a letter (after "." or ")": any letter; after a bare space: a capital), and it is
taken only when the column is numbered: at least half of the table's measure cells (and two or
more) open that way. Numbers restarting in every section ("1. 2. 3." then "1. 2.") are fine.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# several levels: "1.1", "1.1.1." followed by text (the rule the assembly always had)
_LEVELS_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3}){1,3})\.?\s+(?=\S)")
# one level: "1." / "1)" then optional spaces and a letter (or a quote or bracket before it), or
# "1 " then a capital; never a part of a longer figure ("2023 год", "1,5 тыс.")
_ONE_LEVEL_NUMBER = re.compile(
    r"^\s*(\d{1,3})(?:[.)]\s*(?=[«\"(]?[^\W\d_])|\s+(?=[«\"(]?[A-ZА-ЯЁ]))")
# a numbered column: this share of its measure cells opens with a one-level number
NUMBERED_SHARE = 0.5


def action_to_number(action: str, one_level: bool = True) -> tuple[str | None, str]:
    """The item number opening a measure text and the text after it ("4. Организовать …" ->
    ("4", "Организовать …")); (None, text) when it opens with none. ``one_level=False`` takes
    only numbers of several levels ("1.1. …"), for a column that is not numbered."""
    m = _LEVELS_NUMBER.match(action)
    if m is None and one_level:
        m = _ONE_LEVEL_NUMBER.match(action)
    if m is None:
        return None, action
    return m.group(1), action[m.end():].lstrip()


def actions_are_numbered(actions: Iterable[str]) -> bool:
    """Whether a measure column numbers its items in the text: at least half of its non-empty
    cells, and two or more, open with an item number of one level or more."""
    texts = [a for a in actions if a.strip()]
    numbered = sum(1 for a in texts if _LEVELS_NUMBER.match(a) or _ONE_LEVEL_NUMBER.match(a))
    return numbered >= 2 and numbered >= NUMBERED_SHARE * len(texts)
