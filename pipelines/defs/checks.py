"""Asset checks: predicates over the register, the discrepancies and the scan coverage."""

import dagster as dg

from pipelines.defs.register_assets import processing_register
from pipelines.defs.report_assets import discrepancies
from pipelines.defs.resources import AvgscanResource
from pipelines.runner import load_register_safely, scan_coverage
from register_sync.models import Severity


@dg.asset_check(asset=processing_register, blocking=True)
def register_is_usable(avgscan: AvgscanResource) -> dg.AssetCheckResult:
    """The register could be read and holds entries: comparing with nothing would turn every
    finding into an undocumented processing, so the comparison waits for a usable register."""
    register, _ = load_register_safely(avgscan.load())
    unreadable = [p.message for p in register.problems if p.row == 0]
    return dg.AssetCheckResult(
        passed=bool(register.entries) and not unreadable,
        metadata={
            "entries": len(register.entries),
            "problems": len(register.problems),
            "reason": unreadable[0] if unreadable else "",
        },
    )


@dg.asset_check(asset=discrepancies)
def no_high_severity_discrepancies(
    context: dg.AssetCheckExecutionContext, avgscan: AvgscanResource
) -> dg.AssetCheckResult:
    """Warns while discrepancies of severity 'hoog' are open."""
    config = avgscan.load()
    with avgscan.open_store(config) as store:
        run = store.latest_compared_run()
        found = store.discrepancies(run.id) if run else []
    high = [d for d in found if d.severity == Severity.HOOG]
    kinds = sorted({d.kind.value for d in high})
    return dg.AssetCheckResult(
        passed=not high,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"high": len(high), "kinds": dg.MetadataValue.json(kinds)},
    )


@dg.asset_check(asset=discrepancies)
def scan_coverage_is_sufficient(avgscan: AvgscanResource) -> dg.AssetCheckResult:
    """Warns when less than `min_scan_coverage` of the tables and files was actually scanned."""
    config = avgscan.load()
    with avgscan.open_store(config) as store:
        scanned, total = scan_coverage(config, store)
    share = scanned / total if total else 0.0
    return dg.AssetCheckResult(
        passed=total > 0 and share >= config.min_scan_coverage,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "scanned": scanned,
            "total": total,
            "coverage": round(share, 3),
            "minimum": config.min_scan_coverage,
        },
    )
