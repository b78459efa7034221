"""Politeness per server: at most `max_scans_per_server` scans at a time, across threads/runs."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from pipelines.config import load_config
from pipelines.politeness import ServerBusyError, server_of, server_slot, server_slots
from pipelines.runner import scan_politely
from pipelines.store import FindingsStore
from scanners import build_analyzer


def engine_for(tmp_path: Path) -> sa.Engine:
    return sa.create_engine(f"sqlite:///{tmp_path / 'store.db'}")


def hold_intervals(engine: sa.Engine, limit: int, workers: int) -> list[tuple[float, float]]:
    intervals: list[tuple[float, float]] = []
    lock = threading.Lock()

    def work() -> None:
        with server_slot(engine, "postgresql://db.intern:5432", limit=limit, poll_s=0.02):
            start = time.monotonic()
            time.sleep(0.2)
            with lock:
                intervals.append((start, time.monotonic()))

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(intervals)


def overlapping(intervals: list[tuple[float, float]]) -> int:
    return max(sum(1 for s, e in intervals if s <= t < e) for t, _ in intervals)


def test_one_scan_at_a_time_per_server(tmp_path: Path) -> None:
    engine = engine_for(tmp_path)
    assert overlapping(hold_intervals(engine, limit=1, workers=3)) == 1
    assert overlapping(hold_intervals(engine, limit=3, workers=3)) > 1
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(server_slots)).scalar() == 0


def test_a_busy_server_is_an_error_after_the_wait(tmp_path: Path) -> None:
    engine = engine_for(tmp_path)
    with (
        server_slot(engine, "smb://fs.intern"),
        pytest.raises(ServerBusyError, match=r"fs\.intern"),
        server_slot(engine, "smb://fs.intern", wait_s=0.1, poll_s=0.02),
    ):
        pass


def test_a_slot_left_by_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    engine = engine_for(tmp_path)
    with server_slot(engine, None):  # creates nothing for a local source
        pass
    with server_slot(engine, "smb://fs.intern"):
        pass  # creates the table
    with engine.begin() as conn:
        conn.execute(
            server_slots.insert().values(
                server="smb://fs.intern",
                slot=0,
                holder="dood",
                since=datetime.now(UTC) - timedelta(days=1),
            )
        )
    with server_slot(engine, "smb://fs.intern", wait_s=0.1, poll_s=0.02):
        pass


def test_server_of_sources(tmp_path: Path) -> None:
    config_path = tmp_path / "avgscan.yaml"
    config_path.write_text(
        "organisation: T\nregister: {path: r.csv}\nsources:\n"
        "  - {name: pg, type: database, system: A,\n"
        "     url: 'postgresql+psycopg://scanner:${P}@db.intern:5433/a'}\n"
        "  - {name: lite, type: database, url: 'sqlite:///a.sqlite', system: B}\n"
        "  - {name: share, type: files, path: 'smb://FS.intern/afd/wmo', system: C}\n"
        "  - {name: local, type: files, path: share, system: D}\n",
        encoding="utf-8",
    )
    config = load_config(config_path, env={"P": "geheim"})
    servers = [server_of(s) for s in config.sources]
    assert servers == ["postgresql://db.intern:5433", None, "smb://fs.intern", None]
    assert "geheim" not in str(servers)


@pytest.mark.integration
def test_two_sources_on_one_server_are_scanned_one_after_the_other(
    postgres_url: str, tmp_path: Path
) -> None:
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        for schema in ("beleefd_a", "beleefd_b"):
            conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
            conn.execute(sa.text(f"CREATE TABLE {schema}.contact (email text)"))
            conn.execute(
                sa.text(
                    f"INSERT INTO {schema}.contact SELECT 'p' || g || '@example.nl' "
                    "FROM generate_series(1, 50) g"
                )
            )
    engine.dispose()
    config_path = tmp_path / "avgscan.yaml"
    config_path.write_text(
        "organisation: T\nregister: {path: r.csv}\nsources:\n"
        f"  - {{name: a, type: database, url: '{postgres_url}', system: A,\n"
        "     include: ['beleefd_a.*']}\n"
        f"  - {{name: b, type: database, url: '{postgres_url}', system: B,\n"
        "     include: ['beleefd_b.*']}\n",
        encoding="utf-8",
    )
    config = load_config(config_path)
    analyzer = build_analyzer()
    FindingsStore(config.store).close()  # the store exists before the runs start
    results = {}

    def scan(name: str) -> None:
        with FindingsStore(config.store) as store:
            results[name] = scan_politely(config, store, config.source(name), analyzer)

    threads = [threading.Thread(target=scan, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = sorted(results.values(), key=lambda r: r.started)
    assert first.status == second.status == "success"
    assert first.finished is not None and first.finished <= second.started
