"""Finding types: what the scanners say about a location, as counts and masked examples only.

No raw value found in a source is ever held in these types; `evidence` holds masked examples
(`1234*****`, `j***@example.nl`) produced by `scanners.masking`, and `fingerprints` the keyed
hashes (`scanners.fingerprint`) of the distinct matched values, so the same BSN can be linked
across systems without being stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LocationType = Literal["column", "file"]


@dataclass(frozen=True)
class EntityFinding:
    """What one scanned location (a column sample or a document) holds of one entity type."""

    entity_type: str
    hits: int  # sampled values (column) or occurrences (document) that matched
    sampled: int  # values sampled (column) or 1 (document)
    confidence: float  # 0..1
    evidence: tuple[str, ...] = ()  # masked examples only, at most a few
    fingerprints: tuple[str, ...] = ()  # hex HMAC-SHA256 per distinct matched value, sorted


@dataclass(frozen=True)
class Finding:
    """An `EntityFinding` placed in a source: the unit stored, compared and exported."""

    source: str
    location: str  # schema.table.column, table.column, or a path relative to the source root
    location_type: LocationType
    entity_type: str
    hits: int
    sampled: int
    confidence: float
    evidence: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()
    # The table of a column finding, when the scanner knows it: a column name may itself hold
    # dots, so `location` alone cannot always be split back into table and column.
    table: str | None = None

    @classmethod
    def at(
        cls,
        source: str,
        location: str,
        location_type: LocationType,
        found: EntityFinding,
        *,
        table: str | None = None,
    ) -> Finding:
        return cls(
            source=source,
            location=location,
            location_type=location_type,
            entity_type=found.entity_type,
            hits=found.hits,
            sampled=found.sampled,
            confidence=found.confidence,
            evidence=found.evidence,
            fingerprints=found.fingerprints,
            table=table,
        )

    @property
    def container(self) -> str:
        """The table (schema.table) of a column finding, or the file itself."""
        if self.location_type == "column":
            return self.table or self.location.rsplit(".", 1)[0]
        return self.location

    @property
    def column(self) -> str | None:
        """The column of a column finding (None for a file)."""
        if self.location_type != "column":
            return None
        container = self.container
        if self.location.startswith(container + "."):
            return self.location[len(container) + 1 :]
        return self.location.rsplit(".", 1)[-1]
