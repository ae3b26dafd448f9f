"""Typed errors a parser raises, each with a one-sentence message a person can act on."""
from __future__ import annotations


class ExtractionError(Exception):
    """Base class: the file could not be turned into the intermediate."""

    status = "failed"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsupportedFormat(ExtractionError):
    """The bytes are not a format the pipeline reads."""


class CorruptFile(ExtractionError):
    """The format is known but the file cannot be opened."""


class MissingTool(ExtractionError):
    """A system program the format needs (LibreOffice, tesseract) is not installed."""


class ConversionFailed(ExtractionError):
    """An external converter ran but did not produce a usable file (timeout, crash)."""
