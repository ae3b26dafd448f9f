"""The pipeline version: what a file's extraction depends on besides its bytes.

The catalogue stores it per file; a file extracted under another version is extracted again. It is
the package version, a digest of the word lists (``normalize/data/*.yaml`` and ``parsers/data/*``
where present), the dataset's column list (``ingest/schema.py``) and the settings that change what
is extracted. Limits (``max_*``) and timeouts (``*_timeout_seconds``) are left out: they only decide
whether a file fails, and a failed file is retried on every run anyway.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ingest.schema import TABLES
from parsers.settings import Settings

PACKAGE = "roadmap-ingest"
ROOT = Path(__file__).resolve().parent.parent
DATA_GLOBS = (("normalize", "data/*.yaml"), ("parsers", "data/*"))


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0+checkout"


def output_settings(settings: Settings) -> dict:
    """The settings fields that change what is extracted (not limits nor timeouts)."""
    return {k: v for k, v in sorted(settings.to_dict().items())
            if not k.startswith("max_") and not k.endswith("_timeout_seconds")}


@lru_cache(maxsize=1)
def _data_digest() -> str:
    digest = hashlib.sha256()
    for package, pattern in DATA_GLOBS:
        for path in sorted((ROOT / package).glob(pattern)):
            if path.is_file():
                digest.update(f"{package}/{path.name}\0".encode())
                digest.update(path.read_bytes())
    columns = {table: [(c.name, c.type) for c in cols] for table, cols in TABLES.items()}
    digest.update(json.dumps(columns).encode())
    return digest.hexdigest()


def pipeline_version(settings: Settings) -> str:
    """``<package version>+<12 hex digits>``, equal for every run that would extract the same rows."""
    digest = hashlib.sha256(_data_digest().encode())
    digest.update(json.dumps(output_settings(settings), sort_keys=True, default=str).encode())
    return f"{package_version()}+{digest.hexdigest()[:12]}"
