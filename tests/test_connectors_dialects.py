"""Every statement the SQL connector issues, compiled for SQL Server and Oracle (and the tested
dialects, for comparison). No driver and no server needed: SQLAlchemy compiles for a dialect
object. Reflection is SQLAlchemy's own and is left out.

What is checked: the statements compile, identifiers are quoted by the dialect (a table called
"Order" with a column "klant naam"), the dialect's own sampling syntax is used, and no sample
or aggregate has an ORDER BY (the only sort is the primary-key range of a MariaDB probe).
"""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mssql, mysql, oracle, postgresql, sqlite
from sqlalchemy.engine import Dialect

from connectors.base import ColumnRef, TableRef
from connectors.sampling import (
    SamplingPlan,
    choose_plan,
    key_bounds_statement,
    key_range_statement,
    sample_statement,
    statistics_statement,
    system_rows_installed_statement,
)
from connectors.sql import (
    MAX_VALUE_CHARS,
    _set_driver_timeout,
    column_kind,
    date_facts_statement,
    fingerprint_statements,
    session_statements,
)

TABLE = TableRef(
    "dbo",
    "Order",
    (
        ColumnRef("id", "other", "INT"),
        ColumnRef("klant naam", "text", "NVARCHAR(100)"),
        ColumnRef("dossier", "text", "NVARCHAR(max)"),
        ColumnRef("einddatum", "date", "DATE"),
        ColumnRef("gewijzigd_op", "date", "DATETIME2"),
        ColumnRef("scan", "binary", "VARBINARY(max)"),
    ),
    primary_key=("id",),
)
TEXT_COLUMNS = ["klant naam", "dossier"]
CUTOFFS = {"P7Y": date(2018, 1, 1), "P1Y": date(2024, 1, 1)}

DIALECTS: dict[str, Dialect] = {
    "mssql": mssql.dialect(),
    "oracle": oracle.dialect(),
    "postgresql": postgresql.dialect(),
    "mariadb": mysql.dialect(is_mariadb=True),
    "sqlite": sqlite.dialect(),
}
QUOTED_TABLE = {
    "mssql": "[Order]",
    "oracle": '"Order"',
    "postgresql": '"Order"',
    "mariadb": "`Order`",
    "sqlite": '"Order"',
}
QUOTED_COLUMN = {
    "mssql": "[klant naam]",
    "oracle": '"klant naam"',
    "postgresql": '"klant naam"',
    "mariadb": "`klant naam`",
    "sqlite": '"klant naam"',
}


def _sql(statement: sa.ClauseElement, dialect: str) -> str:
    return " ".join(str(statement.compile(dialect=DIALECTS[dialect])).split())


def _plans(dialect: str) -> list[SamplingPlan]:
    """Every plan this dialect can get."""
    big = {"limit": 1000, "row_estimate": 5_000_000}
    plans = [
        choose_plan(dialect, limit=1000, row_estimate=100),  # whole
        choose_plan(dialect, limit=1000, row_estimate=None, is_view=True),  # limit
        choose_plan(dialect, **big, system_rows=True, integer_key="id"),
        choose_plan(dialect, **big),
    ]
    return [p for p in plans if p.method != "keyrange"]


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_sample_statements_compile_with_quoting_and_no_sort(dialect: str) -> None:
    for plan in _plans(dialect):
        sql = _sql(sample_statement(plan, TABLE, TEXT_COLUMNS, capped=["dossier"]), dialect)
        assert QUOTED_TABLE[dialect] in sql
        assert QUOTED_COLUMN[dialect] in sql
        assert "ORDER BY" not in sql.upper()
        assert "random" not in sql.lower()
        assert not re.search(r"\bscan\b", sql)  # binary columns are never selected


@pytest.mark.parametrize(
    ("dialect", "pattern"),
    [
        (
            "mssql",
            r"^SELECT TOP __\[POSTCOMPILE_param_\d\] .* FROM dbo\.\[Order\] AS avgscan_sample "
            r"TABLESAMPLE SYSTEM \(2000 ROWS\)$",
        ),
        (
            "oracle",
            r'FROM dbo\."Order" SAMPLE BLOCK \(0\.040000\) avgscan_sample '
            r"FETCH FIRST __\[POSTCOMPILE_param_\d\] ROWS ONLY$",
        ),
        (
            "postgresql",
            r'FROM dbo\."Order" AS avgscan_sample TABLESAMPLE system\(%\(system_1\)s\) '
            r"LIMIT",
        ),
    ],
)
def test_large_table_uses_the_dialects_own_sampling(dialect: str, pattern: str) -> None:
    plan = choose_plan(dialect, limit=1000, row_estimate=5_000_000)
    sql = _sql(sample_statement(plan, TABLE, TEXT_COLUMNS), dialect)
    assert re.search(pattern, sql), sql


@pytest.mark.parametrize(
    ("dialect", "capped"),
    [
        ("mssql", "substring(CAST(avgscan_sample.dossier AS NVARCHAR(max)), "),
        ("oracle", "substr(avgscan_sample.dossier, "),
        ("postgresql", 'substr(CAST(dbo."Order".dossier AS TEXT), '),
        ("mariadb", "substr(dbo.`Order`.dossier, "),
        ("sqlite", 'substr(dbo."Order".dossier, '),
    ],
)
def test_large_text_is_cut_in_the_database(dialect: str, capped: str) -> None:
    plan = SamplingPlan("tablesample_rows" if dialect == "mssql" else "limit", 10, None)
    if dialect == "oracle":
        plan = SamplingPlan("sample_block", 10, 10**6, 0.5)
    statement = sample_statement(plan, TABLE, TEXT_COLUMNS, capped=["dossier"])
    sql = _sql(statement, dialect)
    assert capped in sql
    literal = str(
        statement.compile(dialect=DIALECTS[dialect], compile_kwargs={"literal_binds": True})
    )
    assert f", 1, {MAX_VALUE_CHARS})" in literal
    assert QUOTED_COLUMN[dialect] in sql
    assert not re.search(r"substr\w*\(\S*" + re.escape(QUOTED_COLUMN[dialect]), sql)  # short


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_statistics_date_facts_and_fingerprint_compile(dialect: str) -> None:
    stats = statistics_statement(dialect, TABLE)
    assert stats is not None
    stats_sql = _sql(stats, dialect)
    expected = {
        "mssql": "FROM sys.partitions JOIN sys.tables",
        "oracle": "FROM all_tables WHERE all_tables.owner = :schema",
        "postgresql": "FROM pg_catalog.pg_class JOIN pg_catalog.pg_namespace",
        "mariadb": "FROM information_schema.tables",
        "sqlite": "SELECT count(*)",
    }[dialect]
    assert expected in stats_sql
    assert "Order" not in stats_sql or dialect == "sqlite"  # names travel as bound parameters

    facts = _sql(date_facts_statement(TABLE, TABLE.columns[3], CUTOFFS), dialect)
    assert facts.startswith("SELECT count(*)")
    assert facts.count("CASE WHEN") == len(CUTOFFS)
    assert "ORDER BY" not in facts and QUOTED_TABLE[dialect] in facts

    stats_again, last_modified = fingerprint_statements(dialect, TABLE)
    assert stats_again is not None and _sql(stats_again, dialect) == stats_sql
    assert last_modified is not None
    assert _sql(last_modified, dialect).startswith("SELECT max(")


def test_statistics_parameters_name_the_table() -> None:
    oracle_params = statistics_statement("oracle", TABLE).compile(dialect=DIALECTS["oracle"]).params  # type: ignore[union-attr]
    assert oracle_params == {"schema": "DBO", "name": "Order"}  # catalog names are upper case
    mssql_params = statistics_statement("mssql", TABLE).compile(dialect=DIALECTS["mssql"]).params  # type: ignore[union-attr]
    assert mssql_params["schema"] == "dbo" and mssql_params["name"] == "Order"
    assert mssql_params["index_id_1"] == [0, 1]  # heap or clustered index: each row once


def test_views_have_no_statistics_and_no_block_sampling() -> None:
    view = TableRef("dbo", "v", TABLE.columns, kind="view")
    for dialect in DIALECTS:
        assert statistics_statement(dialect, view) is None
        plan = choose_plan(dialect, limit=10, row_estimate=None, is_view=True)
        assert "SAMPLE" not in _sql(sample_statement(plan, view, ["klant naam"]), dialect).upper()


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_key_range_probe_compiles(dialect: str) -> None:
    probe = _sql(key_range_statement(TABLE, TEXT_COLUMNS, "id", probe_size=125), dialect)
    assert "ORDER BY dbo." in probe and ".id >=" in probe
    bounds = _sql(key_bounds_statement(TABLE, "id"), dialect)
    assert bounds.startswith("SELECT min(") and "max(" in bounds


def test_system_rows_lookup_reads_pg_extension() -> None:
    sql = _sql(system_rows_installed_statement(), "postgresql")
    assert "FROM pg_catalog.pg_extension WHERE pg_catalog.pg_extension.extname" in sql


def test_dialect_specific_samples_refuse_other_dialects() -> None:
    plan = SamplingPlan("tablesample_rows", 10, None)
    with pytest.raises(sa.exc.CompileError):
        _sql(sample_statement(plan, TABLE, TEXT_COLUMNS), "postgresql")


# -- sessions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "mariadb", "expected"),
    [
        ("sqlite", False, ["PRAGMA query_only = ON"]),
        (
            "postgresql",
            False,
            [
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                "SET statement_timeout = 2500",
            ],
        ),
        (
            "mariadb",
            True,
            ["SET SESSION TRANSACTION READ ONLY", "SET SESSION max_statement_time = 2.500"],
        ),
        (
            "mysql",
            False,
            ["SET SESSION TRANSACTION READ ONLY", "SET SESSION max_execution_time = 2500"],
        ),
        ("mssql", False, ["SET LOCK_TIMEOUT 2500"]),
        ("oracle", False, []),  # read-only per transaction, timeout on the driver
    ],
)
def test_session_statements(dialect: str, mariadb: bool, expected: list[str]) -> None:
    assert session_statements(dialect, timeout_ms=2500, mariadb=mariadb) == expected


def test_driver_timeouts_for_sql_server_and_oracle() -> None:
    pyodbc_like: Any = SimpleNamespace(timeout=0)
    assert _set_driver_timeout(pyodbc_like, "mssql", 2500)
    assert pyodbc_like.timeout == 3  # pyodbc counts whole seconds; rounded up
    oracledb_like: Any = SimpleNamespace(call_timeout=0)
    assert _set_driver_timeout(oracledb_like, "oracle", 2500)
    assert oracledb_like.call_timeout == 2500
    assert not _set_driver_timeout(SimpleNamespace(), "mssql", 2500)  # pymssql: connect option
    assert not _set_driver_timeout(SimpleNamespace(timeout=0), "postgresql", 2500)


# -- binary columns of every dialect -------------------------------------------------------------


@pytest.mark.parametrize(
    "type_",
    [
        postgresql.BYTEA(),
        mysql.BLOB(),
        mysql.TINYBLOB(),
        mysql.MEDIUMBLOB(),
        mysql.LONGBLOB(),
        mysql.BINARY(8),
        mysql.VARBINARY(16),
        mssql.IMAGE(),
        mssql.VARBINARY("max"),
        mssql.TIMESTAMP(),  # SQL Server's row version, not a date
        oracle.RAW(16),
        oracle.BLOB(),
        sa.LargeBinary(),
    ],
)
def test_binary_types_are_binary(type_: sa.types.TypeEngine[Any]) -> None:
    assert column_kind("bijlage", type_) == "binary"


@pytest.mark.parametrize(
    ("type_", "kind"),
    [
        (oracle.CLOB(), "text"),
        (oracle.NCLOB(), "text"),
        (oracle.LONG(), "text"),
        (oracle.DATE(), "date"),
        (mssql.NTEXT(), "text"),
        (mssql.XML(), "text"),
        (mssql.DATETIME2(), "date"),
        (mssql.UNIQUEIDENTIFIER(), "other"),
        (postgresql.JSONB(), "text"),
        (postgresql.INET(), "text"),
        (mysql.JSON(), "text"),
        (mysql.LONGTEXT(), "text"),
    ],
)
def test_text_and_date_types_of_other_dialects(type_: sa.types.TypeEngine[Any], kind: str) -> None:
    assert column_kind("inhoud", type_) == kind


@pytest.mark.parametrize(
    ("dialect", "plan", "clause"),
    [
        (
            "mssql",
            SamplingPlan("tablesample_rows", 10, None),
            "TABLESAMPLE SYSTEM (20 ROWS) REPEATABLE (42)",
        ),
        (
            "oracle",
            SamplingPlan("sample_block", 10, 10**6, 0.5),
            "SAMPLE BLOCK (0.500000) SEED (42) avgscan_sample",
        ),
        ("postgresql", SamplingPlan("system", 10, 10**6, 0.5), "REPEATABLE (%(param_1)s::INTEGER)"),
    ],
)
def test_block_samples_are_repeatable_with_a_seed(
    dialect: str, plan: SamplingPlan, clause: str
) -> None:
    assert clause in _sql(sample_statement(plan, TABLE, TEXT_COLUMNS, seed=42), dialect)
    assert "SEED" not in _sql(sample_statement(plan, TABLE, TEXT_COLUMNS), dialect)
    assert "REPEATABLE" not in _sql(sample_statement(plan, TABLE, TEXT_COLUMNS), dialect)
