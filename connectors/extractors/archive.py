"""ZIP archives, nested, within the limits of `ExtractionLimits`, and the same checks for the ZIP
containers that Office and ODF documents are.

Sizes are checked from the central directory before anything is unpacked; Python's zipfile
never returns more than the declared size of a member, so a forged directory cannot unpack
more than the check allowed.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from connectors.base import ExtractionError
from connectors.extractors.common import (
    ArchiveLimitError,
    Extracted,
    ExtractionContext,
    TextBuilder,
)

_ENCRYPTED_FLAG = 0x1


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ExtractionError("corrupt or truncated ZIP/Office file") from None


def check_zip(archive: zipfile.ZipFile, ctx: ExtractionContext) -> list[zipfile.ZipInfo]:
    """The archive's file members, after checking them all against the limits.

    Raises:
        ArchiveLimitError: too many members, too much unpacked, or a member that inflates more
            than `max_ratio` times: the archive is not unpacked at all.
    """
    limits = ctx.limits
    # Not `info.is_dir()`: it raises IndexError on the empty name a forged entry can have.
    members = [info for info in archive.infolist() if not info.filename.endswith("/")]
    if ctx.members + len(members) > limits.max_members:
        raise ArchiveLimitError(f"more than {limits.max_members} members")
    declared = sum(info.file_size for info in members)
    if ctx.unpacked_bytes + declared > limits.max_total_bytes:
        raise ArchiveLimitError(
            f"more than {limits.max_total_bytes // (1024 * 1024)} MiB when unpacked"
        )
    for info in members:
        if info.file_size <= limits.ratio_grace_bytes:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_ratio:
            raise ArchiveLimitError(
                f"a member inflates {ratio:.0f} times (limit {limits.max_ratio:.0f})"
            )
    return members


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: ExtractionContext) -> bytes:
    """One checked member's bytes, charged to the budget."""
    ctx.count_member(info.file_size)
    try:
        return archive.read(info)
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise ExtractionError("encrypted ZIP member (password required)") from None
    except (
        zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError
    ) as exc:  # fmt: skip
        raise ExtractionError(f"corrupt ZIP member ({type(exc).__name__})") from None


def extract_zip(data: bytes, ctx: ExtractionContext) -> Extracted:
    """Every member through the registry; a member that cannot be read is a part with an
    error, a member that breaks a limit refuses the whole archive."""
    builder = TextBuilder()
    with open_zip(data) as archive:
        members = check_zip(archive, ctx)
        if not members:
            raise ExtractionError("empty ZIP archive")
        for info in members:
            if info.flag_bits & _ENCRYPTED_FLAG:
                builder.add_failed_part(
                    info.filename, "", "encrypted ZIP member (password required)"
                )
                continue
            try:
                member = read_member(archive, info, ctx)
                mime, extracted = ctx.extract_member(member)
            except ArchiveLimitError:
                raise
            except ExtractionError as exc:
                builder.add_failed_part(info.filename, "", str(exc))
                continue
            builder.add_part(info.filename, mime, extracted)
    return Extracted(builder.text, parts=tuple(builder.parts))
