"""Incremental scans, discrepancy history and the FG's decisions, on the demo municipality."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine

from pipelines.cli import main
from pipelines.config import AvgscanConfig, load_config
from pipelines.demo import generate_demo
from pipelines.runner import compare_latest, export, latest_report_dir, scan_sources
from pipelines.store import FindingsStore
from register_sync.models import DecisionKind
from scanners import build_analyzer

KEY = bytes.fromhex("7a" * 32)


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[AvgscanConfig]:
    yield load_config(generate_demo(tmp_path / "gemeente").config_path)


def nightly(
    config: AvgscanConfig, analyzer: AnalyzerEngine, *, full: bool = False
) -> tuple[list, object]:  # type: ignore[type-arg]
    with FindingsStore(config.store) as store:
        run = store.start_run("nightly", config.organisation)
        names = [s.name for s in config.sources]
        results = scan_sources(
            config, analyzer, store, run.id, names, hmac_key=KEY, full_rescan=full
        )
        comparison = compare_latest(config, store, run.id)
        export(config, store, latest_report_dir(config), run_id=run.id)
    return results, comparison


def summary(results: list) -> set[tuple[str, str, str, int]]:  # type: ignore[type-arg]
    return {(f.source, f.location, f.entity_type, f.hits) for r in results for f in r.findings}


def test_an_unchanged_estate_is_carried_over_and_a_changed_item_rescanned(
    demo: AvgscanConfig, analyzer: AnalyzerEngine
) -> None:
    first, _ = nightly(demo, analyzer)
    assert all(r.reused == 0 for r in first)
    second, _ = nightly(demo, analyzer)
    assert [r.reused for r in second] == [r.items_scanned for r in second]
    assert summary(second) == summary(first)
    with FindingsStore(demo.store) as store:
        previous = store.previous_scan("sociaal_domein")
    assert previous is not None and any(f.fingerprints for f in previous.findings)

    # one table gains a row, one file is touched without a change of content
    database = demo.base_dir / "databases" / "personeel.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("DELETE FROM verzuim WHERE rowid = (SELECT min(rowid) FROM verzuim)")
    letter = next((demo.base_dir / "share").rglob("*.txt"))
    os.utime(letter, (letter.stat().st_atime, letter.stat().st_mtime + 3600))
    third, _ = nightly(demo, analyzer)
    personeel = next(r for r in third if r.source == "personeel")
    assert personeel.reused == personeel.items_scanned - 1
    share = next(r for r in third if r.source == "netwerkschijf")
    assert share.reused == share.items_scanned  # same content: carried over by its hash

    full, _ = nightly(demo, analyzer, full=True)
    assert all(r.reused == 0 for r in full)


def test_history_marks_new_open_and_resolved_items(
    demo: AvgscanConfig, analyzer: AnalyzerEngine
) -> None:
    _, first = nightly(demo, analyzer)
    with FindingsStore(demo.store) as store:
        history = store.history()
    assert {history[d.key].status for d in first.discrepancies} == {"nieuw"}

    corrupt = next((demo.base_dir / "share").rglob("scan_0001.pdf"))
    corrupt.unlink()
    _, second = nightly(demo, analyzer)
    with FindingsStore(demo.store) as store:
        history = store.history()
        resolved = store.resolved_in(second.run.id)
    before = {d.key for d in first.discrepancies}
    for item in second.discrepancies:
        assert history[item.key].status == ("open" if item.key in before else "nieuw")
    assert before & {d.key for d in second.discrepancies}
    assert [(d.kind, d.location) for d in resolved] == [
        ("SCAN_INCOMPLETE", "Archief/scans/scan_0001.pdf")
    ]
    html = (latest_report_dir(demo) / "rapport.html").read_text(encoding="utf-8")
    assert "Wat is er veranderd" in html


def test_decisions_are_an_audit_trail_and_a_false_positive_lapses_when_content_changes(
    demo: AvgscanConfig, analyzer: AnalyzerEngine
) -> None:
    _, comparison = nightly(demo, analyzer)
    item = next(
        d
        for d in comparison.discrepancies
        if d.kind == "UNDOCUMENTED_PROCESSING" and d.source == "parkeren"
    )
    with FindingsStore(demo.store) as store:
        store.record_decision(
            item.key, DecisionKind.WORDT_OPGELOST, decided_by="FG", reason="eerst navragen"
        )
        store.record_decision(
            item.key, DecisionKind.VALS_POSITIEF, decided_by="FG", reason="testgegevens"
        )
        assert [r.decision for r in store.decision_log(item.key)] == [
            DecisionKind.WORDT_OPGELOST,
            DecisionKind.VALS_POSITIEF,
        ]
    nightly(demo, analyzer)  # nothing changed: the decision holds in the next run
    with FindingsStore(demo.store) as store:
        assert store.history()[item.key].decision == DecisionKind.VALS_POSITIEF
    database = demo.base_dir / "databases" / "parkeervergunningen.sqlite"
    with sqlite3.connect(database) as conn:
        conn.execute("DELETE FROM vergunningen WHERE rowid = (SELECT min(rowid) FROM vergunningen)")
    nightly(demo, analyzer)
    with FindingsStore(demo.store) as store:
        assert store.history()[item.key].decision is None  # content changed: judged afresh
        assert len(store.decision_log(item.key)) == 2  # the trail is kept


def test_review_command_lists_decides_and_logs(
    demo: AvgscanConfig, analyzer: AnalyzerEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    _, comparison = nightly(demo, analyzer)
    config = str(demo.base_dir / "avgscan.yaml")
    assert main(["review", "--config", config]) == 0
    listed = capsys.readouterr().out
    item = comparison.discrepancies[0]
    assert item.key in listed and "(nieuw)" in listed
    assert main(["review", "--config", config, "--decide", item.key]) == 2
    capsys.readouterr()
    assert (
        main(
            [
                "review",
                "--config",
                config,
                "--decide",
                item.key,
                "--decision",
                "geaccepteerd-risico",
                "--by",
                "FG Voorbeeld",
                "--reason",
                "bewust besluit college",
                "--until",
                "2099-12-31",
            ]
        )
        == 0
    )
    assert "Besluit vastgelegd" in capsys.readouterr().out
    assert main(["review", "--config", config, "--log"]) == 0
    assert "geaccepteerd risico door FG Voorbeeld, tot 2099-12-31" in capsys.readouterr().out
    report = json.loads((latest_report_dir(demo) / "discrepancies.json").read_text("utf-8"))
    assert report["discrepancies"]  # the report was written again with the decision
    html = (latest_report_dir(demo) / "rapport.html").read_text(encoding="utf-8")
    assert "Geaccepteerd risico" in html or "geaccepteerd risico" in html
    assert (
        main(
            [
                "review",
                "--config",
                config,
                "--decide",
                "onbekend",
                "--decision",
                "vals-positief",
                "--by",
                "x",
                "--reason",
                "y",
            ]
        )
        == 1
    )
