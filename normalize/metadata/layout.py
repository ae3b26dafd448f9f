"""The parts of an order's first page, found in its cleaned lines: letterhead, act heading,
date and number, place, title, approval blocks ("УТВЕРЖДЕНА приказом … от … № …", "УТВЕРЖДАЮ")
and the signature. the metadata face (normalize/metadata/__init__.py) turns them into the documents-table fields.
Vocabulary (act kinds, body kinds, posts …) is data: data/doc_types.yaml; month names come
from data/date_words.yaml and legal-form prefixes ("МКУ", "ГБПОУ") from data/legal_forms.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from normalize.tables import join_broken
from normalize.lexicon import DEFINITION_OPENING, analyzer, is_legal_form, load_yaml, mostly_upper, phrase_to_case


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """data/doc_types.yaml: the words of an order's header, title, approval block and signature."""
    return load_yaml("doc_types.yaml")


# ---------------------------------------------------------------- dates and numbers

_QUOTED_DAY_DATE = re.compile(r"«\s*(\d{1,2})\s*»\s*([а-яё]+|\d{1,2})\.?\s*(\d{4}|\d{2})(?!\d)", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\s*([./])\s*(\d{1,2})\s*[./]?\s*(\d{4})(?!\d)")
_DASHED_DATE = re.compile(r"(?<![\d-])(\d{1,2})-(\d{1,2})-(\d{4})(?!\d)")
_SHORT_YEAR_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])")
_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})(?!\d)", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?:№|(?<![\w])(?:N[oо°º]?|Nе|Ne)(?=\s*\d))\s*([0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/\-.]*)")


def _month_number(word: str) -> int | None:
    """'февраля' -> 2, 'сент' -> 9, '02' -> 2."""
    if word.isdigit():
        return int(word)
    word = word.lower().replace("ё", "е")
    return next((number for form, number in _month_forms() if word.startswith(form)), None)


@lru_cache(maxsize=1)
def _month_forms() -> tuple[tuple[str, int], ...]:
    """Every case form and abbreviation of data/date_words.yaml's months (the one month list),
    longest first: a printed word names the month whose form it starts with ("сентяб" -> 9)."""
    forms = {}
    for number, spec in load_yaml("date_words.yaml")["months"].items():
        for form in [*spec["cases"].values(), *spec["abbreviations"]]:
            forms[form] = int(number)
    return tuple(sorted(forms.items(), key=lambda item: -len(item[0])))


def _make_date(day: str, month: int | None, year: str) -> date | None:
    if month is None:
        return None
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    if not 1990 <= full_year <= 2100:
        return None
    try:
        return date(full_year, month, int(day))
    except ValueError:
        return None


def line_to_date(line: str) -> date | None:
    """The first printed date in a line: "29.03.2021 г.", "28.02 2022 г.", "14/02/2023",
    "«08» 02 2022 г.", "16 февраля 2022 г.", "24.02.2021 № 8-ПА"; blanks ("« __ » ___ 20__ г.")
    and impossible days give None."""
    candidates = []
    for m in _QUOTED_DAY_DATE.finditer(line):
        candidates.append((m.start(), _make_date(m.group(1), _month_number(m.group(2)), m.group(3))))
    for m in _NUMERIC_DATE.finditer(line):
        candidates.append((m.start(), _make_date(m.group(1), int(m.group(3)), m.group(4))))
    for m in _DASHED_DATE.finditer(line):
        candidates.append((m.start(), _make_date(m.group(1), int(m.group(2)), m.group(3))))
    for m in _SHORT_YEAR_DATE.finditer(line):
        candidates.append((m.start(), _make_date(m.group(1), int(m.group(2)), m.group(3))))
    for m in _WORD_DATE.finditer(line):
        candidates.append((m.start(), _make_date(m.group(1), _month_number(m.group(2)), m.group(3))))
    valid = sorted((start, d) for start, d in candidates if d is not None)
    return valid[0][1] if valid else None


def line_to_number(line: str) -> str | None:
    """The act's number as printed after "№" ("121", "19/1", "8-ПА"), or None."""
    for m in _NUMBER.finditer(line):
        number = m.group(1).rstrip(".-/")
        if any(ch.isdigit() for ch in number) and not re.match(r"п/п", number, re.IGNORECASE):
            return number
    return None


# ---------------------------------------------------------------- the order's layout


@dataclass
class OrderLayout:
    """Where the parts of an order's first page are, as indices into its cleaned lines."""

    lines: list[str]
    letterhead_end: int  # lines[:letterhead_end] are the letterhead
    header_end: int  # lines[letterhead_end:header_end] hold heading, date, number, place, УТВЕРЖДАЮ
    order_header_end: int  # ... of which these, before any УТВЕРЖДАЮ block, are the order's own
    heading_type: str | None = None
    title_index: int | None = None  # an order's "Об утверждении …"
    plan_title_index: int | None = None  # a plan's own heading, where there is no order title
    approval_index: int | None = None  # "УТВЕРЖДАЮ" / "УТВЕРЖДЕН…" above the title
    place: str | None = None  # "г. Бобров"


_TITLE_START = re.compile(r"^(?:О|Об|Обо)\s+[а-яё]|^(?:О|ОБ|ОБО)\s+[А-ЯЁ]{3,}")
_PLACE = re.compile(r"^(?:г\.|город|с\.|село|пос\.|п\.|пгт\.?|ст-ца|станица|д\.)\s*([А-ЯЁ][\w-]+(?:\s[А-ЯЁ][\w-]+)?)$")
_SCAN_LINES = 40
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*[.)]\s*[А-ЯЁA-Z]")


def _heading_type(line: str) -> str | None:
    for word, doc_type in vocabulary()["doc_types"].items():
        pattern = r"^\W*" + r"\s?".join(word) + r"(?![а-яёА-ЯЁ])(.*)$"
        m = re.match(pattern, line, re.IGNORECASE)
        if m and re.fullmatch(r"\s*(?:(?:№|N|от\b|\d|\(|:).*)?", m.group(1), re.IGNORECASE):
            return doc_type
    return None


def _starts_with_phrase(line: str, phrases: list[str]) -> bool:
    low = line.lower().lstrip("«\"' ")
    return any(re.match(re.escape(p) + r"(?![а-яё])", low) for p in phrases)


def _is_approval_line(line: str) -> bool:
    """'УТВЕРЖДАЮ', 'Утверждена', or a short two-column line ending in '«Утверждаю»'."""
    words = vocabulary()["approval_words"]
    if _starts_with_phrase(line, words):
        return True
    return len(line) < 120 and any(re.search(rf"(?:«|\b){w.upper()}\b|«{w.capitalize()}»", line) for w in words)


def _is_preamble_line(line: str) -> bool:
    return line[:1].isupper() and _starts_with_phrase(line, vocabulary()["preamble_starts"])


def _lemmas(line: str, count: int) -> list[str]:
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", line)[:count]
    return [analyzer().parse(w.lower())[0].normal_form for w in words]


def is_plan_title(line: str) -> bool:
    if not re.match(r"^[«\"]?[^\W\d_]", line):
        return False
    starts = vocabulary()["plan_title_starts"]
    lemmas = _lemmas(line, max(len(s) for s in starts))
    return any(lemmas[: len(s)] == s for s in starts)


def _ends_header(line: str) -> bool:
    """The preamble, a numbered section ("1. Общие положения") or running text."""
    return _is_preamble_line(line) or bool(_NUMBERED.match(line)) or len(line) > 250


def _is_approval_stamp(lines: list[str], index: int, approval_index: int | None) -> bool:
    """'Приказ № 12/3-од' a few lines under 'УТВЕРЖДАЮ' numbers the approving act; it is not
    the document's own heading (a bare 'ПРИКАЗ' line is)."""
    if approval_index is None or not 0 < index - approval_index <= 8:
        return False
    return bool(re.search(r"№|\d", lines[index]))


def lines_to_layout(lines: list[str]) -> OrderLayout:
    limit = min(len(lines), _SCAN_LINES)
    title_index = next((i for i in range(limit) if _TITLE_START.match(lines[i])), None)
    search_end = title_index if title_index is not None else limit
    approval_index = next((i for i in range(search_end) if _is_approval_line(lines[i])), None)
    heading_index = next((i for i in range(search_end) if _heading_type(lines[i])
                          and not _is_approval_stamp(lines, i, approval_index)), None)
    plan_title_index = None
    if title_index is None:
        first = (approval_index or 0)
        plan_title_index = next((i for i in range(first, len(lines)) if is_plan_title(lines[i])), None)
    ends = [i for i in (title_index, plan_title_index) if i is not None]
    ends.append(next((i for i in range(limit) if _ends_header(lines[i])), limit))
    header_end = min(ends)
    markers = [i for i in (heading_index, approval_index) if i is not None and i < header_end]
    markers += [i for i in range(header_end) if line_to_date(lines[i]) or line_to_number(lines[i])][:1]
    markers += [i for i in range(header_end) if _has_signature_name(lines[i])][:1]
    place_index = next((i for i in range(header_end) if _PLACE.match(lines[i])), None)
    markers += [place_index] if place_index is not None else []
    letterhead_end = min(markers) if markers else header_end
    order_header_end = header_end
    if approval_index is not None and letterhead_end <= approval_index < header_end:
        order_header_end = approval_index
    return OrderLayout(
        lines=lines, letterhead_end=letterhead_end, header_end=header_end, order_header_end=order_header_end,
        heading_type=_heading_type(lines[heading_index]) if heading_index is not None else None,
        title_index=title_index, plan_title_index=plan_title_index, approval_index=approval_index,
        place=_PLACE.match(lines[place_index]).group(1) if place_index is not None else None,
    )


# ---------------------------------------------------------------- bodies: letterhead, signature


def _is_body_kind(word: str, case: str | None) -> bool:
    """True when ``word`` is a kind of body (министерство, отдел …), in ``case`` if given."""
    kinds = set(vocabulary()["body_kinds"])
    for p in analyzer().parse(word.lower()):
        if p.tag.POS == "NOUN" and p.normal_form in kinds:
            if case is None or (case in p.tag and "sing" in p.tag):
                return True
    return False


def _starts_body(line: str) -> bool:
    """'МИНИСТЕРСТВО ОБРАЗОВАНИЯ …', 'Главное управление …', 'МКУ «Управление образования»'."""
    words = re.findall(r"[^\W\d_]+", line)[:6]
    if not words or not line.lstrip("«\"")[:1].isupper():
        return False
    if is_legal_form(words[0]):
        return True
    for word in words:
        if _is_body_kind(word, "nomn"):
            return True
        if not any(p.tag.POS == "ADJF" and "nomn" in p.tag for p in analyzer().parse(word.lower())):
            return False
    return False


def _only_adjectives(line: str) -> bool:
    """'Федеральное государственное бюджетное образовательное' (the noun is on the next line)."""
    words = re.findall(r"[^\W\d_]+", line)
    return bool(words) and all(
        any(p.tag.POS == "ADJF" and "nomn" in p.tag for p in analyzer().parse(w.lower())) for w in words)


def letterhead_bodies(lines: list[str]) -> list[str]:
    """The bodies a letterhead names, outermost first, each as one string ("АДМИНИСТРАЦИЯ
    ГОРОДА УЛЬЯНОВСКА УЛЬЯНОВСКОЙ ОБЛАСТИ", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ГОРОДА УЛЬЯНОВСКА")."""
    skip = [re.compile(p, re.IGNORECASE) for p in vocabulary()["letterhead_skip"]]
    bodies: list[list[str]] = []
    for i, line in enumerate(lines):
        if any(p.match(line) for p in skip) or re.search(r"\d{3,}", line) or re.fullmatch(r"\(.*\)", line):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if bodies and line.startswith(("«", '"')) and "«" not in " ".join(bodies[-1]):
            bodies[-1].append(line)  # the institution's name in quotes after its legal form
        elif _starts_body(line) or (_only_adjectives(line) and _starts_body(f"{line} {following}")):
            bodies.append([line])
        elif bodies:
            bodies[-1].append(line)
    return [" ".join(b) for b in bodies]


_NAME = r"(?:[А-ЯЁ]\.\s?){1,2}\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+(?:[А-ЯЁ]\.\s?){1,2}"
_NAME_LINE = re.compile(rf"^(?P<post>.*?)[\s_]*(?:{_NAME})$")


def _has_signature_name(line: str) -> bool:
    """A person's name anywhere in the line, not one an institution is named after
    ("им. А.С. Пушкина", "имени А.М. Топорова")."""
    for m in re.finditer(rf"(?<![\w.])(?:{_NAME})(?!\w)", line):
        if not re.search(r"(?:\bим\.|\bимени)\s*$", line[: m.start()], re.IGNORECASE):
            return True
    return False


def _is_post_start(text: str) -> bool:
    lemmas = _lemmas(text, 1)
    return bool(lemmas) and lemmas[0] in vocabulary()["post_words"]


def signature_post(lines: list[str], layout: OrderLayout) -> str | None:
    """The signatory's post above the first signature ("Заместитель главы администрации –
    руководитель отдела образования администрации Бобровского муниципального района")."""
    for i in range(layout.letterhead_end, len(lines)):
        m = _NAME_LINE.match(lines[i])
        if not m:
            continue
        same_line = m.group("post").strip(" _")
        if same_line and not _is_post_start(same_line):
            continue
        parts = [same_line] if same_line else []
        j = i - 1
        while not same_line and j >= 0 and len(parts) < 6:
            line = lines[j]
            if (re.match(r"^(?:\d+[.)]|[-•])", line) or line.endswith((";", ":", "."))
                    or _is_approval_line(line) or len(line) > 120):
                break
            parts.insert(0, line)
            if _is_post_start(line) and not (j > 0 and re.search(r"[–—-]$", lines[j - 1])):
                break
            j -= 1
        post = " ".join(parts)
        if post and _is_post_start(post):
            return post
    return None


def body_from_post(post: str) -> str | None:
    """The body a post or an approval block names, nominative, as printed otherwise:
    "руководитель отдела образования администрации Бобровского муниципального района" ->
    "отдел образования администрации Бобровского муниципального района"; "Исполняющий
    обязанности Министра просвещения и воспитания Ульяновской области" -> "Министерство
    просвещения и воспитания Ульяновской области"."""
    vocab = vocabulary()
    post_words = set(vocab["post_words"])
    for segment in reversed(re.split(r"\s+[–—-]\s+", post)):
        words = segment.split(" ")
        for i, word in enumerate(words):
            bare = word.strip("«»\"(),.")
            if is_legal_form(bare):
                return " ".join(words[i:])
            lemma = analyzer().parse(bare.lower())[0].normal_form
            if lemma in post_words and lemma not in vocab["post_bodies"]:
                continue
            if lemma in vocab["post_bodies"] and i + 1 < len(words):
                return " ".join([vocab["post_bodies"][lemma], *words[i + 1:]])
            if _is_body_kind(bare, None):
                start = i
                while start > 0 and any(p.tag.POS == "ADJF" for p in analyzer().parse(words[start - 1].lower())):
                    start -= 1
                phrase = _cut_phrase(words[start:], post_words)
                if len(phrase.split()) < 2:
                    return None  # "директора школы" names no particular body
                case = next((p.tag.case for p in analyzer().parse(bare.lower())
                             if p.tag.POS == "NOUN" and p.normal_form == lemma), "gent")
                return phrase_to_case(phrase, "nomn", case)
    return None


def _cut_phrase(words: list[str], post_words: set[str]) -> str:
    """A body's words up to punctuation that ends it or another post ("школы Директор …")."""
    kept: list[str] = []
    for word in words:
        if kept and analyzer().parse(word.strip("«»\"(),.:").lower())[0].normal_form in post_words:
            break
        if re.search(r"[:;№]|_{2,}", word):
            kept.append(re.split(r"[:;№]|_{2,}", word)[0])
            break
        kept.append(word)
    return " ".join(w for w in kept if w).strip(" ,.;")


# ---------------------------------------------------------------- approval blocks


@dataclass
class ApprovalBlock:
    """"УТВЕРЖДЕНА приказом Министерства … от «08» 02 2022 г. № 169" or "УТВЕРЖДАЮ …"."""

    issuer: str | None
    doc_type: str | None
    doc_date: date | None
    doc_number: str | None


def _is_stamp_line(line: str) -> bool:
    """A line under an approval signature that dates or numbers the approving act ("Приказ №
    12/3-од", "«05» сентября 2023 г.", "от 05.09.2023 № 12")."""
    if len(line) > 80:
        return False
    return bool(_heading_type(line) or line_to_date(line) or re.match(r"^\W*(?:№|от\b)", line, re.IGNORECASE))


def approval_blocks(lines: list[str]) -> list[ApprovalBlock]:
    """Every approval block: "УТВЕРЖДЕНА приказом … от … № …" (the act, its date and number), or
    "УТВЕРЖДАЮ", the approver's post, the signature and, under it, the stamp of the approving act
    ("Приказ № 12/3-од «05» сентября 2023 г."). A number inside the post ("МБОУ «СОШ № 5»") is
    the institution's, not the act's."""
    acts = vocabulary()["approving_acts"]
    act_pattern = re.compile(r"(?<![\w-])(" + "|".join(acts) + r")\s+(.*?)\s*(?:\bот\b|№|$)", re.IGNORECASE)
    blocks = []
    for i, line in enumerate(lines):
        if not _is_approval_line(line):
            continue
        block_lines = [line]
        stamp: list[str] = []
        signed = False
        for following in lines[i + 1: i + 9]:
            if signed:
                if not _is_stamp_line(following) or len(stamp) == 3:
                    break
                stamp.append(following)
                continue
            if len(following) > 150 or is_plan_title(following) or _TITLE_START.match(following):
                break
            block_lines.append(following)
            if _NAME_LINE.match(following) or len(block_lines) == 6:
                signed = bool(_NAME_LINE.match(following))
                if not signed:
                    break
        text = " ".join(block_lines + stamp)
        m = act_pattern.search(text)
        if m:
            after = text[m.end(1):]
            blocks.append(ApprovalBlock(m.group(2).strip() or None, acts[m.group(1).lower()],
                                        line_to_date(after), line_to_number(after)))
            continue
        post = re.sub(r"^\W*\w+\W*", "", " ".join(block_lines[:-1]) if len(block_lines) > 1 else "")
        stamp_text = " ".join([block_lines[0], *stamp])
        act = next((_heading_type(s) for s in stamp if _heading_type(s)), None)
        blocks.append(ApprovalBlock(post or None, act, line_to_date(text), line_to_number(stamp_text)))
    return blocks


# ---------------------------------------------------------------- title


def _join_title(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        text = join_broken(text, part)
    return re.sub(r"\s+", " ", text).strip()


def title_lines(layout: OrderLayout) -> str | None:
    """The order's title ("Об утверждении …", over as many lines as it runs), else the plan's
    own title ("План мероприятий («Дорожная карта») по …"), markup removed, spaces collapsed."""
    lines = layout.lines
    start = layout.title_index if layout.title_index is not None else layout.plan_title_index
    if start is None:
        return None
    is_order_title = layout.title_index is not None
    parts = [lines[start]]
    for line in lines[start + 1: start + 6]:
        if not re.search(r"[^\W_]{2}", line):
            continue  # OCR debris between the lines of a title ("_", ".")
        if (_is_preamble_line(line) or _heading_type(line) or _is_approval_line(line)
                or re.match(r"^\d+[.)]\s", line) or _NAME_LINE.match(line)):
            break
        previous = parts[-1]
        continues = line[:1].islower() or line[:1] in "(«\"" or previous.endswith((",", "-", "–"))
        continues = continues or is_legal_form(line.split()[0].strip("«»\"(),."))  # the plan's institution
        continues = continues or (mostly_upper(previous) and mostly_upper(line))
        if not (is_order_title or continues) or DEFINITION_OPENING.search(previous):
            break
        parts.append(line)
    title = _join_title(parts)
    return DEFINITION_OPENING.split(title)[0].strip() or None
