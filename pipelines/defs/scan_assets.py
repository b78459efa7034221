"""Findings per source: connector → scanner → findings store. Metadata holds counts only."""

import time

import dagster as dg

from pipelines.defs.partitions import sources_partitions_def
from pipelines.defs.resources import AnalyzerResource, AvgscanResource
from pipelines.scanning import scan_source


@dg.asset(
    partitions_def=sources_partitions_def,
    backfill_policy=dg.BackfillPolicy.single_run(),  # the nightly run scans every source
    group_name="scan",
    kinds={"sql", "presidio"},
)
def source_findings(
    context: dg.AssetExecutionContext, avgscan: AvgscanResource, analyzer: AnalyzerResource
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    """Personal data found in each source: entity counts per column or file, no values."""
    config = avgscan.load()
    store = avgscan.open_store(config)
    try:
        store.start_run(_run_kind(context), config.organisation, run_id=context.run_id)
        known = {s.name for s in config.sources}
        scanned: dict[str, dict[str, object]] = {}
        started = time.monotonic()
        for name in context.partition_keys:
            if name not in known:
                context.log.warning(f"source {name} is no longer in the configuration; skipped")
                continue
            result = scan_source(config.source(name), analyzer.analyzer)
            store.save_source_scan(context.run_id, result)
            scanned[name] = {
                "status": result.status,
                result.item_kind: f"{result.items_scanned}/{result.items_total}",
                "findings": len(result.findings),
                "not_scanned": len(result.gaps),
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
            "failed_sources": sum(1 for s in scanned.values() if s["status"] == "failed"),
            "duration_s": round(time.monotonic() - started, 1),
        }
    )


def _run_kind(context: dg.AssetExecutionContext) -> str:
    return "nightly" if context.job_name == "nightly_scan_job" else "adhoc"
