"""Word's automatic list numbering, rebuilt: the item numbers that exist only as list formatting.

A paragraph with ``w:numPr`` shows a number Word computes from the numbering definitions
(``word/numbering.xml``): a counter per list and level, restarts, legal style and the number
format (decimal, Roman, letters, Russian letters). ``NumberingState`` replays those counters in
document order so that "1.1." appears in the text as it does on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

W_VAL = qn("w:val")
_OFF = {"0", "false", "off", "none"}


def number_to_format(value: int, num_fmt: str) -> str:
    """One counter value in a ``w:numFmt`` style ("upperRoman", 4 -> "IV")."""
    if num_fmt in ("upperRoman", "lowerRoman"):
        roman, rest = "", value
        for arabic, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while rest >= arabic:
                roman, rest = roman + letters, rest - arabic
        return roman if num_fmt == "upperRoman" else roman.lower()
    alphabets = {
        "upperLetter": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "lowerLetter": "abcdefghijklmnopqrstuvwxyz",
        "russianUpper": "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ", "russianLower": "абвгдежзиклмнопрстуфхцчшщэюя",
    }
    if num_fmt in alphabets and value > 0:
        letters = alphabets[num_fmt]
        return letters[(value - 1) % len(letters)] * ((value - 1) // len(letters) + 1)
    if num_fmt == "decimalZero":
        return f"{value:02d}"
    if num_fmt == "none":
        return ""
    return str(value)


@dataclass
class _Level:
    start: int = 1
    num_fmt: str = "decimal"
    text: str = ""
    legal: bool = False  # isLgl: every level shown as a decimal
    suffix: str = " "


def _level_from_xml(lvl: etree._Element, base: _Level | None = None) -> _Level:
    level = _Level(**vars(base)) if base else _Level(text=f"%{int(lvl.get(qn('w:ilvl'), '0')) + 1}.")
    for child in lvl:
        value = child.get(W_VAL)
        if child.tag == qn("w:start") and value and value.lstrip("-").isdigit():
            level.start = int(value)
        elif child.tag == qn("w:numFmt") and value:
            level.num_fmt = value
        elif child.tag == qn("w:lvlText"):
            level.text = value or ""
        elif child.tag == qn("w:isLgl"):
            level.legal = (value or "1") not in _OFF
        elif child.tag == qn("w:suff"):
            level.suffix = "" if value == "nothing" else " "
    return level


@dataclass
class NumberingState:
    """The document's list definitions and the running counters while paragraphs are read.

    Counters are kept per abstract list, as Word does: two ``w:num`` pointing to the same
    abstract list continue one numbering unless a ``w:startOverride`` restarts a level.
    """

    lists: dict[str, tuple[str, dict[int, _Level]]] = field(default_factory=dict)  # numId -> (abstract id, levels)
    restarts: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> level -> start override
    style_numbering: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    default_style: str | None = None
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def paragraph_number(self, p: etree._Element) -> str | None:
        """The number text Word shows in front of this paragraph, advancing the counters."""
        num_id, ilvl = self._paragraph_list(p)
        if num_id is None or num_id == "0" or num_id not in self.lists:
            return None
        abstract_id, levels = self.lists[num_id]
        ilvl = min(max(ilvl or 0, 0), 8)
        counters = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in self.restarts.get(num_id, {}).items():
                counters[level] = start - 1
        level = levels.get(ilvl, _Level(text=f"%{ilvl + 1}."))
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.num_fmt == "bullet":
            return None

        def render(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            ref = levels.get(k, _Level())
            value = counters[k] if counters[k] is not None else ref.start
            return number_to_format(value, "decimal" if level.legal or ref.num_fmt == "bullet" else ref.num_fmt)

        text = re.sub(r"%([1-9])", render, level.text).strip()
        return (text + level.suffix) if text else None

    def _paragraph_list(self, p: etree._Element) -> tuple[str | None, int | None]:
        ppr = p.find(qn("w:pPr"))
        num_id = ilvl = None
        style = self.default_style
        if ppr is not None:
            style_el = ppr.find(qn("w:pStyle"))
            if style_el is not None:
                style = style_el.get(W_VAL)
            num_pr = ppr.find(qn("w:numPr"))
            if num_pr is not None:
                num_id, ilvl = _num_pr_values(num_pr)
        if num_id is None and style in self.style_numbering:
            style_num, style_ilvl = self.style_numbering[style]
            num_id, ilvl = style_num, ilvl if ilvl is not None else style_ilvl
        return num_id, ilvl


def _num_pr_values(num_pr: etree._Element) -> tuple[str | None, int | None]:
    num_el, ilvl_el = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
    num_id = num_el.get(W_VAL) if num_el is not None else None
    ilvl_text = ilvl_el.get(W_VAL) if ilvl_el is not None else None
    return num_id, int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else None


def document_to_numbering(document: "docx.document.Document") -> NumberingState:
    """Read numbering.xml and the paragraph styles' list links into a fresh counter state."""
    state = NumberingState()
    styles_root = document.styles.element
    based_on: dict[str, str] = {}
    own: dict[str, tuple[str | None, int | None]] = {}
    for style in styles_root.findall(qn("w:style")):
        style_id = style.get(qn("w:styleId"))  # paragraph styles, and numbering styles (numStyleLink)
        if not style_id:
            continue
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
            state.default_style = style_id
        parent = style.find(qn("w:basedOn"))
        if parent is not None:
            based_on[style_id] = parent.get(W_VAL)
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            own[style_id] = _num_pr_values(num_pr)
    for style_id in set(own) | set(based_on):
        seen, current = set(), style_id
        while current and current not in own and current not in seen:
            seen.add(current)
            current = based_on.get(current)
        if current in own and own[current][0] is not None:
            state.style_numbering[style_id] = own[current]
    try:
        numbering_root = document.part.part_related_by(RT.NUMBERING).element
    except (KeyError, NotImplementedError):
        return state
    abstracts: dict[str, etree._Element] = {a.get(qn("w:abstractNumId")): a for a in numbering_root.findall(qn("w:abstractNum"))}
    nums = {n.get(qn("w:numId")): n for n in numbering_root.findall(qn("w:num"))}

    def abstract_of(num: etree._Element, depth: int = 0) -> str | None:
        ref = num.find(qn("w:abstractNumId"))
        abstract_id = ref.get(W_VAL) if ref is not None else None
        abstract = abstracts.get(abstract_id)
        link = abstract.find(qn("w:numStyleLink")) if abstract is not None else None
        if link is not None and depth < 3:  # the list is defined by a numbering style
            linked = state.style_numbering.get(link.get(W_VAL))
            if linked and linked[0] in nums:
                return abstract_of(nums[linked[0]], depth + 1)
        return abstract_id

    for num_id, num in nums.items():
        abstract_id = abstract_of(num)
        if abstract_id not in abstracts:
            continue
        levels = {int(l.get(qn("w:ilvl"), "0")): _level_from_xml(l) for l in abstracts[abstract_id].findall(qn("w:lvl"))}
        for override in num.findall(qn("w:lvlOverride")):
            ilvl = int(override.get(qn("w:ilvl"), "0"))
            lvl = override.find(qn("w:lvl"))
            if lvl is not None:
                levels[ilvl] = _level_from_xml(lvl, levels.get(ilvl))
            start = override.find(qn("w:startOverride"))
            if start is not None and (start.get(W_VAL) or "").isdigit():
                state.restarts.setdefault(num_id, {})[ilvl] = int(start.get(W_VAL))
        state.lists[num_id] = (abstract_id, levels)
    return state


# ---------------------------------------------------------------- paragraphs and cells
