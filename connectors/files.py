"""File shares: walk a folder, read files, extract their text. Read-only.

Modelled on pdscan's file adapter. `LocalFileStore` serves a local or mounted folder (an SMB
share mounted on the scanning host works the same).
"""

from __future__ import annotations

import fnmatch
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from connectors.base import ConnectorError, ExtractedText, ExtractionError, FileRef
from connectors.extract import extract_text

__all__ = ["LocalFileStore", "excluded", "hidden_or_system"]

logger = logging.getLogger(__name__)

# Windows file attributes (the same bits over SMB and in `os.stat().st_file_attributes`).
FILE_ATTRIBUTE_HIDDEN = 0x2
FILE_ATTRIBUTE_SYSTEM = 0x4


def hidden_or_system(name: str, attributes: int = 0) -> bool:
    """True for entries a walk skips: dot-names, and the hidden or system attribute.

    Those are what Explorer hides too (desktop.ini, Thumbs.db, ~$ lock files are marked so):
    not where colleagues keep their documents.
    """
    return name.startswith(".") or bool(
        attributes & (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM)
    )


def excluded(rel: str, patterns: Sequence[str]) -> bool:
    """True if the POSIX path relative to the root matches one of the exclude globs."""
    return any(fnmatch.fnmatchcase(rel, pattern) for pattern in patterns)


class LocalFileStore:
    """A folder on this machine. Implements `FileStore`.

    Args:
        root: the folder to scan.
        exclude: globs on the path relative to the root (POSIX separators; `*` also matches
            `/`, so `Archief/*` excludes everything below `Archief`). A directory whose path
            matches is not entered.
        max_bytes: files larger than this are listed but not read.

    Hidden files and folders (name starting with a dot, or, where the OS reports them, the
    hidden or system attribute) are skipped. Symbolic links are
    followed only when they resolve inside the root; each directory and file is visited once
    (no loops, no duplicates). Directories that cannot be read, links that leave the root and
    links that are broken or loop are skipped and recorded in `skipped` as
    `(relative path, reason)`, so a caller can report the gap.
    """

    def __init__(
        self,
        root: Path | str,
        *,
        exclude: Sequence[str] = (),
        max_bytes: int = 50 * 1024 * 1024,
    ) -> None:
        self.root = Path(root)
        self._exclude = tuple(exclude)
        self.max_bytes = max_bytes
        self.skipped: list[tuple[str, str]] = []

    def __repr__(self) -> str:
        return f"LocalFileStore({str(self.root)!r})"

    def _real_root(self) -> Path:
        try:
            real = self.root.resolve(strict=True)
        except OSError as exc:
            raise ConnectorError(
                f"file share root {self.root} is not reachable: {type(exc).__name__}"
            ) from None
        if not real.is_dir():
            raise ConnectorError(f"file share root {self.root} is not a directory")
        return real

    def list_files(self) -> Iterator[FileRef]:
        """Regular files below the root, depth-first in name order."""
        real_root = self._real_root()
        self.skipped = []
        root_stat = real_root.stat()
        seen_dirs = {(root_stat.st_dev, root_stat.st_ino)}
        seen_files: set[tuple[int, int]] = set()
        yield from self._walk(real_root, real_root, PurePosixPath(), seen_dirs, seen_files)

    def _walk(
        self,
        real_root: Path,
        directory: Path,
        rel_dir: PurePosixPath,
        seen_dirs: set[tuple[int, int]],
        seen_files: set[tuple[int, int]],
    ) -> Iterator[FileRef]:
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.skipped.append((rel_dir.as_posix(), f"cannot list ({type(exc).__name__})"))
            logger.warning("skipped folder %s: %s", rel_dir.as_posix(), type(exc).__name__)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = rel_dir / entry.name
            rel_str = rel.as_posix()
            if excluded(rel_str, self._exclude):
                continue
            link = False
            try:
                link = entry.is_symlink()
                if link:
                    target = Path(entry.path).resolve(strict=True)
                    if not target.is_relative_to(real_root):
                        # What it points to is not this share's: not scanned, but reported.
                        self.skipped.append((rel_str, "link leaves the share; not followed"))
                        logger.debug("not following link %s: it leaves the root", rel_str)
                        continue
                st = os.stat(entry.path)  # follows a link (now known to stay inside)
            except (OSError, RuntimeError):  # dangling link, link loop, vanished file
                if link:
                    self.skipped.append((rel_str, "broken link or link loop; not followed"))
                continue
            # Windows (and Python on it) reports DOS attributes; elsewhere this is 0.
            if hidden_or_system(entry.name, getattr(st, "st_file_attributes", 0)):
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if key in seen_dirs:
                    continue
                seen_dirs.add(key)
                yield from self._walk(real_root, Path(entry.path), rel, seen_dirs, seen_files)
            elif stat.S_ISREG(st.st_mode):  # never FIFOs, sockets or devices
                if key in seen_files:
                    continue
                seen_files.add(key)
                yield FileRef(
                    path=rel_str,
                    size=st.st_size,
                    modified=datetime.fromtimestamp(st.st_mtime, tz=UTC),
                )

    def _resolve(self, ref: FileRef) -> Path:
        real_root = self._real_root()
        relative = PurePosixPath(ref.path)
        if relative.is_absolute() or ".." in relative.parts:
            raise ConnectorError(f"{ref.path}: path is not inside the share")
        try:
            path = (real_root / relative).resolve(strict=True)
        except (OSError, RuntimeError):
            raise ConnectorError(f"{ref.path}: file not found") from None
        if not path.is_relative_to(real_root):
            raise ConnectorError(f"{ref.path}: link leaves the share")
        return path

    def read_bytes(self, ref: FileRef) -> bytes:
        """The file's content; refuses files larger than `max_bytes`."""
        path = self._resolve(ref)
        try:
            with path.open("rb") as handle:
                st = os.fstat(handle.fileno())
                if not stat.S_ISREG(st.st_mode):
                    raise ConnectorError(f"{ref.path}: not a regular file")
                if st.st_size > self.max_bytes:
                    raise ConnectorError(
                        f"{ref.path}: {st.st_size} bytes exceeds the limit of "
                        f"{self.max_bytes} bytes"
                    )
                data = handle.read(self.max_bytes + 1)
        except OSError as exc:
            raise ConnectorError(f"{ref.path}: cannot read ({type(exc).__name__})") from None
        if len(data) > self.max_bytes:  # grew while we read it
            raise ConnectorError(f"{ref.path}: more than {self.max_bytes} bytes exceeds the limit")
        return data

    def read_text(self, ref: FileRef) -> ExtractedText:
        """The file's text and sniffed type; `ExtractionError` names the file and the reason."""
        data = self.read_bytes(ref)
        try:
            return extract_text(data)
        except ExtractionError as exc:
            raise ExtractionError(f"{ref.path}: {exc}") from None
