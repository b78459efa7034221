"""Polite sampling against real servers: a 200,000-row table on PostgreSQL and on MariaDB.

The tables are generated in SQL (`generate_series`, MariaDB's sequence engine) from synthetic
values; the store under test only reads. Query plans are checked with EXPLAIN: the PostgreSQL
sample must be a Sample Scan (no Seq Scan), the MariaDB probes primary-key range scans.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from connectors import SqlDataStore, TableRef
from connectors.sampling import (
    SMALL_TABLE_FACTOR,
    SamplingPlan,
    choose_plan,
    key_bounds_statement,
    key_range_statement,
    sample_statement,
)
from connectors.sql import MAX_VALUE_CHARS

pytestmark = pytest.mark.integration

ROWS = 200_000
LIMIT = 1000
PG_SCHEMA = "conn_sampling"
LONG_TEXT_EVERY = 50  # every 50th row has a note longer than MAX_VALUE_CHARS


def _literal_sql(statement: sa.Select[tuple[object, ...]], engine: sa.Engine) -> str:
    """The statement with its numbers inlined, for EXPLAIN (test code: no input involved)."""
    return str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))


def _spread_out(numbers: list[int]) -> bool:
    """Several separate runs of rows, not the first rows of the table (block/range samples
    come in runs of neighbouring rows)."""
    ordered = sorted(numbers)
    runs = 1 + sum(1 for a, b in itertools.pairwise(ordered) if b != a + 1)
    return runs >= 5 and ordered[-1] > 2 * len(numbers)


def _only(store: SqlDataStore, name: str) -> TableRef:
    return next(t for t in store.list_tables() if t.name == name)


# -- PostgreSQL ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_admin(postgres_url: str) -> Iterator[sa.Engine]:
    admin = sa.create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
        conn.execute(
            sa.text(
                f"CREATE TABLE {PG_SCHEMA}.groot (id bigint PRIMARY KEY, naam text, "
                "notitie text, gegevens jsonb, foto bytea, bedrag numeric)"
            )
        )
        conn.execute(
            sa.text(
                f"INSERT INTO {PG_SCHEMA}.groot "
                "SELECT i, 'Persoon ' || i, "
                "CASE WHEN i % :every = 0 THEN repeat('lang ', :long) ELSE 'notitie ' || i END, "
                "jsonb_build_object('nummer', i, 'plaats', 'Utrecht'), "
                "decode(md5(i::text), 'hex'), i / 100.0 "
                "FROM generate_series(1, :rows) AS i"
            ),
            {"every": LONG_TEXT_EVERY, "long": MAX_VALUE_CHARS // 2, "rows": ROWS},
        )
        conn.execute(sa.text(f"CREATE VIEW {PG_SCHEMA}.groot_namen AS SELECT naam FROM "
                             f"{PG_SCHEMA}.groot"))  # fmt: skip
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f"VACUUM ANALYZE {PG_SCHEMA}.groot"))
    yield admin
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(sa.text("DROP EXTENSION IF EXISTS tsm_system_rows"))
    admin.dispose()


def _set_system_rows(admin: sa.Engine, installed: bool) -> None:
    with admin.begin() as conn:
        if not installed:
            conn.execute(sa.text("DROP EXTENSION IF EXISTS tsm_system_rows"))
            return
        available = conn.execute(
            sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'tsm_system_rows'")
        ).first()
        if available is None:
            pytest.skip("the tsm_system_rows contrib module is not installed on this server")
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS tsm_system_rows"))


@pytest.mark.parametrize(
    ("installed", "method", "scan"),
    [(True, "system_rows", "Sample Scan"), (False, "system", "Sample Scan")],
)
def test_postgres_samples_a_large_table_without_a_seq_scan(
    pg_admin: sa.Engine, postgres_url: str, installed: bool, method: str, scan: str
) -> None:
    _set_system_rows(pg_admin, installed)
    with SqlDataStore(postgres_url, include=[f"{PG_SCHEMA}.*"]) as store:
        table = _only(store, "groot")
        plan = store.sampling_plan(table, limit=LIMIT)
        assert plan.method == method
        assert plan.row_estimate is not None and abs(plan.row_estimate - ROWS) < ROWS * 0.05
        if method == "system":
            assert plan.percent is not None and 0 < plan.percent < 5
        sample = store.sample(table, limit=LIMIT)
        if method == "system":  # REPEATABLE: an unchanged table gives the same sample
            assert store.sample(table, limit=LIMIT) == sample

        columns = [c.name for c in table.columns_of("text")]
        statement = sample_statement(plan, table, columns, capped=["notitie", "gegevens"])
        with store.engine.connect() as conn:
            sql = "EXPLAIN " + _literal_sql(statement, store.engine)
            explained = "\n".join(str(r[0]) for r in conn.execute(sa.text(sql)))
    assert scan in explained
    assert "Seq Scan" not in explained
    assert set(sample) == {"naam", "notitie", "gegevens"}  # foto (bytea) and bedrag are skipped
    assert len(sample["naam"]) == LIMIT
    numbers = [int(v.removeprefix("Persoon ")) for v in sample["naam"]]
    assert len(set(numbers)) == LIMIT
    assert _spread_out(numbers)
    assert max(len(v) for v in sample["notitie"]) == MAX_VALUE_CHARS  # cut in the database
    assert all(json.loads(v)["plaats"] == "Utrecht" for v in sample["gegevens"])


def test_postgres_view_is_listed_and_sampled_with_a_limit(
    pg_admin: sa.Engine, postgres_url: str
) -> None:
    with SqlDataStore(postgres_url, include=[f"{PG_SCHEMA}.*"]) as store:
        tables = {t.name: t for t in store.list_tables()}
        view = tables["groot_namen"]
        assert (view.kind, tables["groot"].kind) == ("view", "table")
        assert tables["groot"].primary_key == ("id",)
        assert store.sampling_plan(view, limit=10).method == "limit"
        assert len(store.sample(view, limit=10)["naam"]) == 10


def test_postgres_small_table_is_read_whole(pg_admin: sa.Engine, postgres_url: str) -> None:
    with pg_admin.begin() as conn:
        conn.execute(sa.text(f"CREATE TABLE {PG_SCHEMA}.klein (id int PRIMARY KEY, naam text)"))
        conn.execute(
            sa.text(
                f"INSERT INTO {PG_SCHEMA}.klein "
                "SELECT i, 'Klant ' || i FROM generate_series(1, 25) i"
            )
        )
        conn.execute(sa.text(f"ANALYZE {PG_SCHEMA}.klein"))
    try:
        with SqlDataStore(postgres_url, include=[f"{PG_SCHEMA}.klein"]) as store:
            (table,) = store.list_tables()
            plan = store.sampling_plan(table, limit=10)
            assert (plan.method, plan.row_estimate) == ("whole", 25)
            whole = store.sample(table, limit=100)["naam"]
            sub = store.sample(table, limit=10)["naam"]
        assert sorted(whole) == sorted(f"Klant {i}" for i in range(1, 26))
        assert len(sub) == 10 and set(sub) <= set(whole)
    finally:
        with pg_admin.begin() as conn:
            conn.execute(sa.text(f"DROP TABLE {PG_SCHEMA}.klein"))


# -- MariaDB -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def maria_admin(mariadb_url: str) -> Iterator[sa.Engine]:
    admin = sa.create_engine(mariadb_url)
    with admin.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS groot"))
        conn.execute(
            sa.text(
                "CREATE TABLE groot (id INT PRIMARY KEY, naam VARCHAR(60), notitie LONGTEXT, "
                "gegevens JSON, foto LONGBLOB, code VARBINARY(16)) ENGINE=InnoDB"
            )
        )
        # seq_1_to_N comes from MariaDB's sequence engine; the gaps (even ids only) make the
        # key range twice the row count, as after deletes.
        conn.execute(
            sa.text(
                f"INSERT INTO groot SELECT seq * 2, CONCAT('Persoon ', seq), "
                f"IF(seq % {LONG_TEXT_EVERY} = 0, REPEAT('lang ', {MAX_VALUE_CHARS // 2}), "
                "CONCAT('notitie ', seq)), JSON_OBJECT('nummer', seq, 'plaats', 'Utrecht'), "
                f"UNHEX(MD5(seq)), UNHEX(MD5(seq)) FROM seq_1_to_{ROWS}"
            )
        )
        conn.execute(sa.text("ANALYZE TABLE groot"))
    yield admin
    with admin.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS groot"))
    admin.dispose()


def test_mariadb_samples_by_primary_key_ranges(maria_admin: sa.Engine, mariadb_url: str) -> None:
    with SqlDataStore(mariadb_url, include=["*.groot"]) as store:
        table = _only(store, "groot")
        assert {c.name: c.kind for c in table.columns} == {
            "id": "other",
            "naam": "text",
            "notitie": "text",
            "gegevens": "text",
            "foto": "binary",
            "code": "binary",
        }
        plan = store.sampling_plan(table, limit=LIMIT)
        assert plan.method == "keyrange"
        assert plan.row_estimate is not None and plan.row_estimate > LIMIT * SMALL_TABLE_FACTOR
        sample = store.sample(table, limit=LIMIT)
        assert store.sample(table, limit=LIMIT) == sample  # seeded: the same probes each run

        columns = [c.name for c in table.columns_of("text")]
        probe = key_range_statement(table, columns, "id", probe_size=125, capped=["notitie"])
        probe = probe.params(start=ROWS)
        with store.engine.connect() as conn:
            rows = conn.execute(sa.text("EXPLAIN " + _literal_sql(probe, store.engine))).mappings()
            (explained,) = list(rows)
            bounds = conn.execute(
                sa.text("EXPLAIN " + _literal_sql(key_bounds_statement(table, "id"), store.engine))
            ).mappings().one()  # fmt: skip
    assert explained["key"] == "PRIMARY"
    assert explained["type"] == "range"
    assert "optimized away" in str(bounds["Extra"])  # min/max read from the index ends
    assert set(sample) == {"naam", "notitie", "gegevens"}
    assert len(sample["naam"]) == LIMIT
    numbers = [int(v.removeprefix("Persoon ")) for v in sample["naam"]]
    assert len(set(numbers)) == LIMIT
    assert _spread_out(numbers)
    assert max(len(v) for v in sample["notitie"]) == MAX_VALUE_CHARS
    assert all(json.loads(v)["plaats"] == "Utrecht" for v in sample["gegevens"])


def test_mariadb_table_without_integer_key_falls_back_to_limit(
    maria_admin: sa.Engine, mariadb_url: str
) -> None:
    with maria_admin.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS codes"))
        conn.execute(sa.text("CREATE TABLE codes (code VARCHAR(20) PRIMARY KEY, naam TEXT)"))
        conn.execute(
            sa.text(
                "INSERT INTO codes SELECT CONCAT('c', seq), CONCAT('Naam ', seq) FROM seq_1_to_500"
            )
        )
        conn.execute(sa.text("ANALYZE TABLE codes"))
    try:
        with SqlDataStore(mariadb_url, include=["*.codes"]) as store:
            (table,) = store.list_tables()
            assert table.primary_key == ("code",)
            assert store.sampling_plan(table, limit=20).method == "keyrange"
            assert len(store.sample(table, limit=20)["naam"]) == 20  # min/max are no integers
    finally:
        with maria_admin.begin() as conn:
            conn.execute(sa.text("DROP TABLE codes"))


# -- the choice itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "estimate", "kwargs", "method"),
    [
        ("postgresql", 100, {}, "whole"),
        ("postgresql", LIMIT * SMALL_TABLE_FACTOR, {"system_rows": True}, "whole"),
        ("postgresql", 10**6, {"system_rows": True}, "system_rows"),
        ("postgresql", None, {"system_rows": True}, "system_rows"),
        ("postgresql", 10**6, {}, "system"),
        ("postgresql", None, {}, "limit"),
        ("postgresql", 10**6, {"is_view": True, "system_rows": True}, "limit"),
        ("mariadb", 10**6, {"integer_key": "id"}, "keyrange"),
        ("mysql", 10**6, {"integer_key": "id"}, "keyrange"),
        ("mariadb", 10**6, {}, "limit"),
        ("sqlite", 10**6, {"integer_key": "id"}, "keyrange"),
        ("mssql", 10**6, {}, "tablesample_rows"),
        ("mssql", None, {}, "tablesample_rows"),
        ("mssql", 10, {}, "whole"),
        ("oracle", 10**6, {}, "sample_block"),
        ("oracle", None, {}, "limit"),
        ("firebird", 10**6, {}, "limit"),
    ],
)
def test_choose_plan(
    dialect: str, estimate: int | None, kwargs: dict[str, object], method: str
) -> None:
    plan = choose_plan(dialect, limit=LIMIT, row_estimate=estimate, **kwargs)  # type: ignore[arg-type]
    assert plan.method == method
    assert plan.limit == LIMIT
    if method in ("system", "sample_block"):
        assert plan.percent == pytest.approx(100 * 2 * LIMIT / 10**6)
    assert plan.fetch_limit == (LIMIT * SMALL_TABLE_FACTOR if method == "whole" else LIMIT)


def test_block_percentage_stays_within_what_databases_accept() -> None:
    tiny = choose_plan("oracle", limit=1, row_estimate=10**12)
    assert tiny.percent is not None and tiny.percent >= 1e-6
    plan = SamplingPlan("keyrange", 10, 10**6)
    with pytest.raises(ValueError, match="key_range_statement"):
        sample_statement(plan, TableRef(None, "t", ()), [])
