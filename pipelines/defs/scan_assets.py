"""Findings per source: connector → scanner → findings store. Metadata holds counts only."""

import time
from collections import Counter

import dagster as dg
from pydantic import Field

from pipelines.config import AvgscanConfig, DatabaseSource
from pipelines.defs.partitions import sources_partitions_def
from pipelines.defs.resources import AnalyzerResource, AvgscanResource
from pipelines.runner import scan_sources
from pipelines.workers import AnalyzerSettings
from register_sync import load_catalog


class ScanOptions(dg.Config):
    """What a data steward may narrow in the launchpad; empty means as configured."""

    include: list[str] = Field(
        default_factory=list,
        description="Only these tables (schema.table globs) or files (path globs).",
    )
    sample_rows: int | None = Field(
        default=None, ge=1, le=100_000, description="Rows sampled per table (databases)."
    )
    full_rescan: bool = Field(
        default=False,
        description="Read every table and file again, also the ones unchanged since last time.",
    )


@dg.asset(
    partitions_def=sources_partitions_def,
    backfill_policy=dg.BackfillPolicy.single_run(),  # the nightly run scans every source
    # Scan problems are recorded, not raised: a retry only covers a findings store hiccup.
    retry_policy=dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL),
    # One pool for every scan step: deploy/dagster.yaml limits it, so scans never overlap.
    pool="avgscan-scans",
    group_name="scan",
    kinds={"sql", "presidio"},
)
def source_findings(
    context: dg.AssetExecutionContext,
    config: ScanOptions,
    avgscan: AvgscanResource,
    analyzer: AnalyzerResource,
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    """Personal data found in each source: entity counts per column or file, no values."""
    settings = avgscan.load()
    catalog = load_catalog(settings.register_config.categories)
    store = avgscan.open_store(settings)
    started = time.monotonic()
    hmac_key = avgscan.hmac_key()
    scanned: dict[str, dict[str, object]] = {}
    per_category: Counter[str] = Counter()
    try:
        store.start_run(_run_kind(context), settings.organisation, run_id=context.run_id)
        names = [name for name in context.partition_keys if _known(settings, name, context)]
        results = scan_sources(
            _narrowed(settings, config),
            analyzer.analyzer if settings.scan_workers == 1 else AnalyzerSettings(),
            store,
            context.run_id,
            names,
            hmac_key=hmac_key,
            full_rescan=config.full_rescan,
            workers=settings.scan_workers,  # worker processes, each with its own analyzer
        )
        for name, result in zip(names, results, strict=True):
            for finding in result.findings:
                per_category[catalog.category_of(finding.entity_type) or "overig"] += 1
            scanned[name] = {
                "status": result.status,
                f"{result.item_kind}_scanned": result.items_scanned,
                f"{result.item_kind}_total": result.items_total,
                "not_scanned": len(result.gaps),
                "unchanged": result.reused,
                "binary_columns_skipped": result.binary_columns,
                "findings": len(result.findings),
            }
            context.log.info(
                f"{name}: {result.status}, {result.items_scanned}/{result.items_total} "
                f"{result.item_kind}, {len(result.findings)} findings, {len(result.gaps)} gaps"
            )
    finally:
        store.close()
    return dg.MaterializeResult(
        metadata={
            "sources": dg.MetadataValue.json(scanned),
            "findings": sum(int(str(s["findings"])) for s in scanned.values()),
            "findings_per_category": dg.MetadataValue.json(dict(sorted(per_category.items()))),
            "not_scanned": sum(int(str(s["not_scanned"])) for s in scanned.values()),
            "failed_sources": sum(1 for s in scanned.values() if s["status"] == "failed"),
            "duration_s": round(time.monotonic() - started, 1),
        }
    )


def _known(settings: AvgscanConfig, name: str, context: dg.AssetExecutionContext) -> bool:
    if any(source.name == name for source in settings.sources):
        return True
    context.log.warning(f"source {name} is no longer in the configuration; skipped")
    return False


def _narrowed(settings: AvgscanConfig, options: ScanOptions) -> AvgscanConfig:
    """The configuration with its sources narrowed by the launchpad options of an ad-hoc run."""
    update: dict[str, object] = {}
    if options.include:
        update["include"] = tuple(options.include)
    if not update and options.sample_rows is None:
        return settings
    sources = []
    for source in settings.sources:
        changes = dict(update)
        if options.sample_rows is not None and isinstance(source, DatabaseSource):
            changes["sample_rows"] = options.sample_rows
        sources.append(source.model_copy(update=changes) if changes else source)
    return settings.model_copy(update={"sources": sources})


def _run_kind(context: dg.AssetExecutionContext) -> str:
    return "nightly" if context.job_name == "nightly_scan_job" else "adhoc"
