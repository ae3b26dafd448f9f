"""A text PDF page's objects as pdfplumber gives them, its characters converted faster.

pdfplumber turns every pdfminer object of a page into a dict (``Page.process_object``). For a
character that means a regular expression on its class name, ``resolve_all`` over each of its
twenty attributes and the colour space's name decoded letter by letter: about as long as
pdfminer's own interpretation of the page, and the largest share of a text PDF's parse.
A character's attributes are plain numbers, strings and tuples of numbers, so
``fill_page_objects`` builds the same dict for each ``LTChar`` directly (a value that is not
plain still goes through ``resolve_all``; each colour-space name is decoded once), hands every
other object to pdfplumber's own ``process_object``, and fills the page's object cache with the
result, so that ``page.chars``, ``page.edges``, ``page.images`` read it as usual.

The dict of a character is pdfplumber's, key for key (tests/parsers/test_pdf_objects.py
compares them on every page of the sample PDFs). Where pdfplumber does something this module
does not know (a cropped or derived page, a pdfplumber without ``ALL_ATTRS``), the page is left
to pdfplumber.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTContainer

try:
    from pdfplumber.page import ALL_ATTRS, Page, fix_fontname_bytes
    from pdfplumber.utils import resolve_all, resolve_and_decode
except ImportError:  # another pdfplumber: its own conversion is used
    ALL_ATTRS = None

_PLAIN = frozenset({float, int, str, bool, type(None)})


@lru_cache(maxsize=256)
def _colour_space_name(name: str) -> Any:
    return resolve_and_decode(name)


def _char_to_dict(obj: LTChar, page_number: int, height: float, mb_x0: float, mb_top: float,
                  doctop: float, unicode_norm: str | None) -> dict[str, Any]:
    """``Page.process_object(obj)`` for a character, with the same keys and values."""
    attr = {}
    for k, v in obj.__dict__.items():
        if k in ALL_ATTRS:
            kind = type(v)
            plain = kind in _PLAIN or (kind is tuple and all(type(x) in _PLAIN for x in v))
            attr[k] = v if plain else resolve_all(v)
    attr["object_type"] = "char"
    attr["page_number"] = page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = _colour_space_name(getattr(obj, cs).name)
    text = obj.get_text()
    attr["text"] = normalize_unicode(unicode_norm, text) if unicode_norm is not None else text
    gs = obj.graphicstate
    attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
    attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
    if isinstance(attr.get("fontname"), bytes):
        attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    if "y0" in attr:
        attr["top"] = (height - attr["y1"]) + mb_top
        attr["bottom"] = (height - attr["y0"]) + mb_top
        attr["doctop"] = doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def page_objects(page: Any) -> dict[str, list[dict[str, Any]]]:
    """What ``page.parse_objects()`` returns, the characters converted by ``_char_to_dict``."""
    laparams = page.pdf.laparams
    page_number, height = page.page_number, page.height
    mb_x0, mb_top = page.mediabox[:2]
    doctop, unicode_norm = page.initial_doctop, page.pdf.unicode_norm
    chars: list[dict[str, Any]] = []
    objects: dict[str, list[dict[str, Any]]] = {}

    def other(obj: Any) -> None:
        attr = page.process_object(obj)
        kind = attr["object_type"]
        if kind != "anno":
            objects.setdefault(kind, []).append(attr)

    def walk(layout_objects: list) -> None:
        for obj in layout_objects:
            if isinstance(obj, LTChar):
                if "char" not in objects:
                    objects["char"] = chars  # where pdfplumber puts the kind: the first time seen
                chars.append(_char_to_dict(obj, page_number, height, mb_x0, mb_top, doctop, unicode_norm))
            elif isinstance(obj, LTContainer):
                if laparams is not None:
                    other(obj)
                walk(obj._objs)
            else:
                other(obj)

    walk(page.layout._objs)
    return objects


def fill_page_objects(page: Any) -> None:
    """Fill ``page``'s object cache by ``page_objects``. pdfminer's errors on a damaged page
    come from ``page.layout`` as pdfplumber raises them; anything else going wrong in the
    conversion leaves the page to pdfplumber's own parse, which meets the same object."""
    if ALL_ATTRS is None or type(page) is not Page or hasattr(page, "_objects"):
        return
    page.layout  # noqa: B018  interpreted here, so that its errors are pdfplumber's
    try:
        objects = page_objects(page)
    except Exception:  # noqa: BLE001  an object this module does not know: pdfplumber reads the page
        return
    page._objects = objects
