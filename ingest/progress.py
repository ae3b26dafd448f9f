"""What a run tells the person or the cron job watching it.

On a terminal: a tqdm bar over the files to extract, with pages done and the ETA. Without one
(cron, a pipe): one plain log line per file. ``--log FILE`` gets the same lines and warnings, and,
with ``--debug``, the traceback of any unexpected exception; tracebacks never reach the console.
"""
from __future__ import annotations

import logging
import os
import sys
from typing import Any

LOGGER = "roadmap_ingest"
log = logging.getLogger(LOGGER)
FALLBACK_COLUMNS, FALLBACK_ROWS = 100, 24


def _terminal_columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0


def setup_logging(log_file: str | None = None, console: bool = True, debug: bool = False) -> None:
    """Console lines go to stderr without a traceback; the log file gets everything asked for."""
    log.handlers.clear()
    log.setLevel(logging.DEBUG)
    log.propagate = False
    if console:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.INFO)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.addFilter(lambda r: not getattr(r, "file_only", False))
        log.addHandler(handler)
    if log_file:
        handler = logging.FileHandler(log_file, encoding="utf-8")
        handler.setLevel(logging.DEBUG if debug else logging.INFO)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)


class Progress:
    """``start(total)``, then ``file(path, document)`` per file extracted, then ``close()``."""

    def __init__(self, enabled: bool = True, debug: bool = False):
        self.enabled = enabled
        self.debug = debug
        self.bar = None
        self.total = 0
        self.done = 0
        self.pages = 0

    def start(self, total: int, skipped: int = 0) -> None:
        self.total = total
        if skipped:
            log.info(f"{skipped} files unchanged since they were last extracted (skipped)",
                     extra={"file_only": self.bar is not None})
        if self.enabled and total and sys.stderr.isatty():
            from tqdm import tqdm

            sized = _terminal_columns() > 0  # a pseudo-terminal may report a 0 x 0 size: tqdm would draw nothing
            self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=sized,
                            ncols=None if sized else FALLBACK_COLUMNS, nrows=None if sized else FALLBACK_ROWS)

    def file(self, path: str, document: dict[str, Any], traceback: str | None = None) -> None:
        self.done += 1
        self.pages += document.get("pages") or 0
        status = document.get("status")
        detail = f"{document.get('rows') or 0} rows" if status != "failed" else document.get("error")
        line = f"[{self.done}/{self.total}] {status}: {path} ({detail}, {document.get('seconds') or 0:.1f} s)"
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(f"{self.pages} pages", refresh=False)
            log.info(line, extra={"file_only": True})
        elif self.enabled:
            log.info(line)
        else:
            log.info(line, extra={"file_only": True})
        if traceback and self.debug:
            log.debug(f"traceback for {path}:\n{traceback}", extra={"file_only": True})

    def skip(self, path: str) -> None:
        """A file whose mtime changed but not its bytes."""
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        log.info(f"[{self.done}/{self.total}] unchanged: {path} (same bytes, new modification time)",
                 extra={"file_only": self.bar is not None or not self.enabled})

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
