"""One spelling per party across an order: OCR variants merged, the majority spelling wins.

"Машина Т.В." / "Мамишина Т.В." / "Мамина Т.В." (same initials, close surnames) are one person;
"ОГАУ «Институт развития образования»" / "ОГАОУ «Институт развития образования»" one body;
"департамент …" / "Департамент …" and Latin look-alike letters are the same text. Names are
compared after folding (look-alike letters, case, "ё", quote and dash shapes); persons must share
initials and have close surnames, organisations close names with the same numbers; roles keep
their printed wording and merge only over OCR noise in a dependent word.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from normalize.executors.kinds import ORGANIZATION, PERSON, ROLE
from normalize.lexicon import fold_lookalikes, zero_to_o
from normalize.executors.person_names import mention_to_name

PERSON_SURNAME_CUT = 80  # "Машина" ~ "Мамишина" 86, "Машина" ~ "Мамина" 83
ORGANIZATION_CUT = 92  # "ОГАУ «…»" ~ "ОГАОУ «…»" 98; "Управление образования" ~ "… района" 67
ROLE_CUT = 95  # "… организации" ~ "… организаций" 98
MIN_FUZZY_LENGTH = 10


@dataclass(frozen=True)
class Merge:
    """Spellings of one party that were merged into ``canonical``."""

    kind: str
    canonical: str
    variants: tuple[str, ...]

    def warning(self) -> str:
        others = ", ".join(f"'{v}'" for v in self.variants if v != self.canonical)
        return f"executor spellings {others} merged into the majority spelling '{self.canonical}'"


def fold_name(name: str) -> str:
    """Comparison form: look-alike letters (and a zero inside a word), case, "ё", quotes, dashes
    and spaces made uniform."""
    text = fold_lookalikes(" ".join(name.split())).casefold().replace("ё", "е")
    text = zero_to_o(text)  # OCR zero for "О": "0ГАУ"
    text = re.sub(r"[«»“”„\"']", '"', text)
    text = re.sub(r"[–—‑−]", "-", text)
    text = re.sub(r"\s*\"\s*", '"', text)
    return text.strip(" .,;:")


def _same_person(a: str, b: str) -> bool:
    na, nb = mention_to_name(a), mention_to_name(b)
    if na is None or nb is None or na.initials != nb.initials:
        return False
    return fuzz.ratio(fold_name(na.surname), fold_name(nb.surname)) >= PERSON_SURNAME_CUT


def _same_organization(a: str, b: str) -> bool:
    fa, fb = fold_name(a), fold_name(b)
    if min(len(fa), len(fb)) < MIN_FUZZY_LENGTH or re.findall(r"\d+", fa) != re.findall(r"\d+", fb):
        return False
    return fuzz.ratio(fa, fb) >= ORGANIZATION_CUT


def _same_role(a: str, b: str) -> bool:
    """Roles keep their wording; only a letter or two of OCR noise in a dependent word merges
    ("… общеобразовательных организации" / "… организаций"), never a change of the head
    ("Участник проекта" / "Участники проекта") or of the number of words."""
    wa, wb = fold_name(a).split(), fold_name(b).split()
    if len(wa) != len(wb) or wa[0] != wb[0] or min(len(a), len(b)) < MIN_FUZZY_LENGTH:
        return False
    return fuzz.ratio(" ".join(wa), " ".join(wb)) >= ROLE_CUT


def names_to_canonical(occurrences: list[tuple[str, str]]) -> tuple[dict[tuple[str, str], str], list[Merge]]:
    """(kind, name) occurrences of an order -> the canonical name of each, and the merges made.

    Every occurrence counts one vote for its spelling; ties go to the spelling printed first.
    """
    counts = Counter(occurrences)
    first_seen = {occ: i for i, occ in reversed(list(enumerate(occurrences)))}
    spellings = sorted(counts, key=lambda occ: first_seen[occ])
    parent = {occ: occ for occ in spellings}

    def find(occ: tuple[str, str]) -> tuple[str, str]:
        while parent[occ] != occ:
            parent[occ] = parent[parent[occ]]
            occ = parent[occ]
        return occ

    for i, a in enumerate(spellings):
        for b in spellings[i + 1:]:
            if a[0] != b[0] or find(a) == find(b):
                continue
            same = fold_name(a[1]) == fold_name(b[1])
            if not same and a[0] == PERSON:
                same = _same_person(a[1], b[1])
            elif not same and a[0] == ORGANIZATION:
                same = _same_organization(a[1], b[1])
            elif not same and a[0] == ROLE:
                same = _same_role(a[1], b[1])
            if same:
                parent[find(b)] = find(a)
    clusters: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for occ in spellings:
        clusters.setdefault(find(occ), []).append(occ)
    mapping: dict[tuple[str, str], str] = {}
    merges: list[Merge] = []
    for members in clusters.values():
        winner = max(members, key=lambda occ: (counts[occ], -first_seen[occ]))
        for occ in members:
            mapping[occ] = winner[1]
        variants = tuple(dict.fromkeys(m[1] for m in members))
        if any(v != winner[1] for v in variants):
            merges.append(Merge(kind=winner[0], canonical=winner[1], variants=variants))
    return mapping, merges
