"""A readable terminal table of one file's extraction (``roadmap-ingest show``)."""
from __future__ import annotations

import textwrap

from ingest.extraction_record import Extraction


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def extraction_to_text(result: Extraction, width: int = 160) -> str:
    d = result.document
    head = [
        f"{d['source_path']}  [{d['source_format'] or '?'}]  status: {d['status']}",
        f"{d.get('doc_type') or ''} № {d.get('doc_number') or '?'} от {d.get('doc_date') or '?'} — "
        f"{d.get('authority') or '?'}; {d.get('region') or '?'} ({d.get('region_code') or '?'})"
        + (f", {d['municipality']}" if d.get("municipality") else "") + f"; plan year {d.get('plan_year')}",
    ]
    if d.get("title"):
        head += textwrap.wrap(d["title"], width)
    if d.get("error"):
        head.append(f"error: {d['error']}")
    head += [f"warning: {w}" for w in d.get("warnings") or []]
    num_w, date_w, kind_w = 7, 23, 10
    rest = max(width - num_w - date_w - kind_w - 8, 40)
    action_w, exec_w = rest * 3 // 5, rest - rest * 3 // 5
    lines = head + ["", f"{'№':<{num_w}} {'мероприятие':<{action_w}} {'срок':<{date_w}} {'вид':<{kind_w}} исполнители",
                    "-" * min(width, num_w + action_w + date_w + kind_w + exec_w + 4)]
    section = None
    for r in result.rows:
        if r["section"] != section:
            section = r["section"]
            if section:
                lines.append(_clip(f"§ {section}", width))
        span = ", ".join(f"{a or '…'}..{b or '…'}" for a, b in r["deadline_intervals"]) or (r["deadline_text"] or "")
        names = "; ".join(e["name"] for e in r["executors"])
        lines.append(f"{_clip(r['item_number'], num_w):<{num_w}} {_clip(r['action'], action_w):<{action_w}} "
                     f"{_clip(span, date_w):<{date_w}} {_clip(r['deadline_kind'], kind_w):<{kind_w}} {_clip(names, exec_w)}")
    lines.append(f"{len(result.rows)} rows, {d.get('pages') or '?'} pages, {d.get('seconds') or 0:.1f} s")
    return "\n".join(lines)
