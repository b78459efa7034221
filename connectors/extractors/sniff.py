"""What a file is, from its bytes: magic numbers, ZIP entries, OLE2 directory entries, text shape.

As in pdscan: the content decides, so a PDF renamed to `.txt` is still read as a PDF.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile
import zlib

import olefile  # type: ignore[import-untyped]

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
    MSG_MIME,
    OCTET_MIME,
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
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_IMAGE_MAGICS = (
    (b"\x89PNG\r\n\x1a\n", PNG_MIME),
    (b"\xff\xd8\xff", JPEG_MIME),
    (b"II*\x00", TIFF_MIME),
    (b"MM\x00*", TIFF_MIME),
    (b"GIF87a", GIF_MIME),
    (b"GIF89a", GIF_MIME),
    (b"BM", BMP_MIME),
)
_CSV_DELIMITERS = (";", ",", "\t", "|")
_CSV_HEAD_CHARS = 1024 * 1024
# C0 control characters that do not occur in text files (tab, LF, VT, FF, CR and the DOS
# end-of-file marker 0x1A do).
_BINARY_CONTROLS = frozenset(chr(c) for c in range(32)) - set("\t\n\x0b\x0c\r\x1a")
_OOXML_MAIN_PARTS = (
    ("word/document.xml", DOCX_MIME),
    ("xl/workbook.xml", XLSX_MIME),
    ("ppt/presentation.xml", PPTX_MIME),
)
_ODF_MIMES = frozenset({ODT_MIME, ODS_MIME})
_MAIL_HEADERS = frozenset(
    {"from", "to", "cc", "subject", "date", "received", "return-path", "message-id",
     "mime-version", "reply-to", "x-mailer", "delivered-to", "content-type"}
)  # fmt: skip
_HEADER_LINE = re.compile(r"^([!-9;-~]+):")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)  # fmt: skip


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as cp1252 (U+FFFD where cp1252
    has no character), so a file mixing both encodings keeps every character it can."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", "replace"), error.end


codecs.register_error("avgscan-cp1252-fallback", _cp1252_fallback)

# Share of undecodable bytes above which the data is binary, not text with a few stray bytes.
_MAX_UNDECODABLE = 0.05


def decode(data: bytes) -> str | None:
    """The text of `data` if it is UTF-8 (with or without BOM), UTF-16 with BOM, cp1252, or a
    mix of UTF-8 and cp1252 (lines pasted from different sources); None for binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("utf-8-sig", "avgscan-cp1252-fallback")
            if text.count("\ufffd") > _MAX_UNDECODABLE * len(text):
                return None
    if _BINARY_CONTROLS.isdisjoint(text):
        return text
    return None


def csv_delimiter(text: str) -> str | None:
    """The delimiter if `text` looks like a table: the same count of it on most lines."""
    # Only the head: splitting a 100 MB one-line file would copy all of it.
    lines = [line for line in text[:_CSV_HEAD_CHARS].splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return None
    for delimiter in _CSV_DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        modal = max(set(counts), key=counts.count)
        if modal >= 1 and counts.count(modal) >= 0.8 * len(lines):
            return delimiter
    return None


def zip_mime(data: bytes) -> str:
    """OOXML by its main part, ODF by its `mimetype` entry, else a plain ZIP archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            odf = _odf_mimetype(archive) if "mimetype" in names else None
    except (
        zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, KeyError,
        NotImplementedError, RuntimeError,
    ):  # fmt: skip
        # A truncated or damaged container: the central directory is gone, the local headers
        # are not.
        names = {n for n, _ in _OOXML_MAIN_PARTS if n.encode() in data}
        odf = None
    for part, mime in _OOXML_MAIN_PARTS:
        if part in names:
            return mime
    return odf or ZIP_MIME


def _odf_mimetype(archive: zipfile.ZipFile) -> str | None:
    info = archive.getinfo("mimetype")
    if info.file_size > 200:
        return None
    declared = archive.read(info).decode("ascii", "replace").strip()
    return declared if declared in _ODF_MIMES else None


def ole_mime(data: bytes) -> str:
    """Excel 97-2003, Outlook .msg, password-protected OOXML or legacy Word/PowerPoint, by the
    streams in the OLE2 (Compound File) directory."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(path) for path in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile raises OSError, struct.error, IndexError... on garbage
        return OLE_MIME
    top = {name.split("/", 1)[0] for name in streams}
    if "EncryptedPackage" in top:
        return OOXML_ENCRYPTED_MIME
    if "Workbook" in top or "Book" in top:
        return XLS_MIME
    if any(name.startswith("__substg1.0_") for name in top):
        return MSG_MIME
    if "WordDocument" in top:
        return DOC_MIME
    if "PowerPoint Document" in top:
        return PPT_MIME
    return OLE_MIME


def text_mime(text: str) -> str:
    """RTF, e-mail, JSON, HTML, XML, CSV/TSV or plain text, by the shape of the text."""
    stripped = text.lstrip()
    if stripped.startswith("{\\rtf"):
        return RTF_MIME
    if _looks_like_mail(text):
        return EML_MIME
    if stripped[:1] in ("{", "[") and _is_json(stripped):
        return JSON_MIME
    head = stripped[:2048].encode("utf-8", "replace")
    if _HTML_START.match(head) or (head.startswith(b"<?xml") and b"<html" in head.lower()):
        return HTML_MIME
    if stripped.startswith("<?xml") or (stripped.startswith("<") and stripped.rstrip()[-1:] == ">"
                                        and _looks_like_xml(stripped)):  # fmt: skip
        return XML_MIME
    return CSV_MIME if csv_delimiter(text) else TEXT_MIME


def _looks_like_mail(text: str) -> bool:
    """RFC 5322 headers first: header lines until a blank line, among them From/Date/Subject
    or Received, and at least three known header names."""
    known = 0
    has_key = False
    for line in text[:16_384].splitlines():
        if not line.strip():
            break
        if line[:1] in (" ", "\t"):
            continue  # a folded header
        match = _HEADER_LINE.match(line)
        if not match:
            return False
        name = match.group(1).lower()
        known += name in _MAIL_HEADERS
        has_key = has_key or name in ("from", "received", "message-id")
    else:
        return False  # no blank line ends the headers
    return has_key and known >= 3


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _looks_like_xml(text: str) -> bool:
    return re.match(r"<[A-Za-z_][\w.:-]*[\s/>]", text) is not None


def sniff_mime(data: bytes) -> str:
    """The MIME type of `data`, from its content.

    Documents (PDF, OOXML, ODF, RTF, legacy Excel, Outlook .msg, e-mail), archives (ZIP),
    images (PNG, JPEG, TIFF, GIF, BMP) and text (plain, CSV/TSV, JSON, XML, HTML in UTF-8,
    UTF-16 with BOM or cp1252); anything else is `application/octet-stream`.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF_MIME
    if data.startswith(ZIP_MAGICS):
        return zip_mime(data)
    if data.startswith(OLE_MAGIC):
        return ole_mime(data)
    for magic, mime in _IMAGE_MAGICS:
        if data.startswith(magic) and (mime != BMP_MIME or _is_bmp(data)):
            return mime
    text = decode(data)
    if text is None:
        return OCTET_MIME
    return text_mime(text)


def _is_bmp(data: bytes) -> bool:
    """`BM` also starts plain text ("BMW..."): require the header's own file size and a known
    DIB header size."""
    if len(data) < 26:
        return False
    declared = int.from_bytes(data[2:6], "little")
    dib = int.from_bytes(data[14:18], "little")
    return declared == len(data) and dib in (12, 40, 52, 56, 64, 108, 124)
