"""Scan one configured source: connector → scanner → findings, retention facts and gaps.

Dagster-free, so the CLI, the Dagster assets and the tests share it. A table or file that
cannot be read becomes a `ScanGap` and the scan goes on; a source that cannot be reached at all
becomes a failed scan with one gap for the whole source. Reasons name the item and the kind of
error, never a value or a secret.
"""

from __future__ import annotations

import fnmatch
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from presidio_analyzer import AnalyzerEngine

from connectors import ConnectorError, LocalFileStore, SqlDataStore, choose_date_column
from connectors.base import DataStore, FileRef, FileStore, TableRef
from pipelines.config import DatabaseSource, FilesSource
from pipelines.results import SourceScanResult
from register_sync.models import RetentionFacts, ScanGap
from register_sync.retention import ladder_cutoffs
from scanners import ScanError, scan_text, scan_values
from scanners.findings import EntityFinding, Finding

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # done, total, current item
_sleep = time.sleep  # module-level so tests can record back-offs instead of waiting


def scan_source(
    source: DatabaseSource | FilesSource,
    analyzer: AnalyzerEngine,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    sleep: Callable[[float], None] | None = None,
    hmac_key: bytes | None = None,
) -> SourceScanResult:
    """Scan one source; never raises for problems of the source itself.

    A source that cannot be reached at all is tried again `source.retries` times with an
    exponential backoff from `source.retry_delay_s`: transient outages should not become gaps.
    """
    today = today or date.today()
    started = time.monotonic()
    for attempt in range(source.retries + 1):
        result = _scan_once(source, _Scanner(analyzer, hmac_key), today, progress)
        if not result.failed or attempt == source.retries:
            break
        delay = source.retry_delay_s * 2**attempt
        log.warning(
            "source %s not reachable (attempt %d of %d); retrying in %.0f s",
            source.name,
            attempt + 1,
            source.retries + 1,
            delay,
        )
        (sleep or _sleep)(delay)
    result.finished = _now()
    log.info(
        "scanned source %s: %s, %d of %d %s, %d findings, %d gaps, %.1f s",
        source.name,
        result.status,
        result.items_scanned,
        result.items_total,
        result.item_kind,
        len(result.findings),
        len(result.gaps),
        time.monotonic() - started,
    )
    return result


@dataclass(frozen=True)
class _Scanner:
    """The analyzer with the fingerprint key: what every table and file is scanned with."""

    analyzer: AnalyzerEngine
    hmac_key: bytes | None

    def values(self, values: list[str], *, context: list[str]) -> list[EntityFinding]:
        return scan_values(self.analyzer, values, context=context, hmac_key=self.hmac_key)

    def text(self, text: str) -> list[EntityFinding]:
        return scan_text(self.analyzer, text, hmac_key=self.hmac_key)


def _scan_once(
    source: DatabaseSource | FilesSource,
    scanner: _Scanner,
    today: date,
    progress: Progress | None,
) -> SourceScanResult:
    kind: Literal["tables", "files"] = "tables" if isinstance(source, DatabaseSource) else "files"
    result = SourceScanResult(source.name, source.system, kind, _now())
    try:
        if isinstance(source, DatabaseSource):
            _scan_database_source(source, scanner, result, today, progress)
        else:
            _scan_files_source(source, scanner, result, today, progress)
    except Exception as exc:  # a source must never take the others down with it
        _fail(result, f"bron '{source.name}' afgebroken: {_reason(exc)}")
        log.warning("source %s aborted: %s", source.name, type(exc).__name__)
    return result


def _scan_database_source(
    source: DatabaseSource,
    scanner: _Scanner,
    result: SourceScanResult,
    today: date,
    progress: Progress | None,
) -> None:
    try:
        store = SqlDataStore(
            source.url,
            include=source.include,
            exclude=source.exclude,
            statement_timeout_s=source.statement_timeout_s,
        )
    except ConnectorError as exc:
        _fail(result, str(exc))
        return
    try:
        _scan_database(source, store, scanner, result, today, progress)
    finally:
        store.close()


def _scan_files_source(
    source: FilesSource,
    scanner: _Scanner,
    result: SourceScanResult,
    today: date,
    progress: Progress | None,
) -> None:
    if "://" in source.path:
        _fail(result, f"file share scheme of '{source.name}' is not supported yet")
        return
    files = LocalFileStore(
        source.path, exclude=source.exclude, max_bytes=source.max_file_mb * 1024 * 1024
    )
    _scan_files(source, files, scanner, result, today, progress)


def _fail(result: SourceScanResult, reason: str) -> None:
    result.failed = True
    result.gaps.append(ScanGap(source=result.source, location=None, reason=reason))


def _scan_database(
    source: DatabaseSource,
    store: DataStore,
    scanner: _Scanner,
    result: SourceScanResult,
    today: date,
    progress: Progress | None,
) -> None:
    try:
        tables = store.list_tables()
    except ConnectorError as exc:
        _fail(result, str(exc))
        return
    result.items_total = len(tables)
    cutoffs = ladder_cutoffs(today)
    for done, table in enumerate(tables):
        if progress:
            progress(done, len(tables), table.qualified)
        try:
            samples = store.sample(table, limit=source.sample_rows)
            found = _classify_columns(source.name, table, samples, scanner)
            if found:
                column = choose_date_column(table, _configured_date_column(source, table))
                if column is not None:
                    facts = store.date_facts(table, column, cutoffs=cutoffs)
                    result.retention.append(
                        RetentionFacts(
                            source=source.name,
                            location=table.qualified,
                            date_column=column,
                            total=facts.total,
                            oldest=facts.oldest,
                            older_than=dict(facts.older_than),
                        )
                    )
        except Exception as exc:  # one table's failure is a gap, the scan goes on
            result.gaps.append(ScanGap(source.name, table.qualified, _reason(exc)))
            continue
        result.findings.extend(found)
        result.items_scanned += 1
    if progress:
        progress(len(tables), len(tables), "")


def _classify_columns(
    source: str, table: TableRef, samples: dict[str, list[str]], scanner: _Scanner
) -> list[Finding]:
    found: list[Finding] = []
    for column, values in samples.items():
        if not values:
            continue
        for entity in scanner.values(values, context=[column, table.name]):
            found.append(Finding.at(source, f"{table.qualified}.{column}", "column", entity))
    return found


def _configured_date_column(source: DatabaseSource, table: TableRef) -> str | None:
    for pattern, column in source.retention_date_columns.items():
        if fnmatch.fnmatchcase(table.qualified, pattern) or fnmatch.fnmatchcase(
            table.name, pattern
        ):
            return column
    return None


def _scan_files(
    source: FilesSource,
    store: FileStore,
    scanner: _Scanner,
    result: SourceScanResult,
    today: date,
    progress: Progress | None,
) -> None:
    try:
        refs = [ref for ref in store.list_files() if _included(ref, source.include)]
    except (ConnectorError, OSError) as exc:
        _fail(result, f"share of '{source.name}' cannot be listed ({_reason(exc)})")
        return
    result.items_total = len(refs)
    result.gaps.extend(ScanGap(source.name, folder, reason) for folder, reason in store.skipped)
    cutoffs = ladder_cutoffs(today)
    for done, ref in enumerate(refs):
        if progress:
            progress(done, len(refs), ref.path)
        try:
            extracted = store.read_text(ref)
            entities = scanner.text(extracted.text)
        except Exception as exc:  # one file's failure is a gap, the scan goes on
            result.gaps.append(ScanGap(source.name, ref.path, _reason(exc)))
            continue
        result.items_scanned += 1
        if not entities:
            continue
        result.findings.extend(Finding.at(source.name, ref.path, "file", e) for e in entities)
        modified = ref.modified.date()
        result.retention.append(
            RetentionFacts(
                source=source.name,
                location=ref.path,
                date_column="modified",
                total=1,
                oldest=modified,
                older_than={label: int(modified < cut) for label, cut in cutoffs.items()},
            )
        )
    if progress:
        progress(len(refs), len(refs), "")


def _included(ref: FileRef, include: Sequence[str]) -> bool:
    return not include or any(fnmatch.fnmatchcase(ref.path, pattern) for pattern in include)


def _reason(exc: BaseException) -> str:
    """A reason safe to store and show: our own errors' messages are written without values;
    anything else may quote data, so only its type is kept."""
    if isinstance(exc, ConnectorError | ScanError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"onverwachte fout ({type(exc).__name__})"


def _now() -> datetime:
    return datetime.now(UTC)
