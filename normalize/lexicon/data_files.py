"""Load the YAML word lists shipped under ``normalize/data/``."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# libyaml's parser (in PyYAML's wheels) reads the word lists eight times faster than the pure
# Python one, to the same data; the pure Python one where PyYAML was built without it
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """Parse ``normalize/data/<name>`` once per process."""
    text = resources.files("normalize").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=SAFE_LOADER)
