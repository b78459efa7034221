"""Discrepancies between findings and register, and the FG report made from them."""

from collections import Counter

import dagster as dg

from pipelines.defs.register_assets import processing_register
from pipelines.defs.resources import AvgscanResource
from pipelines.defs.scan_assets import source_findings
from pipelines.runner import compare_latest, export, latest_report_dir


@dg.asset(deps=[source_findings, processing_register], group_name="report")
def discrepancies(
    context: dg.AssetExecutionContext, avgscan: AvgscanResource
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    """Where the latest scan of each source and the register disagree."""
    config = avgscan.load()
    store = avgscan.open_store(config)
    try:
        store.start_run("compare", config.organisation, run_id=context.run_id)
        result = compare_latest(config, store, context.run_id)
    finally:
        store.close()
    kinds = Counter(d.kind.value for d in result.discrepancies)
    severities = Counter(d.severity.value for d in result.discrepancies)
    return dg.MaterializeResult(
        metadata={
            "discrepancies": len(result.discrepancies),
            "by_kind": dg.MetadataValue.json(dict(sorted(kinds.items()))),
            "by_severity": dg.MetadataValue.json(dict(sorted(severities.items()))),
            "register_problems": len(result.problems),
        }
    )


@dg.asset(deps=[discrepancies], group_name="report", kinds={"html"})
def fg_report(context: dg.AssetExecutionContext, avgscan: AvgscanResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    """The FG's report in Dutch (HTML) with findings.json, discrepancies.json, CSV and XLSX."""
    config = avgscan.load()
    store = avgscan.open_store(config)
    try:
        written = export(config, store, latest_report_dir(config), run_id=context.run_id)
    finally:
        store.close()
    html = next(p for p in written if p.suffix == ".html")
    context.log.info(f"FG report written to {html}")
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.path(str(html)),
            "files": dg.MetadataValue.json([p.name for p in written]),
        }
    )
