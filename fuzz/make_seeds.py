"""Write the seed inputs of tests/fuzz_corpus/<target>/ from small pieces of samples/*.txt.

    .venv/bin/python fuzz/make_seeds.py

Pieces, never whole files: the order's first lines with the table header and a few rows
(text_dump, also re-encoded as Windows-1251), a few table lines (table_assembly), single
deadline cells (deadline) and a few executor cells with the order's opening lines (executors).
Seeds are named seed-*; crash-* files found by fuzz/run.py are left alone.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize.tables import tables_to_items  # noqa: E402
from parsers.text_dump import parse_text_dump  # noqa: E402

CORPUS = ROOT / "tests" / "fuzz_corpus"
ROWS_PER_PIECE = 5


def write(target: str, name: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{name}").write_bytes(data)


def main() -> None:
    for old in CORPUS.glob("*/seed-*"):
        old.unlink()
    for path in sorted((ROOT / "samples").glob("*.txt")):
        key = path.name.split("_")[0]
        lines = path.read_text(encoding="utf-8").splitlines()
        table_at = [i for i, line in enumerate(lines) if "\t" in line]
        if not table_at:
            continue
        first = table_at[0]
        opening = [line for line in lines[:first] if line.strip()][:8]
        table = lines[first:first + ROWS_PER_PIECE + 1]
        piece = "\n".join(opening + [""] + table + ["", lines[table_at[-1] + 1] if table_at[-1] + 1 < len(lines) else ""])
        write("text_dump", f"{key}.txt", piece.encode("utf-8"))
        write("text_dump", f"{key}-cp1251.txt", piece.encode("cp1251", errors="replace"))
        write("table_assembly", key, "\n".join(table).encode("utf-8"))
        items, _ = tables_to_items(parse_text_dump(path.read_bytes()).tables)
        deadlines = list(dict.fromkeys(i.fields["deadline"] for i in items if i.fields["deadline"]))[:6]
        for n, cell in enumerate(deadlines):
            write("deadline", f"{key}-{n}", cell.encode("utf-8"))
        cells = [i.fields["executors"] for i in items[:ROWS_PER_PIECE]]
        write("executors", key, ("\x1f".join(cells) + "\x1e" + "\n".join(opening)).encode("utf-8"))


if __name__ == "__main__":
    main()
