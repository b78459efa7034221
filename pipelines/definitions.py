"""Dagster definitions of avgscan: `dagster dev -m pipelines.definitions`.

The configuration is found as everywhere else (`$AVGSCAN_CONFIG`, else `./avgscan.yaml`) but
only read when something runs: loading the definitions lists no table and opens no database.
"""

from __future__ import annotations

import dagster as dg

from pipelines.config import find_config
from pipelines.defs.checks import (
    no_high_severity_discrepancies,
    register_is_usable,
    scan_coverage_is_sufficient,
)
from pipelines.defs.jobs import adhoc_scan_job, nightly_scan_job, register_compare_job
from pipelines.defs.privacy_jobs import locate_person_job
from pipelines.defs.register_assets import processing_register
from pipelines.defs.report_assets import discrepancies, fg_report
from pipelines.defs.resources import AnalyzerResource, AvgscanResource
from pipelines.defs.scan_assets import source_findings
from pipelines.defs.schedules import nightly_scan_schedule
from pipelines.defs.sensors import register_change_sensor, source_partitions_sensor


def build_defs(config_path: str | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=[source_findings, processing_register, discrepancies, fg_report],
        asset_checks=[
            register_is_usable,
            no_high_severity_discrepancies,
            scan_coverage_is_sufficient,
        ],
        jobs=[nightly_scan_job, adhoc_scan_job, register_compare_job, locate_person_job],
        schedules=[nightly_scan_schedule],
        sensors=[source_partitions_sensor, register_change_sensor],
        resources={
            "avgscan": AvgscanResource(config_path=config_path or str(find_config())),
            "analyzer": AnalyzerResource(),
        },
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_defs()
