"""E-mail: RFC 822 messages (.eml, standard library) and Outlook items (.msg, read from the
MAPI property streams with olefile, BSD: extract-msg is GPL-3.0). Attachments go back through
the registry, one level deeper; each is a part of the result."""

from __future__ import annotations

import email
import email.policy
import io
import struct
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime

import olefile  # type: ignore[import-untyped]

from connectors.base import ExtractionError
from connectors.extractors.common import (
    ArchiveLimitError,
    Extracted,
    ExtractionContext,
    TextBuilder,
    error_reason,
    plausible_date,
)
from connectors.extractors.text import html_to_text

_HEADERS = (("From", "Van"), ("To", "Aan"), ("Cc", "Cc"), ("Subject", "Onderwerp"))


# -- .eml ----------------------------------------------------------------------------------------


def extract_eml(data: bytes, ctx: ExtractionContext) -> Extracted:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:
        raise error_reason("corrupt e-mail", exc) from None
    builder = TextBuilder()
    _eml_message(message, builder, ctx, counter=[0])
    created = _eml_date(message)
    return Extracted(
        builder.text,
        created=created,
        created_source="e-mail Date header" if created else None,
        parts=tuple(builder.parts),
    )


def _eml_message(
    message: Message, builder: TextBuilder, ctx: ExtractionContext, counter: list[int]
) -> None:
    builder.add("\n".join(_header_lines(message)))
    _eml_body(message, builder, ctx, counter)


def _header_lines(message: Message) -> list[str]:
    lines: list[str] = []
    for header, label in _HEADERS:
        try:
            value = message.get(header)
        except Exception:  # a malformed header must not cost the rest of the message
            continue
        if value:
            lines.append(f"{label}: {value}")
    return lines


def _eml_body(
    part: Message, builder: TextBuilder, ctx: ExtractionContext, counter: list[int]
) -> None:
    if part.is_multipart():
        children = list(part.iter_parts()) if isinstance(part, EmailMessage) else []
        if part.get_content_subtype() == "alternative":  # the same text twice: keep the plain
            plain = [c for c in children if c.get_content_type() == "text/plain"]
            children = plain[:1] or children[-1:]
        for child in children:
            _eml_body(child, builder, ctx, counter)
        return
    content_type = part.get_content_type()
    is_attachment = part.get_content_disposition() == "attachment" or part.get_filename()
    if content_type == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            _eml_message(inner[0], builder, ctx, counter)
        return
    if content_type in ("text/plain", "text/html") and not is_attachment:
        text = _part_text(part)
        builder.add(html_to_text(text) if content_type == "text/html" else text)
        return
    counter[0] += 1
    name = part.get_filename() or f"bijlage-{counter[0]}"
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        builder.add_failed_part(name, content_type, "corrupt e-mail attachment")
        return
    _attachment(name, payload, builder, ctx)


def _part_text(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, UnicodeError, ValueError):  # an unknown or lying charset
        payload = part.get_payload(decode=True)
        content = payload.decode("cp1252", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _attachment(name: str, payload: bytes, builder: TextBuilder, ctx: ExtractionContext) -> None:
    try:
        ctx.count_member(len(payload))
        mime, extracted = ctx.extract_member(payload)
    except ArchiveLimitError:
        raise
    except ExtractionError as exc:
        builder.add_failed_part(name, "", str(exc))
        return
    builder.add_part(name, mime, extracted)


def _eml_date(message: Message) -> datetime | None:
    try:
        value = message.get("Date")
        parsed = parsedate_to_datetime(str(value)) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return plausible_date(parsed)


# -- .msg ----------------------------------------------------------------------------------------

_PT_UNICODE = "001F"
_PT_STRING8 = "001E"
_PT_BINARY = "0102"
_PT_SYSTIME = 0x0040
# Property ids of the message: subject, sender name and address, display to/cc, body, HTML body
_MSG_SUBJECT = "0037"
_MSG_FIELDS = (("0C1A", "Van"), ("0C1F", "Van"), ("0E04", "Aan"), ("0E03", "Cc"))
_MSG_BODY = "1000"
_MSG_HTML = "1013"
_RECIP_FIELDS = ("3001", "39FE", "3003")  # display name, SMTP address, address
_ATTACH_DATA = "3701"
_ATTACH_NAMES = ("3707", "3704", "3001")  # long file name, short file name, display name
_SUBMIT_TIME = 0x0039  # PR_CLIENT_SUBMIT_TIME: when the sender sent it
_DELIVERY_TIME = 0x0E06  # PR_MESSAGE_DELIVERY_TIME
_CREATION_TIME = 0x3007
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


class _MsgReader:
    """Streams of one message inside an Outlook .msg, an embedded message being the same layout
    under an attachment's `__substg1.0_3701000D` storage."""

    def __init__(self, ole: olefile.OleFileIO, prefix: str = "") -> None:
        self.ole = ole
        self.prefix = prefix

    def stream(self, name: str, max_bytes: int) -> bytes | None:
        path = self.prefix + name
        if not self.ole.exists(path) or self.ole.get_type(path) != olefile.STGTY_STREAM:
            return None
        if self.ole.get_size(path) > max_bytes:
            raise ExtractionError("Outlook item with an oversized property")
        return bytes(self.ole.openstream(path).read())

    def string(self, prop: str, max_bytes: int = 16 * 1024 * 1024) -> str:
        raw = self.stream(f"__substg1.0_{prop}{_PT_UNICODE}", max_bytes)
        if raw is not None:
            return raw.decode("utf-16-le", "replace").rstrip("\x00")
        raw = self.stream(f"__substg1.0_{prop}{_PT_STRING8}", max_bytes)
        return raw.decode("cp1252", "replace").rstrip("\x00") if raw is not None else ""

    def storages(self, kind: str) -> list[str]:
        """Names of the direct child storages `__recip_version1.0_#…` / `__attach_…`."""
        depth = self.prefix.count("/")
        found = {
            entry[depth]
            for entry in self.ole.listdir(streams=True, storages=True)
            if len(entry) > depth + 1
            and "/".join(entry[:depth]) + ("/" if depth else "") == self.prefix
            and entry[depth].startswith(kind)
        }
        return sorted(found)

    def times(self, header_size: int) -> dict[int, datetime]:
        """The PT_SYSTIME properties of the fixed-size property stream, by property id."""
        raw = self.stream("__properties_version1.0", 1024 * 1024) or b""
        found: dict[int, datetime] = {}
        for offset in range(header_size, len(raw) - 15, 16):
            tag, _flags, value = struct.unpack_from("<IIQ", raw, offset)
            if tag & 0xFFFF == _PT_SYSTIME and value:
                try:
                    found[tag >> 16] = _FILETIME_EPOCH + timedelta(microseconds=value // 10)
                except OverflowError:
                    continue
        return found


def extract_msg(data: bytes, ctx: ExtractionContext) -> Extracted:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:
        raise error_reason("corrupt Outlook item", exc) from None
    builder = TextBuilder()
    try:
        with ole:
            reader = _MsgReader(ole)
            _msg_message(reader, builder, ctx)
            times = reader.times(header_size=32)
    except ExtractionError:
        raise
    except Exception as exc:
        raise error_reason("corrupt Outlook item", exc) from None
    created, source = None, None
    for prop, label in (
        (_SUBMIT_TIME, "Outlook sent time"),
        (_DELIVERY_TIME, "Outlook delivery time"),
        (_CREATION_TIME, "Outlook creation time"),
    ):
        created = plausible_date(times.get(prop))
        if created:
            source = label
            break
    return Extracted(
        builder.text, created=created, created_source=source, parts=tuple(builder.parts)
    )


def _msg_message(reader: _MsgReader, builder: TextBuilder, ctx: ExtractionContext) -> None:
    lines = [f"Onderwerp: {reader.string(_MSG_SUBJECT)}"]
    lines.extend(f"{label}: {v}" for prop, label in _MSG_FIELDS if (v := reader.string(prop)))
    for recipient in reader.storages("__recip_version1.0_"):
        inner = _MsgReader(reader.ole, f"{reader.prefix}{recipient}/")
        values = [v for prop in _RECIP_FIELDS if (v := inner.string(prop))]
        if values:
            lines.append("Ontvanger: " + " ".join(dict.fromkeys(values)))
    builder.add("\n".join(line for line in lines if not line.endswith(": ")))
    body = reader.string(_MSG_BODY)
    if not body.strip():
        html = reader.stream(f"__substg1.0_{_MSG_HTML}{_PT_BINARY}", 64 * 1024 * 1024)
        body = html_to_text(html.decode("utf-8", "replace")) if html else ""
    builder.add(body)
    for number, attachment in enumerate(reader.storages("__attach_version1.0_"), start=1):
        _msg_attachment(
            _MsgReader(reader.ole, f"{reader.prefix}{attachment}/"), number, builder, ctx
        )


def _msg_attachment(
    reader: _MsgReader, number: int, builder: TextBuilder, ctx: ExtractionContext
) -> None:
    name = next((n for prop in _ATTACH_NAMES if (n := reader.string(prop))), f"bijlage-{number}")
    embedded = f"{reader.prefix}__substg1.0_{_ATTACH_DATA}000D"
    if reader.ole.exists(embedded):  # an attached Outlook item
        if ctx.depth + 1 > ctx.limits.max_depth:
            raise ArchiveLimitError(f"nested deeper than {ctx.limits.max_depth} levels")
        inner = TextBuilder()
        ctx.depth += 1
        try:
            _msg_message(_MsgReader(reader.ole, embedded + "/"), inner, ctx)
        finally:
            ctx.depth -= 1
        builder.add_part(
            name, "application/vnd.ms-outlook", Extracted(inner.text, parts=tuple(inner.parts))
        )
        return
    payload = reader.stream(f"__substg1.0_{_ATTACH_DATA}{_PT_BINARY}", ctx.limits.max_total_bytes)
    if payload is None:
        builder.add_failed_part(name, "", "attachment without data (a link or OLE object)")
        return
    _attachment(name, payload, builder, ctx)
