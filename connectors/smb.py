"""SMB file shares, read over the network with smbprotocol's `smbclient`. Read-only.

The SMB twin of `LocalFileStore`: same walk rules, same `FileRef`s, same errors, so a share
needs no mount on the scanning host. Modelled on pdscan's file adapter.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import smbclient  # type: ignore[import-untyped]
from smbprotocol.exceptions import (  # type: ignore[import-untyped]
    SMBException,
    SMBOSError,
    SMBResponseException,
)
from smbprotocol.file_info import FileAttributes  # type: ignore[import-untyped]
from smbprotocol.header import NtStatus  # type: ignore[import-untyped]
from smbprotocol.open import CreateOptions  # type: ignore[import-untyped]
from spnego.exceptions import SpnegoError

from connectors.base import ConnectorError, ExtractedText, ExtractionError, FileRef
from connectors.extract import extract_text
from connectors.files import excluded, hidden_or_system

__all__ = ["SmbFileStore"]

logger = logging.getLogger(__name__)

# Reparse tags with this bit set are "name surrogates": symlinks, junctions and mount points,
# which point at another place. Others (deduplicated, cloud, HSM files) are plain files to a
# reader, so the walk lists them.
_NAME_SURROGATE = 0x20000000

# NTSTATUS codes (MS-ERREF 2.3.1) for a refused login; smbprotocol names only some of them.
_LOGIN_FAILED = {
    NtStatus.STATUS_LOGON_FAILURE,
    NtStatus.STATUS_PASSWORD_EXPIRED,
    0xC000006E,  # STATUS_ACCOUNT_RESTRICTION
    0xC0000072,  # STATUS_ACCOUNT_DISABLED
    0xC000015B,  # STATUS_LOGON_TYPE_NOT_GRANTED
    0xC0000193,  # STATUS_ACCOUNT_EXPIRED
    0xC0000224,  # STATUS_PASSWORD_MUST_CHANGE
    0xC0000234,  # STATUS_ACCOUNT_LOCKED_OUT
}
_NOT_FOUND = {
    NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,
    NtStatus.STATUS_OBJECT_PATH_NOT_FOUND,
    NtStatus.STATUS_NOT_FOUND,
    NtStatus.STATUS_DELETE_PENDING,
    0xC0000123,  # STATUS_FILE_DELETED
}

# Errors smbprotocol raises for a failed request, login or connection. ValueError is what its
# transport raises when the server cannot be reached.
_SMB_ERRORS = (OSError, SMBException, SpnegoError, ValueError)


def _status_of(exc: BaseException) -> int | None:
    if isinstance(exc, SMBOSError):
        return int(exc.ntstatus)
    if isinstance(exc, SMBResponseException):
        return int(exc.status)
    return None


def _reason(exc: BaseException) -> str:
    """A short, value-free reason: the NTSTATUS name, or the exception's type."""
    status = _status_of(exc)
    if status is None:
        if isinstance(exc, ValueError) and "connect" in str(exc).lower():
            return "server not reachable"
        return type(exc).__name__
    if status in _LOGIN_FAILED:
        return "login failed"
    if status == NtStatus.STATUS_ACCESS_DENIED:
        return "access denied"
    if status == NtStatus.STATUS_BAD_NETWORK_NAME:
        return "share not found"
    if status in _NOT_FOUND:
        return "file not found"
    name = next(
        (
            key
            for key, value in vars(NtStatus).items()
            if key.startswith("STATUS_") and value == status
        ),
        f"0x{status:08x}",
    )
    return name


class SmbFileStore:
    """A folder on an SMB share, read with smbprotocol. Implements `FileStore`.

    Args:
        url: `smb://server[:port]/share[/folder…]`. A user name may stand in the URL
            (`smb://scanner@server/share`); a password may not: pass it as `password`.
        username, password: the account to log in with (NTLM or Kerberos via SPNEGO;
            `DOMEIN\\gebruiker` works). Without both, Kerberos with the host's ticket is tried.
        exclude: globs on the path relative to the folder, as in `LocalFileStore`.
        max_bytes: files larger than this are listed but not read.
        port: the TCP port when the URL names none.
        encrypt: force SMB3 encryption (True), or let the server decide (None).
        connection_timeout: seconds to wait for the server to answer.
        max_depth: folders nested deeper than this are not entered (recorded in `skipped`);
            a last guard against loops on servers that report no file ids.

    Walk rules, the same as `LocalFileStore`'s: names starting with a dot and entries with the
    hidden or system attribute are skipped, as are excluded paths. Symbolic links, junctions
    and mount points are never followed, wherever they point; the server itself resolves links
    it is configured to follow (Samba: `follow symlinks`, and `wide links = no` keeps those
    inside the share). Each folder and file is visited once, by its server file id, so a link
    the server resolves back to a parent ends the walk there. Folders that cannot be listed
    are recorded in `skipped` as `(relative path, reason)`.

    The password is kept only in this object, for the session, and never appears in its
    `repr`, a log line or an error. Each store has its own connection; `close()` ends it.
    """

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        exclude: Sequence[str] = (),
        max_bytes: int = 50 * 1024 * 1024,
        port: int = 445,
        encrypt: bool | None = None,
        connection_timeout: int = 30,
        max_depth: int = 64,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() != "smb":
            raise ConnectorError("SMB share URL must start with smb://")
        if parts.password is not None:
            raise ConnectorError(
                "SMB share URL must not contain a password; pass it separately "
                "(for example from an environment variable)"
            )
        if not parts.hostname:
            raise ConnectorError("SMB share URL names no server")
        segments = [unquote(s) for s in parts.path.split("/") if s]
        if not segments:
            raise ConnectorError(f"smb://{parts.hostname}: URL names no share")
        if any(s in (".", "..") or "\\" in s or ":" in s for s in segments):
            raise ConnectorError(f"smb://{parts.hostname}: invalid share path")
        try:
            url_port = parts.port
        except ValueError:
            raise ConnectorError(f"smb://{parts.hostname}: invalid port") from None
        self.server = parts.hostname
        self.port = url_port or port
        self.share = segments[0]
        self.folder = tuple(segments[1:])
        login = username if username is not None else unquote(parts.username or "")
        self.username: str | None = login or None
        self._password = password
        self._exclude = tuple(exclude)
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self._encrypt = encrypt
        self._timeout = connection_timeout
        # A private pool: sessions are never shared with other stores or credentials.
        self._connections: dict[str, Any] = {}
        self.skipped: list[tuple[str, str]] = []

    @property
    def url(self) -> str:
        """The share URL without credentials, for messages and reports."""
        folder = "".join(f"/{s}" for s in self.folder)
        return f"smb://{self.server}:{self.port}/{self.share}{folder}"

    def __repr__(self) -> str:
        return f"SmbFileStore({self.url!r}, username={self.username!r})"

    def __enter__(self) -> SmbFileStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """End this store's connection to the server (a later call opens a new one)."""
        smbclient.reset_connection_cache(fail_on_error=False, connection_cache=self._connections)

    # -- paths and sessions ------------------------------------------------------------------

    def _session(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "password": self._password,
            "port": self.port,
            "encrypt": self._encrypt,
            "connection_timeout": self._timeout,
            "connection_cache": self._connections,
        }

    def _unc(self, rel: PurePosixPath) -> str:
        parts = (self.server, self.share, *self.folder, *rel.parts)
        return "\\\\" + "\\".join(parts)

    def _error(self, rel: str, exc: BaseException) -> ConnectorError:
        where = f"{self.url}/{rel}" if rel else self.url
        if _reason(exc) == "login failed":
            return ConnectorError(f"{where}: login failed for user {self.username!r}")
        return ConnectorError(f"{where}: {_reason(exc)}")

    def _root_id(self) -> int:
        """The root folder's file id; raises `ConnectorError` if it cannot be reached."""
        try:
            st = smbclient.stat(self._unc(PurePosixPath()), **self._session())
        except _SMB_ERRORS as exc:
            if _reason(exc) == "file not found":  # also what a missing share ends as (via DFS)
                raise ConnectorError(f"{self.url}: share or folder not found") from None
            raise self._error("", exc) from None
        if not st.st_file_attributes & FileAttributes.FILE_ATTRIBUTE_DIRECTORY:
            raise ConnectorError(f"{self.url}: not a folder")
        return int(st.st_ino)

    # -- walking -----------------------------------------------------------------------------

    def list_files(self) -> Iterator[FileRef]:
        """Regular files below the folder, depth-first in name order."""
        root_id = self._root_id()
        self.skipped = []
        seen_dirs = {root_id} if root_id else set()
        seen_files: set[int] = set()
        yield from self._walk(PurePosixPath(), 0, seen_dirs, seen_files)

    def _list_dir(self, rel_dir: PurePosixPath) -> list[Any] | None:
        try:
            with smbclient.scandir(self._unc(rel_dir), **self._session()) as it:
                return sorted(it, key=lambda e: e.name)
        except (SMBOSError, SMBResponseException) as exc:  # this folder only
            self.skipped.append((rel_dir.as_posix(), f"cannot list ({_reason(exc)})"))
            logger.warning("skipped folder %s: %s", rel_dir.as_posix(), _reason(exc))
            return None
        except _SMB_ERRORS as exc:  # the connection itself: nothing further can be read
            raise self._error(rel_dir.as_posix(), exc) from None

    def _walk(
        self,
        rel_dir: PurePosixPath,
        depth: int,
        seen_dirs: set[int],
        seen_files: set[int],
    ) -> Iterator[FileRef]:
        entries = self._list_dir(rel_dir)
        for entry in entries or ():
            info = entry.smb_info
            attributes = int(info.file_attributes)
            rel = rel_dir / entry.name
            rel_str = rel.as_posix()
            if hidden_or_system(entry.name, attributes) or excluded(rel_str, self._exclude):
                continue
            if attributes & FileAttributes.FILE_ATTRIBUTE_REPARSE_POINT and (
                int(info.ea_size) & _NAME_SURROGATE  # the reparse tag, in a directory listing
            ):
                logger.debug("not following link %s", rel_str)
                continue
            file_id = int(info.file_id)  # 0: the server has no ids (then only max_depth helps)
            if attributes & FileAttributes.FILE_ATTRIBUTE_DIRECTORY:
                if file_id and file_id in seen_dirs:
                    continue
                seen_dirs.add(file_id)
                if depth >= self.max_depth:
                    self.skipped.append((rel_str, f"deeper than {self.max_depth} folders"))
                    continue
                yield from self._walk(rel, depth + 1, seen_dirs, seen_files)
                continue
            if file_id:
                if file_id in seen_files:
                    continue
                seen_files.add(file_id)
            yield FileRef(
                path=rel_str,
                size=int(info.end_of_file),
                modified=_as_utc(info.last_write_time),
            )

    # -- reading -----------------------------------------------------------------------------

    def _checked(self, ref: FileRef) -> PurePosixPath:
        relative = PurePosixPath(ref.path)
        if (
            relative.is_absolute()
            or not relative.parts
            or ".." in relative.parts
            or "\\" in ref.path
            or ":" in ref.path  # an alternate data stream, or a drive
        ):
            raise ConnectorError(f"{ref.path}: path is not inside the share")
        return relative

    def read_bytes(self, ref: FileRef) -> bytes:
        """The file's content; refuses files larger than `max_bytes` and links."""
        unc = self._unc(self._checked(ref))
        try:
            # FILE_OPEN_REPARSE_POINT: open a link itself instead of where it points.
            with smbclient.open_file(
                unc,
                mode="rb",
                buffering=0,
                share_access="rwd",  # never lock a colleague out of a file we only read
                create_options=CreateOptions.FILE_OPEN_REPARSE_POINT,
                **self._session(),
            ) as handle:
                if handle.fd.file_attributes & FileAttributes.FILE_ATTRIBUTE_REPARSE_POINT:
                    return self._read_reparse_point(ref, unc)
                return self._read_capped(ref, handle)
        except _SMB_ERRORS as exc:
            raise self._read_error(ref, exc) from None

    def _read_reparse_point(self, ref: FileRef, unc: str) -> bytes:
        tag = int(smbclient.lstat(unc, **self._session()).st_reparse_tag)
        if tag & _NAME_SURROGATE:
            raise ConnectorError(f"{ref.path}: is a link; links are not followed")
        # A deduplicated or cloud file: open it normally so the server serves its content.
        with smbclient.open_file(
            unc, mode="rb", buffering=0, share_access="rwd", **self._session()
        ) as handle:
            return self._read_capped(ref, handle)

    def _read_capped(self, ref: FileRef, handle: Any) -> bytes:
        size = int(handle.fd.end_of_file)
        if size > self.max_bytes:
            raise ConnectorError(
                f"{ref.path}: {size} bytes exceeds the limit of {self.max_bytes} bytes"
            )
        chunks: list[bytes] = []
        total = 0
        while total <= self.max_bytes:
            chunk = handle.read(self.max_bytes + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > self.max_bytes:  # grew while we read it
            raise ConnectorError(f"{ref.path}: more than {self.max_bytes} bytes exceeds the limit")
        return b"".join(chunks)

    def _read_error(self, ref: FileRef, exc: BaseException) -> ConnectorError:
        reason = _reason(exc)
        if reason == "login failed":
            return self._error(ref.path, exc)
        if _status_of(exc) == NtStatus.STATUS_FILE_IS_A_DIRECTORY:
            reason = "not a regular file"
        elif _status_of(exc) is not None and reason not in ("file not found", "access denied"):
            reason = f"cannot read ({reason})"
        return ConnectorError(f"{ref.path}: {reason}")

    def read_text(self, ref: FileRef) -> ExtractedText:
        """The file's text and sniffed type; `ExtractionError` names the file and the reason."""
        data = self.read_bytes(ref)
        try:
            return extract_text(data)
        except ExtractionError as exc:
            raise ExtractionError(f"{ref.path}: {exc}") from None


def _as_utc(moment: datetime) -> datetime:
    """SMB times are UTC FILETIMEs; smbprotocol returns them aware or naive by version."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
