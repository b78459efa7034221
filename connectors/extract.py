"""Text extraction, as imported before the extractors got their own package.

`connectors.extractors` holds the registry and one module per family of formats; this module
keeps `connectors.extract.extract_text`, `sniff_mime`, `EXTRACTORS` and the MIME constants
importable where they always were.
"""

from __future__ import annotations

from connectors.extractors import (
    DOCX_MIME,
    EXTRACTORS,
    MAX_TEXT_CHARS,
    OLE_MIME,
    XLSX_MIME,
    ExtractionLimits,
    extract_text,
    sniff_mime,
)

__all__ = [
    "DOCX_MIME",
    "EXTRACTORS",
    "MAX_TEXT_CHARS",
    "OLE_MIME",
    "XLSX_MIME",
    "ExtractionLimits",
    "extract_text",
    "sniff_mime",
]
