"""The Dagster graph: definitions load, keys stay as documented, schedule and sensor behave."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_defs, defs
from pipelines.defs.jobs import all_sources_tags
from pipelines.defs.resources import AvgscanResource
from pipelines.defs.schedules import nightly_scan_schedule
from pipelines.defs.sensors import (
    partition_changes,
    register_change_sensor,
    source_partitions_sensor,
)

CONFIG = """\
organisation: Gemeente Voorbeeld
register:
  path: register.xlsx
sources:
  - name: sociaal_domein
    type: database
    url: sqlite:///sociaal.sqlite
    system: Suite4Sociaal Domein
  - name: netwerkschijf
    type: files
    path: share
    system: Netwerkschijf Gemeentehuis
"""


def test_definitions_load_with_the_documented_keys() -> None:
    loaded = defs()
    assert isinstance(loaded, dg.Definitions)
    graph = loaded.resolve_asset_graph()
    assert {key.to_user_string() for key in graph.get_all_asset_keys()} == {
        "source_findings",
        "processing_register",
        "discrepancies",
        "fg_report",
    }
    assert loaded.resolve_job_def("nightly_scan_job") is not None
    assert loaded.resolve_job_def("adhoc_scan_job") is not None
    assert loaded.resolve_job_def("locate_person_job") is not None
    schedule = loaded.resolve_schedule_def("nightly_scan_schedule")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Europe/Amsterdam"
    assert loaded.resolve_sensor_def("source_partitions_sensor") is not None
    findings = graph.get(dg.AssetKey("source_findings"))
    assert isinstance(findings.partitions_def, dg.DynamicPartitionsDefinition)
    upstream = {k.to_user_string() for k in graph.get(dg.AssetKey("discrepancies")).parent_keys}
    assert upstream == {"source_findings", "processing_register"}


def test_loading_definitions_reads_no_configuration(tmp_path: Path) -> None:
    # A missing avgscan.yaml must not break loading: it is read only when something runs.
    loaded = build_defs(str(tmp_path / "does-not-exist.yaml"))
    assert loaded.resolve_job_def("nightly_scan_job").name == "nightly_scan_job"


def test_schedule_requests_one_run_over_every_source() -> None:
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(instance=instance)
        assert isinstance(nightly_scan_schedule(context), dg.SkipReason)
        instance.add_dynamic_partitions("sources", ["sociaal_domein", "burgerzaken", "personeel"])
        request = nightly_scan_schedule(context)
        assert isinstance(request, dg.RunRequest)
        assert request.tags == all_sources_tags(["sociaal_domein", "burgerzaken", "personeel"])


def test_partition_changes() -> None:
    assert partition_changes(["a", "b", "c"], ["b", "d"]) == (["a", "c"], ["d"])
    assert partition_changes(["a"], ["a"]) == ([], [])


def test_sensor_keeps_partitions_in_step_with_the_config(tmp_path: Path) -> None:
    config = tmp_path / "avgscan.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("sources", ["vertrokken_bron", "netwerkschijf"])
        context = dg.build_sensor_context(
            instance=instance, resources={"avgscan": AvgscanResource(config_path=str(config))}
        )
        result = source_partitions_sensor(context)
        assert isinstance(result, dg.SensorResult)
        requests = result.dynamic_partitions_requests or []
        added = [r for r in requests if isinstance(r, dg.AddDynamicPartitionsRequest)]
        retired = [r for r in requests if isinstance(r, dg.DeleteDynamicPartitionsRequest)]
        assert [list(r.partition_keys) for r in added] == [["sociaal_domein"]]
        assert [list(r.partition_keys) for r in retired] == [["vertrokken_bron"]]


def test_sensor_skips_on_a_broken_configuration(tmp_path: Path) -> None:
    config = tmp_path / "avgscan.yaml"
    config.write_text("organisation: x\nbogus: 1\n", encoding="utf-8")
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(
            instance=instance, resources={"avgscan": AvgscanResource(config_path=str(config))}
        )
        result = source_partitions_sensor(context)
        assert isinstance(result, dg.SkipReason)
        assert "bogus" in (result.skip_message or "")


def test_register_sensor_requests_a_comparison_only_when_the_register_changes(
    tmp_path: Path,
) -> None:
    config = tmp_path / "avgscan.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    register = tmp_path / "register.xlsx"
    register.write_bytes(b"versie 1")
    with dg.instance_for_test() as instance:
        resources = {"avgscan": AvgscanResource(config_path=str(config))}
        first = register_change_sensor(
            dg.build_sensor_context(instance=instance, resources=resources)
        )
        assert isinstance(first, dg.RunRequest)
        cursor = hashlib.sha256(b"versie 1").hexdigest()
        unchanged = register_change_sensor(
            dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor)
        )
        assert isinstance(unchanged, dg.SkipReason)
        register.write_bytes(b"versie 2")
        changed = register_change_sensor(
            dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor)
        )
        assert isinstance(changed, dg.RunRequest)
        assert changed.run_key != first.run_key
    assert register_change_sensor.job_name == "register_compare_job"


def test_jobs_include_the_asset_checks() -> None:
    loaded = defs()
    nightly = loaded.resolve_job_def("nightly_scan_job")
    checks = {key.name for key in nightly.asset_layer.asset_graph.asset_check_keys}
    assert checks == {
        "register_is_usable",
        "no_high_severity_discrepancies",
        "scan_coverage_is_sufficient",
    }
