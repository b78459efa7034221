"""The two adapter interfaces every store implements, and the value types they return.

Modelled on pdscan's data-store and file adapters: small protocols, one class per kind of
store. Nothing here holds more than a sample, and nothing here is logged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol

ColumnKind = Literal["text", "date", "binary", "other"]


class ConnectorError(Exception):
    """A store could not be listed or read. The message names the item, never a value."""


class ExtractionError(ConnectorError):
    """A file's text could not be extracted (corrupt, encrypted, unsupported)."""


@dataclass(frozen=True)
class ColumnRef:
    name: str
    kind: ColumnKind
    type_name: str  # the database's own type name, for the report


@dataclass(frozen=True)
class TableRef:
    schema: str | None
    name: str
    columns: tuple[ColumnRef, ...]

    @property
    def qualified(self) -> str:
        """`schema.table`, or `table` where the database has no schemas."""
        return f"{self.schema}.{self.name}" if self.schema else self.name

    def columns_of(self, kind: ColumnKind) -> list[ColumnRef]:
        return [c for c in self.columns if c.kind == kind]


@dataclass(frozen=True)
class DateFacts:
    """Aggregates of one date column (or of a file's date), computed where the data lives.

    `older_than` maps a label (an ISO-8601 duration such as "P7Y") to the number of rows whose
    date lies before the matching cutoff that the caller passed in.
    """

    column: str
    total: int
    dated: int  # rows with a non-null date
    oldest: date | None
    newest: date | None
    older_than: Mapping[str, int]


@dataclass(frozen=True)
class FileRef:
    path: str  # POSIX path relative to the store root
    size: int
    modified: datetime


@dataclass(frozen=True)
class ExtractedText:
    mime: str  # sniffed from content, not from the extension
    text: str


class DataStore(Protocol):
    """A database: list tables, sample values, compute date aggregates. Read-only."""

    def list_tables(self) -> list[TableRef]: ...

    def sample(self, table: TableRef, *, limit: int) -> dict[str, list[str]]:
        """Up to `limit` non-null values per text column, as strings."""
        ...

    def date_facts(
        self, table: TableRef, column: str, *, cutoffs: Mapping[str, date]
    ) -> DateFacts: ...

    def close(self) -> None: ...


class FileStore(Protocol):
    """A folder or share: walk files, read them, extract their text. Read-only."""

    # Folders the last walk could not enter, as (relative path, reason): gaps to report.
    skipped: list[tuple[str, str]]

    def list_files(self) -> Iterator[FileRef]: ...

    def read_bytes(self, ref: FileRef) -> bytes: ...

    def read_text(self, ref: FileRef) -> ExtractedText: ...
