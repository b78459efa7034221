"""PDF through pypdf; pages that are only a scan are OCR'd (see `connectors.ocr`)."""

from __future__ import annotations

import io
import logging
import warnings
from datetime import datetime
from typing import Any

from connectors.base import ExtractedPart, ExtractionError
from connectors.extractors.common import (
    PDF_MIME,
    Extracted,
    ExtractionContext,
    TextBuilder,
    error_reason,
    plausible_date,
)
from connectors.ocr import ocr_pdf_pages

# pypdf's warnings about malformed files quote the file ("invalid pdf header: b'...'", object
# reprs, stream bytes): they must not reach a log line. The error we raise says what matters.
logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)

_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 4096  # writers may append a little after the marker; pypdf looks as far
_TRUNCATED_PART = "(end of file)"
_TRUNCATED_REASON = "truncated PDF (no %%EOF marker): what could be read is scanned, the rest not"
_MIN_TEXT_CHARS = 20  # a page with less than this beside an image is treated as a scan
_POINTS_PER_INCH = 72


def extract_pdf(data: bytes, ctx: ExtractionContext) -> Extracted:
    with warnings.catch_warnings():  # pypdf's warnings may quote the file, as its log does
        warnings.simplefilter("ignore")
        return _extract_pdf(data, ctx)


def _extract_pdf(data: bytes, ctx: ExtractionContext) -> Extracted:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs only restrict printing/editing and open with an empty password.
            try:
                opened = bool(reader.decrypt(""))
            except Exception:
                opened = False
            if not opened:
                raise ExtractionError("encrypted PDF (password required)")
        texts: list[str] = []
        scanned: list[int] = []
        size = 0
        for number, page in enumerate(reader.pages):
            text = page.extract_text() or ""
            texts.append(text)
            if len(text.strip()) < _MIN_TEXT_CHARS and _has_images(page):
                scanned.append(number)
            size += len(text)
            if size > ctx.limits.max_text_chars:
                break
        created = _created(reader)
    except ExtractionError:
        raise
    except Exception as exc:
        raise error_reason("corrupt PDF", exc) from None
    if scanned:
        _ocr_into(data, reader, scanned, texts, ctx)
    builder = TextBuilder()
    for text in texts:
        builder.add(text)
    parts: tuple[ExtractedPart, ...] = ()
    if _EOF_MARKER not in data[-_EOF_WINDOW:]:
        # pypdf reads what it can of an interrupted copy: scanned, and reported as partial.
        end = len(builder.text)
        parts = (ExtractedPart(_TRUNCATED_PART, PDF_MIME, end, end, _TRUNCATED_REASON),)
    return Extracted(
        builder.text,
        created=created,
        created_source="PDF metadata" if created else None,
        parts=parts,
    )


def _ocr_into(
    data: bytes, reader: object, scanned: list[int], texts: list[str], ctx: ExtractionContext
) -> None:
    """OCR the scanned pages into `texts`. Without OCR the PDF is not scanned: a scan in it
    may hold the very data the rest does not."""
    if not ctx.limits.ocr:
        raise ExtractionError(f"OCR niet beschikbaar: disabled, {len(scanned)} scanned page(s)")
    limit = ctx.limits.max_image_pixels
    for number in scanned:
        box = reader.pages[number].mediabox  # type: ignore[attr-defined]
        dots = 300 / _POINTS_PER_INCH
        if float(box.width) * dots * float(box.height) * dots > limit:
            raise ExtractionError("PDF page too large to OCR")
    ocr = ocr_pdf_pages(data, scanned, max_pixels=limit, timeout=ctx.limits.ocr_timeout_seconds)
    for number, text in ocr.items():
        texts[number] = (texts[number] + "\n" + text).strip()


def _has_images(page: object) -> bool:
    """Whether the page draws an image, directly or in a form XObject; without decoding it."""
    try:
        resources = page.get("/Resources")  # type: ignore[attr-defined]
        return _resources_have_images(resources, depth=0)
    except Exception:
        return False


def _resources_have_images(resources: Any, depth: int) -> bool:
    if resources is None or depth > 5:
        return False
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return False
    for ref in xobjects.get_object().values():
        xobject = ref.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _resources_have_images(xobject.get("/Resources"), depth + 1):
            return True
    return False


def _created(reader: object) -> datetime | None:
    try:
        metadata = reader.metadata  # type: ignore[attr-defined]
        created = metadata.creation_date if metadata is not None else None
    except Exception:  # malformed date strings are common; the text still counts
        return None
    return plausible_date(created)
