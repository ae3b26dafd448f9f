"""Document-level fields from the text outside the table: letterhead, heading, title, approval
block and signature (schema.md, "documents").

The order of an order's first page: letterhead (one or two bodies, maybe an address), the act's
heading ("ПРИКАЗ"), its date and number, the place, the title ("Об утверждении …"), the preamble,
the operative part, the signature; an appendix may open with an approval block ("УТВЕРЖДЕНА
приказом … от … № …"). A plan published on its own has the letterhead and an "УТВЕРЖДАЮ" block
above its title instead. ``metadata_from_text`` reads those parts in that order; each field
says in ``warnings`` where it had to guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from normalize.metadata.abbreviations import find_abbreviations
from normalize.metadata.layout import (
    ApprovalBlock, OrderLayout, approval_blocks, body_from_post, letterhead_bodies, lines_to_layout, line_to_date,
    line_to_number, signature_post, title_lines, vocabulary,
)
from normalize.metadata.plan_year import (
    PlanYear, academic_start_year, infer_plan_year, order_to_hints, order_to_plan_year, plan_year_hints,
)

__all__ = [
    "DocumentMetadata", "PlanYear", "academic_start_year", "authority_case", "clean_lines", "find_abbreviations",
    "infer_plan_year", "metadata_from_text", "order_to_plan_year", "plan_year_hints",
]
from normalize.metadata.regions import (
    find_municipalities, find_municipality, find_region, place_names_capitalised, region_from_city,
)
from normalize.lexicon import is_legal_form, phrase_to_case



@dataclass
class DocumentMetadata:
    authority: str | None = None
    region: str | None = None
    region_code: str | None = None
    municipality: str | None = None
    doc_type: str | None = None
    doc_number: str | None = None
    doc_date: date | None = None
    title: str | None = None
    abbreviations: dict[str, str] = field(default_factory=dict)
    plan_year_hints: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def clean_lines(lines: list[str]) -> list[str]:
    """Whitespace collapsed, lines without a letter or digit removed, embedded
    breaks split."""
    out = []
    for line in lines:
        for part in line.split("\n"):
            part = re.sub(r"\s+", " ", part.replace("\u00a0", " ")).strip()
            if re.search(r"[^\W_]|№", part):  # a line of only dots or underscores says nothing; a lone "№" does
                out.append(part)
    return out


# ---------------------------------------------------------------- authority and places


def authority_case(text: str) -> str:
    """A body's name printed in capitals to sentence case with proper nouns kept ("МИНИСТЕРСТВО
    ОБРАЗОВАНИЯ И НАУКИ АЛТАЙСКОГО КРАЯ" -> "Министерство образования и науки Алтайского
    края"); a name printed in mixed case keeps its letters, first letter raised."""
    text = re.sub(r"\s+", " ", text).strip()
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return text
    if sum(ch.isupper() for ch in letters) * 2 <= len(letters):
        return text[:1].upper() + text[1:]
    words = []
    for word in text.split(" "):
        bare = word.strip("«»\"(),.").lower()
        words.append(word if is_legal_form(bare) else word.lower())
    lowered = " ".join(words)
    lowered = place_names_capitalised(lowered)
    for phrase in vocabulary()["proper_phrases"]:
        lowered = lowered.replace(phrase.lower(), phrase)
    lowered = re.sub(r"«(\w)", lambda m: "«" + m.group(1).upper(), lowered)
    return lowered[:1].upper() + lowered[1:]


def _names_a_place(text: str) -> bool:
    return find_region(text) is not None or find_municipality(text) is not None


def bodies_to_authority(bodies: list[str]) -> str:
    """The innermost body of a letterhead; when it names no place ("ОТДЕЛ ОБРАЗОВАНИЯ" under
    "АДМИНИСТРАЦИЯ БОБРОВСКОГО МУНИЦИПАЛЬНОГО РАЙОНА") the body above it, in the genitive,
    completes it ("Отдел образования администрации Бобровского муниципального района")."""
    inner = bodies[-1]
    if len(bodies) > 1 and not _names_a_place(inner) and _names_a_place(bodies[-2]):
        outer = phrase_to_case(bodies[-2], "gent")
        if not outer.isupper():
            outer = outer[:1].lower() + outer[1:]
        return authority_case(f"{inner} {outer}")
    return authority_case(inner)


def _body_to_nominative(text: str) -> str | None:
    """The body named in a signature's or approval block's words, nominative, capitalised."""
    body = body_from_post(text)
    return authority_case(body) if body else None


# ---------------------------------------------------------------- assembly


def _dates_and_numbers(layout: OrderLayout) -> tuple[date | None, str | None]:
    doc_date = doc_number = None
    lines = layout.lines[layout.letterhead_end: layout.order_header_end]
    for i, line in enumerate(lines):
        doc_date = doc_date or line_to_date(line)
        if doc_number is None and line.endswith("№") and i + 1 < len(lines):
            doc_number = line_to_number("№ " + lines[i + 1].split()[0])  # "№" ends a line, the number opens the next
        doc_number = doc_number or line_to_number(line)
    return doc_date, doc_number


def _doc_type(layout: OrderLayout) -> str | None:
    words = vocabulary()
    if layout.heading_type:
        return layout.heading_type
    squeezed = " ".join(re.sub(r"(?<=\b\w) (?=\w\b)", "", line).lower() for line in layout.lines)
    for word, doc_type in words["operative_words"].items():
        if re.search(rf"(?<![\w-]){word}(?![\w-])", squeezed):
            return doc_type
    if layout.approval_index is not None or layout.plan_title_index is not None:
        return words["plan_doc_type"]
    return None


def _date_and_number(meta: DocumentMetadata, layout: OrderLayout, blocks: list[ApprovalBlock]) -> None:
    """The heading's date and number; an approval block's where the heading has none."""
    meta.doc_date, meta.doc_number = _dates_and_numbers(layout)
    approved = next((b for b in blocks if b.doc_date or b.doc_number), None)
    if approved is None:
        return
    if meta.doc_date is None and meta.doc_number is None:
        meta.doc_date, meta.doc_number = approved.doc_date, approved.doc_number
        return
    if approved.doc_date and meta.doc_date and approved.doc_date != meta.doc_date:
        meta.warnings.append(
            f"the heading dates the order {meta.doc_date.isoformat()} but the approval block says "
            f"{approved.doc_date.isoformat()}; kept the heading's date")
    if approved.doc_number and meta.doc_number and approved.doc_number != meta.doc_number:
        meta.warnings.append(
            f"the heading numbers the order {meta.doc_number} but the approval block says "
            f"{approved.doc_number}; kept the heading's number")


def _authority(meta: DocumentMetadata, layout: OrderLayout, blocks: list[ApprovalBlock]) -> str | None:
    """Sets the authority (letterhead, else signature, else approval block); returns the
    signatory's post, which may name the municipality."""
    post = signature_post(layout.lines, layout)
    bodies = letterhead_bodies(layout.lines[: layout.letterhead_end])
    if bodies:
        meta.authority = bodies_to_authority(bodies)
        return post
    from_signature = _body_to_nominative(post) if post else None
    from_block = next((_body_to_nominative(b.issuer) for b in blocks if b.issuer), None)
    meta.authority = from_signature or from_block
    if meta.authority:
        where = "signature block" if from_signature else "approval block"
        meta.warnings.append(f"no letterhead names the issuing body; it was taken from the {where}")
    return post


def _places(meta: DocumentMetadata, layout: OrderLayout, post: str | None) -> None:
    """Municipality from the issuer (a regional body has none), then region and its code."""
    letterhead = layout.lines[: layout.letterhead_end]
    bodies_text = " ".join(letterhead_bodies(letterhead))
    authority = meta.authority or ""
    if find_municipality(authority):
        meta.municipality = find_municipality(authority)
    elif not find_region(authority):
        for text in (bodies_text, post or "", meta.title or ""):
            meta.municipality = find_municipality(text) if text else None
            if meta.municipality:
                break
    region = find_region(" ".join([*letterhead, authority]))
    if region is None and meta.municipality and meta.municipality.startswith("город "):
        region = region_from_city(meta.municipality)
    if region is None and layout.place:
        region = region_from_city(layout.place)
    if region is None:
        region = find_region(" ".join(layout.lines))
    if region is None:  # last: a regional centre the text names ("в г. Ростове-на-Дону")
        cities = [m.name[len("город "):] for m in find_municipalities(" ".join(layout.lines)) if m.kind == "city"]
        region = next((r for r in map(region_from_city, cities) if r is not None), None)
    if region is not None:
        meta.region, meta.region_code = region.name, region.code


def metadata_from_text(lines: list[str]) -> DocumentMetadata:
    """The documents-table fields of one order from its text outside tables, in reading order
    (letterhead first). Lines may carry dump markup ("**", "<p>")."""
    meta = DocumentMetadata()
    cleaned = clean_lines(lines)
    if not cleaned:
        meta.warnings.append("the document has no text outside its tables, so it has no order metadata")
        return meta
    layout = lines_to_layout(cleaned)
    blocks = approval_blocks(cleaned)
    meta.doc_type = _doc_type(layout)
    meta.title = title_lines(layout)
    _date_and_number(meta, layout, blocks)
    post = _authority(meta, layout, blocks)
    _places(meta, layout, post)

    text = "\n".join(cleaned)
    meta.abbreviations = find_abbreviations(text)
    meta.plan_year_hints = order_to_hints(meta.title, text)
    if meta.doc_type is None:
        meta.warnings.append("no act heading (ПРИКАЗ, РАСПОРЯЖЕНИЕ …) or approval block found; doc_type unknown")
    if meta.authority is None:
        meta.warnings.append("no letterhead, signature or approval block names the issuing body")
    return meta
