"""The findings store on SQLite and on the real PostgreSQL: round trips, latest scans, atomicity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipelines.results import Part, SourceScanResult
from pipelines.store import FindingsStore, metadata
from register_sync.models import (
    Discrepancy,
    DiscrepancyKind,
    RegisterProblem,
    RetentionFacts,
    ScanGap,
    Severity,
)
from scanners.findings import EntityFinding, Finding

T0 = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.integration),
        pytest.param("mariadb", marks=pytest.mark.integration),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FindingsStore]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store' / 'avgscan.db'}"
    else:
        url = request.getfixturevalue(f"{request.param}_url")
    with FindingsStore(url) as opened:
        yield opened
    if request.param != "sqlite":
        engine = sa.create_engine(url)
        metadata.drop_all(engine)
        engine.dispose()


def scan_result(source: str, *, minutes: int = 0, failed: bool = False) -> SourceScanResult:
    result = SourceScanResult(
        source, "Suite4Sociaal Domein", "tables", T0 + timedelta(minutes=minutes)
    )
    result.finished = result.started + timedelta(seconds=30)
    result.items_total, result.items_scanned = 3, 2
    bsn = EntityFinding("NL_BSN", hits=40, sampled=50, confidence=0.8, evidence=("1234*****",))
    result.findings.append(Finding.at(source, "wmo_clienten.bsn", "column", bsn))
    result.retention.append(
        RetentionFacts(source, "wmo_clienten", "einddatum", 50, date(2006, 3, 1), {"P7Y": 12})
    )
    result.gaps.append(ScanGap(source, "audit_log", "tabel verdwenen tijdens de scan"))
    result.failed = failed
    return result


def test_source_scan_round_trips(store: FindingsStore) -> None:
    run = store.start_run("nightly", "Gemeente Voorbeeld")
    store.save_source_scan(run.id, scan_result("sociaal_domein"))
    basis = store.comparison_input(["sociaal_domein", "burgerzaken"])
    assert set(basis.scans) == {"sociaal_domein"}
    scan = basis.scans["sociaal_domein"]
    assert (scan.status, scan.items_scanned, scan.items_total) == ("partial", 2, 3)
    assert scan.started == T0
    (finding,) = basis.findings
    assert finding.location == "wmo_clienten.bsn"
    assert finding.evidence == ("1234*****",)
    assert (finding.hits, finding.sampled) == (40, 50)
    (facts,) = basis.retention
    assert facts.oldest == date(2006, 3, 1)
    assert facts.older_than == {"P7Y": 12}
    assert basis.gaps == [ScanGap("sociaal_domein", "audit_log", "tabel verdwenen tijdens de scan")]


def test_comparison_uses_only_the_latest_scan_of_each_source(store: FindingsStore) -> None:
    first = store.start_run("nightly", "Gemeente Voorbeeld")
    store.save_source_scan(first.id, scan_result("sociaal_domein"))
    second = store.start_run("adhoc", "Gemeente Voorbeeld")
    newer = scan_result("sociaal_domein", minutes=60)
    newer.findings.clear()
    store.save_source_scan(second.id, newer)
    basis = store.comparison_input(["sociaal_domein"])
    assert basis.scans["sociaal_domein"].run_id == second.id
    assert basis.findings == []


def test_discrepancies_and_register_problems_round_trip(store: FindingsStore) -> None:
    run = store.start_run("nightly", "Gemeente Voorbeeld")
    found = [
        Discrepancy(
            kind=DiscrepancyKind.RETENTION_EXCEEDED,
            severity=Severity.HOOG,
            source="sociaal_domein",
            location="wmo_clienten",
            register_entry="Wmo-maatwerkvoorzieningen",
            categories=("gezondheid", "bsn"),
            count=12,
            oldest=date(2006, 3, 1),
            details="12 rijen ouder dan 7 jaar (einddatum)",
        )
    ]
    problems = [RegisterProblem(row=7, column="Bewaartermijn", message="niet te lezen")]
    store.save_comparison(run.id, found, problems)
    assert store.latest_compared_run() is None  # the run has not finished yet
    store.finish_run(run.id, "success")
    latest = store.latest_compared_run()
    assert latest is not None and latest.id == run.id and latest.status == "success"
    assert store.discrepancies(run.id) == found
    assert store.register_problems(run.id) == problems
    store.save_comparison(run.id, found, problems)  # a retried step replaces, not duplicates
    assert len(store.discrepancies(run.id)) == 1


def test_a_failing_save_leaves_nothing_half_written(store: FindingsStore) -> None:
    run = store.start_run("nightly", "Gemeente Voorbeeld")
    broken = scan_result("sociaal_domein")
    broken.gaps.append(ScanGap("sociaal_domein", "x", None))  # type: ignore[arg-type]
    with pytest.raises(sa.exc.IntegrityError):
        store.save_source_scan(run.id, broken)
    basis = store.comparison_input(["sociaal_domein"])
    assert basis.scans == {} and basis.findings == [] and basis.retention == []


def test_starting_a_run_twice_with_one_id_keeps_one_run(store: FindingsStore) -> None:
    first = store.start_run("nightly", "Gemeente Voorbeeld", run_id="dagster-run-1")
    again = store.start_run("compare", "Gemeente Voorbeeld", run_id="dagster-run-1")
    assert again.id == first.id and again.kind == "nightly"


def test_two_processes_opening_a_new_store_at_once_both_succeed(tmp_path: Path) -> None:
    import threading

    url = f"sqlite:///{tmp_path / 'gedeeld' / 'avgscan.db'}"
    errors: list[Exception] = []
    barrier = threading.Barrier(4)

    def open_store() -> None:
        barrier.wait()
        try:
            FindingsStore(url).close()
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_the_previous_scan_answers_per_table_and_file_and_narrows_to_a_part(
    store: FindingsStore,
) -> None:
    """An incremental scan asks the previous scan for every unchanged item; the answers are
    what the stored scan holds for that item, and a part gets only its own items."""
    result = SourceScanResult("archief", "Netwerkschijf", "files", T0, finished=T0)
    for n in range(40):
        path = f"Zaken/{n // 10}/zaak_{n}.pdf"
        result.item_fingerprints[path] = f"fp{n}"
        for entity in ("NL_BSN", "EMAIL_ADDRESS")[: 1 + n % 2]:
            found = EntityFinding(entity, hits=n + 1, sampled=1, confidence=0.9)
            result.findings.append(Finding.at("archief", path, "file", found))
        result.retention.append(
            RetentionFacts("archief", path, "modified", 1, date(2015, 1, 1 + n % 28), {"P7Y": 1})
        )
    store.save_source_scan(store.start_run("nightly", "Gemeente Voorbeeld").id, result)
    previous = store.previous_scan("archief")
    assert previous is not None
    for n in (0, 1, 39):
        path = f"Zaken/{n // 10}/zaak_{n}.pdf"
        assert sorted((f.entity_type, f.hits) for f in previous.findings_in(path)) == sorted(
            (f.entity_type, f.hits) for f in result.findings if f.location == path
        )
        facts = previous.retention_of(path)
        assert facts is not None and facts.oldest == date(2015, 1, 1 + n % 28)
    assert previous.findings_in("Zaken/9/elders.pdf") == [] and not previous.retention_of("x")
    # a caller may add to what it gets without changing the previous scan
    previous.findings_in("Zaken/0/zaak_0.pdf").clear()
    assert len(previous.findings_in("Zaken/0/zaak_0.pdf")) == 1
    parts = previous.split(3)
    assert sorted(loc for p in parts for loc in p.fingerprints) == sorted(previous.fingerprints)
    assert sum(len(p.findings) for p in parts) == len(previous.findings) == 60
    for number, part in enumerate(parts):
        assert all(Part(number, 3).holds(f.container) for f in part.findings)
        assert {r.location for r in part.retention} == set(part.fingerprints)
