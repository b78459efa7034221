"""Keeps the source partitions in step with `avgscan.yaml`."""

import hashlib

import dagster as dg

from pipelines.config import ConfigError
from pipelines.defs.jobs import register_compare_job
from pipelines.defs.partitions import sources_partitions_def
from pipelines.defs.resources import AvgscanResource


def partition_changes(configured: list[str], existing: list[str]) -> tuple[list[str], list[str]]:
    """(to add, to retire): sources new in the configuration, partitions no longer in it."""
    added = [name for name in configured if name not in existing]
    retired = [name for name in existing if name not in configured]
    return added, retired


@dg.sensor(minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def source_partitions_sensor(
    context: dg.SensorEvaluationContext, avgscan: AvgscanResource
) -> dg.SensorResult | dg.SkipReason:
    try:
        config = avgscan.load()
    except ConfigError as exc:
        return dg.SkipReason(f"configuration not usable: {exc}")
    existing = list(context.instance.get_dynamic_partitions(sources_partitions_def.name or ""))
    added, retired = partition_changes([s.name for s in config.sources], existing)
    if not added and not retired:
        return dg.SkipReason("sources unchanged")
    requests: list[dg.AddDynamicPartitionsRequest | dg.DeleteDynamicPartitionsRequest] = []
    if added:
        requests.append(sources_partitions_def.build_add_request(added))
    if retired:
        requests.append(sources_partitions_def.build_delete_request(retired))
    return dg.SensorResult(dynamic_partitions_requests=requests)


@dg.sensor(
    job=register_compare_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def register_change_sensor(
    context: dg.SensorEvaluationContext, avgscan: AvgscanResource
) -> dg.RunRequest | dg.SkipReason:
    """A changed register file (by content) triggers a new comparison and report."""
    try:
        path = avgscan.load().register_config.path
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except (ConfigError, OSError) as exc:
        return dg.SkipReason(f"register not readable: {type(exc).__name__}")
    if digest == context.cursor:
        return dg.SkipReason("register unchanged")
    context.update_cursor(digest)
    return dg.RunRequest(run_key=f"register-{digest[:16]}")
