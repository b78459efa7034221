"""File fingerprints for incremental scans: has a file changed since the last good scan?

How the pipeline uses them, per file, against the fingerprint stored with the file's findings
from the last successful scan:

1. `same_metadata(stored, ref)`: size and modification time unchanged → do not read the file;
   its previous findings stay valid (and keep the stored fingerprint).
2. Otherwise read it, and `same_content(stored, content, key=...)`: content unchanged (a copy,
   a `touch`, a restore from backup) → keep the previous findings, store the new fingerprint
   `file_fingerprint(ref, content, key=...)`.
3. Otherwise scan it and store the new findings with the new fingerprint.

A forced full rescan skips steps 1 and 2. A file that failed to scan has no stored fingerprint,
so it is always read again.

The format is a short text, safe to store: `fp1:<size>:<mtime in ns>` and, when the content
was given, `:sha256:<hex>` or, with a key, `:hmac-sha256:<hex>`. Pass the evidence key
(`AVGSCAN_HMAC_KEY`): a plain hash of a small file (one BSN on a line) can be reversed by
trying all values, a keyed one cannot. A stored hash of one kind never matches the other.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from connectors.base import FileRef

__all__ = ["file_fingerprint", "same_content", "same_metadata"]

_VERSION = "fp1"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _mtime_ns(modified: datetime) -> int:
    """Nanoseconds since the epoch, exact to the datetime's microseconds (no float rounding)."""
    if modified.tzinfo is None:  # FileRefs are UTC; be safe with a naive one
        modified = modified.replace(tzinfo=UTC)
    return (modified - _EPOCH) // timedelta(microseconds=1) * 1000


def _digest(content: bytes, key: bytes | None) -> str:
    if key is None:
        return "sha256:" + hashlib.sha256(content).hexdigest()
    return "hmac-sha256:" + hmac.new(key, content, hashlib.sha256).hexdigest()


def file_fingerprint(
    ref: FileRef, content: bytes | None = None, *, key: bytes | None = None
) -> str:
    """`fp1:<size>:<mtime ns>[:<algorithm>:<hex digest of content>]`.

    Args:
        ref: the file as listed (size and modification time).
        content: the file's bytes, when they were read; adds a content hash.
        key: HMAC key for the content hash (recommended); without it a plain SHA-256.
    """
    base = f"{_VERSION}:{ref.size}:{_mtime_ns(ref.modified)}"
    return base if content is None else f"{base}:{_digest(content, key)}"


def _parts(stored: str) -> list[str]:
    parts = stored.split(":")
    return parts if parts[0] == _VERSION and len(parts) in (3, 5) else []


def same_metadata(stored: str | None, ref: FileRef) -> bool:
    """True if `stored` has this file's size and modification time: no need to read it."""
    parts = _parts(stored or "")
    return bool(parts) and parts[1:3] == [str(ref.size), str(_mtime_ns(ref.modified))]


def same_content(stored: str | None, content: bytes, *, key: bytes | None = None) -> bool:
    """True if `stored` holds a content hash (of the same kind) equal to this content's."""
    parts = _parts(stored or "")
    if len(parts) != 5:
        return False
    return hmac.compare_digest(":".join(parts[3:]), _digest(content, key))
