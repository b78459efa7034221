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


TableKind = Literal["table", "view"]


@dataclass(frozen=True)
class TableRef:
    schema: str | None
    name: str
    columns: tuple[ColumnRef, ...]
    kind: TableKind = "table"  # views (and materialized views) are sampled, never block-sampled
    primary_key: tuple[str, ...] = ()  # as reflected; a one-column integer key allows key ranges

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


DateColumnReason = Literal["configured", "detected", "none"]


@dataclass(frozen=True)
class DateColumnChoice:
    """Which column a table's retention is measured by, and why — for the report.

    `reason` is "configured" (the source's `retention_date_columns`), "detected" (by its name;
    `matched` is the name from the preference list that it matched) or "none" (no date column
    found; `column` is None). `configured_missing` names a configured column the table lacks.
    """

    column: str | None
    reason: DateColumnReason
    matched: str | None = None
    configured_missing: str | None = None

    def explain(self) -> str:
        """The choice in one Dutch sentence, for the FG report."""
        if self.reason == "configured":
            text = f"datumkolom '{self.column}' is ingesteld"
        elif self.reason == "detected":
            text = f"datumkolom '{self.column}' herkend aan de naam ('{self.matched}')"
        else:
            text = "geen datumkolom gevonden"
        if self.configured_missing is not None:
            text += f"; ingestelde kolom '{self.configured_missing}' bestaat niet"
        return text


@dataclass(frozen=True)
class FileRef:
    path: str  # POSIX path relative to the store root
    size: int
    modified: datetime


@dataclass(frozen=True)
class ExtractedPart:
    """One member of a container (archive member, e-mail attachment) as a span of the text.

    Which part a text came from is told here, in structure, never in a log line. `name` is the
    path inside the container ("bijlagen.zip/brief.docx"); `error` says why the part was not
    (fully) scanned, without quoting it.
    """

    name: str
    mime: str
    start: int  # offsets into ExtractedText.text
    end: int
    error: str | None = None


@dataclass(frozen=True)
class ExtractedText:
    mime: str  # sniffed from content, not from the extension
    text: str
    # The document's own creation date where its format has one, and where it was read
    # ("docx core properties", "PDF metadata", "e-mail Date header"); timezone-aware, UTC.
    created: datetime | None = None
    created_source: str | None = None
    parts: tuple[ExtractedPart, ...] = ()

    @property
    def unscanned_parts(self) -> tuple[ExtractedPart, ...]:
        """Parts that could not be (fully) scanned: the file is a partial scan."""
        return tuple(part for part in self.parts if part.error is not None)


class DataStore(Protocol):
    """A database: list tables, sample values, compute date aggregates. Read-only."""

    def list_tables(self) -> list[TableRef]: ...

    def sample(self, table: TableRef, *, limit: int) -> dict[str, list[str]]:
        """Up to `limit` non-null values per text column, as strings."""
        ...

    def date_facts(
        self, table: TableRef, column: str, *, cutoffs: Mapping[str, date]
    ) -> DateFacts: ...

    def fingerprint(self, table: TableRef) -> str:
        """A cheap string that changes when the table's rows change (from statistics and a
        modification column); equal fingerprints mean the previous findings still hold."""
        ...

    def close(self) -> None: ...


class FileStore(Protocol):
    """A folder or share: walk files, read them, extract their text. Read-only."""

    # Folders the last walk could not enter, as (relative path, reason): gaps to report.
    skipped: list[tuple[str, str]]

    def list_files(self) -> Iterator[FileRef]: ...

    def read_bytes(self, ref: FileRef) -> bytes: ...

    def read_text(self, ref: FileRef) -> ExtractedText: ...
