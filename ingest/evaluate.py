"""The project's quality gate: a run scored against hand-checked gold files.

Same definitions as the evaluation the project is measured by: a document maps to its gold file
by the part of its file name before the first dot, and its format is the rest of the name; gold
rows are aligned to extracted rows by item number, then by the most similar action text; every
unmatched gold row counts wrong in every field; executor parties are matched one to one by fuzzy
name.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

ROW_FIELDS = ["item_number", "section", "action", "deadline", "deadline_kind", "executors", "result", "info"]
DOC_FIELDS = ["region", "region_code", "municipality", "doc_type", "doc_number", "doc_date", "plan_year", "authority"]


def normalise(value: Any) -> str:
    if value is None:
        return ""
    s = str(value).casefold().replace("ё", "е")
    s = re.sub(r"[«»“”„\"']", '"', s)
    s = re.sub(r"[–—‑−]", "-", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s+([,.;:)])", r"\1", s)
    s = re.sub(r"([(])\s+", r"\1", s).strip()
    return "" if re.fullmatch(r"[-\s]*", s) else s


def texts_agree(a: Any, b: Any, cut: int = 90) -> bool:
    a, b = normalise(a), normalise(b)
    return (not a and not b) or fuzz.ratio(a, b) >= cut


def _item_key(value: Any) -> str:
    return re.sub(r"[.\s]+$", "", normalise(value)) if value else ""


def _section_agrees(pred: Any, gold: Any) -> bool:
    if not gold:
        return not pred
    if re.match(r"\s*\d", gold):
        key = lambda s: (re.match(r"\s*(\d+(?:\.\d+)*)", s or "") or [None, normalise(s)])[1]
        return key(pred) == key(gold)
    return texts_agree(pred, gold, 85)


def _names(executors: Any) -> list[str]:
    names = [normalise(e.get("name") if isinstance(e, dict) else e) for e in executors or []]
    return [n for n in names if n]


def _matched_names(pred: list[str], gold: list[str], cut: int = 90) -> int:
    left, hits = list(pred), 0
    for g in gold:
        scores = [fuzz.ratio(p, g) for p in left]
        if scores and max(scores) >= cut:
            left.pop(scores.index(max(scores)))
            hits += 1
    return hits


def align_rows(pred: list[dict], gold: list[dict]) -> dict[int, int]:
    pairs: dict[int, int] = {}
    used: set[int] = set()
    by_item = defaultdict(list)
    for i, p in enumerate(pred):
        by_item[_item_key(p.get("item_number"))].append(i)
    for gi, g in enumerate(gold):
        key = _item_key(g.get("item_number"))
        candidates = [i for i in by_item.get(key, []) if i not in used] if key else []
        if candidates:
            best = max(candidates, key=lambda i: fuzz.ratio(normalise(pred[i].get("action")), normalise(g.get("action"))))
            pairs[gi] = best
            used.add(best)
    for gi, g in enumerate(gold):
        if gi in pairs:
            continue
        scores = [(fuzz.ratio(normalise(p.get("action")), normalise(g.get("action"))), i)
                  for i, p in enumerate(pred) if i not in used]
        if scores and max(scores)[0] >= 80:
            pairs[gi] = max(scores)[1]
            used.add(pairs[gi])
    return pairs


def row_agreement(p: dict, g: dict) -> tuple[dict[str, bool], tuple[int, int, int]]:
    pn, gn = _names(p.get("executors")), _names(g.get("executors"))
    hits = _matched_names(pn, gn)
    ok = {
        "item_number": _item_key(p.get("item_number")) == _item_key(g.get("item_number")),
        "section": _section_agrees(p.get("section"), g.get("section")),
        "action": texts_agree(p.get("action"), g.get("action")),
        "deadline": [tuple(x or None for x in pair) for pair in p.get("deadline_intervals") or []]
        == [tuple(x or None for x in pair) for pair in g.get("deadline_intervals") or []],
        "deadline_kind": (p.get("deadline_kind") or "") == (g.get("deadline_kind") or ""),
        "executors": len(pn) == len(gn) and hits == len(gn),
        "result": texts_agree(p.get("result"), g.get("result"), 85),
        "info": texts_agree(p.get("info"), g.get("info"), 85),
    }
    return ok, (hits, len(pn), len(gn))


def score_document(doc: dict, rows: list[dict], gold: dict) -> dict[str, Any]:
    gold_rows = gold["rows"]
    pairs = align_rows(rows, gold_rows)
    hits = {f: 0 for f in ROW_FIELDS}
    ex = [0, 0, 0]
    misses = []
    for gi, g in enumerate(gold_rows):
        if gi not in pairs:
            ex[2] += len(_names(g.get("executors")))
            misses.append(f"missing row {g.get('item_number')}: {normalise(g.get('action'))[:60]}")
            continue
        ok, counts = row_agreement(rows[pairs[gi]], g)
        ex = [a + b for a, b in zip(ex, counts)]
        for f, v in ok.items():
            hits[f] += v
            if not v:
                misses.append(f"{g.get('item_number')} {f}: got {str(rows[pairs[gi]].get(f))[:80]!r}")
    for i, p in enumerate(rows):
        if i not in set(pairs.values()):
            ex[1] += len(_names(p.get("executors")))
            misses.append(f"extra row {p.get('item_number')}: {normalise(p.get('action'))[:60]}")
    gd = gold["document"]
    doc_ok = {}
    for f in DOC_FIELDS:
        if f == "authority":
            doc_ok[f] = texts_agree(doc.get(f), gd.get(f), 85)
        elif f == "plan_year":
            doc_ok[f] = str(doc.get(f) or "") == str(gd.get(f) or "")
        else:
            doc_ok[f] = normalise(doc.get(f)) == normalise(gd.get(f))
        if not doc_ok[f]:
            misses.append(f"document {f}: got {doc.get(f)!r} want {gd.get(f)!r}")
    return {"gold_rows": len(gold_rows), "pred_rows": len(rows), "matched": len(pairs),
            "hits": hits, "ex": ex, "doc_ok": doc_ok, "misses": misses}


def evaluate(gold_dir: str | Path, out_dir: str | Path) -> dict[str, Any]:
    """Scores by format ("txt", "docx", "pdf", "scan.pdf") and over all ("ALL")."""
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in Path(gold_dir).glob("*.json")}
    read = lambda name: [json.loads(l) for l in (Path(out_dir) / name).read_text(encoding="utf-8").splitlines() if l.strip()]
    rows_by_doc = defaultdict(list)
    for r in read("rows.jsonl"):
        rows_by_doc[r["doc_id"]].append(r)
    per_doc = {}
    for d in read("documents.jsonl"):
        name = Path(d["source_path"]).name
        stem, _, fmt = name.partition(".")
        if stem in golds:
            rows = sorted(rows_by_doc.get(d["doc_id"], []), key=lambda r: r.get("row_index", 0))
            per_doc[name] = (fmt, score_document(d, rows, golds[stem]))
    totals: dict[str, dict] = defaultdict(lambda: {"gold": 0, "pred": 0, "matched": 0, "docs": 0,
                                                   "hits": defaultdict(int), "ex": [0, 0, 0], "doc": defaultdict(int)})
    for fmt, r in per_doc.values():
        for key in (fmt, "ALL"):
            t = totals[key]
            t["gold"] += r["gold_rows"]; t["pred"] += r["pred_rows"]; t["matched"] += r["matched"]; t["docs"] += 1
            for f, v in r["hits"].items():
                t["hits"][f] += v
            t["ex"] = [a + b for a, b in zip(t["ex"], r["ex"])]
            for f, v in r["doc_ok"].items():
                t["doc"][f] += v
    summary = {}
    for key, t in totals.items():
        f1 = _f1(t["matched"], t["pred"], t["gold"])
        fields = {f: t["hits"][f] / t["gold"] for f in ROW_FIELDS} if t["gold"] else {}
        summary[key] = {
            "docs": t["docs"], "row_f1": round(f1, 4),
            "cell_accuracy": round(sum(fields.values()) / len(fields), 4) if fields else 0.0,
            "fields": {f: round(v, 4) for f, v in fields.items()},
            "executor_f1": round(_f1(*t["ex"]), 4),
            "doc_fields": {f: round(v / t["docs"], 3) for f, v in t["doc"].items()},
        }
    return {"summary": summary, "documents": {n: r for n, (f, r) in per_doc.items()}}


def _f1(hit: int, pred: int, gold: int) -> float:
    p = hit / pred if pred else 0.0
    r = hit / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def report_lines(result: dict[str, Any], misses: bool = True) -> list[str]:
    lines = []
    if misses:
        for name, r in sorted(result["documents"].items()):
            lines.append(f"== {name}: gold {r['gold_rows']} pred {r['pred_rows']} matched {r['matched']}")
            lines += [f"    {m}" for m in r["misses"]]
    for key, s in sorted(result["summary"].items(), key=lambda kv: (kv[0] == "ALL", kv[0])):
        lines.append(f"{key:>12}: docs {s['docs']} row_f1 {s['row_f1']:.3f} cell_acc {s['cell_accuracy']:.3f} "
                     f"executor_f1 {s['executor_f1']:.3f}  " + " ".join(f"{f}={v:.2f}" for f, v in s["fields"].items()))
        lines.append(f"{'':>12}  doc: " + " ".join(f"{f}={v:.2f}" for f, v in s["doc_fields"].items()))
    return lines
