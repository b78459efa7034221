"""Size a breach on the demo and on hand-built findings; draft register rows and re-import them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine

from pipelines.config import AvgscanConfig, load_config
from pipelines.demo import generate_demo
from pipelines.privacy.incident import IncidentScope, assess_incident
from pipelines.privacy.requests import answer_incident
from pipelines.results import SourceScanResult
from pipelines.runner import compare_latest, load_register_safely, scan_sources
from pipelines.store import FindingsStore
from register_sync import load_catalog, load_register, load_selectielijst
from register_sync.drafts import TO_COMPLETE, draft_rows, write_drafts_xlsx
from register_sync.models import Discrepancy, DiscrepancyKind, Severity
from scanners import build_analyzer
from scanners.findings import Finding

KEY = bytes.fromhex("5c" * 32)
SELECTIELIJST = Path("/work/shared/reference/selectielijst-2020/resultaten.json")
DISCOVERED = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> AvgscanConfig:
    analyzer: AnalyzerEngine = build_analyzer()
    config = load_config(generate_demo(tmp_path_factory.mktemp("demo") / "g").config_path)
    with FindingsStore(config.store) as store:
        run = store.start_run("nightly", config.organisation)
        scan_sources(
            config, analyzer, store, run.id, [s.name for s in config.sources], hmac_key=KEY
        )
        compare_latest(config, store, run.id)
    return config


def test_a_youth_care_breach_is_special_with_minors_and_likely_notifiable(
    demo: AvgscanConfig, tmp_path: Path
) -> None:
    scope = IncidentScope(sources=("sociaal_domein",), locations=("jeugdhulp_*",))
    assessment, written, record = answer_incident(
        demo, scope, discovered_at=DISCOVERED, requested_by="FG", out_dir=tmp_path
    )
    assert [loc.location for loc in assessment.locations] == ["jeugdhulp_dossiers"]
    assert "Gezondheidsgegevens" in assessment.special
    assert assessment.bsn
    assert assessment.minors  # jeugdhulp in the table name and the health lexicon
    assert assessment.subjects.bsn > 0 and assessment.subjects.low >= assessment.subjects.bsn
    assert assessment.notify_ap.verdict == "waarschijnlijk verplicht"
    assert assessment.notify_subjects.verdict == "waarschijnlijk verplicht"
    assert assessment.deadline == DISCOVERED + timedelta(hours=72)
    html = written[0].read_text(encoding="utf-8")
    assert "Advies (geen besluit)" in html and "72 uur" in html
    assert record.purpose == "datalek" and record.fingerprints == {}


def test_distinct_subjects_are_counted_once_across_tables(demo: AvgscanConfig) -> None:
    """Both sociaal_domein tables share no BSN, burgerzaken holds every resident: the union of
    Wmo clients and residents has as many distinct BSNs as the residents alone (a subset)."""
    _, catalog = load_register_safely(demo)
    with FindingsStore(demo.store) as store:
        residents = assess_incident(
            demo, store, IncidentScope(locations=("inwoners",)), discovered_at=DISCOVERED,
            catalog=catalog,
        )  # fmt: skip
        both = assess_incident(
            demo, store, IncidentScope(locations=("inwoners", "wmo_clienten")),
            discovered_at=DISCOVERED, catalog=catalog,
        )  # fmt: skip
    assert residents.subjects.bsn == 600
    assert both.subjects.bsn == residents.subjects.bsn


def test_a_scope_without_personal_data_needs_no_notification(demo: AvgscanConfig) -> None:
    _, catalog = load_register_safely(demo)
    with FindingsStore(demo.store) as store:
        empty = assess_incident(
            demo, store, IncidentScope(locations=("bestaat_niet",)), discovered_at=DISCOVERED,
            catalog=catalog,
        )  # fmt: skip
    assert empty.locations == () and empty.subjects.high == 0
    assert empty.notify_ap.verdict == "waarschijnlijk niet verplicht"


def test_hand_built_files_scope_with_special_category(tmp_path: Path) -> None:
    (tmp_path / "avgscan.yaml").write_text(
        "organisation: Gemeente Test\nstore: sqlite:///s.db\nregister: {path: r.csv}\n"
        "sources:\n  - {name: share, type: files, path: share, system: Schijf}\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path / "avgscan.yaml")

    def finding(location: str, entity: str, hits: int, fps: tuple[str, ...] = ()) -> Finding:
        return Finding("share", location, "file", entity, hits, 1, 0.9, (), fps)

    now = datetime.now(UTC)
    found = [
        finding("Zorg/a.txt", "NL_BSN", 2, ("b1", "b2")),
        finding("Zorg/a.txt", "SPECIAL_HEALTH", 3),
        finding("Zorg/b.txt", "NL_BSN", 1, ("b2",)),
        finding("Zorg/b.txt", "EMAIL_ADDRESS", 1, ("e1",)),
        finding("Overig/c.txt", "NL_BSN", 5, ("b3", "b4", "b5", "b6", "b7")),
    ]
    result = SourceScanResult(
        source="share", system="Schijf", started=now, finished=now,
        items_total=3, items_scanned=3, item_kind="files", findings=found,
    )  # fmt: skip
    catalog = load_catalog()
    with FindingsStore(config.store) as store:
        run = store.start_run("adhoc", "Gemeente Test")
        store.save_source_scan(run.id, result)
        scope = IncidentScope(files=("Zorg/a.txt", "Zorg/b.txt"))
        a = assess_incident(config, store, scope, discovered_at=DISCOVERED, catalog=catalog)
    assert {loc.location for loc in a.locations} == {"Zorg/a.txt", "Zorg/b.txt"}
    assert (a.subjects.bsn, a.subjects.email) == (2, 1)  # b2 counted once
    assert (a.subjects.low, a.subjects.high) == (2, 3)
    assert a.special == ("Gezondheidsgegevens",)
    assert not a.minors and not a.financial_situation
    assert a.notify_ap.verdict == "waarschijnlijk verplicht"


def test_draft_rows_reimport_as_register_entries(demo: AvgscanConfig, tmp_path: Path) -> None:
    _, catalog = load_register_safely(demo)
    with FindingsStore(demo.store) as store:
        run = store.latest_compared_run()
        assert run is not None
        found = store.discrepancies(run.id)
        findings = store.comparison_input([s.name for s in demo.sources]).findings
    systems = {s.name: s.system for s in demo.sources}
    rows = draft_rows(
        found, findings, systems=systems, catalog=catalog,
        selectielijst=load_selectielijst(SELECTIELIJST),
    )  # fmt: skip
    undocumented = {
        (d.source, d.location)
        for d in found
        if d.kind
        in (DiscrepancyKind.UNDOCUMENTED_PROCESSING, DiscrepancyKind.UNDOCUMENTED_CATEGORY)
    }
    assert {(r.system, r.location) for r in rows} == {(systems[s], loc) for s, loc in undocumented}
    parking = next(r for r in rows if r.location == "vergunningen")
    assert "vergunninghouders en aanvragers" in parking.data_subjects
    assert "11.1.2" in parking.retention
    assert all(": " in c and "treffers" in c for c in parking.counts)
    path = write_drafts_xlsx(rows, tmp_path / "concept.xlsx")
    imported = load_register(path, catalog=catalog)
    by_name = {e.name: e for e in imported.entries}
    assert set(by_name) == {r.name for r in rows}
    back = by_name[parking.name]
    assert back.systems == ("Parkeerbeheer",)
    assert {catalog.label(k) for k in back.categories} == set(parking.categories)
    assert back.retention.period == "P1Y"


def test_draft_without_selectielijst_leaves_retention_to_complete() -> None:
    catalog = load_catalog()
    d = Discrepancy(
        kind=DiscrepancyKind.UNDOCUMENTED_PROCESSING, severity=Severity.HOOG, source="wmo",
        location="public.wmo_clienten", register_entry=None, categories=("bsn", "gezondheid"),
        count=None, oldest=None, details="",
    )  # fmt: skip
    f = Finding("wmo", "public.wmo_clienten.bsn", "column", "NL_BSN", 40, 50, 0.9)
    (row,) = draft_rows([d], [f], systems={"wmo": "Suite"}, catalog=catalog)
    assert row.retention == TO_COMPLETE and row.selectielijst == TO_COMPLETE
    assert row.data_subjects == ("cliënten",)
    assert row.counts == ("Burgerservicenummer: 40 treffers", "Gezondheidsgegevens: 0 treffers")
    assert row.special
