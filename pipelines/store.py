"""The findings store: runs, per-source scans, findings, retention facts, gaps, discrepancies.

Any SQLAlchemy URL; SQLite by default, PostgreSQL in production. It holds counts, masked
evidence and safe reasons only, never a value read from a source. Each source scan and each
comparison is written in one transaction, so a run that dies half-way leaves the last complete
results in place.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from pipelines.results import SourceScanResult, part_number
from register_sync.models import (
    DecisionKind,
    Discrepancy,
    DiscrepancyKind,
    ItemHistory,
    RegisterProblem,
    RetentionFacts,
    ScanGap,
    Severity,
)
from scanners.findings import Finding

# Table names carry a prefix so that the store can share a database (and names such as
# "runs") with Dagster's own storage without a clash.
metadata = sa.MetaData()

runs = sa.Table(
    "avgscan_runs",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),  # nightly, adhoc, compare
    sa.Column("organisation", sa.String(200), nullable=False),
    sa.Column("started", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(16), nullable=False),  # running, success, failed
)

source_scans = sa.Table(
    "avgscan_source_scans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "run_id", sa.String(64), sa.ForeignKey("avgscan_runs.id"), nullable=False, index=True
    ),
    sa.Column("source", sa.String(100), nullable=False, index=True),
    sa.Column("system", sa.String(200), nullable=False),
    sa.Column("started", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # success, partial, failed
    sa.Column("items_total", sa.Integer, nullable=False),
    sa.Column("items_scanned", sa.Integer, nullable=False),
    sa.Column("item_kind", sa.String(16), nullable=False),  # tables, files
)

findings = sa.Table(
    "avgscan_findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "scan_id", sa.Integer, sa.ForeignKey("avgscan_source_scans.id"), nullable=False, index=True
    ),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("location_type", sa.String(16), nullable=False),
    sa.Column("entity_type", sa.String(64), nullable=False),
    sa.Column("hits", sa.Integer, nullable=False),
    sa.Column("sampled", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),  # JSON list of masked examples
    sa.Column("container", sa.Text),  # the table of a column finding (column names hold dots)
)

# Keyed hashes (HMAC-SHA256) of found values, to link one person across systems without
# storing an identifier; indexed for look-ups by fingerprint.
fingerprints = sa.Table(
    "avgscan_fingerprints",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "scan_id", sa.Integer, sa.ForeignKey("avgscan_source_scans.id"), nullable=False, index=True
    ),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("entity_type", sa.String(64), nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False, index=True),
)

retention_facts = sa.Table(
    "avgscan_retention_facts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "scan_id", sa.Integer, sa.ForeignKey("avgscan_source_scans.id"), nullable=False, index=True
    ),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("date_column", sa.String(200), nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("oldest", sa.Date),
    sa.Column("older_than", sa.Text, nullable=False),  # JSON {ISO duration: count}
    sa.Column("date_source", sa.String(16)),  # configured, event, created, file
)

scan_gaps = sa.Table(
    "avgscan_scan_gaps",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "scan_id", sa.Integer, sa.ForeignKey("avgscan_source_scans.id"), nullable=False, index=True
    ),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("location", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
)

discrepancies = sa.Table(
    "avgscan_discrepancies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "run_id", sa.String(64), sa.ForeignKey("avgscan_runs.id"), nullable=False, index=True
    ),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("location", sa.Text),
    sa.Column("register_entry", sa.Text),
    sa.Column("categories", sa.Text, nullable=False),  # JSON list of category keys
    sa.Column("count", sa.Integer),
    sa.Column("oldest", sa.Date),
    sa.Column("details", sa.Text, nullable=False),
)

register_problems = sa.Table(
    "avgscan_register_problems",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "run_id", sa.String(64), sa.ForeignKey("avgscan_runs.id"), nullable=False, index=True
    ),
    sa.Column("row", sa.Integer, nullable=False),
    sa.Column("column_name", sa.String(200)),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("check_name", sa.String(100)),
)

# What each scanned table or file looked like (connectors' fingerprints), for incremental
# scans and for decisions that hold only while a location is unchanged.
item_states = sa.Table(
    "avgscan_item_states",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "scan_id", sa.Integer, sa.ForeignKey("avgscan_source_scans.id"), nullable=False, index=True
    ),
    sa.Column("location", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(200), nullable=False),
)

# One row per discrepancy identity (`Discrepancy.key`): when it was first and last observed.
discrepancy_states = sa.Table(
    "avgscan_discrepancy_states",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("location", sa.Text),
    sa.Column("register_entry", sa.Text),
    sa.Column("categories", sa.Text, nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_run_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # nieuw, open, opgelost
)

# The FG's decisions: append-only, the audit trail. The latest row per key is in force.
decisions = sa.Table(
    "avgscan_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(32), nullable=False, index=True),
    sa.Column("decision", sa.String(32), nullable=False),
    sa.Column("decided_by", sa.String(200), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("until", sa.Date),
    # the location's fingerprint when decided: a false positive holds while it is unchanged
    sa.Column("item_fingerprint", sa.String(200)),
)


class StoreError(Exception):
    """The findings store could not be opened or written."""


@dataclass(frozen=True)
class RunRecord:
    id: str
    kind: str
    organisation: str
    started: datetime
    finished: datetime | None
    status: str


@dataclass(frozen=True)
class SourceScanRecord:
    id: int
    run_id: str
    source: str
    system: str
    started: datetime
    finished: datetime
    status: str
    items_total: int
    items_scanned: int
    item_kind: str


@dataclass(frozen=True)
class PreviousScan:
    """What the last good scan of a source saw, for carrying unchanged items over.

    An incremental scan asks for the findings and retention facts of every unchanged table
    or file: they are looked up in indexes built on the first question, not searched for
    (searching made a night of unchanged files cost the square of their number)."""

    fingerprints: dict[str, str]  # location -> connector fingerprint
    findings: list[Finding]
    retention: list[RetentionFacts]

    def findings_in(self, container: str) -> list[Finding]:
        return list(self._findings_by_container.get(container, ()))

    def retention_of(self, location: str) -> RetentionFacts | None:
        return self._retention_by_location.get(location)

    def split(self, count: int) -> list[PreviousScan]:
        """What this scan saw of each of `count` parts of the source (`Part`), in part order:
        all that a worker scanning a part needs to be sent. Each location's part is worked
        out once, however many findings it has."""
        parts = [PreviousScan({}, [], []) for _ in range(count)]
        numbers: dict[str, int] = {}

        def part_of(location: str) -> PreviousScan:
            if location not in numbers:
                numbers[location] = part_number(location, count)
            return parts[numbers[location]]

        for location, fingerprint in self.fingerprints.items():
            part_of(location).fingerprints[location] = fingerprint
        for finding in self.findings:
            part_of(finding.container).findings.append(finding)
        for facts in self.retention:
            part_of(facts.location).retention.append(facts)
        return parts

    @cached_property
    def _findings_by_container(self) -> dict[str, list[Finding]]:
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            index.setdefault(finding.container, []).append(finding)
        return index

    @cached_property
    def _retention_by_location(self) -> dict[str, RetentionFacts]:
        index: dict[str, RetentionFacts] = {}
        for facts in self.retention:
            index.setdefault(facts.location, facts)  # the first, as a search would find
        return index


@dataclass(frozen=True)
class DecisionRecord:
    key: str
    decision: DecisionKind
    decided_by: str
    decided_at: datetime
    reason: str
    until: date | None
    item_fingerprint: str | None

    def as_row(self) -> dict[str, object]:
        return {
            "key": self.key,
            "decision": self.decision.value,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "reason": self.reason,
            "until": self.until,
            "item_fingerprint": self.item_fingerprint,
        }


@dataclass(frozen=True)
class Comparison:
    """What a comparison works from: the latest scan of each source, with its results."""

    scans: dict[str, SourceScanRecord]
    findings: list[Finding]
    retention: list[RetentionFacts]
    gaps: list[ScanGap]


SQLITE_CACHE_KIB = 64 * 1024


def _larger_sqlite_cache(dbapi_connection: Any, _record: object) -> None:
    """SQLite keeps 2 MB of pages by default; a scan stores its findings' keyed hashes in an
    index where each lands at a random place, so a growing store reads its pages again and
    again. 64 MiB per connection, taken only as the store grows: saving the scan of a share of
    6,000 files took about 10% less (1.22 s against 1.37 s, four saves each)."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    cursor.close()


class FindingsStore:
    def __init__(self, engine: Engine | str) -> None:
        self._owns_engine = isinstance(engine, str)
        if isinstance(engine, str):
            url = make_url(engine)
            if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url)
            if url.get_backend_name() == "sqlite":
                sa.event.listen(engine, "connect", _larger_sqlite_cache)
        self.engine = engine
        try:
            self._create_tables()
        except sa.exc.SQLAlchemyError as exc:
            safe = self.engine.url.render_as_string(hide_password=True)
            raise StoreError(
                f"findings store {safe} cannot be opened ({type(exc).__name__})"
            ) from None

    def _create_tables(self, attempts: int = 5) -> None:
        """Create missing tables. Processes opening a new store at once race on it (SQLite:
        "table exists", "database is locked"): retry briefly, the winner's tables count."""
        for attempt in range(attempts):
            try:
                metadata.create_all(self.engine)
                return
            except (sa.exc.OperationalError, sa.exc.ProgrammingError):
                if attempt == attempts - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> FindingsStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- runs --------------------------------------------------------------------------------
    def start_run(self, kind: str, organisation: str, run_id: str | None = None) -> RunRecord:
        record = RunRecord(
            id=run_id or uuid.uuid4().hex,
            kind=kind,
            organisation=organisation,
            started=_now(),
            finished=None,
            status="running",
        )
        with self.engine.begin() as conn:
            existing = conn.execute(sa.select(runs).where(runs.c.id == record.id)).first()
            if existing is not None:  # a re-executed Dagster step reuses its run
                return _run_record(existing)
            conn.execute(runs.insert().values(**record.__dict__))
        return record

    def finish_run(self, run_id: str, status: str) -> None:
        with self.engine.begin() as conn:
            _finish(conn, run_id, status)

    def run(self, run_id: str) -> RunRecord:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(runs).where(runs.c.id == run_id)).first()
        if row is None:
            raise StoreError(f"no run with id {run_id}")
        return _run_record(row)

    def latest_compared_run(self) -> RunRecord | None:
        """The newest run whose comparison completed (the one an export shows).

        Only a completed comparison finishes a run as "success" (`record_comparison`), also
        one that found nothing: a clean run must not leave an older report as "the latest".
        """
        query = (
            sa.select(runs)
            .where(runs.c.status == "success")
            .order_by(runs.c.finished.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _run_record(row) if row is not None else None

    # -- source scans ------------------------------------------------------------------------
    def save_source_scan(self, run_id: str, result: SourceScanResult) -> int:
        """Store one source's scan with all its findings, facts and gaps in one transaction."""
        with self.engine.begin() as conn:
            inserted = conn.execute(
                source_scans.insert().values(
                    run_id=run_id,
                    source=result.source,
                    system=result.system,
                    started=result.started,
                    finished=result.finished,
                    status=result.status,
                    items_total=result.items_total,
                    items_scanned=result.items_scanned,
                    item_kind=result.item_kind,
                )
            ).inserted_primary_key
            if inserted is None:
                raise StoreError(f"source scan of {result.source} was not stored")
            scan_id = int(inserted[0])
            if result.findings:
                conn.execute(findings.insert(), [_finding_row(scan_id, f) for f in result.findings])
            hashes = [
                {
                    "scan_id": scan_id,
                    "source": f.source,
                    "location": f.location,
                    "entity_type": f.entity_type,
                    "fingerprint": h,
                }
                for f in result.findings
                for h in f.fingerprints
            ]
            if hashes:
                conn.execute(fingerprints.insert(), hashes)
            if result.retention:
                conn.execute(
                    retention_facts.insert(), [_facts_row(scan_id, r) for r in result.retention]
                )
            if result.item_fingerprints:
                conn.execute(
                    item_states.insert(),
                    [
                        {"scan_id": scan_id, "location": location, "fingerprint": fingerprint}
                        for location, fingerprint in result.item_fingerprints.items()
                    ],
                )
            if result.gaps:
                conn.execute(
                    scan_gaps.insert(),
                    [
                        {
                            "scan_id": scan_id,
                            "source": g.source,
                            "location": g.location,
                            "reason": g.reason,
                        }
                        for g in result.gaps
                    ],
                )
        return scan_id

    def latest_scans(self, sources: Iterable[str]) -> dict[str, SourceScanRecord]:
        """The newest scan of each named source, whatever its status."""
        wanted = list(sources)
        newest = (
            sa.select(source_scans.c.source, sa.func.max(source_scans.c.id).label("id"))
            .where(source_scans.c.source.in_(wanted))
            .group_by(source_scans.c.source)
            .subquery()
        )
        query = sa.select(source_scans).join(newest, source_scans.c.id == newest.c.id)
        with self.engine.connect() as conn:
            return {row.source: _scan_record(row) for row in conn.execute(query)}

    def comparison_input(self, sources: Iterable[str]) -> Comparison:
        scans = self.latest_scans(sources)
        ids = [s.id for s in scans.values()]
        with self.engine.connect() as conn:
            found = [
                _finding(row)
                for row in conn.execute(
                    sa.select(findings).where(findings.c.scan_id.in_(ids)).order_by(findings.c.id)
                )
            ]
            facts = [
                _facts(row)
                for row in conn.execute(
                    sa.select(retention_facts)
                    .where(retention_facts.c.scan_id.in_(ids))
                    .order_by(retention_facts.c.id)
                )
            ]
            gaps = [
                ScanGap(source=row.source, location=row.location, reason=row.reason)
                for row in conn.execute(
                    sa.select(scan_gaps)
                    .where(scan_gaps.c.scan_id.in_(ids))
                    .order_by(scan_gaps.c.id)
                )
            ]
        return Comparison(scans=scans, findings=found, retention=facts, gaps=gaps)

    def sources_sharing_fingerprints(self, sources: Iterable[str]) -> dict[str, set[str]]:
        """Fingerprint -> the sources (latest scans) holding it, for fingerprints in several."""
        ids = [s.id for s in self.latest_scans(sources).values()]
        query = (
            sa.select(fingerprints.c.fingerprint, fingerprints.c.source)
            .where(fingerprints.c.scan_id.in_(ids))
            .distinct()
        )
        holders: dict[str, set[str]] = {}
        with self.engine.connect() as conn:
            for fingerprint, source in conn.execute(query):
                holders.setdefault(fingerprint, set()).add(source)
        return {f: s for f, s in holders.items() if len(s) > 1}

    # -- comparison results ------------------------------------------------------------------
    def save_comparison(
        self,
        run_id: str,
        found: Sequence[Discrepancy],
        problems: Sequence[RegisterProblem],
    ) -> None:
        with self.engine.begin() as conn:
            _save_comparison(conn, run_id, found, problems)

    def record_comparison(
        self,
        run_id: str,
        found: Sequence[Discrepancy],
        problems: Sequence[RegisterProblem],
    ) -> list[Discrepancy]:
        """Save a comparison, update the items' history and finish the run, all or nothing.

        One transaction: a run that dies half-way (the store lost, the process killed) leaves
        neither its discrepancies nor history changes behind, and the previous run stays the
        latest compared run. Returns the items resolved by this comparison.
        """
        with self.engine.begin() as conn:
            _save_comparison(conn, run_id, found, problems)
            resolved = _update_history(conn, run_id, found)
            _finish(conn, run_id, "success")
        return resolved

    # -- incremental scans ---------------------------------------------------------------------
    def previous_scan(self, source: str) -> PreviousScan | None:
        """The latest scan of `source` that did not fail, with what it found per location."""
        query = (
            sa.select(source_scans)
            .where(source_scans.c.source == source, source_scans.c.status != "failed")
            .order_by(source_scans.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
            if row is None:
                return None
            scan_id = row.id
            states = {
                r.location: r.fingerprint
                for r in conn.execute(
                    sa.select(item_states).where(item_states.c.scan_id == scan_id)
                )
            }
            hashes: dict[tuple[str, str], list[str]] = {}
            for r in conn.execute(sa.select(fingerprints).where(fingerprints.c.scan_id == scan_id)):
                hashes.setdefault((r.location, r.entity_type), []).append(r.fingerprint)
            found = [
                _finding(r, tuple(hashes.get((r.location, r.entity_type), ())))
                for r in conn.execute(sa.select(findings).where(findings.c.scan_id == scan_id))
            ]
            facts = [
                _facts(r)
                for r in conn.execute(
                    sa.select(retention_facts).where(retention_facts.c.scan_id == scan_id)
                )
            ]
        return PreviousScan(fingerprints=states, findings=found, retention=facts)

    def item_fingerprints(self, sources: Iterable[str]) -> dict[tuple[str, str], str]:
        """(source, location) -> fingerprint, from the latest scan of each source."""
        ids = {s.id: s.source for s in self.latest_scans(sources).values()}
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(item_states).where(item_states.c.scan_id.in_(ids)))
            return {(ids[r.scan_id], r.location): r.fingerprint for r in rows}

    # -- history and decisions -------------------------------------------------------------------
    def update_history(
        self, run_id: str, found: Sequence[Discrepancy]
    ) -> tuple[dict[str, ItemHistory], list[Discrepancy]]:
        """Record this comparison's items; return every item's history and the ones resolved.

        An item seen for the first time is "nieuw", one seen before "open"; an item that was
        open and is no longer observed becomes "opgelost" (and is returned once, as resolved).
        """
        with self.engine.begin() as conn:
            resolved = _update_history(conn, run_id, found)
        return self.history(), resolved

    def history(self) -> dict[str, ItemHistory]:
        """Every item's history, with the FG's decision in force (if any)."""
        in_force = self.decisions_in_force()
        with self.engine.connect() as conn:
            rows = list(conn.execute(sa.select(discrepancy_states)))
        history = {}
        for row in rows:
            decision = in_force.get(row.key)
            history[row.key] = ItemHistory(
                first_seen=_aware(row.first_seen),
                last_seen=_aware(row.last_seen),
                status=row.status,
                decision=DecisionKind(decision.decision) if decision else None,
                decided_by=decision.decided_by if decision else None,
                decided_at=decision.decided_at if decision else None,
                reason=decision.reason if decision else None,
                until=decision.until if decision else None,
            )
        return history

    def resolved_in(self, run_id: str) -> list[Discrepancy]:
        """Items that the comparison of `run_id` no longer observed."""
        query = sa.select(discrepancy_states).where(
            discrepancy_states.c.status == "opgelost",
            discrepancy_states.c.last_run_id == run_id,
        )
        with self.engine.connect() as conn:
            return [_state_discrepancy(r) for r in conn.execute(query)]

    def open_items(self) -> list[tuple[Discrepancy, ItemHistory]]:
        """Items still observed, most severe first, with their history."""
        history = self.history()
        with self.engine.connect() as conn:
            rows = list(
                conn.execute(
                    sa.select(discrepancy_states).where(discrepancy_states.c.status != "opgelost")
                )
            )
        items = [(_state_discrepancy(r), history[r.key]) for r in rows]
        order = {Severity.HOOG: 0, Severity.MIDDEL: 1, Severity.LAAG: 2}
        return sorted(items, key=lambda i: (order[i[0].severity], i[0].kind, i[0].source))

    def record_decision(
        self,
        key: str,
        decision: DecisionKind,
        *,
        decided_by: str,
        reason: str,
        until: date | None = None,
    ) -> DecisionRecord:
        """Append the FG's decision on an item; earlier decisions stay as the audit trail."""
        with self.engine.connect() as conn:
            state = conn.execute(
                sa.select(discrepancy_states).where(discrepancy_states.c.key == key)
            ).first()
        if state is None:
            raise LookupError(f"no item with key {key}")
        fingerprint = self.item_fingerprints([state.source]).get(
            (state.source, state.location or "")
        )
        record = DecisionRecord(
            key=key,
            decision=decision,
            decided_by=decided_by,
            decided_at=_now(),
            reason=reason,
            until=until,
            item_fingerprint=fingerprint,
        )
        with self.engine.begin() as conn:
            conn.execute(decisions.insert().values(**record.as_row()))
        return record

    def decision_log(self, key: str | None = None) -> list[DecisionRecord]:
        """All decisions (the audit trail), oldest first."""
        query = sa.select(decisions).order_by(decisions.c.id)
        if key is not None:
            query = query.where(decisions.c.key == key)
        with self.engine.connect() as conn:
            return [_decision(r) for r in conn.execute(query)]

    def decisions_in_force(self, today: date | None = None) -> dict[str, DecisionRecord]:
        """The latest decision per item, unless its end date passed or, for a false positive,
        the location's content changed since (then the item is judged afresh)."""
        today = today or date.today()
        latest: dict[str, DecisionRecord] = {}
        for record in self.decision_log():
            latest[record.key] = record
        with self.engine.connect() as conn:
            states = {r.key: r for r in conn.execute(sa.select(discrepancy_states))}
        current = self.item_fingerprints({s.source for s in states.values()})
        in_force = {}
        for key, record in latest.items():
            if record.until is not None and record.until < today:
                continue
            state = states.get(key)
            if record.decision == DecisionKind.VALS_POSITIEF and state is not None:
                now = current.get((state.source, state.location or ""))
                if record.item_fingerprint is None or now != record.item_fingerprint:
                    continue
            in_force[key] = record
        return in_force

    def discrepancies(self, run_id: str) -> list[Discrepancy]:
        query = (
            sa.select(discrepancies)
            .where(discrepancies.c.run_id == run_id)
            .order_by(discrepancies.c.id)
        )
        with self.engine.connect() as conn:
            return [_discrepancy(row) for row in conn.execute(query)]

    def register_problems(self, run_id: str) -> list[RegisterProblem]:
        query = (
            sa.select(register_problems)
            .where(register_problems.c.run_id == run_id)
            .order_by(register_problems.c.id)
        )
        with self.engine.connect() as conn:
            return [
                RegisterProblem(
                    row=r.row, column=r.column_name, message=r.message, check=r.check_name
                )
                for r in conn.execute(query)
            ]


def _finish(conn: sa.Connection, run_id: str, status: str) -> None:
    conn.execute(runs.update().where(runs.c.id == run_id).values(finished=_now(), status=status))


def _save_comparison(
    conn: sa.Connection,
    run_id: str,
    found: Sequence[Discrepancy],
    problems: Sequence[RegisterProblem],
) -> None:
    conn.execute(discrepancies.delete().where(discrepancies.c.run_id == run_id))
    conn.execute(register_problems.delete().where(register_problems.c.run_id == run_id))
    if found:
        conn.execute(discrepancies.insert(), [_discrepancy_row(run_id, d) for d in found])
    if problems:
        conn.execute(
            register_problems.insert(),
            [
                {
                    "run_id": run_id,
                    "row": p.row,
                    "column_name": p.column,
                    "message": p.message,
                    "check_name": p.check,
                }
                for p in problems
            ],
        )


def _update_history(
    conn: sa.Connection, run_id: str, found: Sequence[Discrepancy]
) -> list[Discrepancy]:
    """See `FindingsStore.update_history`; returns the items resolved."""
    now = _now()
    current = {d.key: d for d in found}
    known = {r.key: r for r in conn.execute(sa.select(discrepancy_states))}
    for key, item in current.items():
        values = {**_described(item), "last_seen": now, "last_run_id": run_id}
        previous = known.get(key)
        if previous is None:
            conn.execute(
                discrepancy_states.insert().values(
                    key=key, first_seen=now, status="nieuw", **values
                )
            )
        elif previous.last_run_id != run_id:  # a retried step keeps "nieuw"
            status = "nieuw" if previous.status == "opgelost" else "open"
            conn.execute(
                discrepancy_states.update()
                .where(discrepancy_states.c.key == key)
                .values(status=status, **values)
            )
    resolved: list[Discrepancy] = []
    for key, row in known.items():
        if key in current or row.status == "opgelost":
            continue
        conn.execute(
            discrepancy_states.update()
            .where(discrepancy_states.c.key == key)
            .values(status="opgelost", last_run_id=run_id)
        )
        resolved.append(_state_discrepancy(row))
    return resolved


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _run_record(row: sa.Row[tuple[object, ...]]) -> RunRecord:
    return RunRecord(
        id=row.id,
        kind=row.kind,
        organisation=row.organisation,
        started=_aware(row.started),
        finished=_aware(row.finished) if row.finished else None,
        status=row.status,
    )


def _scan_record(row: sa.Row[tuple[object, ...]]) -> SourceScanRecord:
    return SourceScanRecord(
        id=row.id,
        run_id=row.run_id,
        source=row.source,
        system=row.system,
        started=_aware(row.started),
        finished=_aware(row.finished),
        status=row.status,
        items_total=row.items_total,
        items_scanned=row.items_scanned,
        item_kind=row.item_kind,
    )


def _finding_row(scan_id: int, f: Finding) -> dict[str, object]:
    return {
        "scan_id": scan_id,
        "source": f.source,
        "location": f.location,
        "location_type": f.location_type,
        "entity_type": f.entity_type,
        "hits": f.hits,
        "sampled": f.sampled,
        "confidence": f.confidence,
        "evidence": json.dumps(list(f.evidence), ensure_ascii=False),
        "container": f.table,
    }


def _finding(row: sa.Row[tuple[object, ...]], fingerprints: tuple[str, ...] = ()) -> Finding:
    return Finding(
        source=row.source,
        location=row.location,
        location_type=row.location_type,
        entity_type=row.entity_type,
        hits=row.hits,
        sampled=row.sampled,
        confidence=row.confidence,
        evidence=tuple(json.loads(row.evidence)),
        fingerprints=fingerprints,
        table=row.container,
    )


def _facts_row(scan_id: int, r: RetentionFacts) -> dict[str, object]:
    return {
        "scan_id": scan_id,
        "source": r.source,
        "location": r.location,
        "date_column": r.date_column,
        "total": r.total,
        "oldest": r.oldest,
        "older_than": json.dumps(dict(r.older_than)),
        "date_source": r.date_source,
    }


def _facts(row: sa.Row[tuple[object, ...]]) -> RetentionFacts:
    return RetentionFacts(
        source=row.source,
        location=row.location,
        date_column=row.date_column,
        total=row.total,
        oldest=row.oldest,
        older_than=json.loads(row.older_than),
        date_source=row.date_source,
    )


def _described(d: Discrepancy) -> dict[str, object]:
    """The columns a run's discrepancy row and an item's history row share."""
    return {
        "kind": d.kind.value,
        "severity": d.severity.value,
        "source": d.source,
        "location": d.location,
        "register_entry": d.register_entry,
        "categories": json.dumps(list(d.categories)),
        "details": d.details,
    }


def _discrepancy_row(run_id: str, d: Discrepancy) -> dict[str, object]:
    return {"run_id": run_id, **_described(d), "count": d.count, "oldest": d.oldest}


def _state_discrepancy(row: sa.Row[tuple[object, ...]]) -> Discrepancy:
    """The last observed form of an item, from its history row."""
    return Discrepancy(
        kind=DiscrepancyKind(row.kind),
        severity=Severity(row.severity),
        source=row.source,
        location=row.location,
        register_entry=row.register_entry,
        categories=tuple(json.loads(row.categories)),
        count=None,
        oldest=None,
        details=row.details,
    )


def _decision(row: sa.Row[tuple[object, ...]]) -> DecisionRecord:
    return DecisionRecord(
        key=row.key,
        decision=DecisionKind(row.decision),
        decided_by=row.decided_by,
        decided_at=_aware(row.decided_at),
        reason=row.reason,
        until=row.until,
        item_fingerprint=row.item_fingerprint,
    )


def _discrepancy(row: sa.Row[tuple[object, ...]]) -> Discrepancy:
    oldest = row.oldest
    return Discrepancy(
        kind=DiscrepancyKind(row.kind),
        severity=Severity(row.severity),
        source=row.source,
        location=row.location,
        register_entry=row.register_entry,
        categories=tuple(json.loads(row.categories)),
        count=row._mapping["count"],  # Row.count is tuple.count
        oldest=oldest if isinstance(oldest, date) or oldest is None else None,
        details=row.details,
    )
