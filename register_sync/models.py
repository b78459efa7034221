"""Register entries, retention rules and discrepancies: the register side's value types."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator


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


DpiaStatus = Literal["uitgevoerd", "gepland", "niet nodig", "onbekend"]

Art6Ground = Literal["a", "b", "c", "d", "e", "f"]

ART6_LABELS: Mapping[str, str] = {
    "a": "toestemming",
    "b": "uitvoering van een overeenkomst",
    "c": "wettelijke verplichting",
    "d": "vitaal belang",
    "e": "taak van algemeen belang / openbaar gezag",
    "f": "gerechtvaardigd belang",
}


@dataclass(frozen=True)
class LegalBasis:
    """A register's basis cell understood as AVG art. 6 lid 1 grounds, with the laws it names.

    `grounds` holds the letters a–f found (several when the cell lists several), `laws` the
    named laws other than the AVG itself ("Wet maatschappelijke ondersteuning 2015").
    """

    grounds: tuple[Art6Ground, ...]
    laws: tuple[str, ...] = ()

    @property
    def legal_duty_with_law(self) -> bool:
        """A legal obligation (c) or public task (e) with a law named: what art. 46 UAVG needs."""
        return bool(self.laws) and any(g in ("c", "e") for g in self.grounds)

    def describe(self) -> str:
        """Dutch: "art. 6 lid 1 sub e AVG (taak van algemeen belang …); Wmo 2015"."""
        parts = [f"art. 6 lid 1 sub {g} AVG ({ART6_LABELS[g]})" for g in self.grounds]
        text = ", ".join(parts) or "geen AVG-grondslag herkend"
        return f"{text}; {', '.join(self.laws)}" if self.laws else text


class RegisterEntry(BaseModel):
    """One processing activity (verwerking) from the register.

    `basis`, `special_basis_present` and `dpia_status` are understood from the text fields
    (`register_sync.basis`) when not given, so an entry built by hand gets them too.
    """

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
    basis: LegalBasis | None = None  # `legal_basis` understood; None when nothing is recognised
    special_basis_present: bool = False  # an art. 9/10 exception is stated
    dpia_status: DpiaStatus = "onbekend"

    @model_validator(mode="before")
    @classmethod
    def _understand_text(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        from register_sync.basis import dpia_status, parse_legal_basis, states_special_basis

        data = dict(data)
        if "basis" not in data:
            data["basis"] = parse_legal_basis(data.get("legal_basis"))
        if "special_basis_present" not in data:
            data["special_basis_present"] = states_special_basis(
                data.get("special_basis"), data.get("legal_basis")
            )
        if "dpia_status" not in data:
            data["dpia_status"] = dpia_status(data.get("dpia"))
        return data


@dataclass(frozen=True)
class RegisterProblem:
    """A cell or row of the register that could not be (fully) understood.

    `check` names the register-quality expectation that found it (`register_sync.quality`),
    or is None for a problem found while reading a cell.
    """

    row: int
    column: str | None
    message: str
    check: str | None = None


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


DateSource = Literal["configured", "event", "created", "file"]


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
    # How `date_column` was chosen: "configured" (retention_date_columns), "event" (a detected
    # end/event column such as einddatum), "created" (a creation or mutation date: only a lower
    # bound for a period that runs from an event), "file" (a file's modification date), or
    # None when the connector did not say.
    date_source: DateSource | None = None


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

    @property
    def key(self) -> str:
        """The item's identity across runs (`discrepancy_key`)."""
        return discrepancy_key(self)


def discrepancy_key(d: Discrepancy) -> str:
    """A stable identity: kind + source + location + register entry + categories.

    Counts, dates, severity and the explanation are left out, so an item keeps its identity
    while its numbers change. Categories are in, so a new undocumented category at a location
    is a new item. The register entry is in: renaming the entry starts a new item (the FG
    judged the old pairing). Hex SHA-256 of the parts, shortened to 16 characters.
    """
    parts = (
        d.kind.value,
        d.source,
        d.location or "",
        d.register_entry or "",
        ",".join(sorted(d.categories)),
    )
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


class DecisionKind(StrEnum):
    """What the FG decided about an item (`avgscan review`)."""

    GEACCEPTEERD_RISICO = "geaccepteerd risico"
    VALS_POSITIEF = "vals positief"
    WORDT_OPGELOST = "wordt opgelost"

    @property
    def sets_apart(self) -> bool:
        """Accepted and false-positive items are shown apart from the open ones."""
        return self is not DecisionKind.WORDT_OPGELOST


ItemStatus = Literal["nieuw", "open", "opgelost"]


@dataclass(frozen=True)
class ItemHistory:
    """An item's history across runs, as the store keeps it.

    status: "nieuw" (first seen in this run), "open" (seen before and still observed),
    "opgelost" (no longer observed). `decision` is the FG's latest decision, if any.
    """

    first_seen: datetime
    last_seen: datetime
    status: ItemStatus
    decision: DecisionKind | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    until: date | None = None  # the decision's optional end date
