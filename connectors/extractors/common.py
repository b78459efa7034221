"""What every extractor shares: limits, the per-file context, the result type, small helpers.

An extractor is a function `(data, ctx) -> Extracted`. Containers (archives, e-mails) hand
their members back to `ctx.extract_member`, which sniffs and extracts them through the same
registry, one level deeper and within the same budget.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.base import ExtractedPart, ExtractionError

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT_MIME = "application/vnd.oasis.opendocument.text"
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
XLS_MIME = "application/vnd.ms-excel"
DOC_MIME = "application/msword"
PPT_MIME = "application/vnd.ms-powerpoint"
MSG_MIME = "application/vnd.ms-outlook"
OOXML_ENCRYPTED_MIME = "application/x-ooxml-encrypted"
OLE_MIME = "application/x-ole-storage"
ZIP_MIME = "application/zip"
RTF_MIME = "application/rtf"
EML_MIME = "message/rfc822"
HTML_MIME = "text/html"
XML_MIME = "application/xml"
JSON_MIME = "application/json"
CSV_MIME = "text/csv"
TEXT_MIME = "text/plain"
PNG_MIME = "image/png"
JPEG_MIME = "image/jpeg"
TIFF_MIME = "image/tiff"
GIF_MIME = "image/gif"
BMP_MIME = "image/bmp"
OCTET_MIME = "application/octet-stream"

#: Extraction stops adding text beyond this many characters (spreadsheets can be huge).
MAX_TEXT_CHARS = 20_000_000

_MIB = 1024 * 1024


@dataclass(frozen=True)
class ExtractionLimits:
    """Bounds that keep one hostile or huge file from exhausting the scanner.

    The archive limits hold for the whole file, nested archives included: a member nested
    deeper than `max_depth`, a member that inflates more than `max_ratio` times (once it is
    larger than `ratio_grace_bytes`), more than `max_members` members or more than
    `max_total_bytes` unpacked make the file unscannable, and nothing more is unpacked.
    """

    max_depth: int = 3
    max_ratio: float = 100.0
    ratio_grace_bytes: int = _MIB
    max_members: int = 10_000
    max_total_bytes: int = 512 * _MIB
    max_text_chars: int = MAX_TEXT_CHARS
    max_image_pixels: int = 60_000_000  # about an A3 page at 600 dpi
    ocr: bool = True  # False: images and image-only PDF pages are reported, not OCR'd
    ocr_timeout_seconds: float = 180.0


@dataclass(frozen=True)
class Extracted:
    """What an extractor returns; the registry adds the sniffed MIME type."""

    text: str
    created: datetime | None = None
    created_source: str | None = None
    parts: tuple[ExtractedPart, ...] = ()


class MemberExtractor(Protocol):
    def __call__(self, data: bytes, ctx: ExtractionContext, /) -> tuple[str, Extracted]: ...


@dataclass
class ExtractionContext:
    """State shared by one top-level file and everything nested in it."""

    limits: ExtractionLimits = field(default_factory=ExtractionLimits)
    depth: int = 0
    unpacked_bytes: int = 0  # shared budget, across nesting levels
    members: int = 0
    # Set by the registry: sniff and extract a member (returns its MIME type and text).
    member_extractor: MemberExtractor | None = None

    def extract_member(self, data: bytes) -> tuple[str, Extracted]:
        """Sniff and extract a member one nesting level deeper.

        Raises:
            ExtractionError: the member is unsupported, corrupt or encrypted (a part error),
                or nested too deep (an error for the whole file, see `ArchiveLimitError`).
        """
        if self.member_extractor is None:
            raise ExtractionError("no extractor registry")  # a programming error
        if self.depth + 1 > self.limits.max_depth:
            raise ArchiveLimitError(f"nested deeper than {self.limits.max_depth} levels")
        self.depth += 1
        try:
            return self.member_extractor(data, self)
        finally:
            self.depth -= 1

    def count_member(self, unpacked: int) -> None:
        """Charge one member of `unpacked` bytes to the budget; refuse once it is spent."""
        self.members += 1
        self.unpacked_bytes += unpacked
        if self.members > self.limits.max_members:
            raise ArchiveLimitError(f"more than {self.limits.max_members} members")
        if self.unpacked_bytes > self.limits.max_total_bytes:
            raise ArchiveLimitError(
                f"more than {self.limits.max_total_bytes // _MIB} MiB when unpacked"
            )


class ArchiveLimitError(ExtractionError):
    """A container broke a limit (zip bomb, nesting): the whole file is unscannable."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"archive refused, possible zip bomb: {reason}")


Extractor = Callable[[bytes, ExtractionContext], Extracted]


# -- assembling text from parts ------------------------------------------------------------------


class TextBuilder:
    """Joins pieces of text and records, per named part, which span of the text it fills."""

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._length = 0
        self.parts: list[ExtractedPart] = []

    def add(self, text: str) -> tuple[int, int]:
        if not text.strip():
            return (self._length, self._length)
        if self._pieces:
            self._pieces.append("\n\n")
            self._length += 2
        start = self._length
        self._pieces.append(text)
        self._length += len(text)
        return (start, self._length)

    def add_part(self, name: str, mime: str, extracted: Extracted) -> None:
        start, end = self.add(extracted.text)
        self.parts.append(ExtractedPart(name, mime, start, end))
        for inner in extracted.parts:  # nested members keep their spans, shifted
            self.parts.append(
                ExtractedPart(
                    f"{name}/{inner.name}",
                    inner.mime,
                    start + inner.start,
                    start + inner.end,
                    inner.error,
                )
            )

    def add_failed_part(self, name: str, mime: str, reason: str) -> None:
        self.parts.append(ExtractedPart(name, mime, self._length, self._length, reason))

    @property
    def text(self) -> str:
        return "".join(self._pieces)


# -- helpers -------------------------------------------------------------------------------------


def error_reason(kind: str, exc: BaseException) -> ExtractionError:
    """An ExtractionError naming what failed and the exception's type, never its message
    (library messages may quote the document)."""
    return ExtractionError(f"{kind} ({type(exc).__name__})")


def xml_text_events(
    data: bytes,
    on_start: Callable[[str, dict[str, str]], None],
    on_end: Callable[[str], None],
    on_text: Callable[[str], None],
) -> None:
    """Parse XML with expat, refusing DTD entity declarations (billion laughs, external
    entities), as defusedxml does. Element names arrive as `{namespace}local`."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")

    def forbid(*_args: object) -> None:
        raise ExtractionError("XML with entity declarations refused")

    parser.EntityDeclHandler = forbid
    parser.UnparsedEntityDeclHandler = forbid
    parser.ExternalEntityRefHandler = forbid  # type: ignore[assignment]
    parser.StartElementHandler = lambda name, attrs: on_start(_clark(name), attrs)
    parser.EndElementHandler = lambda name: on_end(_clark(name))
    parser.CharacterDataHandler = on_text
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ExtractionError(f"corrupt XML ({xml.parsers.expat.ErrorString(exc.code)})") from None


def _clark(name: str) -> str:
    return "{" + name if "}" in name else name


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def amsterdam() -> tzinfo:
    """The zone of dates a document stores without one (RTF, EXIF, xls): Dutch local time."""
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:
        return UTC


def plausible_date(value: datetime | None, *, naive_zone: tzinfo = UTC) -> datetime | None:
    """`value` in UTC, or None when it cannot be a document's date (zeroed FILETIMEs are 1601,
    unset Office dates 1899/1900, broken clocks far in the future)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=naive_zone)
    value = value.astimezone(UTC)
    if value.year < 1980 or value > datetime.now(UTC) + timedelta(days=1):
        return None
    return value


_W3CDTF = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_w3c_date(text: str, *, naive_zone: tzinfo = UTC) -> datetime | None:
    """An ISO-8601/W3CDTF date as Office and ODF store it (`2015-03-12T10:05:00Z`)."""
    match = _W3CDTF.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        value = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    if zone:
        offset = timedelta(0)
        if zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        value = value.replace(tzinfo=UTC) - offset
    return plausible_date(value, naive_zone=naive_zone)


def join_lines(lines: Sequence[str]) -> str:
    return "\n".join(line for line in lines if line.strip())
