"""Text extraction from file contents, with the type sniffed from the bytes, not the name.

As in pdscan's file handling: the content decides what a file is, so a PDF renamed to `.txt`
is still read as a PDF. `EXTRACTORS` maps a sniffed MIME type to a function from bytes to
text; `extract_text` sniffs and extracts. Errors say why (corrupt, encrypted, unsupported)
and never quote the document.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

from connectors.base import ExtractedText, ExtractionError

__all__ = [
    "DOCX_MIME",
    "EXTRACTORS",
    "MAX_TEXT_CHARS",
    "OLE_MIME",
    "XLSX_MIME",
    "extract_text",
    "sniff_mime",
]

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OLE_MIME = "application/x-ole-storage"
ZIP_MIME = "application/zip"
OCTET_MIME = "application/octet-stream"

#: Extraction stops adding text beyond this many characters (spreadsheets can be huge).
MAX_TEXT_CHARS = 20_000_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_CSV_DELIMITERS = (";", ",", "\t", "|")
# C0 control characters that do not occur in text files (tab, LF, VT, FF, CR and the DOS
# end-of-file marker 0x1A do).
_BINARY_CONTROLS = frozenset(chr(c) for c in range(32)) - set("\t\n\x0b\x0c\r\x1a")


def _decode(data: bytes) -> str | None:
    """The text of `data` if it is UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "cp1252")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _BINARY_CONTROLS.isdisjoint(text):
            return text
        return None
    return None


def _csv_delimiter(text: str) -> str | None:
    """The delimiter if `text` looks like a table: the same count of it on most lines."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return None
    for delimiter in _CSV_DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        modal = max(set(counts), key=counts.count)
        if modal >= 1 and counts.count(modal) >= 0.8 * len(lines):
            return delimiter
    return None


def _zip_mime(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # A truncated container: the central directory is gone, the local headers are not.
        names = {n for n in ("word/document.xml", "xl/workbook.xml") if n.encode() in data}
    if "word/document.xml" in names:
        return DOCX_MIME
    if "xl/workbook.xml" in names:
        return XLSX_MIME
    if "ppt/presentation.xml" in names:
        return PPTX_MIME
    return ZIP_MIME


def sniff_mime(data: bytes) -> str:
    """The MIME type of `data`, from its content.

    PDF, Word (docx), Excel (xlsx), OLE2 containers (legacy .doc/.xls or password-protected
    Office files), CSV and plain text (UTF-8, UTF-16 with BOM, or cp1252); anything else is
    `application/octet-stream`.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF_MIME
    if data.startswith(_ZIP_MAGICS):
        return _zip_mime(data)
    if data.startswith(_OLE_MAGIC):
        return OLE_MIME
    text = _decode(data)
    if text is None:
        return OCTET_MIME
    return "text/csv" if _csv_delimiter(text) else "text/plain"


def _text(data: bytes) -> str:
    text = _decode(data)
    if text is None:
        raise ExtractionError("not a text file in a supported encoding")
    return text


def _csv(data: bytes) -> str:
    text = _text(data)
    delimiter = _csv_delimiter(text)
    if delimiter is None:
        return text
    try:
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        return "\n".join(" | ".join(cell.strip() for cell in row if cell.strip()) for row in rows)
    except csv.Error:
        return text


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts.extend(_docx_table(table))
        for section in document.sections:
            for part in (section.header, section.footer):
                if part.is_linked_to_previous:
                    continue
                parts.extend(p.text for p in part.paragraphs)
                for table in part.tables:
                    parts.extend(_docx_table(table))
    except Exception as exc:  # python-docx raises anything from KeyError to lxml errors
        raise ExtractionError(
            f"corrupt or truncated Word document ({type(exc).__name__})"
        ) from None
    return "\n".join(part for part in parts if part.strip())


def _docx_table(table: object) -> list[str]:
    lines: list[str] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        lines.append(" | ".join(cells))
        for cell in row.cells:
            for nested in cell.tables:
                lines.extend(_docx_table(nested))
    return lines


def _xlsx(data: bytes) -> str:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ExtractionError(
            f"corrupt or truncated Excel workbook ({type(exc).__name__})"
        ) from None
    lines: list[str] = []
    size = 0
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # chart sheets
            lines.append(str(sheet.title))
            for row in sheet.iter_rows(values_only=True):
                line = "\t".join(str(v) for v in row if v is not None and str(v).strip())
                if line:
                    lines.append(line)
                    size += len(line) + 1
                if size > MAX_TEXT_CHARS:
                    break
            if size > MAX_TEXT_CHARS:
                break
    except Exception as exc:
        raise ExtractionError(
            f"corrupt or truncated Excel workbook ({type(exc).__name__})"
        ) from None
    finally:
        workbook.close()
    return "\n".join(lines)


def _pdf(data: bytes) -> str:
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
        pages: list[str] = []
        size = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            pages.append(text)
            size += len(text)
            if size > MAX_TEXT_CHARS:
                break
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(f"corrupt PDF ({type(exc).__name__})") from None
    return "\n".join(pages)


#: Text extractors by sniffed MIME type.
EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "text/plain": _text,
    "text/csv": _csv,
    DOCX_MIME: _docx,
    XLSX_MIME: _xlsx,
    PDF_MIME: _pdf,
}

_UNSUPPORTED_REASONS = {
    OLE_MIME: "encrypted or legacy Office file (OLE2 container: .doc/.xls or password-protected)",
    ZIP_MIME: "unsupported file type (ZIP archive without a Word or Excel part)",
    PPTX_MIME: "unsupported file type (PowerPoint)",
}


def extract_text(data: bytes) -> ExtractedText:
    """Sniff the type of `data` and extract its text.

    Raises:
        ExtractionError: the type is unsupported, or the file is corrupt or encrypted. The
            message gives the reason, never the content.
    """
    mime = sniff_mime(data)
    extractor = EXTRACTORS.get(mime)
    if mime == ZIP_MIME and not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExtractionError("corrupt or truncated ZIP/Office file")
    if extractor is None:
        reason = _UNSUPPORTED_REASONS.get(mime, f"unsupported file type ({mime})")
        raise ExtractionError(reason)
    text = extractor(data)
    return ExtractedText(mime=mime, text=text[:MAX_TEXT_CHARS])
