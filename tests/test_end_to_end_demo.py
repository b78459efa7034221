"""The demo municipality through the real nightly Dagster job, end to end.

Asserts what the FG depends on: every planted discrepancy is reported, the outputs have the
documented shape, and no planted raw value (BSN, IBAN, name, e-mail, phone number, diagnosis)
appears in the findings store (every table), the exports (JSON, CSV, HTML, XLSX), Dagster's
storage (event log included) or the logs captured at DEBUG level. The network is blocked
for everything but loopback during the run.
"""

from __future__ import annotations

import json
import logging
import socket
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa

from pipelines.cli import main
from pipelines.config import AvgscanConfig, load_config
from pipelines.demo import DemoManifest, generate_demo
from pipelines.orchestration import run_nightly_in_process
from pipelines.store import FindingsStore


@dataclass
class DemoRun:
    manifest: DemoManifest
    config: AvgscanConfig
    result: dg.ExecuteInProcessResult
    dagster_dir: Path
    log_text: str
    outside_connections: list[Any]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    root = tmp_path_factory.mktemp("e2e")
    manifest = generate_demo(root / "gemeente")
    manifest = replace(manifest, canaries=(*manifest.canaries, *_plant_diagnoses(manifest.root)))
    dagster_dir = root / "dagster"
    dagster_dir.mkdir()
    handler = _Collect()
    root_logger = logging.getLogger()
    old_level = root_logger.level
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.DEBUG)
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def guarded_connect(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and not (host.startswith("127.") or host in ("::1", "localhost"))
            and sock.family != socket.AF_UNIX
        ):
            attempts.append(address)
            raise OSError("network blocked by test")
        return real_connect(sock, address)

    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", guarded_connect)
    mp.setenv("AVGSCAN_LOG_LEVEL", "DEBUG")
    mp.setenv("AVGSCAN_HMAC_KEY", "5e" * 32)
    try:
        with dg.instance_for_test(temp_dir=str(dagster_dir)) as instance:
            result = run_nightly_in_process(manifest.config_path, instance)
            yield DemoRun(
                manifest=manifest,
                config=load_config(manifest.config_path),
                result=result,
                dagster_dir=dagster_dir,
                log_text="\n".join(handler.lines),
                outside_connections=attempts,
            )
    finally:
        mp.undo()
        root_logger.removeHandler(handler)
        root_logger.setLevel(old_level)


# Art. 9 canaries: diagnoses as a care file would hold them, with a made-up clinic name so
# that the sentence occurs nowhere else (not in a lexicon, not in a recognizer's context).
DIAGNOSES = (
    "Diagnose: paranoide schizofrenie, opgenomen in GGZ-kliniek De Kraanvogelhof te Zwaluwdijk.",
    "Behandeling voor alcoholverslaving en depressie bij verslavingszorg Reigersbrug-Oost.",
)


def _plant_diagnoses(root: Path) -> tuple[str, ...]:
    """One diagnosis in the Wmo table, one in a letter on the share; returns the canaries."""
    with sqlite3.connect(root / "databases" / "sociaal_domein.sqlite") as conn:
        conn.execute(
            "UPDATE wmo_clienten SET diagnose = ? WHERE id = (SELECT min(id) FROM wmo_clienten)",
            (DIAGNOSES[0],),
        )
    letter = root / "share" / "Wmo" / "medisch-advies-kanarie.txt"
    letter.parent.mkdir(parents=True, exist_ok=True)
    letter.write_text(
        f"Geachte heer, mevrouw,\n\nUit het medisch advies blijkt: {DIAGNOSES[1]}\n"
        "Daarom kent de gemeente u een Wmo-maatwerkvoorziening toe.\n",
        encoding="utf-8",
    )
    return DIAGNOSES


def _discrepancies(run: DemoRun) -> list[dict[str, Any]]:
    path = run.config.reports / "latest" / "discrepancies.json"
    items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["discrepancies"]
    return items


def test_nightly_job_succeeds_offline(demo_run: DemoRun) -> None:
    assert demo_run.result.success
    materialized = {
        e.asset_key.to_user_string()
        for e in demo_run.result.get_asset_materialization_events()
        if e.asset_key is not None
    }
    assert materialized == {"source_findings", "processing_register", "discrepancies", "fg_report"}
    assert demo_run.outside_connections == []


def test_every_planted_discrepancy_is_reported(demo_run: DemoRun) -> None:
    reported = {(d["kind"], d["source"], d["location"]) for d in _discrepancies(demo_run)}
    kinds = {case.kind for case in demo_run.manifest.planted}
    assert {
        "UNDOCUMENTED_PROCESSING",
        "UNDOCUMENTED_CATEGORY",
        "RETENTION_EXCEEDED",
        "SCAN_INCOMPLETE",
    } <= kinds
    missing = [
        case
        for case in demo_run.manifest.planted
        if (case.kind, case.source, case.location) not in reported
    ]
    assert missing == []


def test_outputs_have_the_documented_shape(demo_run: DemoRun) -> None:
    latest = demo_run.config.reports / "latest"
    findings = json.loads((latest / "findings.json").read_text(encoding="utf-8"))
    assert set(findings) == {"run", "findings"}
    assert findings["findings"], "the demo holds personal data"
    for item in findings["findings"]:
        assert set(item) == {
            "source",
            "location",
            "location_type",
            "entity_type",
            "category",
            "special",
            "hits",
            "sampled",
            "confidence",
            "evidence",
        }
        assert item["location_type"] in {"column", "file"}
    entities = {(f["source"], f["entity_type"]) for f in findings["findings"]}
    assert ("sociaal_domein", "NL_BSN") in entities
    assert ("sociaal_domein", "SPECIAL_HEALTH") in entities
    assert any(f["special"] for f in findings["findings"])
    for item in _discrepancies(demo_run):
        assert set(item) == {
            "kind",
            "severity",
            "source",
            "location",
            "register_entry",
            "categories",
            "count",
            "oldest",
            "details",
        }
        assert item["severity"] in {"hoog", "middel", "laag"}
    html = (latest / "rapport.html").read_text(encoding="utf-8")
    assert "Gemeente Voorbeeld" in html
    assert "Dekking van de scan" in html


def _store_text(config: AvgscanConfig) -> str:
    engine = sa.create_engine(config.store)
    meta = sa.MetaData()
    meta.reflect(engine)
    lines = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            lines.extend(repr(tuple(row)) for row in conn.execute(sa.select(table)))
    engine.dispose()
    return "\n".join(lines)


def _files_text(folder: Path) -> str:
    chunks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                chunks.extend(
                    archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                )
        else:
            chunks.append(data.decode("utf-8", "replace"))
    return "\n".join(chunks)


def test_no_planted_value_leaks_anywhere(demo_run: DemoRun) -> None:
    canaries = demo_run.manifest.canaries
    assert len(canaries) >= 20 and set(DIAGNOSES) <= set(canaries)
    # the diagnoses were found (so they went through the scanner), and still not kept
    with FindingsStore(demo_run.config.store) as store:
        found = store.comparison_input(s.name for s in demo_run.config.sources).findings
    health = {(f.source, f.location) for f in found if f.entity_type == "SPECIAL_HEALTH"}
    assert ("sociaal_domein", "wmo_clienten.diagnose") in health
    assert ("netwerkschijf", "Wmo/medisch-advies-kanarie.txt") in health
    places = {
        "findings store": _store_text(demo_run.config),
        "reports": _files_text(demo_run.config.reports),
        "dagster storage": _files_text(demo_run.dagster_dir),
        "logs": demo_run.log_text,
    }
    assert places["logs"], "the run logged something"
    leaks = [(where, c) for where, text in places.items() for c in canaries if c in text]
    assert leaks == []


def test_cli_scan_export_and_check_config(
    demo_run: DemoRun, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(demo_run.manifest.config_path)
    assert main(["check-config", "--config", config]) == 0
    assert "personeel" in capsys.readouterr().out
    assert main(["scan", "--config", config, "--source", "personeel"]) == 0
    assert "personeel: success" in capsys.readouterr().out
    out = tmp_path / "export"
    assert (
        main(
            [
                "export",
                "--config",
                config,
                "--format",
                "json",
                "--format",
                "csv",
                "--format",
                "html",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    names = sorted(p.name for p in out.iterdir())
    assert {"findings.json", "discrepancies.json", "discrepancies.csv", "rapport.html"} <= set(
        names
    )
    exported = json.loads((out / "discrepancies.json").read_text(encoding="utf-8"))
    kinds = {d["kind"] for d in exported["discrepancies"]}
    assert "UNDOCUMENTED_CATEGORY" in kinds


def test_nightly_job_evaluates_its_checks(demo_run: DemoRun) -> None:
    evaluations = {e.check_name: e for e in demo_run.result.get_asset_check_evaluations()}
    assert set(evaluations) == {
        "register_is_usable",
        "no_high_severity_discrepancies",
        "scan_coverage_is_sufficient",
    }
    assert evaluations["register_is_usable"].passed
    # the demo plants high-severity discrepancies on purpose
    assert not evaluations["no_high_severity_discrepancies"].passed
    coverage = evaluations["scan_coverage_is_sufficient"].metadata
    assert coverage["scanned"].value < coverage["total"].value  # the corrupt PDF


def test_fingerprints_link_one_person_across_systems(demo_run: DemoRun) -> None:
    with FindingsStore(demo_run.config.store) as store:
        shared = store.sources_sharing_fingerprints(s.name for s in demo_run.config.sources)
    # the demo's Wmo clients are residents too, and some have letters on the share
    assert any({"sociaal_domein", "burgerzaken"} <= holders for holders in shared.values())
    assert all(len(f) == 64 for f in shared)
