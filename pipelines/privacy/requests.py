"""A privacy officer's request from start to end: search, report, audit trail.

The CLI and the Dagster job both call these, so a request behaves the same from either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pipelines.config import AvgscanConfig, ConfigError
from pipelines.keys import HMAC_KEY_ENV
from pipelines.privacy.audit import PURPOSES, AuditRecord, AuditTrail
from pipelines.privacy.identifiers import SubjectIdentifiers
from pipelines.privacy.incident import IncidentAssessment, IncidentScope, assess_incident
from pipelines.privacy.locate import DEFAULT_FREE_TEXT_ROWS, LocateResult, locate_person
from pipelines.privacy.report import write_incident_report, write_locate_report
from pipelines.runner import load_register_safely
from pipelines.store import FindingsStore


def answer_locate_request(
    config: AvgscanConfig,
    identifiers: SubjectIdentifiers,
    *,
    key: bytes | None,
    requested_by: str,
    purpose: str,
    out_dir: Path,
    sources: Sequence[str] = (),
    free_text: bool = False,
    free_text_rows: int = DEFAULT_FREE_TEXT_ROWS,
) -> tuple[LocateResult, list[Path], AuditRecord]:
    """Locate the person, write `opvraging.html/json` to `out_dir`, record the request.

    The key is required: the audit trail holds keyed hashes of what was searched for, and
    files are found through the scans' fingerprints."""
    if key is None:
        raise ConfigError(
            f"{HMAC_KEY_ENV} is not set: locate needs the key the scans used (audit trail and "
            "files are searched by keyed hashes)"
        )
    if purpose not in PURPOSES or purpose == "datalek":
        raise ConfigError(f"purpose must be one of {', '.join(PURPOSES[:-1])}")
    register, catalog = load_register_safely(config)
    with FindingsStore(config.store) as store:
        result = locate_person(
            config,
            store,
            identifiers,
            key=key,
            entries=register.entries,
            catalog=catalog,
            sources=sources,
            free_text=free_text,
            free_text_rows=free_text_rows,
        )
        written = write_locate_report(result, out_dir, purpose=purpose, requested_by=requested_by)
        record = AuditTrail(store.engine).record(
            kind="locate",
            purpose=purpose,
            requested_by=requested_by,
            sources=[s.source for s in result.sources],
            fingerprints={k: sorted(v) for k, v in identifiers.fingerprints(key).items()},
            hits=len(result.items),
        )
    return result, written, record


def answer_incident(
    config: AvgscanConfig,
    scope: IncidentScope,
    *,
    discovered_at: datetime,
    requested_by: str,
    out_dir: Path,
) -> tuple[IncidentAssessment, list[Path], AuditRecord]:
    """Size the incident, write `datalek.html/json` to `out_dir`, record the request."""
    _, catalog = load_register_safely(config)
    with FindingsStore(config.store) as store:
        assessment = assess_incident(
            config, store, scope, discovered_at=discovered_at, catalog=catalog
        )
        written = write_incident_report(assessment, out_dir, requested_by=requested_by)
        record = AuditTrail(store.engine).record(
            kind="incident",
            purpose="datalek",
            requested_by=requested_by,
            sources=sorted({loc.source for loc in assessment.locations}),
            fingerprints={},
            hits=len(assessment.locations),
            scope=assessment.scope,
        )
    return assessment, written, record
