"""Scale-out: `scan_sources(..., workers=N)` scans sources in worker processes.

Real worker processes, real SQLite databases, folders and (marked) PostgreSQL. Sources here have
`retries: 0`: a spawned worker sleeps its back-offs for real (the `_sleep` patch of other tests
does not reach another process).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa
from presidio_analyzer import AnalyzerEngine

from pipelines.cli import main
from pipelines.config import ConfigError, DatabaseSource, FilesSource, load_config
from pipelines.politeness import server_of, server_slot, server_slots
from pipelines.results import SourceScanResult
from pipelines.runner import scan_sources
from pipelines.scanning import Progress
from pipelines.store import FindingsStore
from pipelines.workers import AnalyzerSettings, ScanWorkerError
from scanners import build_analyzer

HMAC_KEY = b"workers-test-key-0123456789abcdef"
PASSWORD = "Zeer-Geheim-Wachtwoord-77"


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


@pytest.fixture(autouse=True)
def no_worker_left_behind() -> Iterator[None]:
    yield
    assert multiprocessing.active_children() == []


def bsn(n: int) -> str:
    """A valid burgerservicenummer (11-proef) made from `n`."""
    while True:
        digits = [int(d) for d in f"{n:08d}"]
        total = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True))
        check = total % 11
        if check < 10:
            return f"{n:08d}{check}"
        n += 1


def sqlite_db(path: Path, tables: dict[str, int]) -> Path:
    """A database whose tables hold names, e-mail addresses and BSNs, `rows` each."""
    with sqlite3.connect(path) as conn:
        for table, rows in tables.items():
            conn.execute(f"CREATE TABLE {table} (naam TEXT, email TEXT, bsn TEXT, status TEXT)")
            conn.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                [
                    (f"Jan de Vries {i}", f"inwoner{i}@example.nl", bsn(10_000_000 + 7 * i), "ok")
                    for i in range(rows)
                ],
            )
    return path


def estate(tmp_path: Path, *, extra: str = "", scan_workers: str = "") -> Path:
    """Two SQLite databases and a folder of documents, with an avgscan.yaml."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    sqlite_db(tmp_path / "burgers.sqlite", {"klanten": 30, "aanvragen": 20})
    sqlite_db(tmp_path / "personeel.sqlite", {"medewerkers": 25})
    share = tmp_path / "share"
    (share / "Bezwaar").mkdir(parents=True)
    for i in range(4):
        (share / "Bezwaar" / f"brief_{i}.txt").write_text(
            f"Geachte heer De Vries,\n\nUw BSN {bsn(20_000_000 + i)} en e-mail "
            f"bewoner{i}@example.nl zijn bij ons bekend. Met vriendelijke groet.\n",
            encoding="utf-8",
        )
    (share / "notulen.txt").write_text("Geen persoonsgegevens hier.\n", encoding="utf-8")
    config = tmp_path / "avgscan.yaml"
    config.write_text(
        "organisation: Gemeente Test\n"
        "store: sqlite:///store.db\n"
        "register: {path: register.csv}\n"
        f"{scan_workers}"
        "sources:\n"
        "  - {name: burgers, type: database, url: 'sqlite:///burgers.sqlite', system: BRP,"
        " retries: 0}\n"
        "  - {name: personeel, type: database, url: 'sqlite:///personeel.sqlite', system: HR,"
        " retries: 0}\n"
        "  - {name: share, type: files, path: share, system: Netwerkschijf, retries: 0}\n"
        f"{extra}",
        encoding="utf-8",
    )
    return config


def scan(
    config_path: Path,
    analyzer: AnalyzerEngine | AnalyzerSettings,
    names: list[str],
    *,
    workers: int,
    store_url: str | None = None,
    progress_for: Callable[[DatabaseSource | FilesSource], Progress | None] | None = None,
) -> tuple[list[SourceScanResult], dict[str, list[tuple[object, ...]]]]:
    """Scan and return the results and, per source, what the store holds of its latest scan."""
    config = load_config(config_path, env={"PG_PASSWORD": PASSWORD})
    with FindingsStore(store_url or config.store) as store:
        run = store.start_run("adhoc", config.organisation)
        results = scan_sources(
            config,
            analyzer,
            store,
            run.id,
            names,
            hmac_key=HMAC_KEY,
            workers=workers,
            progress_for=progress_for,
        )
        stored = store.comparison_input(names)
        assert set(stored.scans) == set(names)
        held = {
            name: sorted(
                (f.location, f.entity_type, f.hits, f.sampled, f.fingerprints)
                for f in stored.findings
                if f.source == name
            )
            for name in names
        }
        held |= {
            f"{name} gaps": sorted(g.reason for g in stored.gaps if g.source == name)
            for name in names
        }
        held |= {f"{name} status": [stored.scans[name].status] for name in names}
    return results, held


def summary(result: SourceScanResult) -> tuple[object, ...]:
    return (
        result.source,
        result.status,
        result.items_scanned,
        result.items_total,
        sorted(
            (f.location, f.entity_type, f.hits, f.sampled, f.fingerprints) for f in result.findings
        ),
        sorted((r.location, r.date_column, r.total) for r in result.retention),
        dict(result.item_fingerprints),
    )


def test_two_workers_store_the_same_findings_as_one(
    tmp_path: Path, analyzer: AnalyzerEngine, caplog: pytest.LogCaptureFixture
) -> None:
    config = estate(tmp_path)
    names = ["share", "burgers", "personeel"]  # not the configuration's order
    one, stored_one = scan(config, analyzer, names, workers=1)

    ticks: dict[str, list[tuple[int, int, str]]] = {}

    def progress_for(source: DatabaseSource | FilesSource) -> Progress:
        seen = ticks.setdefault(source.name, [])
        return lambda done, total, item: seen.append((done, total, item))

    caplog.set_level(logging.INFO)
    two, stored_two = scan(
        config,
        AnalyzerSettings(),
        names,
        workers=2,
        store_url=f"sqlite:///{tmp_path / 'store-two.db'}",
        progress_for=progress_for,
    )
    assert [r.source for r in two] == names
    assert [summary(r) for r in two] == [summary(r) for r in one]
    assert all(r.status == "success" and r.findings for r in two)
    assert stored_two == stored_one
    # progress per source over its parts, shown once both parts have counted their items
    first, *_, last = ticks["burgers"]
    assert first[1] == 2 and first[0] < 2 and first[2] in {"klanten", "aanvragen"}
    assert last == (2, 2, "")
    assert ticks["share"][-1] == (5, 5, "")
    assert all(total == 5 for _, total, _ in ticks["share"])
    # the workers' log records reach this process's handlers, at this process's levels
    scanned = [r for r in caplog.records if r.getMessage().startswith("scanned source")]
    assert {r.processName for r in scanned} == {"avgscan-scan-worker"}
    assert sorted(r.getMessage().split(":")[0] for r in scanned) == sorted(
        f"scanned source {name} (part {part} of 2)" for name in names for part in (1, 2)
    )
    assert "in 2 worker processes, each in up to 2 parts" in caplog.text


def test_a_failing_source_is_its_failed_result_and_the_others_are_stored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "kapot.sqlite").write_bytes(b"dit is geen database " * 200)
    config = estate(
        tmp_path,
        extra=(
            "  - {name: kapot, type: database, url: 'sqlite:///kapot.sqlite', system: X,"
            " retries: 0}\n"
            "  - {name: weg, type: files, path: bestaat-niet, system: Y, retries: 0}\n"
            "  - name: onbereikbaar\n"
            "    type: database\n"
            "    url: 'postgresql+psycopg://scanner:${PG_PASSWORD}@127.0.0.1:1/zaken'\n"
            "    system: Zaaksysteem\n"
            "    retries: 0\n"
        ),
    )
    names = ["kapot", "burgers", "weg", "onbereikbaar", "share", "personeel"]
    caplog.set_level(logging.DEBUG, logger="pipelines")
    results, stored = scan(config, AnalyzerSettings(), names, workers=2)
    assert [r.source for r in results] == names
    assert [r.status for r in results] == [
        "failed",
        "success",
        "failed",
        "failed",
        "success",
        "success",
    ]
    assert [stored[f"{n} status"] for n in names] == [[r.status] for r in results]
    for result in results:
        if result.status == "failed":
            assert [g.location for g in result.gaps] == [None]
            assert stored[f"{result.source} gaps"] == [result.gaps[0].reason]
            assert PASSWORD not in result.gaps[0].reason
    assert "weg" in results[2].gaps[0].reason
    assert stored["burgers"] and stored["share"] and stored["personeel"]
    assert PASSWORD not in caplog.text and HMAC_KEY.decode() not in caplog.text


def _holder_of(path: Path) -> int | None:
    """The worker process that has `path` open, if any."""
    for child in multiprocessing.active_children():
        try:
            fds = os.listdir(f"/proc/{child.pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{child.pid}/fd/{fd}") == str(path):
                    return child.pid
            except OSError:
                continue
    return None


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_a_worker_that_dies_fails_its_source_only(tmp_path: Path) -> None:
    big = sqlite_db(tmp_path / "groot.sqlite", {f"tabel_{i:03d}": 60 for i in range(120)})
    config = estate(
        tmp_path,
        extra="  - {name: groot, type: database, url: 'sqlite:///groot.sqlite', system: Z,"
        " retries: 0}\n",
    )
    killed: list[int] = []

    def progress_for(source: DatabaseSource | FilesSource) -> Progress | None:
        if source.name != "groot":
            return None

        def kill_its_worker(done: int, total: int, item: str) -> None:
            if not killed and done < total - 1:
                pid = _holder_of(big)
                if pid is not None:
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)

        return kill_its_worker

    names = ["groot", "burgers", "share", "personeel"]
    results, stored = scan(config, AnalyzerSettings(), names, workers=2, progress_for=progress_for)
    assert killed, "the worker scanning groot was not found"
    assert [r.source for r in results] == names
    assert [r.status for r in results] == ["failed", "success", "success", "success"]
    assert (
        results[0].gaps[0].reason == "bron 'groot' afgebroken: scanproces gestopt (signaal SIGKILL)"
    )
    assert stored["groot status"] == ["failed"]
    assert all(stored[n] for n in names[1:])


def test_an_analyzer_that_cannot_be_built_stops_the_scan_with_the_reason(tmp_path: Path) -> None:
    config = estate(tmp_path)
    settings = AnalyzerSettings(nlp_conf=tmp_path / "ontbreekt.yaml")
    with pytest.raises(ScanWorkerError, match=r"ontbreekt\.yaml"):
        scan(config, settings, ["burgers", "personeel"], workers=2)


def test_workers_need_analyzer_settings_and_a_positive_count(
    tmp_path: Path, analyzer: AnalyzerEngine
) -> None:
    config = estate(tmp_path)
    with pytest.raises(TypeError, match="AnalyzerSettings"):
        scan(config, analyzer, ["burgers", "personeel"], workers=2)
    with pytest.raises(ValueError, match="at least 1"):
        scan(config, analyzer, ["burgers"], workers=0)
    with pytest.raises(TypeError, match="AnalyzerSettings"):
        scan(config, analyzer, ["burgers"], workers=2)  # one source is split over workers too
    # one worker: scanned in this process, settings built here
    results, _ = scan(config, AnalyzerSettings(), ["burgers"], workers=1)
    assert [r.status for r in results] == ["success"]


def test_one_large_share_is_scanned_by_both_workers_as_one_would(
    tmp_path: Path, analyzer: AnalyzerEngine, caplog: pytest.LogCaptureFixture
) -> None:
    """A municipality's largest source is often one file share: with two workers each scans
    a part of it, and the stored scan is the one a single process makes."""
    config = estate(tmp_path)
    share = tmp_path / "share" / "Archief"
    for folder in range(8):
        (share / f"{2010 + folder}").mkdir(parents=True)
        for i in range(40):
            number = 100 * folder + i
            letter = "".join(  # a few kB, so that each part takes a while
                f"Zaak {number}-{line}. Aanvrager mevrouw Jansen, BSN "
                f"{bsn(30_000_000 + 11 * number + line)}, e-mail aanvrager{number}@example.nl, "
                f"telefoon 06-{12345000 + number}. De gemeente heeft uw aanvraag ontvangen.\n"
                for line in range(12)
            )
            (share / f"{2010 + folder}" / f"zaak_{number:04d}.txt").write_text(letter)
    (share / "kapot.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00 afgebroken" * 50)  # a gap
    one, stored_one = scan(config, analyzer, ["share"], workers=1)
    caplog.set_level(logging.INFO, logger="pipelines")
    two, stored_two = scan(
        config, AnalyzerSettings(), ["share"], workers=2, store_url=f"sqlite:///{tmp_path / 'b.db'}"
    )
    assert [summary(r) for r in two] == [summary(r) for r in one]
    assert two[0].items_total == 326 and two[0].status == "partial"
    assert (
        [g.location for g in two[0].gaps]
        == ["Archief/kapot.pdf"]
        == [g.location for g in one[0].gaps]
    )
    assert stored_two == stored_one
    parts = [r for r in caplog.records if r.getMessage().startswith("scanned source share (part")]
    assert len(parts) == 2
    counts = [int(r.getMessage().split(" of ")[2].split()[0]) for r in parts]
    assert sum(counts) == 326 and min(counts) > 100  # both parts hold about half the files
    assert len({r.process for r in parts}) == 2  # in two processes, side by side
    # the next night each part carries its unchanged files over from the stored scan
    again, stored_again = scan(
        config, AnalyzerSettings(), ["share"], workers=2, store_url=f"sqlite:///{tmp_path / 'b.db'}"
    )
    assert (again[0].reused, again[0].items_scanned) == (325, 325)  # not the broken PDF
    assert summary(again[0]) == summary(two[0])
    assert stored_again == stored_two


# -- configuration and command line ------------------------------------------------------------


def test_scan_workers_is_validated_and_defaults_to_one(tmp_path: Path) -> None:
    assert load_config(estate(tmp_path)).scan_workers == 1
    for value in ("0", "65", "twee", "1.5"):
        path = estate(tmp_path / value, scan_workers=f"scan_workers: {value}\n")
        with pytest.raises(ConfigError, match="scan_workers"):
            load_config(path)
    assert (
        load_config(estate(tmp_path / "vier", scan_workers="scan_workers: 4\n")).scan_workers == 4
    )


@pytest.mark.parametrize("value", ["0", "65", "twee", "-1"])
def test_cli_refuses_a_bad_worker_count(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["scan", "--config", str(estate(tmp_path)), "--workers", value])
    assert exit_.value.code == 2
    assert "--workers" in capsys.readouterr().err


def test_cli_workers_override_the_configuration(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    config = estate(tmp_path, scan_workers="scan_workers: 1\n")
    caplog.set_level(logging.INFO)
    assert main(["scan", "--config", str(config), "--workers", "2"]) == 0
    assert "scanning 3 sources in 2 worker processes" in caplog.text
    out = capsys.readouterr()
    assert "burgers: success" in out.out and "share: success" in out.out
    # parallel progress bars write lines, they do not redraw one terminal line
    assert "burgers [" in out.err and "\r" not in out.err


# -- politeness (PostgreSQL) ---------------------------------------------------------------------


def _pg_estate(tmp_path: Path, url: str, *, limit: int) -> Path:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for prefix in ("a", "b"):
            for t in range(3):
                conn.execute(sa.text(f"CREATE TABLE {prefix}_tabel_{t} (email TEXT, naam TEXT)"))
                conn.execute(
                    sa.text(f"INSERT INTO {prefix}_tabel_{t} VALUES (:e, :n)"),
                    [{"e": f"inwoner{i}@example.nl", "n": f"Piet Jansen {i}"} for i in range(40)],
                )
    engine.dispose()
    sqlite_db(tmp_path / "lokaal.sqlite", {"klanten": 20})
    sqlite_db(tmp_path / "lokaal2.sqlite", {"klanten": 20})
    config = tmp_path / "avgscan.yaml"
    config.write_text(
        "organisation: Gemeente Test\nstore: sqlite:///store.db\nregister: {path: register.csv}\n"
        f"max_scans_per_server: {limit}\n"
        "sources:\n"
        f"  - {{name: pg_a, type: database, url: '{url}', system: A, include: ['public.a_*'],"
        " retries: 0}\n"
        f"  - {{name: pg_b, type: database, url: '{url}', system: B, include: ['public.b_*'],"
        " retries: 0}\n"
        "  - {name: lokaal, type: database, url: 'sqlite:///lokaal.sqlite', system: C,"
        " retries: 0}\n"
        "  - {name: lokaal2, type: database, url: 'sqlite:///lokaal2.sqlite', system: D,"
        " retries: 0}\n",
        encoding="utf-8",
    )
    return config


class Timeline:
    """When each source's scan was seen, and how many slots its server had taken then."""

    def __init__(self, store_url: str) -> None:
        self.engine = sa.create_engine(store_url)
        self.spans: dict[str, list[float]] = {}
        self.slots_seen: list[int] = []
        self.hooks: dict[str, Callable[[int, int], None]] = {}

    def progress_for(self, source: DatabaseSource | FilesSource) -> Progress:
        span = self.spans.setdefault(source.name, [])
        server = server_of(source)

        def tick(done: int, total: int, item: str) -> None:
            span.append(time.monotonic())
            if server is not None:
                with self.engine.connect() as conn:
                    query = sa.select(sa.func.count()).where(server_slots.c.server == server)
                    self.slots_seen.append(
                        conn.execute(query.select_from(server_slots)).scalar_one()
                    )
            hook = self.hooks.get(source.name)
            if hook is not None:
                hook(done, total)

        return tick

    def overlap(self, a: str, b: str) -> bool:
        (a0, a1), (b0, b1) = (
            (min(self.spans[a]), max(self.spans[a])),
            (min(self.spans[b]), max(self.spans[b])),
        )
        return a0 < b1 and b0 < a1


@pytest.mark.integration
def test_sources_on_one_server_never_overlap_and_others_go_on(
    tmp_path: Path, fresh_postgres_url: str
) -> None:
    config = _pg_estate(tmp_path, fresh_postgres_url, limit=1)
    timeline = Timeline(f"sqlite:///{tmp_path / 'store.db'}")
    names = ["pg_a", "pg_b", "lokaal", "lokaal2"]
    results, _ = scan(
        config, AnalyzerSettings(), names, workers=2, progress_for=timeline.progress_for
    )
    assert [r.status for r in results] == ["success"] * 4
    assert not timeline.overlap("pg_a", "pg_b")
    assert timeline.slots_seen and max(timeline.slots_seen) == 1
    with timeline.engine.connect() as conn:  # every slot given back
        assert conn.execute(sa.select(sa.func.count()).select_from(server_slots)).scalar() == 0


@pytest.mark.integration
def test_a_source_on_a_server_is_split_only_into_parts_that_can_run_at_once(
    tmp_path: Path, fresh_postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """With one scan a server, parts of a database would take turns, each listing it again:
    it is scanned whole. A server that takes two scans gets each source in two parts."""
    names = ["pg_a", "pg_b", "lokaal"]
    caplog.set_level(logging.INFO, logger="pipelines")
    config = _pg_estate(tmp_path, fresh_postgres_url, limit=1)
    whole, stored_whole = scan(config, AnalyzerSettings(), names, workers=2)
    scanned = {r.getMessage().split(":")[0] for r in caplog.records if "scanned source" in r.msg}
    assert scanned == {
        "scanned source pg_a",
        "scanned source pg_b",
        "scanned source lokaal (part 1 of 2)",  # SQLite: no server, no limit
        "scanned source lokaal (part 2 of 2)",
    }
    caplog.clear()
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("max_scans_per_server: 1", "max_scans_per_server: 2"))
    store_url = f"sqlite:///{tmp_path / 'twee.db'}"
    FindingsStore(store_url).close()
    timeline = Timeline(store_url)
    split, stored_split = scan(
        config,
        AnalyzerSettings(),
        names,
        workers=2,
        store_url=store_url,
        progress_for=timeline.progress_for,
    )
    scanned = {r.getMessage().split(":")[0] for r in caplog.records if "scanned source" in r.msg}
    assert {f"scanned source pg_a (part {n} of 2)" for n in (1, 2)} <= scanned
    assert [summary(r) for r in split] == [summary(r) for r in whole]
    assert stored_split == stored_whole
    assert max(timeline.slots_seen) <= 2


@pytest.mark.integration
def test_a_server_busy_elsewhere_does_not_hold_a_worker_up(
    tmp_path: Path, fresh_postgres_url: str
) -> None:
    config = _pg_estate(tmp_path, fresh_postgres_url, limit=1)
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    FindingsStore(store_url).close()
    timeline = Timeline(store_url)
    server = server_of(load_config(config).source("pg_a"))
    other_run = ExitStack()  # another run is scanning that server
    other_run.enter_context(server_slot(timeline.engine, server))

    def other_run_finishes(done: int, total: int) -> None:
        if done == total:
            other_run.close()

    timeline.hooks["lokaal2"] = other_run_finishes
    with other_run:
        names = ["pg_a", "lokaal", "lokaal2"]
        results, _ = scan(
            config, AnalyzerSettings(), names, workers=2, progress_for=timeline.progress_for
        )
    assert [r.status for r in results] == ["success"] * 3
    # both local sources went first; pg_a started once the other run gave its slot back
    assert min(timeline.spans["pg_a"]) > max(timeline.spans["lokaal2"])
    assert min(timeline.spans["pg_a"]) > min(timeline.spans["lokaal"])
