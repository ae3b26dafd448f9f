"""The review report's charts: matplotlib figures saved as small SVG to be inlined in the page.

Text stays text in the SVG (``svg.fonttype: none``): the page's own font draws it, it can be
searched and copied, and the files stay small. Every id in a chart is prefixed with the chart's
name so that several charts inlined in one page never share an id. Figures are made with
``matplotlib.figure.Figure`` (no pyplot, no global state).
"""
from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date, timedelta

import matplotlib
import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ingest.report_data import Record, row_intervals, row_label, section_of

STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "roadmap-report",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans"],
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9aa3ad",
    "axes.labelcolor": "#333",
    "xtick.color": "#444",
    "ytick.color": "#444",
    "axes.grid": True,
    "grid.color": "#e3e7eb",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "hatch.color": "#333",
    "hatch.linewidth": 0.6,
}
STATUS_COLOURS = {"ok": "#2e8b57", "partial": "#e0a526", "no_table": "#7f8c99", "failed": "#c0392b"}
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#1f77b4", "#8c564b")
WIDTH_IN = 9.0
GANTT_MAX_ROWS = 120
LABEL_CHARS = 48


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make every id of the SVG unique in the page: ``id="x"`` -> ``id="prefix-x"``, references too."""
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)


def figure_to_svg(fig: Figure, name: str) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, ids prefixed with ``name``)."""
    out = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(out, format="svg", bbox_inches="tight", pad_inches=0.05, metadata={"Date": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\n\s*", "\n", svg)
    return _prefix_ids(svg, name).replace("<svg ", '<svg class="chart" role="img" ', 1)


def _figure(height_in: float, width_in: float = WIDTH_IN) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width_in, max(1.2, height_in)), layout="constrained")


def status_chart(by_format: dict[str, Counter]) -> str:
    """Documents per source format, stacked by status."""
    with matplotlib.rc_context(STYLE):
        formats = list(by_format)
        fig = _figure(0.45 + 0.32 * len(formats), 6.0)
        ax = fig.add_subplot()
        statuses = [s for s in STATUS_COLOURS if any(by_format[f][s] for f in formats)]
        statuses += sorted({s for f in formats for s in by_format[f]} - set(statuses))
        left = [0] * len(formats)
        for status in statuses:
            values = [by_format[f][status] for f in formats]
            ax.barh(formats, values, left=left, color=STATUS_COLOURS.get(status, "#999"), label=status, height=0.6)
            left = [a + b for a, b in zip(left, values)]
        ax.invert_yaxis()
        ax.set_xlabel("documents")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", visible=False)
        fig.legend(loc="outside upper right", frameon=False, ncols=len(statuses))
        return figure_to_svg(fig, "status")


def section_colours(rows: list[Record]) -> dict[str, str]:
    """A colour per section, in the order the sections first appear."""
    out: dict[str, str] = {}
    for row in rows:
        section = section_of(row)
        if section not in out:
            out[section] = PALETTE[len(out) % len(PALETTE)]
    return out


def gantt_chart(rows: list[Record], name: str) -> str | None:
    """The document's items on a time axis, one line per item with a deadline interval: a bar per
    interval, coloured by section; recurring items hatched, open-start ("до …") items drawn as a
    diamond at their deadline. None when no item has an interval."""
    dated = [r for r in rows if row_intervals(r)][:GANTT_MAX_ROWS]
    if not dated:
        return None
    colours = section_colours(dated)
    with matplotlib.rc_context(STYLE):
        fig = _figure(0.9 + 0.17 * len(dated) + 0.16 * min(len(colours), 8))
        ax = fig.add_subplot()
        labels = []
        for y, row in enumerate(dated):
            colour = colours[section_of(row)]
            recurring = row.get("deadline_kind") == "recurring" or bool(row.get("recurrence"))
            for start, end in row_intervals(row):
                if row.get("deadline_kind") == "by_date" and start == end:
                    ax.plot([end], [y], marker="D", markersize=4.5, color=colour, linestyle="none")
                    continue
                ax.barh(y, (end - start + timedelta(days=1)).days, left=start, height=0.62, color=colour,
                        hatch="////" if recurring else None, edgecolor="#333" if recurring else colour,
                        linewidth=0.4)
            labels.append(f"{row_label(row)}  {shorten(row.get('action') or '', 40)}")
        ax.set_yticks(range(len(dated)), labels, fontsize=6.5)
        ax.set_ylim(len(dated) - 0.4, -0.6)
        ax.grid(axis="y", visible=False)
        ax.xaxis_date()
        locator = mdates.AutoDateLocator(maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        handles = [Patch(color=c, label=shorten(s, 70)) for s, c in list(colours.items())[:8]]
        handles.append(Patch(facecolor="white", edgecolor="#333", hatch="////", label="recurring"))
        handles.append(Line2D([], [], marker="D", color="#555", linestyle="none",
                                               markersize=4.5, label="by a date (до …)"))
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=6.5)
        return figure_to_svg(fig, name)


def executors_chart(counts: Counter, name: str, top: int = 15) -> str | None:
    """Items per executor, the ``top`` most frequent."""
    if not counts:
        return None
    common = counts.most_common(top)
    with matplotlib.rc_context(STYLE):
        fig = _figure(0.5 + 0.22 * len(common), 6.5)
        ax = fig.add_subplot()
        ax.barh([shorten(n, 60) for n, _ in common], [c for _, c in common], color="#4e79a7", height=0.65)
        ax.invert_yaxis()
        ax.tick_params(axis="y", labelsize=6.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("items")
        return figure_to_svg(fig, name)


def region_year_chart(by_region: dict[str, Counter]) -> str | None:
    """Rows per region, stacked by plan year."""
    if not by_region:
        return None
    regions = list(by_region)
    years = sorted({y for c in by_region.values() for y in c})
    with matplotlib.rc_context(STYLE):
        fig = _figure(0.7 + 0.3 * len(regions), 6.5)
        ax = fig.add_subplot()
        left = [0] * len(regions)
        for k, year in enumerate(years):
            values = [by_region[r][year] for r in regions]
            ax.barh(regions, values, left=left, color=PALETTE[k % len(PALETTE)], label=year, height=0.6)
            left = [a + b for a, b in zip(left, values)]
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("rows")
        ax.legend(title="plan year", frameon=False, loc="lower right")
        return figure_to_svg(fig, "regions")


def month_chart(by_month: Counter) -> str | None:
    """Deadlines per month, every month from the first to the last shown (empty ones as gaps)."""
    if not by_month:
        return None
    first, last = min(by_month), max(by_month)
    months = []
    y, m = int(first[:4]), int(first[5:])
    while f"{y:04d}-{m:02d}" <= last and len(months) < 240:
        months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    with matplotlib.rc_context(STYLE):
        fig = _figure(2.4)
        ax = fig.add_subplot()
        ax.bar(months, [by_month.get(f"{d.year:04d}-{d.month:02d}", 0) for d in months], width=24,
               color="#f28e2b", align="edge")
        ax.set_ylabel("deadlines ending in the month")
        ax.grid(axis="x", visible=False)
        locator = mdates.AutoDateLocator(maxticks=14)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        return figure_to_svg(fig, "months")
