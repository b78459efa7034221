"""Text extraction: sniff what a file is from its bytes, then extract its text through the
registry `EXTRACTORS`, keyed by the sniffed MIME type.

Containers (ZIP archives, e-mails with attachments) send their members back through the same
registry, one level deeper, within the limits of `ExtractionLimits`. Errors say why (corrupt,
encrypted, unsupported, OCR not available) and never quote the document.
"""

from __future__ import annotations

from connectors.base import ExtractedPart, ExtractedText, ExtractionError
from connectors.extractors.archive import extract_zip
from connectors.extractors.common import (
    BMP_MIME,
    CSV_MIME,
    DOC_MIME,
    DOCX_MIME,
    EML_MIME,
    GIF_MIME,
    HTML_MIME,
    JPEG_MIME,
    JSON_MIME,
    MAX_TEXT_CHARS,
    MSG_MIME,
    ODS_MIME,
    ODT_MIME,
    OLE_MIME,
    OOXML_ENCRYPTED_MIME,
    PDF_MIME,
    PNG_MIME,
    PPT_MIME,
    PPTX_MIME,
    RTF_MIME,
    TEXT_MIME,
    TIFF_MIME,
    XLS_MIME,
    XLSX_MIME,
    XML_MIME,
    ZIP_MIME,
    Extracted,
    ExtractionContext,
    ExtractionLimits,
    Extractor,
)
from connectors.extractors.image import extract_image
from connectors.extractors.mail import extract_eml, extract_msg
from connectors.extractors.office import (
    extract_docx,
    extract_odf,
    extract_pptx,
    extract_xls,
    extract_xlsx,
)
from connectors.extractors.pdf import extract_pdf
from connectors.extractors.sniff import sniff_mime
from connectors.extractors.text import (
    extract_csv,
    extract_html,
    extract_json,
    extract_plain,
    extract_rtf,
    extract_xml,
)

__all__ = [
    "DOCX_MIME",
    "EXTRACTORS",
    "MAX_TEXT_CHARS",
    "OLE_MIME",
    "XLSX_MIME",
    "Extracted",
    "ExtractionContext",
    "ExtractionLimits",
    "Extractor",
    "extract_text",
    "sniff_mime",
]

#: Text extractors by sniffed MIME type.
EXTRACTORS: dict[str, Extractor] = {
    TEXT_MIME: extract_plain,
    CSV_MIME: extract_csv,
    JSON_MIME: extract_json,
    XML_MIME: extract_xml,
    HTML_MIME: extract_html,
    RTF_MIME: extract_rtf,
    DOCX_MIME: extract_docx,
    XLSX_MIME: extract_xlsx,
    PPTX_MIME: extract_pptx,
    XLS_MIME: extract_xls,
    ODT_MIME: extract_odf,
    ODS_MIME: extract_odf,
    PDF_MIME: extract_pdf,
    EML_MIME: extract_eml,
    MSG_MIME: extract_msg,
    ZIP_MIME: extract_zip,
    PNG_MIME: extract_image,
    JPEG_MIME: extract_image,
    TIFF_MIME: extract_image,
    GIF_MIME: extract_image,
    BMP_MIME: extract_image,
}

_UNSUPPORTED_REASONS = {
    OLE_MIME: "corrupt, encrypted or legacy Office file (unreadable OLE2 container)",
    OOXML_ENCRYPTED_MIME: "encrypted Office document (password required)",
    DOC_MIME: "unsupported file type (legacy Word 97-2003 .doc)",
    PPT_MIME: "unsupported file type (legacy PowerPoint 97-2003 .ppt)",
}


def _extract(data: bytes, ctx: ExtractionContext) -> tuple[str, Extracted]:
    mime = sniff_mime(data)
    extractor = EXTRACTORS.get(mime)
    if extractor is None:
        reason = _UNSUPPORTED_REASONS.get(mime, f"unsupported file type ({mime})")
        raise ExtractionError(reason)
    return mime, extractor(data, ctx)


def extract_text(
    data: bytes, *, name: str | None = None, limits: ExtractionLimits | None = None
) -> ExtractedText:
    """Sniff the type of `data` and extract its text, creation date and container parts.

    `name` is accepted for callers that know the file name; the type is decided by the content
    alone, and the name appears in no message.

    Raises:
        ExtractionError: the type is unsupported, the file is corrupt or encrypted, a
            container breaks a limit (zip bomb), or OCR is needed and not available. The
            message gives the reason, never the content.
    """
    del name  # the content decides; see the docstring
    limits = limits or ExtractionLimits()
    ctx = ExtractionContext(limits=limits, member_extractor=_extract)
    mime, extracted = _extract(data, ctx)
    text, parts = extracted.text, extracted.parts
    if len(text) > limits.max_text_chars:  # the rest is not scanned: a part says so
        text = text[: limits.max_text_chars]
        cut = len(text)
        parts = (*parts, ExtractedPart(_CUT_PART, mime, cut, cut, _cut_reason(limits)))
    return ExtractedText(
        mime=mime,
        text=text,
        created=extracted.created,
        created_source=extracted.created_source,
        parts=parts,
    )


_CUT_PART = "(rest of the text)"


def _cut_reason(limits: ExtractionLimits) -> str:
    return (
        f"text cut off after {limits.max_text_chars} characters (max_text_chars); "
        "the rest is not scanned"
    )
