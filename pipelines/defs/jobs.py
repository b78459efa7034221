"""The nightly job over every source, and the ad-hoc job a data steward runs for one source."""

from collections.abc import Sequence

import dagster as dg

from pipelines.defs.register_assets import processing_register
from pipelines.defs.report_assets import discrepancies, fg_report
from pipelines.defs.scan_assets import source_findings

_PIPELINE = [source_findings, processing_register, discrepancies, fg_report]

nightly_scan_job = dg.define_asset_job(
    "nightly_scan_job",
    selection=_PIPELINE,
    description="Scan every source, compare with the register, write the FG report.",
    tags={"avgscan/kind": "nightly"},
)

adhoc_scan_job = dg.define_asset_job(
    "adhoc_scan_job",
    selection=_PIPELINE,
    description=(
        "Scan one source (pick it as the partition in the launchpad), then compare and "
        "refresh the FG report with the latest findings of every source."
    ),
    tags={"avgscan/kind": "adhoc"},
)


register_compare_job = dg.define_asset_job(
    "register_compare_job",
    selection=[processing_register, discrepancies, fg_report],
    description="Compare the latest findings with the register again, without rescanning.",
    tags={"avgscan/kind": "compare"},
)


def all_sources_tags(partition_keys: Sequence[str]) -> dict[str, str]:
    """Run tags that make one run of the nightly job cover every source partition."""
    return {
        "dagster/asset_partition_range_start": partition_keys[0],
        "dagster/asset_partition_range_end": partition_keys[-1],
    }
