"""roadmap-ingest: Russian roadmap orders to one dataset.

    import ingest
    document, rows = ingest.extract("order.pdf")     # dict, pandas.DataFrame
    summary = ingest.run(["orders/"], out="out/")     # what `roadmap-ingest run` does
"""
from __future__ import annotations

import os
from typing import Any


def extract(path: str | os.PathLike, settings: Any = None):
    """The document record of one file and its rows as a pandas DataFrame."""
    import pandas as pd

    from ingest.extraction import ROW_COLUMNS
    from ingest.runner import extract_file

    result = extract_file(str(path), settings)
    return result.document, pd.DataFrame(result.rows, columns=ROW_COLUMNS)


def run(paths, out, jobs: int | None = None, settings: Any = None, progress: bool = False):
    """Extract every file under ``paths`` into the dataset in ``out``; returns a RunSummary."""
    from ingest.runner import run as _run

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _run(paths, out, jobs=jobs, settings=settings, progress=progress)


__all__ = ["extract", "run"]
