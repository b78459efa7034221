"""The privacy officer's audit trail: who searched for whom (as keyed hashes), when and why.

One row per `locate` or `incident` request, in the findings store's database, in a table of its
own (`avgscan_privacy_requests`, created here, not by `pipelines.store`). It holds the keyed
hashes (`scanners.fingerprint`) of the supplied identifiers, never the identifiers: with the key
the trail shows that a given BSN was searched for, without the key nothing can be read from it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

PURPOSES = ("inzage", "rectificatie", "vergetelheid", "beperking", "overdraagbaarheid", "datalek")

metadata = sa.MetaData()

privacy_requests = sa.Table(
    "avgscan_privacy_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),  # locate, incident
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("requested_by", sa.String(200), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sources", sa.Text, nullable=False),  # JSON list of the sources searched
    sa.Column("fingerprints", sa.Text, nullable=False),  # JSON {entity type: [hex HMAC, ...]}
    sa.Column("hits", sa.Integer, nullable=False),  # locations found
    sa.Column("scope", sa.Text),  # an incident's scope, as the officer gave it
)


@dataclass(frozen=True)
class AuditRecord:
    id: int
    kind: str
    purpose: str
    requested_by: str
    requested_at: datetime
    sources: tuple[str, ...]
    fingerprints: Mapping[str, tuple[str, ...]]
    hits: int
    scope: str | None


class AuditTrail:
    """The trail on `engine` (the findings store's); its table is created on first use."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def record(
        self,
        *,
        kind: str,
        purpose: str,
        requested_by: str,
        sources: Sequence[str],
        fingerprints: Mapping[str, Sequence[str]],
        hits: int,
        scope: str | None = None,
    ) -> AuditRecord:
        if purpose not in PURPOSES:
            raise ValueError(f"unknown purpose '{purpose}' (known: {', '.join(PURPOSES)})")
        if not requested_by.strip():
            raise ValueError("say who makes the request (--by)")
        now = datetime.now(UTC)
        hashes = {k: sorted(v) for k, v in sorted(fingerprints.items())}
        with self.engine.begin() as conn:
            inserted = conn.execute(
                privacy_requests.insert().values(
                    kind=kind,
                    purpose=purpose,
                    requested_by=requested_by.strip(),
                    requested_at=now,
                    sources=json.dumps(list(sources)),
                    fingerprints=json.dumps(hashes),
                    hits=hits,
                    scope=scope,
                )
            ).inserted_primary_key
        assert inserted is not None
        return AuditRecord(
            id=int(inserted[0]),
            kind=kind,
            purpose=purpose,
            requested_by=requested_by.strip(),
            requested_at=now,
            sources=tuple(sources),
            fingerprints={k: tuple(v) for k, v in hashes.items()},
            hits=hits,
            scope=scope,
        )

    def log(self) -> list[AuditRecord]:
        """Every request, oldest first."""
        with self.engine.connect() as conn:
            rows = list(conn.execute(sa.select(privacy_requests).order_by(privacy_requests.c.id)))
        return [
            AuditRecord(
                id=r.id,
                kind=r.kind,
                purpose=r.purpose,
                requested_by=r.requested_by,
                requested_at=r.requested_at
                if r.requested_at.tzinfo
                else r.requested_at.replace(tzinfo=UTC),
                sources=tuple(json.loads(r.sources)),
                fingerprints={k: tuple(v) for k, v in json.loads(r.fingerprints).items()},
                hits=r.hits,
                scope=r.scope,
            )
            for r in rows
        ]
