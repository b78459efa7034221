"""How long sampling takes compared with reading a table whole, on PostgreSQL and MariaDB.

Creates its own database on each server (`avgscan_bench_<random>`), fills a 200,000-row and a
2,000,000-row table with synthetic rows generated in SQL, and times, per server:

- `SqlDataStore.sample(table, limit=10_000)` on both tables (the polite sample),
- reading the 2,000,000-row table whole (`SELECT` of the same text columns, no LIMIT),

then drops the database. Prints figures; it is not a test. Takes a few minutes.

    python benchmarks/db_sampling.py [--rows 2000000] [--small 200000] [--limit 10000]
        [--postgres URL] [--mariadb URL] [--repeat 3]

Server URLs default to the test servers (`AVGSCAN_TEST_POSTGRES_URL`, `AVGSCAN_TEST_MARIADB_URL`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from connectors import SqlDataStore

POSTGRES_ADMIN_URL = os.environ.get(
    "AVGSCAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
MARIADB_ADMIN_URL = os.environ.get(
    "AVGSCAN_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/"
)


@contextmanager
def bench_database(admin_url: str) -> Iterator[str]:
    name = f"avgscan_bench_{uuid.uuid4().hex[:8]}"  # generated here, not input
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            force = " WITH (FORCE)" if admin.dialect.name == "postgresql" else ""
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}{force}"))
        admin.dispose()


def fill_postgres(url: str, table: str, rows: int) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS tsm_system_rows"))
        conn.execute(
            sa.text(
                f"CREATE TABLE {table} (id bigint PRIMARY KEY, naam text, email text, "
                "notitie text, aangemaakt_op timestamp)"
            )
        )
        conn.execute(
            sa.text(
                f"INSERT INTO {table} SELECT i, 'Persoon ' || i, 'p' || i || '@example.nl', "
                "'notitie over dossier ' || md5(i::text), "
                "timestamp '2000-01-01' + i * interval '1 minute' "
                "FROM generate_series(1, :rows) AS i"
            ),
            {"rows": rows},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"VACUUM ANALYZE {table}"))
    engine.dispose()


def fill_mariadb(url: str, table: str, rows: int) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f"CREATE TABLE {table} (id INT PRIMARY KEY, naam VARCHAR(40), email VARCHAR(60), "
                "notitie TEXT, aangemaakt_op DATETIME) ENGINE=InnoDB"
            )
        )
        conn.execute(
            sa.text(
                f"INSERT INTO {table} SELECT seq, CONCAT('Persoon ', seq), "
                "CONCAT('p', seq, '@example.nl'), CONCAT('notitie over dossier ', MD5(seq)), "
                f"'2000-01-01' + INTERVAL seq MINUTE FROM seq_1_to_{int(rows)}"
            )
        )
        conn.execute(sa.text(f"ANALYZE TABLE {table}"))
    engine.dispose()


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time in seconds over `repeat` runs, and the last result."""
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def read_whole(store: SqlDataStore, schema: str | None, table: str) -> int:
    """Every row of the text columns, as a full read would do (streamed, counted)."""
    clause = sa.table(table, sa.column("naam"), sa.column("email"), sa.column("notitie"),
                      schema=schema)  # fmt: skip
    count = 0
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(sa.select(*clause.c))
        for _ in result:
            count += 1
    return count


Filler = Callable[[str, str, int], None]


def bench(name: str, admin_url: str, fill: Filler, args: argparse.Namespace) -> None:
    print(f"\n== {name}")
    with bench_database(admin_url) as url:
        for table, rows in (("klein", args.small), ("groot", args.rows)):
            start = time.perf_counter()
            fill(url, table, rows)
            print(f"  filled {table}: {rows:>9,} rows in {time.perf_counter() - start:6.1f} s")
        with SqlDataStore(url, statement_timeout_s=600) as store:
            tables = {t.name: t for t in store.list_tables()}
            for table in ("klein", "groot"):
                ref = tables[table]
                plan = store.sampling_plan(ref, limit=args.limit)
                seconds, sample = timed(
                    lambda r=ref: store.sample(r, limit=args.limit), args.repeat
                )
                got = len(sample["naam"]) if isinstance(sample, dict) else 0
                print(
                    f"  sample {args.limit:,} of {table} ({plan.row_estimate or 0:>9,} est.): "
                    f"{seconds * 1000:8.1f} ms  [{plan.method}, {got:,} rows]"
                )
            seconds, count = timed(lambda: read_whole(store, tables["groot"].schema, "groot"), 1)
            print(f"  read groot whole ({count:,} rows):      {seconds * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--small", type=int, default=200_000)
    parser.add_argument("--limit", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=POSTGRES_ADMIN_URL)
    parser.add_argument("--mariadb", default=MARIADB_ADMIN_URL)
    parser.add_argument("--only", choices=["postgresql", "mariadb"])
    args = parser.parse_args()
    if args.only in (None, "postgresql"):
        bench("PostgreSQL", args.postgres, fill_postgres, args)
    if args.only in (None, "mariadb"):
        bench("MariaDB", args.mariadb, fill_mariadb, args)


if __name__ == "__main__":
    main()
