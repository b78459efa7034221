"""Images (scans and photographs of documents): OCR'd, with the EXIF date the camera wrote."""

from __future__ import annotations

import io
from datetime import datetime

from connectors.base import ExtractionError
from connectors.extractors.common import Extracted, ExtractionContext, amsterdam, plausible_date
from connectors.ocr import ocr_image

_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 0x9003
_DATE_TIME = 0x0132


def extract_image(data: bytes, ctx: ExtractionContext) -> Extracted:
    if not ctx.limits.ocr:
        raise ExtractionError("OCR niet beschikbaar: disabled")
    text = ocr_image(
        data, max_pixels=ctx.limits.max_image_pixels, timeout=ctx.limits.ocr_timeout_seconds
    )
    created = _exif_date(data)
    return Extracted(text, created=created, created_source="EXIF date" if created else None)


def _exif_date(data: bytes) -> datetime | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            value = exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL) or exif.get(_DATE_TIME)
    except Exception:  # no or broken EXIF: the text still counts
        return None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.strptime(value.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return plausible_date(moment, naive_zone=amsterdam())
