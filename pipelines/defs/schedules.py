"""The nightly schedule: every source at 02:00 Amsterdam time, in one run."""

import os

import dagster as dg

from pipelines.defs.jobs import all_sources_tags, nightly_scan_job
from pipelines.defs.partitions import sources_partitions_def

NIGHTLY_CRON = os.environ.get("AVGSCAN_NIGHTLY_CRON", "0 2 * * *")


@dg.schedule(
    job=nightly_scan_job,
    cron_schedule=NIGHTLY_CRON,
    execution_timezone="Europe/Amsterdam",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_scan_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    keys = sources_partitions_def.get_partition_keys(dynamic_partitions_store=context.instance)
    if not keys:
        return dg.SkipReason("no sources known yet: the source_partitions_sensor adds them")
    return dg.RunRequest(tags=all_sources_tags(keys))
