"""Scan one configured source: connector → scanner → findings, retention facts and gaps.

Dagster-free, so the CLI, the Dagster assets and the tests share it. A table or file that
cannot be read becomes a `ScanGap` and the scan goes on; a source that cannot be reached at all
becomes a failed scan with one gap for the whole source. Reasons name the item and the kind of
error, never a value or a secret.
"""

from __future__ import annotations

import fnmatch
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Literal

from presidio_analyzer import AnalyzerEngine

from connectors import (
    ConnectorError,
    LocalFileStore,
    SmbFileStore,
    SqlDataStore,
    extract_text,
    file_fingerprint,
    same_content,
    same_metadata,
)
from connectors.base import DataStore, ExtractedText, FileRef, FileStore, TableRef
from connectors.sql import date_column_choice
from pipelines.config import DatabaseSource, FilesSource
from pipelines.results import WHOLE, Part, SourceScanResult
from pipelines.store import PreviousScan
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
    previous: PreviousScan | None = None,
    part: Part = WHOLE,
) -> SourceScanResult:
    """Scan one source, or one `part` of it; never raises for problems of the source itself.

    A source that cannot be reached at all is tried again `source.retries` times with an
    exponential backoff from `source.retry_delay_s`: transient outages should not become gaps.
    With `previous` (the last good scan), unchanged tables and files are not read again.
    A part scans only the tables or files it holds (`Part.holds`); `merge_parts` joins the
    parts' results into the source's scan (`pipelines.workers` scans them side by side).
    """
    today = today or date.today()
    started = time.monotonic()
    which = f" ({part})" if part.count > 1 else ""
    log.debug("scanning source %s%s", source.name, which)
    scanner = _Scanner(analyzer, hmac_key)
    for attempt in range(source.retries + 1):
        result = _scan_once(source, scanner, today, progress, previous, part)
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
        "scanned source %s%s: %s, %d of %d %s, %d findings, %d gaps, %.1f s",
        source.name,
        which,
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
    previous: PreviousScan | None,
    part: Part,
) -> SourceScanResult:
    result = new_result(source)
    job = _SourceScan(source, scanner, result, ladder_cutoffs(today), progress, previous, part)
    try:
        if isinstance(source, DatabaseSource):
            job.database(source)
        else:
            job.files(source)
    except Exception as exc:  # a source must never take the others down with it
        _fail(result, f"bron '{source.name}' afgebroken: {_reason(exc)}")
        log.warning("source %s aborted: %s", source.name, type(exc).__name__)
    return result


def new_result(source: DatabaseSource | FilesSource) -> SourceScanResult:
    """An empty result for one scan of `source`, started now."""
    kind: Literal["tables", "files"] = "tables" if isinstance(source, DatabaseSource) else "files"
    return SourceScanResult(source.name, source.system, kind, _now())


def failed_scan(source: DatabaseSource | FilesSource, reason: str) -> SourceScanResult:
    """A finished scan of `source` that could not start: the whole source is one gap."""
    result = new_result(source)
    _fail(result, reason)
    result.finished = result.started
    return result


def _fail(result: SourceScanResult, reason: str) -> None:
    result.failed = True
    result.gaps.append(ScanGap(source=result.source, location=None, reason=reason))


@dataclass
class _SourceScan:
    """One attempt at one source. Items whose connector fingerprint equals the previous good
    scan's are not read again: their findings are carried over (`previous`, None for a full
    rescan); retention facts are always computed afresh, since data ages without changing.
    Only the items of `part` are scanned (and counted in `items_total`)."""

    source: DatabaseSource | FilesSource
    scanner: _Scanner
    result: SourceScanResult
    cutoffs: dict[str, date]
    progress: Progress | None
    previous: PreviousScan | None
    part: Part = WHOLE

    # -- databases ---------------------------------------------------------------------------
    def database(self, source: DatabaseSource) -> None:
        try:
            store = SqlDataStore(
                source.url,
                include=source.include,
                exclude=source.exclude,
                statement_timeout_s=source.statement_timeout_s,
                only=self.part.holds,
            )
        except ConnectorError as exc:
            _fail(self.result, _reason(exc))
            return
        try:
            tables = store.list_tables()  # the part's own (`only`)
        except ConnectorError as exc:
            _fail(self.result, _reason(exc))
            store.close()
            return
        self.result.items_total = len(tables)
        try:
            for done, table in enumerate(tables):
                self._tick(done, len(tables), table.qualified)
                try:
                    self._table(source, store, table)
                except Exception as exc:  # one table's failure is a gap, the scan goes on
                    self.result.gaps.append(ScanGap(source.name, table.qualified, _reason(exc)))
        finally:
            store.close()
        self._tick(len(tables), len(tables), "")

    def _table(self, source: DatabaseSource, store: DataStore, table: TableRef) -> None:
        self.result.binary_columns += len(table.columns_of("binary"))
        fingerprint = store.fingerprint(table)
        if self._unchanged(table.qualified, fingerprint):
            found = self.previous.findings_in(table.qualified) if self.previous else []
            self.result.reused += 1
        else:
            samples = store.sample(table, limit=source.sample_rows)
            found = _classify_columns(source.name, table, samples, self.scanner)
        if found:
            choice = date_column_choice(table, _configured_date_column(source, table))
            if choice.column is not None:
                facts = store.date_facts(table, choice.column, cutoffs=self.cutoffs)
                self.result.retention.append(
                    RetentionFacts(
                        source=source.name,
                        location=table.qualified,
                        date_column=choice.column,
                        total=facts.total,
                        oldest=facts.oldest,
                        older_than=dict(facts.older_than),
                        date_source="configured" if choice.reason == "configured" else None,
                    )
                )
        self.result.findings.extend(found)
        self.result.item_fingerprints[table.qualified] = fingerprint
        self.result.items_scanned += 1

    # -- file shares -------------------------------------------------------------------------
    def files(self, source: FilesSource) -> None:
        store = _file_store(source)
        try:
            try:
                refs = [
                    ref
                    for ref in store.list_files()
                    if _included(ref, source.include) and self.part.holds(ref.path)
                ]
            except (ConnectorError, OSError) as exc:
                _fail(self.result, f"share of '{source.name}' cannot be listed ({_reason(exc)})")
                return
            self.result.items_total = len(refs)
            self.result.gaps.extend(
                ScanGap(source.name, folder, reason) for folder, reason in store.skipped
            )
            for done, ref in enumerate(refs):
                self._tick(done, len(refs), ref.path)
                try:
                    self._file(source, store, ref)
                except Exception as exc:  # one file's failure is a gap, the scan goes on
                    self.result.gaps.append(ScanGap(source.name, ref.path, _reason(exc)))
            self._tick(len(refs), len(refs), "")
        finally:
            close = getattr(store, "close", None)
            if close is not None:
                close()

    def _file(self, source: FilesSource, store: FileStore, ref: FileRef) -> None:
        stored = self.previous.fingerprints.get(ref.path) if self.previous else None
        key = self.scanner.hmac_key
        if self.previous is not None and same_metadata(stored, ref):
            self._carry_over(ref.path, stored or "")
            return
        data = store.read_bytes(ref)
        if self.previous is not None and same_content(stored, data, key=key):
            self._carry_over(ref.path, file_fingerprint(ref, data, key=key))
            return
        extracted = extract_text(data)
        entities = self.scanner.text(extracted.text)
        for part in extracted.unscanned_parts:
            where = f"{ref.path} » {part.name}"
            self.result.gaps.append(ScanGap(source.name, where, part.error or "niet gescand"))
        self.result.item_fingerprints[ref.path] = file_fingerprint(ref, data, key=key)
        self.result.items_scanned += 1
        if not entities:
            return
        self.result.findings.extend(Finding.at(source.name, ref.path, "file", e) for e in entities)
        self.result.retention.append(self._file_facts(source.name, ref, extracted))

    def _carry_over(self, path: str, fingerprint: str) -> None:
        assert self.previous is not None
        found = self.previous.findings_in(path)
        self.result.findings.extend(found)
        facts = self.previous.retention_of(path)
        if found and facts is not None and facts.oldest is not None:
            older = {label: int(facts.oldest < cut) for label, cut in self.cutoffs.items()}
            self.result.retention.append(replace(facts, older_than=older))
        self.result.item_fingerprints[path] = fingerprint
        self.result.items_scanned += 1
        self.result.reused += 1

    def _file_facts(self, source: str, ref: FileRef, extracted: ExtractedText) -> RetentionFacts:
        """Retention of a file runs from its last activity: the later of its modification time
        and the document's own creation date (which survives copying); the report says which."""
        modified = ref.modified.date()
        created = extracted.created.date() if extracted.created else None
        kind: Literal["created", "file"]
        if created is not None and created > modified:
            used, column, kind = created, f"aanmaakdatum ({extracted.created_source})", "created"
        else:
            used, column, kind = modified, "modified", "file"
        return RetentionFacts(
            source=source,
            location=ref.path,
            date_column=column,
            total=1,
            oldest=used,
            older_than={label: int(used < cut) for label, cut in self.cutoffs.items()},
            date_source=kind,
        )

    # -- shared ------------------------------------------------------------------------------
    def _unchanged(self, location: str, fingerprint: str) -> bool:
        return (
            self.previous is not None
            and location in self.previous.fingerprints
            and self.previous.fingerprints[location] == fingerprint
        )

    def _tick(self, done: int, total: int, item: str) -> None:
        if self.progress:
            self.progress(done, total, item)


def _file_store(source: FilesSource) -> FileStore:
    max_bytes = source.max_file_mb * 1024 * 1024
    if source.path.startswith("smb://"):
        return SmbFileStore(
            source.path,
            username=source.username,
            password=source.password.get_secret_value() if source.password else None,
            exclude=source.exclude,
            max_bytes=max_bytes,
        )
    if "://" in source.path:
        raise ConnectorError(f"'{source.name}': only local folders and smb:// shares are supported")
    return LocalFileStore(source.path, exclude=source.exclude, max_bytes=max_bytes)


def _classify_columns(
    source: str, table: TableRef, samples: dict[str, list[str]], scanner: _Scanner
) -> list[Finding]:
    found: list[Finding] = []
    for column, values in samples.items():
        if not values:
            continue
        for entity in scanner.values(values, context=[column, table.name]):
            location = f"{table.qualified}.{column}"
            found.append(Finding.at(source, location, "column", entity, table=table.qualified))
    return found


def _configured_date_column(source: DatabaseSource, table: TableRef) -> str | None:
    for pattern, column in source.retention_date_columns.items():
        if fnmatch.fnmatchcase(table.qualified, pattern) or fnmatch.fnmatchcase(
            table.name, pattern
        ):
            return column
    return None


def _included(ref: FileRef, include: Sequence[str]) -> bool:
    return not include or any(fnmatch.fnmatchcase(ref.path, pattern) for pattern in include)


def _reason(exc: BaseException) -> str:
    """A reason safe to store and show: our own errors' messages are written without values;
    anything else may quote data, so only its type is kept."""
    if isinstance(exc, ConnectorError | ScanError):
        return _with_hint(str(exc))
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"onverwachte fout ({type(exc).__name__})"


# What the database errors a scan meets most mean, in the FG's words. The connector's message
# names the error class and SQLSTATE (PostgreSQL) or error number (MariaDB/MySQL) only.
_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"SQLSTATE 57014|error (1969|3024)\b"), "tijdslimiet per query overschreden"),
    (re.compile(r"SQLSTATE 42501|error (1142|1143|1044)\b"), "geen leesrecht voor het scanaccount"),
    (re.compile(r"SQLSTATE 42P01|error 1146\b"), "tabel bestaat niet meer"),
    (re.compile(r"SQLSTATE 28...|error 1045\b"), "aanmelden geweigerd (account of wachtwoord)"),
    (
        # class 08 and admin shutdown; psycopg reports a failed connect without a SQLSTATE
        re.compile(r"SQLSTATE (08...|57P0[123])|error (2002|2003|2006|2013)\b|/OperationalError$"),
        "geen verbinding met de database (verbroken of geweigerd)",
    ),
)


def _with_hint(message: str) -> str:
    hint = next((text for pattern, text in _HINTS if pattern.search(message)), None)
    return f"{hint}: {message}" if hint else message


def _now() -> datetime:
    return datetime.now(UTC)
