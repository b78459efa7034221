"""The pipeline's stages as plain functions: scan sources, compare with the register, report.

The Dagster assets and the CLI both call these, so a scan behaves the same from the UI, the
schedule, the command line and the tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from presidio_analyzer import AnalyzerEngine

from pipelines.config import AvgscanConfig, DatabaseSource, FilesSource
from pipelines.politeness import ServerBusyError, server_of, server_slot
from pipelines.results import SourceScanResult
from pipelines.scanning import Progress, failed_scan, scan_source
from pipelines.store import FindingsStore, RunRecord
from pipelines.workers import AnalyzerSettings, scan_in_workers
from register_sync import (
    CategoryCatalog,
    CoverageRow,
    RegisterError,
    RegisterImport,
    ReportRun,
    compare,
    load_catalog,
    load_register,
    write_report,
)
from register_sync.models import (
    Discrepancy,
    RegisterProblem,
    ScanGap,
    Severity,
    SourceBinding,
)

log = logging.getLogger(__name__)

REPORT_FORMATS = ("json", "csv", "html", "xlsx")


@dataclass(frozen=True)
class ComparisonResult:
    run: RunRecord
    discrepancies: list[Discrepancy]
    problems: list[RegisterProblem]


def scan_sources(
    config: AvgscanConfig,
    analyzer: AnalyzerEngine | AnalyzerSettings,
    store: FindingsStore,
    run_id: str,
    names: Sequence[str],
    *,
    today: date | None = None,
    progress_for: Callable[[DatabaseSource | FilesSource], Progress | None] | None = None,
    hmac_key: bytes | None = None,
    full_rescan: bool = False,
    workers: int = 1,
) -> list[SourceScanResult]:
    """Scan the named sources and store each scan as it completes; results in `names` order.

    With `workers` 1 the sources are scanned one after another in this process. With more they
    are scanned in that many worker processes (`pipelines.workers`), each source in that many
    parts side by side, so that one large source keeps them all busy; each worker builds its
    own analyzer once: `analyzer` must then be the `AnalyzerSettings` to build it from, not a
    built engine. Either way every source waits for a scan slot on its server
    (`max_scans_per_server`), and a source that fails, or whose worker dies, is a failed scan
    while the others go on.

    Tables and files unchanged since a source's last good scan are carried over unless
    `full_rescan`."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if workers > 1:
        if not isinstance(analyzer, AnalyzerSettings):
            raise TypeError(
                "scan_sources with workers > 1 needs AnalyzerSettings: every worker process "
                "builds its own analyzer from them"
            )
        return scan_in_workers(
            config,
            analyzer,
            store,
            run_id,
            names,
            workers=workers,
            today=today,
            progress_for=progress_for,
            hmac_key=hmac_key,
            full_rescan=full_rescan,
        )
    engine = analyzer.build() if isinstance(analyzer, AnalyzerSettings) else analyzer
    results = []
    for name in names:
        source = config.source(name)
        progress = progress_for(source) if progress_for else None
        result = scan_politely(
            config,
            store,
            source,
            engine,
            today=today,
            progress=progress,
            hmac_key=hmac_key,
            previous=None if full_rescan else store.previous_scan(name),
        )
        store.save_source_scan(run_id, result)
        results.append(result)
    return results


def scan_politely(
    config: AvgscanConfig,
    store: FindingsStore,
    source: DatabaseSource | FilesSource,
    analyzer: AnalyzerEngine,
    **options: Any,
) -> SourceScanResult:
    """`scan_source` within one of the server's scan slots (`max_scans_per_server`)."""
    try:
        with server_slot(store.engine, server_of(source), limit=config.max_scans_per_server):
            return scan_source(source, analyzer, **options)
    except ServerBusyError as exc:
        return failed_scan(source, str(exc))


def load_register_safely(config: AvgscanConfig) -> tuple[RegisterImport, CategoryCatalog]:
    """The register, or an empty one with the reason as a problem: a report is always made."""
    catalog = load_catalog(config.register_config.categories)
    try:
        register = load_register(
            config.register_config.path,
            catalog=catalog,
            columns=config.register_config.columns or None,
            selectielijst=config.register_config.selectielijst,
            declared_systems=[s.system for s in config.sources],
        )
        return register, catalog
    except (RegisterError, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        problem = RegisterProblem(row=0, column=None, message=f"register niet ingelezen: {reason}")
        return RegisterImport(entries=(), problems=(problem,)), catalog


def compare_latest(config: AvgscanConfig, store: FindingsStore, run_id: str) -> ComparisonResult:
    """Compare the latest scan of every source with the register, store it, finish the run."""
    register, catalog = load_register_safely(config)
    names = [s.name for s in config.sources]
    basis = store.comparison_input(names)
    bindings = [
        SourceBinding(source=s.name, system=s.system, activities=dict(s.activities))
        for s in config.sources
    ]
    gaps = list(basis.gaps)
    gaps.extend(
        ScanGap(source=name, location=None, reason="bron is nog nooit gescand")
        for name in names
        if name not in basis.scans
    )
    complete = [name for name, scan in basis.scans.items() if scan.status == "success"]
    found = compare(
        basis.findings,
        register.entries,
        bindings=bindings,
        catalog=catalog,
        retention=basis.retention,
        gaps=gaps,
        today=date.today(),
        scanned_sources=complete,
    )
    # All or nothing: a run that loses the store here leaves the previous run the latest.
    store.record_comparison(run_id, found, register.problems)
    log.info(
        "compared %d findings with %d register entries: %d discrepancies (%d hoog)",
        len(basis.findings),
        len(register.entries),
        len(found),
        sum(1 for d in found if d.severity == Severity.HOOG),
    )
    return ComparisonResult(store.run(run_id), found, list(register.problems))


def export(
    config: AvgscanConfig,
    store: FindingsStore,
    out_dir: Path,
    formats: Sequence[str] = REPORT_FORMATS,
    *,
    run_id: str | None = None,
) -> list[Path]:
    """Write the outputs of a compared run (the newest by default) in the formats asked for."""
    run = store.run(run_id) if run_id else store.latest_compared_run()
    if run is None:
        raise LookupError("the findings store holds no compared run yet: run a scan first")
    catalog = load_catalog(config.register_config.categories)
    basis = store.comparison_input([s.name for s in config.sources])
    return write_report(
        out_dir,
        formats=formats,
        run=report_run(run),
        findings=basis.findings,
        discrepancies=store.discrepancies(run.id),
        coverage=coverage_rows(config, store),
        problems=store.register_problems(run.id),
        catalog=catalog,
        history=store.history(),
        resolved=store.resolved_in(run.id),
    )


def latest_report_dir(config: AvgscanConfig) -> Path:
    """Where the nightly job writes the FG report and its JSON companions."""
    return config.reports / "latest"


def scan_coverage(config: AvgscanConfig, store: FindingsStore) -> tuple[int, int]:
    """(scanned, total) tables and files over the latest scan of every configured source;
    a source never scanned, or that could not be listed, counts as one unscanned item."""
    scans = store.latest_scans(s.name for s in config.sources)
    scanned = total = 0
    for source in config.sources:
        scan = scans.get(source.name)
        if scan is None or (scan.status == "failed" and scan.items_total == 0):
            total += 1
            continue
        scanned += scan.items_scanned
        total += scan.items_total
    return scanned, total


def coverage_rows(config: AvgscanConfig, store: FindingsStore) -> list[CoverageRow]:
    scans = store.latest_scans(s.name for s in config.sources)
    rows = []
    for source in config.sources:
        scan = scans.get(source.name)
        if scan is None:
            rows.append(CoverageRow(source.name, source.system, "niet gescand", 0, 0, 0, 0))
            continue
        tables = scan.item_kind == "tables"
        rows.append(
            CoverageRow(
                source=source.name,
                system=source.system,
                status=_STATUS_NL.get(scan.status, scan.status),
                tables_scanned=scan.items_scanned if tables else 0,
                tables_total=scan.items_total if tables else 0,
                files_scanned=0 if tables else scan.items_scanned,
                files_total=0 if tables else scan.items_total,
                note=f"laatste scan {scan.finished:%Y-%m-%d %H:%M} UTC",
            )
        )
    return rows


_STATUS_NL = {"success": "volledig", "partial": "gedeeltelijk", "failed": "mislukt"}


def report_run(run: RunRecord) -> ReportRun:
    return ReportRun(
        id=run.id,
        organisation=run.organisation,
        started=run.started,
        finished=run.finished,
        kind=run.kind,
        status=run.status,
    )
