"""What scanning one source produced: counts, findings, retention facts and gaps."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from register_sync.models import RetentionFacts, ScanGap
from scanners.findings import Finding

ScanStatus = Literal["success", "partial", "failed"]


@dataclass
class SourceScanResult:
    source: str
    system: str
    item_kind: Literal["tables", "files"]
    started: datetime
    finished: datetime | None = None
    items_total: int = 0
    items_scanned: int = 0
    findings: list[Finding] = field(default_factory=list)
    retention: list[RetentionFacts] = field(default_factory=list)
    gaps: list[ScanGap] = field(default_factory=list)
    failed: bool = False
    # location -> connector fingerprint of every table or file scanned (or found unchanged)
    item_fingerprints: dict[str, str] = field(default_factory=dict)
    reused: int = 0  # items found unchanged since the previous scan: findings carried over
    binary_columns: int = 0  # BLOB/BYTEA/... columns listed but never read

    @property
    def status(self) -> ScanStatus:
        if self.failed:
            return "failed"
        return "partial" if self.gaps else "success"


@dataclass(frozen=True)
class Part:
    """Part `number` (0-based) of a source scanned in `count` parts, side by side.

    A table or file belongs to one part by a hash of its location (qualified table name, file
    path): the same part in every process and every run, and parts of about equal size when a
    source holds many items. (Not a CRC: its low bits are alike for names that differ in one
    character, brief_1.txt and brief_3.txt.) Each part lists the source itself and scans only
    its own items; `merge_parts` makes one scan of the source again.
    """

    number: int = 0
    count: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.number < self.count:
            raise ValueError(f"part {self.number} of {self.count} does not exist")

    def holds(self, location: str) -> bool:
        return self.count == 1 or part_number(location, self.count) == self.number

    def __str__(self) -> str:
        return f"part {self.number + 1} of {self.count}"


WHOLE = Part()


def part_number(location: str, count: int) -> int:
    """The number of the part (of `count`) that holds the table or file at `location`."""
    digest = hashlib.blake2b(location.encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big") % count


def merge_parts(parts: Sequence[SourceScanResult]) -> SourceScanResult:
    """One scan of a source from the scans of its parts (`Part`), as if scanned whole.

    Counts add up, findings, retention facts and fingerprints are joined (the parts hold
    disjoint items). A gap every part met (the share cannot be listed, a folder that is not
    readable) is kept once. The source failed if any part failed: its items were not all
    scanned, and the failed part's gap says why. A part that failed before it could list its
    items counts as one item not scanned, as a source that cannot be listed does in the
    coverage figures (`pipelines.runner.scan_coverage`), unless no part could list any: the
    source then counts as such a source itself.
    """
    if not parts:
        raise ValueError("no parts to merge")
    first = parts[0]
    if len(parts) == 1:
        return first
    finished = [p.finished for p in parts if p.finished is not None]
    merged = SourceScanResult(
        first.source,
        first.system,
        first.item_kind,
        min(p.started for p in parts),
        finished=max(finished) if len(finished) == len(parts) else None,
        failed=any(p.failed for p in parts),
    )
    listed = any(p.items_total for p in parts)
    for part in parts:
        unlisted = part.failed and part.items_total == 0
        merged.items_total += 1 if unlisted and listed else part.items_total
        merged.items_scanned += part.items_scanned
        merged.reused += part.reused
        merged.binary_columns += part.binary_columns
        merged.findings.extend(part.findings)
        merged.retention.extend(part.retention)
        merged.item_fingerprints.update(part.item_fingerprints)
    merged.gaps = list(dict.fromkeys(gap for part in parts for gap in part.gaps))
    return merged
