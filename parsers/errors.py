"""Typed errors a parser raises, each with a one-sentence message a person can act on.

Each class carries the ``kind`` recorded in ``documents.error_kind`` (the list is
``ingest.schema.ERROR_KINDS``), so a nightly job can tell an environment fault (``missing_tool``:
install tesseract, every file is affected) from a bad file (``corrupt_file``).
"""
from __future__ import annotations


class ExtractionError(Exception):
    """Base class: the file could not be turned into the intermediate."""

    kind = "internal"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsupportedFormat(ExtractionError):
    """The bytes are not a format the pipeline reads."""

    kind = "unsupported_format"


class CorruptFile(ExtractionError):
    """The format is known but the file cannot be opened."""

    kind = "corrupt_file"


class EncryptedFile(ExtractionError):
    """The file is protected by a password the pipeline does not have."""

    kind = "encrypted"


class FileTooLarge(ExtractionError):
    """The file is over one of the size limits in Settings (bytes, pages, pixels, inflated size)."""

    kind = "too_large"


class MissingTool(ExtractionError):
    """A system program the format needs (LibreOffice, tesseract) is not installed."""

    kind = "missing_tool"


class ConversionFailed(ExtractionError):
    """An external converter ran but did not produce a usable file (timeout, crash)."""

    kind = "conversion_failed"
