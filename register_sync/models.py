"""Register entries, retention rules and discrepancies: the register side's value types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class DiscrepancyKind(StrEnum):
    UNDOCUMENTED_PROCESSING = "UNDOCUMENTED_PROCESSING"
    UNDOCUMENTED_CATEGORY = "UNDOCUMENTED_CATEGORY"
    SPECIAL_CATEGORY_WITHOUT_BASIS = "SPECIAL_CATEGORY_WITHOUT_BASIS"
    BSN_WITHOUT_LEGAL_BASIS = "BSN_WITHOUT_LEGAL_BASIS"
    DPIA_MISSING = "DPIA_MISSING"
    RETENTION_EXCEEDED = "RETENTION_EXCEEDED"
    RETENTION_UNKNOWN = "RETENTION_UNKNOWN"
    REGISTERED_NOT_FOUND = "REGISTERED_NOT_FOUND"
    SCAN_INCOMPLETE = "SCAN_INCOMPLETE"


class Severity(StrEnum):
    HOOG = "hoog"
    MIDDEL = "middel"
    LAAG = "laag"


@dataclass(frozen=True)
class Retention:
    """A parsed retention cell.

    kind: `period` (with an ISO-8601 `period` such as "P7Y"), `permanent` ("bewaren",
    "blijvend": never exceeded) or `unknown` (empty, placeholder, not understood).
    """

    kind: Literal["period", "permanent", "unknown"]
    text: str
    period: str | None = None  # ISO-8601 duration: P7Y, P4W, P18M, P10D
    anchor: str | None = None  # the event the period runs from ("beëindiging"), if stated
    note: str | None = None  # why it is unknown, or how several periods were combined


class RegisterEntry(BaseModel):
    """One processing activity (verwerking) from the register."""

    model_config = ConfigDict(frozen=True)

    row: int  # the spreadsheet row (1-based, header included) it came from
    name: str
    purpose: str | None = None
    legal_basis: str | None = None
    special_basis: str | None = None  # the art. 9/10 exception stated, if the register has one
    data_subjects: tuple[str, ...] = ()
    category_labels: tuple[str, ...] = ()  # the cell's labels as written
    categories: frozenset[str] = frozenset()  # category keys understood from those labels
    retention: Retention
    systems: tuple[str, ...] = ()
    processor: str | None = None
    dpia: str | None = None
    recipients: tuple[str, ...] = ()  # "Ontvangers", as written


@dataclass(frozen=True)
class RegisterProblem:
    """A cell or row of the register that could not be (fully) understood."""

    row: int
    column: str | None
    message: str


@dataclass(frozen=True)
class RegisterImport:
    entries: tuple[RegisterEntry, ...]
    problems: tuple[RegisterProblem, ...] = ()


@dataclass(frozen=True)
class SourceBinding:
    """How a configured source maps onto register entries."""

    source: str
    system: str  # the application as the register's systems column names it
    activities: Mapping[str, str] = field(default_factory=dict)  # location glob -> entry name


@dataclass(frozen=True)
class RetentionFacts:
    """Date aggregates of one location (a table, or a file) for retention checks.

    `older_than` maps an ISO-8601 duration from `register_sync.retention.RETENTION_LADDER`
    to the number of rows (or 1 for a file) dated before today minus that duration.
    """

    source: str
    location: str  # schema.table / table, or the file path
    date_column: str  # the column used, or "modified" for files
    total: int
    oldest: date | None
    older_than: Mapping[str, int]


@dataclass(frozen=True)
class ScanGap:
    """A source, table or file that could not be (fully) scanned."""

    source: str
    location: str | None  # None: the whole source
    reason: str  # safe to show: names the item, never a value or a secret


@dataclass(frozen=True)
class Discrepancy:
    kind: DiscrepancyKind
    severity: Severity
    source: str
    location: str | None
    register_entry: str | None
    categories: tuple[str, ...]
    count: int | None
    oldest: date | None
    details: str  # a Dutch explanation for the FG
