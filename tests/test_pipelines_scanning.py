"""Scanning sources through the pipeline: a broken source is recorded, the rest goes on."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from presidio_analyzer import AnalyzerEngine

from pipelines.config import load_config
from pipelines.definitions import build_defs
from pipelines.demo import generate_demo
from pipelines.orchestration import run_nightly_in_process, sync_source_partitions
from pipelines.runner import compare_latest, scan_sources
from pipelines.scanning import scan_source
from pipelines.store import FindingsStore
from scanners import build_analyzer
from tests.smb_server import SmbServer


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Path]:
    yield generate_demo(tmp_path / "gemeente").config_path


@pytest.fixture(autouse=True)
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry back-offs, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr("pipelines.scanning._sleep", slept.append)
    return slept


def test_database_source_is_sampled_with_findings_and_retention_facts(
    demo: Path, analyzer: AnalyzerEngine
) -> None:
    config = load_config(demo)
    result = scan_source(config.source("sociaal_domein"), analyzer)
    assert result.status == "success"
    assert result.items_scanned == result.items_total == 2
    located = {(f.location, f.entity_type) for f in result.findings}
    assert ("wmo_clienten.bsn", "NL_BSN") in located
    assert ("wmo_clienten.diagnose", "SPECIAL_HEALTH") in located
    facts = {r.location: r for r in result.retention}
    assert facts["wmo_clienten"].date_column == "einddatum"
    assert facts["wmo_clienten"].older_than["P7Y"] > 0


def test_a_source_that_cannot_be_opened_is_a_failed_scan_not_an_exception(
    demo: Path, analyzer: AnalyzerEngine, waits: list[float]
) -> None:
    (demo.parent / "databases" / "personeel.sqlite").unlink()
    config = load_config(demo)
    result = scan_source(config.source("personeel"), analyzer)
    assert result.status == "failed"
    assert waits == [30.0, 60.0]  # tried three times, backing off
    assert [(g.source, g.location) for g in result.gaps] == [("personeel", None)]
    assert "personeel" in result.gaps[0].reason or "sqlite" in result.gaps[0].reason


def test_comparison_marks_a_failed_source_and_still_reports_the_others(
    demo: Path, analyzer: AnalyzerEngine
) -> None:
    shutil.rmtree(demo.parent / "share")
    config = load_config(demo)
    with FindingsStore(config.store) as store:
        run = store.start_run("nightly", config.organisation)
        results = scan_sources(config, analyzer, store, run.id, ["netwerkschijf", "parkeren"])
        assert [r.status for r in results] == ["failed", "success"]
        found = compare_latest(config, store, run.id).discrepancies
    incomplete = {(d.source, d.location) for d in found if d.kind == "SCAN_INCOMPLETE"}
    assert ("netwerkschijf", None) in incomplete
    # sources never scanned are reported as not scanned too
    assert ("burgerzaken", None) in incomplete
    assert any(d.kind == "UNDOCUMENTED_PROCESSING" and d.source == "parkeren" for d in found)


def test_a_source_back_after_a_retry_is_scanned_completely(
    demo: Path, analyzer: AnalyzerEngine, waits: list[float]
) -> None:
    database = demo.parent / "databases" / "parkeervergunningen.sqlite"
    hidden = database.with_suffix(".weg")
    database.rename(hidden)

    def server_comes_back(seconds: float) -> None:
        waits.append(seconds)
        hidden.rename(database)

    result = scan_source(load_config(demo).source("parkeren"), analyzer, sleep=server_comes_back)
    assert result.status == "success"
    assert waits == [30.0]
    assert result.findings


def test_a_table_removed_after_listing_is_a_gap_and_the_table_after_it_is_scanned(
    tmp_path: Path, analyzer: AnalyzerEngine
) -> None:
    db = tmp_path / "klein.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE a_verdwijnt (email TEXT)")
        conn.execute("CREATE TABLE b_blijft (email TEXT)")
        rows = [(f"inwoner{i}@example.nl",) for i in range(20)]
        conn.executemany("INSERT INTO a_verdwijnt VALUES (?)", rows)
        conn.executemany("INSERT INTO b_blijft VALUES (?)", rows)
    config_path = tmp_path / "avgscan.yaml"
    config_path.write_text(
        "organisation: Test\nregister: {path: register.csv}\nsources:\n"
        "  - {name: klein, type: database, url: 'sqlite:///klein.sqlite', system: X}\n",
        encoding="utf-8",
    )
    source = load_config(config_path).source("klein")

    import connectors.sql

    original = connectors.sql.SqlDataStore.sample

    def sample_after_drop(self, table, *, limit):  # type: ignore[no-untyped-def]
        if table.name == "a_verdwijnt":
            with sqlite3.connect(db) as conn:
                conn.execute("DROP TABLE a_verdwijnt")
        return original(self, table, limit=limit)

    mp = pytest.MonkeyPatch()
    mp.setattr(connectors.sql.SqlDataStore, "sample", sample_after_drop)
    try:
        result = scan_source(source, analyzer)
    finally:
        mp.undo()
    assert result.status == "partial"
    assert [g.location for g in result.gaps] == ["a_verdwijnt"]
    assert {f.location for f in result.findings} == {"b_blijft.email"}


def test_adhoc_job_scans_one_source_and_refreshes_the_report(demo: Path, tmp_path: Path) -> None:
    home = tmp_path / "dagster"
    home.mkdir()
    config = load_config(demo)
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        sync_source_partitions(instance, [s.name for s in config.sources])
        job = build_defs(str(demo)).resolve_job_def("adhoc_scan_job")
        result = job.execute_in_process(instance=instance, partition_key="parkeren")
        assert result.success
    with FindingsStore(config.store) as store:
        scans = store.latest_scans(s.name for s in config.sources)
    assert set(scans) == {"parkeren"}
    report = json.loads((config.reports / "latest" / "discrepancies.json").read_text("utf-8"))
    assert report["run"]["kind"] == "adhoc"
    kinds = {(d["kind"], d["source"]) for d in report["discrepancies"]}
    assert ("UNDOCUMENTED_PROCESSING", "parkeren") in kinds
    assert ("SCAN_INCOMPLETE", "sociaal_domein") in kinds  # not scanned yet: said so


def test_nightly_job_completes_when_one_source_is_broken(demo: Path, tmp_path: Path) -> None:
    (demo.parent / "databases" / "burgerzaken.sqlite").write_bytes(b"dit is geen database")
    home = tmp_path / "dagster"
    home.mkdir()
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        result = run_nightly_in_process(demo, instance)
    assert result.success
    config = load_config(demo)
    report = json.loads((config.reports / "latest" / "discrepancies.json").read_text("utf-8"))
    incomplete = [d for d in report["discrepancies"] if d["kind"] == "SCAN_INCOMPLETE"]
    assert any(d["source"] == "burgerzaken" for d in incomplete)
    html = (config.reports / "latest" / "rapport.html").read_text("utf-8")
    assert "mislukt" in html


def test_an_unexpected_error_on_one_table_is_a_gap_without_its_message(
    demo: Path, analyzer: AnalyzerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipelines.scanning

    real_scan_values = pipelines.scanning.scan_values

    def flaky(analyzer, values, *, context, **options):  # type: ignore[no-untyped-def]
        if "jeugdhulp_dossiers" in context:
            raise ValueError(f"kan waarde {values[0]!r} niet lezen")  # quotes a value
        return real_scan_values(analyzer, values, context=context, **options)

    monkeypatch.setattr(pipelines.scanning, "scan_values", flaky)
    result = scan_source(load_config(demo).source("sociaal_domein"), analyzer)
    assert result.status == "partial"
    (gap,) = result.gaps
    assert gap.location == "jeugdhulp_dossiers"
    assert gap.reason == "onverwachte fout (ValueError)"
    assert {f.location.split(".")[0] for f in result.findings} == {"wmo_clienten"}


def test_adhoc_launchpad_options_narrow_the_scan(demo: Path, tmp_path: Path) -> None:
    home = tmp_path / "dagster"
    home.mkdir()
    config = load_config(demo)
    options = {"include": ["verzuim"], "sample_rows": 5}
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        sync_source_partitions(instance, [s.name for s in config.sources])
        job = build_defs(str(demo)).resolve_job_def("adhoc_scan_job")
        result = job.execute_in_process(
            instance=instance,
            partition_key="personeel",
            run_config={"ops": {"source_findings": {"config": options}}},
        )
        assert result.success
    with FindingsStore(config.store) as store:
        scan = store.latest_scans(["personeel"])["personeel"]
        basis = store.comparison_input(["personeel"])
    assert (scan.items_scanned, scan.items_total) == (1, 1)
    assert {f.location.split(".")[0] for f in basis.findings} == {"verzuim"}
    assert all(f.sampled <= 5 for f in basis.findings)


def test_the_nightly_job_scans_in_worker_processes_when_configured(
    demo: Path, tmp_path: Path, analyzer: AnalyzerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`scan_workers: 2` makes the Dagster scan step use two worker processes; the findings
    are those of scanning the same sources one after another in this process."""
    import pipelines.runner

    pools: list[int] = []
    real_scan_in_workers = pipelines.runner.scan_in_workers

    def recorded(*args, **options):  # type: ignore[no-untyped-def]
        pools.append(options["workers"])
        return real_scan_in_workers(*args, **options)

    monkeypatch.setattr(pipelines.runner, "scan_in_workers", recorded)
    text = demo.read_text("utf-8")
    demo.write_text(f"scan_workers: 2\n{text}", "utf-8")
    config = load_config(demo)
    assert config.scan_workers == 2
    home = tmp_path / "dagster"
    home.mkdir()
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        result = run_nightly_in_process(demo, instance)
    assert result.success
    assert pools == [2]
    names = [s.name for s in config.sources]
    with FindingsStore(config.store) as store:
        in_workers = store.comparison_input(names).findings
    expected = [scan_source(config.source(name), analyzer).findings for name in names]
    key = sorted((f.source, f.location, f.entity_type, f.hits) for f in in_workers)
    assert key == sorted(
        (name, f.location, f.entity_type, f.hits)
        for name, findings in zip(names, expected, strict=True)
        for f in findings
    )
    assert key  # the demo has findings, or this compares nothing


def test_launchpad_options_are_validated(demo: Path) -> None:
    job = build_defs(str(demo)).resolve_job_def("adhoc_scan_job")
    good = {"ops": {"source_findings": {"config": {"include": ["verzuim"], "sample_rows": 5}}}}
    assert dg.validate_run_config(job, good)
    for bad in ({"sample_rowz": 5}, {"sample_rows": "veel"}, {"include": "verzuim"}):
        with pytest.raises(dg.DagsterInvalidConfigError):
            dg.validate_run_config(job, {"ops": {"source_findings": {"config": bad}}})


def test_an_unusable_register_blocks_the_comparison(demo: Path, tmp_path: Path) -> None:
    (demo.parent / "register" / "verwerkingsregister.xlsx").unlink()
    home = tmp_path / "dagster"
    home.mkdir()
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        result = run_nightly_in_process(demo, instance)
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["register_is_usable"] is False
    materialized = {
        e.asset_key.to_user_string()
        for e in result.get_asset_materialization_events()
        if e.asset_key is not None
    }
    assert "source_findings" in materialized
    assert "discrepancies" not in materialized and "fg_report" not in materialized


@pytest.mark.integration
def test_an_smb_share_is_scanned_through_the_pipeline(
    smb_server: SmbServer, tmp_path: Path, analyzer: AnalyzerEngine
) -> None:
    folder = smb_server.share_dir / "pipeline_wmo"
    folder.mkdir(exist_ok=True)
    (folder / "brief.txt").write_text(
        "Geachte heer De Vries,\nUw BSN 123456782 en e-mail jan.devries@example.nl staan "
        "in ons dossier over uw rolstoel en huishoudelijke hulp.\n",
        encoding="utf-8",
    )
    config_path = tmp_path / "avgscan.yaml"
    config_path.write_text(
        "organisation: Test\nregister: {path: register.csv}\nsources:\n"
        "  - name: wmo_share\n    type: files\n"
        f"    path: smb://{smb_server.host}:{smb_server.port}/{smb_server.share}/pipeline_wmo\n"
        f"    username: {smb_server.username}\n"
        "    password: ${SMB_PASSWORD}\n"
        "    system: Netwerkschijf Wmo\n",
        encoding="utf-8",
    )
    os.environ["SMB_PASSWORD"] = smb_server.password
    try:
        source = load_config(config_path).source("wmo_share")
    finally:
        del os.environ["SMB_PASSWORD"]
    result = scan_source(source, analyzer)
    assert result.status == "success", result.gaps
    assert result.items_scanned == 1
    assert {f.entity_type for f in result.findings} >= {"NL_BSN", "EMAIL_ADDRESS"}
    assert all(smb_server.password not in g.reason for g in result.gaps)


def test_binary_columns_are_skipped_and_counted(tmp_path: Path, analyzer: AnalyzerEngine) -> None:
    db = tmp_path / "foto.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE pasfoto (email TEXT, foto BLOB, scan BLOB)")
        conn.executemany(
            "INSERT INTO pasfoto VALUES (?, ?, ?)",
            [(f"inwoner{i}@example.nl", b"\x89PNG" + bytes(20), b"%PDF") for i in range(10)],
        )
    config_path = tmp_path / "avgscan.yaml"
    config_path.write_text(
        "organisation: Test\nregister: {path: register.csv}\nsources:\n"
        "  - {name: foto, type: database, url: 'sqlite:///foto.sqlite', system: X}\n",
        encoding="utf-8",
    )
    result = scan_source(load_config(config_path).source("foto"), analyzer)
    assert result.binary_columns == 2
    assert {f.location for f in result.findings} == {"pasfoto.email"}


def test_a_column_name_with_dots_keeps_its_table(tmp_path: Path, analyzer: AnalyzerEngine) -> None:
    db = tmp_path / "punt.sqlite"
    with sqlite3.connect(db) as conn:
        conn.execute('CREATE TABLE contact ("e.mail.adres" TEXT)')
        conn.executemany(
            "INSERT INTO contact VALUES (?)", [(f"inwoner{i}@example.nl",) for i in range(10)]
        )
    config_path = tmp_path / "avgscan.yaml"
    config_path.write_text(
        "organisation: Test\nregister: {path: register.csv}\nsources:\n"
        "  - {name: punt, type: database, url: 'sqlite:///punt.sqlite', system: X}\n",
        encoding="utf-8",
    )
    config = load_config(config_path)
    with FindingsStore(config.store) as store:
        run = store.start_run("adhoc", "Test")
        (result,) = scan_sources(config, analyzer, store, run.id, ["punt"])
        (stored,) = store.comparison_input(["punt"]).findings
    (finding,) = result.findings
    for f in (finding, stored):
        assert (f.location, f.container, f.column) == (
            "contact.e.mail.adres",
            "contact",
            "e.mail.adres",
        )
