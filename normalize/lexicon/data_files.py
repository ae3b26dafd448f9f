"""Load the YAML word lists shipped under ``normalize/data/``."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """Parse ``normalize/data/<name>`` once per process."""
    text = resources.files("normalize").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
