"""What scanning one source produced: counts, findings, retention facts and gaps."""

from __future__ import annotations

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
