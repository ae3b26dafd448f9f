"""One validated settings object passed down from the runner to every parser and normaliser.

Plain, frozen and picklable, so an extraction is a pure function of (file bytes, settings) and can
run in any worker process or cluster node.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Settings:
    # OCR (scanned PDFs, images, PDF pages without a text layer)
    ocr_languages: str = "rus+eng"
    ocr_dpi: int = 300
    ocr_low_confidence: float = 60.0  # mean word confidence under which a cell gets a warning
    ocr_deskew: bool = True
    # external converters
    office_timeout_seconds: float = 180.0  # LibreOffice conversion of DOC/ODT/RTF
    ocr_timeout_seconds: float = 300.0  # one tesseract call
    # documents
    plan_year: int | None = None  # force the plan year instead of inferring it
    # limits against huge and hostile files; each message names the CLI flag that raises it
    max_file_bytes: int = 200 * 1024 * 1024  # --max-file-mb
    max_pages: int = 2000  # PDF pages or image frames (--max-pages)
    max_image_pixels: int = 150_000_000  # one page image, decoded or rendered (--max-image-megapixels)
    max_inflated_bytes: int = 512 * 1024 * 1024  # one PDF stream or a DOCX/ODT unpacked (--max-inflated-mb)
    max_zip_ratio: float = 200.0  # unpacked / packed size of a large zip member (--max-zip-ratio)
    # pages of one scan OCR'd at once (threads driving tesseract); the runner gives a run's spare
    # cores here when it has fewer files than jobs. Like the limits, it never changes the rows.
    max_ocr_page_workers: int = 1

    def __post_init__(self) -> None:
        if not self.ocr_languages or not all(p.isalpha() for p in self.ocr_languages.split("+")):
            raise ValueError(f"ocr_languages must look like 'rus+eng', got {self.ocr_languages!r}")
        if not 70 <= self.ocr_dpi <= 1200:
            raise ValueError(f"ocr_dpi must be between 70 and 1200, got {self.ocr_dpi}")
        if not 0 <= self.ocr_low_confidence <= 100:
            raise ValueError(f"ocr_low_confidence must be between 0 and 100, got {self.ocr_low_confidence}")
        for name in ("office_timeout_seconds", "ocr_timeout_seconds"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        for name in ("max_file_bytes", "max_pages", "max_image_pixels", "max_inflated_bytes", "max_ocr_page_workers"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive whole number, got {value!r}")
        if not self.max_zip_ratio > 0:
            raise ValueError(f"max_zip_ratio must be positive, got {self.max_zip_ratio}")
        if self.plan_year is not None and not 1990 <= self.plan_year <= 2100:
            raise ValueError(f"plan_year must be a year between 1990 and 2100, got {self.plan_year}")

    @classmethod
    def resolve(cls, value: "Settings | dict[str, Any] | None") -> "Settings":
        """Accept None (defaults), a dict of overrides, or a Settings instance."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            known = {f.name for f in fields(cls)}
            unknown = set(value) - known
            if unknown:
                raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
            return replace(cls(), **value)
        raise TypeError(f"settings must be None, a dict or Settings, not {type(value).__name__}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
