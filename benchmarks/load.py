"""Under load: 50 sources scanned at once, 100,000 files in all (issue #8, point 7).

Generates a synthetic estate (by default 40 folders and 10 SQLite databases; tiny text files,
one in ten with synthetic personal data: an e-mail address, a phone number and a BSN that passes
the 11-proef), then scans every source concurrently with one shared analyzer and one shared
findings store, each worker saving its own source scan. It prints the wall time, the peak RSS
and checks that

- every source is in the coverage figures (`scan_coverage`) with all its items scanned;
- the store is consistent: per source, the findings stored equal what the worker returned,
  and exactly one scan per source exists.

    .venv/bin/python benchmarks/load.py                    # 100,000 files, ~minutes
    .venv/bin/python benchmarks/load.py --files 5000       # a quick run
    .venv/bin/python benchmarks/load.py --store postgresql+psycopg://postgres@127.0.0.1/bench

Exit status 1 if a check fails.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from pipelines.config import AvgscanConfig, load_config
from pipelines.results import SourceScanResult
from pipelines.runner import scan_coverage
from pipelines.scanning import scan_source
from pipelines.store import FindingsStore, findings, source_scans
from scanners import build_analyzer

PERSONAL_EVERY = 10  # one file in ten holds personal data
TABLES_PER_DATABASE = 5
ROWS_PER_TABLE = 200


def bsn(rng: random.Random) -> str:
    """A synthetic BSN that passes the 11-proef (weights 9…2 and -1)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and digits[0] != 0:
            return "".join(map(str, digits)) + str(check)


def personal_line(rng: random.Random, i: int) -> str:
    return (
        f"Betreft: aanvraag {i}. Burgerservicenummer {bsn(rng)}, e-mail inwoner{i}@example.nl, "
        f"telefoon 06-{rng.randint(10_000_000, 99_999_999)}.\n"
    )


def generate(root: Path, *, files: int, folders: int, databases: int, seed: int) -> Path:
    """The estate and its avgscan.yaml; returns the configuration's path."""
    rng = random.Random(seed)
    lines = [
        "organisation: Gemeente Belasting",
        "store: sqlite:///store.db",
        "register: {path: register.csv}",
        "sources:",
    ]
    for f in range(folders):
        folder = root / f"schijf{f:02d}"
        count = files // folders + (1 if f < files % folders else 0)
        for i in range(count):
            sub = folder / f"map{i // 500:03d}"
            if i % 500 == 0:
                sub.mkdir(parents=True, exist_ok=True)
            text = personal_line(rng, i) if i % PERSONAL_EVERY == 0 else f"Notitie {i}: niets.\n"
            (sub / f"notitie{i:05d}.txt").write_text(text, encoding="utf-8")
        lines.append(f"  - {{name: schijf{f:02d}, type: files, path: schijf{f:02d}, system: S}}")
    for d in range(databases):
        path = root / f"db{d:02d}.sqlite"
        with sqlite3.connect(path) as conn:
            for t in range(TABLES_PER_DATABASE):
                conn.execute(
                    f"CREATE TABLE t{t} (id INTEGER PRIMARY KEY, email TEXT, notitie TEXT)"
                )
                conn.executemany(
                    f"INSERT INTO t{t} VALUES (?, ?, ?)",
                    [(i, f"inwoner{i}@example.nl", f"regel {i}") for i in range(ROWS_PER_TABLE)],
                )
        lines.append(
            f"  - {{name: db{d:02d}, type: database, url: 'sqlite:///{path.name}', system: D}}"
        )
    (root / "register.csv").write_text(
        "Naam verwerking;Doel;Grondslag;Categorieën persoonsgegevens;Bewaartermijn;Systemen\n"
        "Zaken;Zaken;Publieke taak;Contactgegevens;7 jaar;S\n",
        encoding="utf-8",
    )
    config = root / "avgscan.yaml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def store_engine(url: str) -> sa.Engine:
    """SQLite serialises writers: wait for the lock (WAL lets readers go on meanwhile)."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_size=10, max_overflow=50)
    engine = sa.create_engine(url, connect_args={"timeout": 300})

    @sa.event.listens_for(engine, "connect")
    def _wal(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.execute("PRAGMA journal_mode=WAL")

    return engine


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run(config: AvgscanConfig, store_url: str, workers: int) -> int:
    analyzer = build_analyzer()
    engine = store_engine(store_url)
    store = FindingsStore(engine)
    run_id = store.start_run("nightly", config.organisation).id
    rss_before = peak_rss_mb()
    active = 0
    most_active = 0
    lock = threading.Lock()

    def scan_one(name: str) -> SourceScanResult:
        nonlocal active, most_active
        with lock:
            active += 1
            most_active = max(most_active, active)
        try:
            result = scan_source(config.source(name), analyzer)
            store.save_source_scan(run_id, result)
            return result
        finally:
            with lock:
                active -= 1

    names = [s.name for s in config.sources]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = {r.source: r for r in pool.map(scan_one, names)}
    seconds = time.perf_counter() - started

    problems = check(config, store, run_id, results)
    items = sum(r.items_total for r in results.values())
    print(f"sources: {len(names)} ({most_active} scanned at the same time)")
    print(f"items:   {items} ({sum(r.items_scanned for r in results.values())} scanned)")
    print(f"findings: {sum(len(r.findings) for r in results.values())}")
    print(f"time:    {seconds:.1f} s ({items / seconds:.0f} items/s)")
    print(f"peak RSS: {peak_rss_mb():.0f} MiB (after building the analyzer: {rss_before:.0f} MiB)")
    for problem in problems:
        print(f"FAILED: {problem}")
    store.close()
    engine.dispose()
    return 1 if problems else 0


def check(
    config: AvgscanConfig, store: FindingsStore, run_id: str, results: dict[str, SourceScanResult]
) -> list[str]:
    problems = []
    names = [s.name for s in config.sources]
    if set(results) != set(names):
        problems.append(f"{len(set(names) - set(results))} sources returned no result")
    for name, result in results.items():
        if result.status != "success" or result.items_scanned != result.items_total:
            problems.append(f"{name}: {result.status}, {result.items_scanned}/{result.items_total}")
    scanned, total = scan_coverage(config, store)
    expected = sum(r.items_total for r in results.values())
    if (scanned, total) != (expected, expected):
        problems.append(f"coverage {scanned}/{total}, expected {expected}/{expected}")
    query = (
        sa.select(source_scans.c.source, sa.func.count(findings.c.id))
        .select_from(source_scans.outerjoin(findings, findings.c.scan_id == source_scans.c.id))
        .where(source_scans.c.run_id == run_id)
        .group_by(source_scans.c.id, source_scans.c.source)
    )
    with store.engine.connect() as conn:
        stored = list(conn.execute(query))
    per_source = {source: count for source, count in stored}
    if len(stored) != len(names) or set(per_source) != set(names):
        problems.append(f"{len(stored)} scans stored for {len(names)} sources")
    for name, result in results.items():
        if per_source.get(name) != len(result.findings):
            problems.append(
                f"{name}: {per_source.get(name)} findings stored, {len(result.findings)} returned"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--files", type=int, default=100_000, help="files in all folders")
    parser.add_argument("--folders", type=int, default=40)
    parser.add_argument("--databases", type=int, default=10)
    parser.add_argument("--workers", type=int, default=50, help="sources scanned at once")
    parser.add_argument("--store", help="findings store URL (default: SQLite in the estate)")
    parser.add_argument("--dir", type=Path, help="where to build the estate (default: temp)")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    root = args.dir or Path(tempfile.mkdtemp(prefix="avgscan-load-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        config_path = generate(
            root, files=args.files, folders=args.folders, databases=args.databases, seed=args.seed
        )
        print(f"estate generated in {time.perf_counter() - started:.1f} s at {root}")
        config = load_config(config_path)
        return run(config, args.store or config.store, min(args.workers, 50))
    finally:
        if args.dir is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
