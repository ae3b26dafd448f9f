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
    ApprovalBlock, OrderLayout, approval_blocks, body_from_post, is_plan_title, letterhead_bodies, lines_to_layout,
    line_to_date, line_to_number, signature_post, title_lines, vocabulary,
)
from normalize.metadata.plan_year import (
    PlanYear, academic_start_year, infer_plan_year, order_to_hints, order_to_plan_year, plan_year_hints,
)

__all__ = [
    "DocumentMetadata", "PlanYear", "academic_start_year", "authority_case", "clean_lines", "domain_to_region",
    "find_abbreviations", "infer_plan_year", "metadata_from_text", "municipality_to_codes", "order_to_plan_year",
    "phone_to_region", "place_to_codes", "plan_year_hints", "postal_to_region", "region_policy",
]
from normalize.metadata.regions import (
    Region, find_municipalities, find_municipality, find_region, place_names_capitalised, region_from_city,
)
from normalize.metadata.region_signals import (
    Signal, code_to_region, domain_to_region, municipality_to_codes, phone_to_region,
    place_to_codes, postal_to_region, region_key, text_to_signals,
)
from normalize.lexicon import DEFINITION, is_legal_form, phrase_to_case



@dataclass
class DocumentMetadata:
    authority: str | None = None
    region: str | None = None
    region_code: str | None = None
    region_source: str | None = None  # issuer name, municipality, place, postal index, telephone code, web domain, text
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


_INSTITUTION = re.compile(r"(?<![\w«])((?:[А-ЯЁ]{2,8}\s+){0,3}[А-ЯЁ]{2,8}\s*«[^»]{3,}»)")


def title_to_institution(title: str) -> str | None:
    """The institution a plan's title names by its legal form and quoted name ("План работы
    МБУ ДО «Детская школа искусств Кимовского района» на 2023 год" -> "МБУ ДО «Детская школа
    искусств Кимовского района»"), or None."""
    for m in _INSTITUTION.finditer(title):
        words = m.group(1).split("«")[0].split()
        while words and not is_legal_form(words[0].lower()):
            words.pop(0)
        if words:
            return " ".join(words) + " «" + m.group(1).split("«", 1)[1]
    return None


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
    """The kind of the document in hand: its act heading ("ПРИКАЗ"), else its operative word
    ("приказываю"), else a plan under an approval block or with a plan's title is a план, also
    when the block names the approving act ("Утверждено приказом директора от … № …", "Приказ
    № 12/3-од" stamped under УТВЕРЖДАЮ): doc_number and doc_date are then that act's, as the
    number printed on 000's plan is (docs: "Plans approved by an institution")."""
    words = vocabulary()
    if layout.heading_type:
        return layout.heading_type
    squeezed = " ".join(re.sub(r"(?<=\b\w) (?=\w\b)", "", line).lower() for line in layout.lines)
    for word, doc_type in words["operative_words"].items():
        if re.search(rf"(?<![\w-]){word}(?![\w-])", squeezed):
            return doc_type
    if layout.approval_index is not None or layout.plan_title_index is not None:
        return words["plan_doc_type"]
    if any(_names_itself_a_plan(line) for line in layout.lines):
        return words["plan_doc_type"]
    return None


def _names_itself_a_plan(line: str) -> bool:
    """"План мероприятий … на 2024-2025 учебный год (далее – План) определяет …": a document with
    no heading and no title left (an OCR layer that lost "ПЛАН") that defines a plan's title as
    "План" speaks of itself; only asked when nothing above decided (an order's "(далее – План)"
    names its appendix, and its act heading decides first)."""
    for match in DEFINITION.finditer(line):
        defined = match.group("x").strip("«»\"' ")
        expansion = re.sub(r"^[\d.\s)]+", "", line[:match.start()])  # "1.2.План мероприятий …"
        if is_plan_title(defined) and is_plan_title(expansion):
            return True
    return False


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
    from_title = title_to_institution(meta.title or "")
    meta.authority = from_signature or from_block or from_title
    if meta.authority:
        where = "signature block" if from_signature else "approval block" if from_block else "plan's title"
        meta.warnings.append(f"no letterhead names the issuing body; it was taken from the {where}")
    return post


def _municipality(meta: DocumentMetadata, layout: OrderLayout, post: str | None) -> None:
    """Municipality from the issuer (a regional body has none)."""
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


def _issuer_signals(meta: DocumentMetadata, layout: OrderLayout) -> list[Signal]:
    """The places the issuer's own name and the line under the heading name: its municipality
    ("Кимовский район" -> Кимовск), a city or settlement it is in ("МОБУ СОШ с. Целинный")."""
    signals = []
    if meta.municipality:
        signals.append(Signal("municipality", meta.municipality, municipality_to_codes(meta.municipality)))
    if layout.place:
        signals.append(Signal("place", layout.place, place_to_codes(layout.place)))
    return [s for s in signals if s.candidates]


# a federal executive body: named for the country ("… Российской Федерации", "Минпросвещения
# России", "Правительство РФ") or a federal service or agency ("Федеральная служба …")
_FEDERAL_BODY = re.compile(r"(?:Российской\s+Федерации|России|\bРФ)\s*$|^Федеральн(?:ая|ое)\s+(?:служба|агентство)",
                           re.IGNORECASE)


def region_policy(meta: DocumentMetadata, layout: OrderLayout) -> None:
    """The region and where it came from (``region_source``), first that decides:

    1. a region printed in the letterhead or the issuer's name ("… Алтайского края");
    2. the municipality the issuer is named after, or the place under the heading, through the
       places table (a regional centre is one of its places);
    3. the letterhead's postal index, telephone code and region-numbered domain;
    4. a region or a regional centre the rest of the text names.

    A municipality that names places in several regions is decided by the first later signal
    among them. A signal of kind 2 or 3 that names another region than the one kept is a warning.
    An issuer that is a federal body ("Министерство просвещения Российской Федерации",
    "Федеральная служба …") belongs to no federal subject: the region stays empty, though the
    order names the city it was signed in ("Москва").
    """
    letterhead = layout.lines[: layout.letterhead_end]
    authority = meta.authority or ""
    if _FEDERAL_BODY.search(authority) and find_region(authority) is None:
        meta.warnings.append(f"the issuer {authority!r} is a federal body, so the order belongs to no federal "
                             "subject; region left empty")
        return
    header_text = "\n".join(layout.lines[: max(layout.header_end, layout.letterhead_end)] or layout.lines)
    issuer = _issuer_signals(meta, layout)
    letterhead_signals = text_to_signals(header_text)
    region: Region | None = find_region(" ".join([*letterhead, authority]))
    source = "issuer name" if region else None
    if region is None:
        text_region = find_region(" ".join(layout.lines))
        for i, signal in enumerate(issuer + letterhead_signals):
            code = signal.region_code
            if code is None:  # several regions: the first later signal (or the text) among them decides
                rest = [s.region_code for s in (issuer + letterhead_signals)[i + 1:] if s.region_code]
                if text_region is not None:
                    rest.append(region_key(text_region))
                code = next((c for c in rest if c in signal.candidates), None)
            if code is not None:
                region, source = code_to_region(code), signal.source
                break
    if region is None:
        region = find_region(" ".join(layout.lines))
        source = "text" if region else None
    if region is None:  # last: a regional centre the text names ("в г. Ростове-на-Дону")
        cities = [m.name[len("город "):] for m in find_municipalities(" ".join(layout.lines)) if m.kind == "city"]
        region = next((r for r in map(region_from_city, cities) if r is not None), None)
        source = "text" if region else None
    if region is None:
        unsure = [s for s in issuer if s.region_code is None]
        if unsure:
            names = ", ".join(code_to_region(c).name for c in unsure[0].candidates[:4] if code_to_region(c))
            meta.warnings.append(f"the {unsure[0].source} {unsure[0].printed!r} names places in several regions "
                                 f"({names}); region left empty")
        return
    meta.region, meta.region_code, meta.region_source = region.name, region.code, source
    for signal in issuer + letterhead_signals:
        other = code_to_region(signal.region_code) if signal.region_code else None
        if other is not None and other is not region:
            meta.warnings.append(
                f"the {signal.source} {signal.printed!r} points to {other.name}, but the region was taken from the "
                f"{source}: {region.name}")


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
    _municipality(meta, layout, post)
    region_policy(meta, layout)

    text = "\n".join(cleaned)
    meta.abbreviations = find_abbreviations(text)
    meta.plan_year_hints = order_to_hints(meta.title, text)
    if meta.doc_type is None:
        meta.warnings.append("no act heading (ПРИКАЗ, РАСПОРЯЖЕНИЕ …) or approval block found; doc_type unknown")
    if meta.authority is None:
        meta.warnings.append("no letterhead, signature or approval block names the issuing body")
    return meta
