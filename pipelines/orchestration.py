"""Running the Dagster jobs in process: what `avgscan demo` and the tests use."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines.config import load_config
from pipelines.definitions import build_defs
from pipelines.defs.jobs import all_sources_tags
from pipelines.defs.partitions import sources_partitions_def
from pipelines.defs.sensors import partition_changes


def sync_source_partitions(instance: dg.DagsterInstance, names: list[str]) -> list[str]:
    """Make the instance's source partitions match `names`, as the sensor does; return them."""
    partitions = sources_partitions_def.name or ""
    added, retired = partition_changes(names, list(instance.get_dynamic_partitions(partitions)))
    if added:
        instance.add_dynamic_partitions(partitions, added)
    for name in retired:
        instance.delete_dynamic_partition(partitions, name)
    return list(instance.get_dynamic_partitions(partitions))


def run_nightly_in_process(
    config_path: Path, instance: dg.DagsterInstance
) -> dg.ExecuteInProcessResult:
    """Execute `nightly_scan_job` over every configured source in this process."""
    config = load_config(config_path)
    keys = sync_source_partitions(instance, [s.name for s in config.sources])
    job = build_defs(str(config_path)).resolve_job_def("nightly_scan_job")
    level = os.environ.get("AVGSCAN_LOG_LEVEL", "INFO").upper()
    return job.execute_in_process(
        instance=instance,
        tags=all_sources_tags(keys),
        run_config={"loggers": {"console": {"config": {"log_level": level}}}},
        raise_on_error=False,
    )
