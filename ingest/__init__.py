"""roadmap-ingest: Russian roadmap orders to one dataset.

    import ingest
    document, rows = ingest.extract("order.pdf")     # dict, pandas.DataFrame
    summary = ingest.run(["orders/"], out="out/")     # what `roadmap-ingest run` does (incremental:
                                                      # out/catalog.sqlite remembers what was extracted)
"""
from __future__ import annotations

import os
from typing import Any


def extract(path: str | os.PathLike, settings: Any = None):
    """The document record of one file and its rows as a pandas DataFrame."""
    import pandas as pd

    from ingest.schema import ROW_COLUMNS
    from ingest.runner import extract_file

    result = extract_file(str(path), settings)
    return result.document, pd.DataFrame(result.rows, columns=ROW_COLUMNS)


def run(paths, out=None, jobs: int | None = None, settings: Any = None, progress: bool = False, **options):
    """Bring the catalogue (``out/catalog.sqlite`` unless ``state=``) up to date with the files under
    ``paths`` and regenerate the exports in ``out``; returns a RunSummary.

    ``options``: state, formats, force, prune, executor ("local", "dask", "inline"), scheduler,
    timeout, max_memory, wait (see ``ingest.runner.run``).
    """
    from ingest.runner import run as _run

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _run(paths, out, jobs=jobs, settings=settings, progress=progress, **options)


__all__ = ["extract", "run"]
