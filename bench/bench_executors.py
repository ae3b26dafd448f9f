"""Executor resolution measured on the hand-checked gold orders.

usage: python bench/bench_executors.py [SHARED_DIR] [--verbose]

For every gold order with an OCR dump in SHARED_DIR/corpus, the gold rows' ``executors_text``
cells go through ``resolve_executors`` with the order's text (the dump above its first table
line) and the abbreviations ``normalize.abbreviations.find_abbreviations`` finds in the dump. Names are compared the way
SHARED_DIR/eval/score.py compares them (one-to-one fuzzy match, ratio >= 90 after folding);
kind, position and person are compared exactly on the matched executors. Throughput is the
gold cells over the seconds of resolving them, the pipeline built beforehand.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from normalize.executors import OrderContext, resolve_executors  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
_DEFINITION = re.compile(r"([^()\t\n]{3,}?)\s*\(\s*далее\s*[-–—]\s*«?([^()»\n]+?)»?\s*\)")


@dataclass
class Score:
    rows: int = 0
    rows_exact: int = 0
    hit: int = 0
    pred: int = 0
    gold: int = 0
    attrs_ok: int = 0
    attrs_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p = self.hit / self.pred if self.pred else 0.0
        r = self.hit / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def row_accuracy(self) -> float:
        return self.rows_exact / self.rows if self.rows else 0.0


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("roadmap_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dump_to_order_text(dump: str) -> str:
    """The dump's lines above its first TAB-separated (table) line."""
    lines = dump.split("\n")
    first = next((i for i, line in enumerate(lines) if "\t" in line), len(lines))
    return "\n".join(lines[:first])


def dump_to_abbreviations(dump: str) -> dict[str, str]:
    """The project's abbreviation finder over the whole dump, or a small stand-in without it."""
    try:
        from normalize.metadata import find_abbreviations
    except ImportError:
        return _stand_in_abbreviations(dump)
    return find_abbreviations(dump)


def _stand_in_abbreviations(dump: str) -> dict[str, str]:
    """ "expansion (далее – X)" with the expansion cut at the cell boundary."""
    out = {}
    for m in _DEFINITION.finditer(dump.replace("<p>", " ").replace("</p>", " ")):
        key = m.group(2).strip(" «»\"")
        expansion = re.split(r"[\t;]|\s{2,}", m.group(1))[-1].strip()
        out.setdefault(key, expansion)
    return out


def score_order(gold: dict, dump: str, scorer) -> Score:
    rows = gold["rows"]
    ctx = OrderContext(text=dump_to_order_text(dump), abbreviations=dump_to_abbreviations(dump),
                       region_code=gold["document"].get("region_code"))
    result = resolve_executors([r.get("executors_text") for r in rows], ctx)
    score = Score()
    for row, got in zip(rows, result):
        pred = [e.to_dict() for e in got.executors]
        pn, gn = scorer.executor_names(pred), scorer.executor_names(row.get("executors"))
        hit = scorer.match_names(pn, gn)
        score.rows += 1
        score.hit, score.pred, score.gold = score.hit + hit, score.pred + len(pn), score.gold + len(gn)
        exact = len(pn) == len(gn) and hit == len(gn)
        score.rows_exact += exact
        if not exact:
            score.misses.append(f"{row.get('item_number')}: got {pn} want {gn}")
        by_name = {scorer.norm(e["name"]): e for e in pred}
        for g in row.get("executors") or []:
            p = by_name.get(scorer.norm(g["name"]))
            if p is None:
                continue
            for key in ("kind", "position", "person"):
                score.attrs_total += 1
                if (p.get(key) or None) == (g.get(key) or None):
                    score.attrs_ok += 1
                else:
                    score.misses.append(f"{row.get('item_number')} {g['name']!r} {key}: got {p.get(key)!r} want {g.get(key)!r}")
    return score


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    shared = Path(args[0]) if args else DEFAULT_SHARED
    scorer = _scorer(shared)
    total = Score()
    # the pipeline (spaCy, pymorphy3, the word lists) is built once per process, before any file
    # of a run: built here first, so that the seconds below are the cells' own
    start = time.perf_counter()
    from normalize.executors.nlp import executor_nlp
    executor_nlp()
    built, seconds_total = time.perf_counter() - start, 0.0
    for gold_path in sorted((shared / "gold").glob("*.json")):
        dump_path = shared / "corpus" / f"{gold_path.stem}.txt"
        if not dump_path.exists():
            continue
        start = time.perf_counter()
        score = score_order(json.loads(gold_path.read_text(encoding="utf-8")), dump_path.read_text(encoding="utf-8"), scorer)
        seconds = time.perf_counter() - start
        seconds_total += seconds
        print(f"{gold_path.stem}: rows {score.rows} exact {score.row_accuracy:.3f} executor_f1 {score.f1:.3f} "
              f"attrs {score.attrs_ok}/{score.attrs_total} ({seconds:.2f}s)")
        if "--verbose" in argv:
            for miss in score.misses:
                print("    ", miss)
        for name in ("rows", "rows_exact", "hit", "pred", "gold", "attrs_ok", "attrs_total"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
    print(f"ALL: rows {total.rows} exact {total.row_accuracy:.3f} executor_f1 {total.f1:.3f} "
          f"attrs {total.attrs_ok}/{total.attrs_total}")
    print(f"throughput: {total.rows / seconds_total:.0f} executor cells/s, each order resolved once, the caches empty at the start "
          f"(the pipeline built beforehand in {built:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
