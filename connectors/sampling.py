"""Polite row sampling, dialect by dialect: a few rows without full scans or `ORDER BY random()`.

The plan for a table is chosen from its row estimate (the database's own statistics, never a
`COUNT(*)` on a large table):

- small tables (estimate ≤ `SMALL_TABLE_FACTOR` × the sample size) are read whole, capped by a
  LIMIT in case the statistics are stale, and sub-sampled in Python;
- PostgreSQL: `TABLESAMPLE SYSTEM_ROWS(n)` when the `tsm_system_rows` extension is installed,
  else `TABLESAMPLE SYSTEM(p)` with p sized from `pg_class.reltuples`, plus a LIMIT;
- MariaDB/MySQL (and SQLite): key-range probes on a one-column integer primary key: random
  starting points between `min(pk)` and `max(pk)` (an index lookup), each probe
  `WHERE pk >= :start ORDER BY pk LIMIT k`, so every probe is a short primary-key range scan;
- SQL Server: `TABLESAMPLE SYSTEM (n ROWS)` with `TOP`;
- Oracle: `SAMPLE BLOCK (p)` with `FETCH FIRST n ROWS ONLY` (block sampling reads only the
  sampled blocks; row sampling would read them all);
- anything else, views, and tables without statistics: a plain LIMIT (first rows, no sort).

Every statement is built from SQLAlchemy constructs, so identifiers are quoted by the dialect.
The only numbers rendered inline are sample sizes and percentages this module computed itself
(SQL Server and Oracle accept no bound parameter there); everything else is a bound parameter.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import TableSample

from connectors.base import TableRef

__all__ = [
    "KEYRANGE_PROBES",
    "OVERSAMPLE",
    "SMALL_TABLE_FACTOR",
    "SampleMethod",
    "SamplingPlan",
    "capped_text",
    "choose_plan",
    "key_bounds_statement",
    "key_range_statement",
    "sample_statement",
    "statistics_statement",
    "system_rows_installed_statement",
    "table_clause",
]

#: A table whose row estimate is at most this many times the sample size is read whole.
SMALL_TABLE_FACTOR = 3
#: Block sampling returns a variable number of rows; ask for this many times more, then LIMIT.
OVERSAMPLE = 2.0
#: How many key ranges the MariaDB/MySQL sample is spread over (more if probes overlap).
KEYRANGE_PROBES = 8

SampleMethod = Literal[
    "whole",  # small table: read it all (capped) and sub-sample
    "limit",  # no statistics or no better way: the first rows, no sort
    "system_rows",  # PostgreSQL TABLESAMPLE SYSTEM_ROWS(n)
    "system",  # PostgreSQL TABLESAMPLE SYSTEM(p)
    "keyrange",  # MariaDB/MySQL/SQLite: ranges of the integer primary key
    "tablesample_rows",  # SQL Server TABLESAMPLE SYSTEM (n ROWS)
    "sample_block",  # Oracle SAMPLE BLOCK (p)
]


@dataclass(frozen=True)
class SamplingPlan:
    """How one table is sampled: the method, and the numbers it was sized from."""

    method: SampleMethod
    limit: int  # rows wanted
    row_estimate: int | None  # from statistics; None where there are none (views, new tables)
    percent: float | None = None  # for block sampling (PostgreSQL SYSTEM, Oracle SAMPLE BLOCK)

    @property
    def fetch_limit(self) -> int:
        """The LIMIT of the statement: more than `limit` only when reading a table whole."""
        return self.limit * SMALL_TABLE_FACTOR if self.method == "whole" else self.limit


def choose_plan(
    dialect: str,
    *,
    limit: int,
    row_estimate: int | None,
    is_view: bool = False,
    system_rows: bool = False,
    integer_key: str | None = None,
) -> SamplingPlan:
    """Pick the sampling method for one table. Pure: the caller looked up the facts.

    Args:
        dialect: SQLAlchemy dialect name (`postgresql`, `mariadb`, `mysql`, `mssql`, ...).
        limit: rows wanted.
        row_estimate: rows according to the statistics, or None if unknown.
        is_view: views cannot be block-sampled; they get a plain LIMIT.
        system_rows: whether PostgreSQL has the `tsm_system_rows` extension.
        integer_key: the one-column primary key, if any (its values are checked to be
            integers when the plan is carried out).
    """
    if row_estimate is not None and row_estimate <= limit * SMALL_TABLE_FACTOR:
        return SamplingPlan("whole", limit, row_estimate)
    if is_view:
        return SamplingPlan("limit", limit, row_estimate)
    if dialect == "postgresql":
        if system_rows:
            return SamplingPlan("system_rows", limit, row_estimate)
        if row_estimate is not None:
            return SamplingPlan("system", limit, row_estimate, _percent(limit, row_estimate))
    elif dialect in ("mysql", "mariadb", "sqlite"):
        if integer_key is not None and row_estimate is not None:
            return SamplingPlan("keyrange", limit, row_estimate)
    elif dialect == "mssql":
        return SamplingPlan("tablesample_rows", limit, row_estimate)
    elif dialect == "oracle" and row_estimate is not None:
        return SamplingPlan("sample_block", limit, row_estimate, _percent(limit, row_estimate))
    return SamplingPlan("limit", limit, row_estimate)


def _percent(limit: int, row_estimate: int) -> float:
    """Percentage of blocks that should hold about OVERSAMPLE × limit rows; 1e-6 ≤ p < 100."""
    percent = 100.0 * OVERSAMPLE * limit / max(row_estimate, 1)
    return min(max(percent, 1e-6), 99.999999)


# -- statements -----------------------------------------------------------------------------------


def table_clause(table: TableRef, columns: Sequence[str]) -> sa.TableClause:
    """A lightweight table construct from reflected names; SQLAlchemy quotes the identifiers."""
    return sa.table(table.name, *(sa.column(name) for name in columns), schema=table.schema)


def sample_statement(
    plan: SamplingPlan,
    table: TableRef,
    columns: Sequence[str],
    *,
    capped: Sequence[str] = (),
    max_chars: int = 10_000,
    seed: int | None = None,
) -> sa.Select[Any]:
    """The one statement for every method but `keyrange`.

    Columns named in `capped` (large text: TEXT, CLOB, JSON…) are cut to `max_chars` in the
    database, so a multi-megabyte document never crosses the wire. A `seed` makes block
    samples repeatable (REPEATABLE / SEED; not SYSTEM_ROWS, which has no such clause): an
    unchanged table then gives the same sample each run.
    """
    repeatable = None if seed is None else sa.literal(int(seed), sa.Integer())
    if plan.method == "keyrange":
        raise ValueError("keyrange samples are built with key_range_statement")
    clause = table_clause(table, columns)
    source: sa.FromClause = clause
    if plan.method == "system_rows":
        # tsm_system_rows accepts no REPEATABLE clause: this sample differs per run.
        source = sa.tablesample(clause, sa.func.system_rows(plan.limit), name="avgscan_sample")
    elif plan.method == "system":
        source = sa.tablesample(
            clause, sa.func.system(plan.percent), name="avgscan_sample", seed=repeatable
        )
    elif plan.method == "tablesample_rows":
        rows_sample = _RowsSample._construct(
            clause, sampling=sa.func.system(0), name="avgscan_sample"
        )
        rows_sample.rows = math.ceil(plan.limit * OVERSAMPLE)  # SQL Server
        rows_sample.repeat_seed = seed
        source = rows_sample
    elif plan.method == "sample_block":
        block_sample = _BlockSample._construct(
            clause, sampling=sa.func.system(0), name="avgscan_sample"
        )
        block_sample.percent = plan.percent  # Oracle
        block_sample.repeat_seed = seed
        source = block_sample
    selected = [_capped_column(source.c[name], name in capped, max_chars) for name in columns]
    return sa.select(*selected).select_from(source).limit(plan.fetch_limit)


def key_bounds_statement(table: TableRef, key: str) -> sa.Select[Any]:
    """`min(pk), max(pk)`: two index lookups."""
    col = table_clause(table, [key]).c[key]
    return sa.select(sa.func.min(col), sa.func.max(col))


def key_range_statement(
    table: TableRef,
    columns: Sequence[str],
    key: str,
    *,
    probe_size: int,
    capped: Sequence[str] = (),
    max_chars: int = 10_000,
) -> sa.Select[Any]:
    """One probe: `SELECT pk, cols WHERE pk >= :start ORDER BY pk LIMIT probe_size`.

    The key comes first in each row, so overlapping probes can be de-duplicated.
    """
    clause = table_clause(table, [key, *(c for c in columns if c != key)])
    pk = clause.c[key]
    selected = [_capped_column(clause.c[name], name in capped, max_chars) for name in columns]
    return (
        sa.select(pk, *selected)
        .where(pk >= sa.bindparam("start", type_=sa.BigInteger()))
        .order_by(pk)
        .limit(probe_size)
    )


def system_rows_installed_statement() -> sa.Select[Any]:
    """Whether PostgreSQL's `tsm_system_rows` extension is installed (one row, or none)."""
    ext = sa.table("pg_extension", sa.column("extname"), schema="pg_catalog")
    return sa.select(sa.literal(1)).select_from(ext).where(ext.c.extname == "tsm_system_rows")


def statistics_statement(dialect: str, table: TableRef) -> sa.Select[Any] | None:
    """The table's statistics: first column the row estimate, then change markers.

    Cheap by design: catalog views only, except on SQLite (a local file without kept
    statistics), where it is `count(*)`. None for views and unknown dialects.
    """
    if table.kind == "view":
        return None
    schema = sa.bindparam("schema", table.schema, type_=sa.String())
    name = sa.bindparam("name", table.name, type_=sa.String())
    if dialect == "postgresql":
        cls = sa.table(
            "pg_class",
            sa.column("oid"),
            sa.column("relname"),
            sa.column("relnamespace"),
            sa.column("reltuples"),
            sa.column("relpages"),
            schema="pg_catalog",
        )
        nsp = sa.table("pg_namespace", sa.column("oid"), sa.column("nspname"), schema="pg_catalog")
        stat = sa.table(
            "pg_stat_user_tables",
            sa.column("relid"),
            sa.column("n_tup_ins"),
            sa.column("n_tup_upd"),
            sa.column("n_tup_del"),
            schema="pg_catalog",
        )
        return (
            sa.select(
                cls.c.reltuples,
                cls.c.relpages,
                stat.c.n_tup_ins,
                stat.c.n_tup_upd,
                stat.c.n_tup_del,
            )
            .select_from(
                cls.join(nsp, nsp.c.oid == cls.c.relnamespace).outerjoin(
                    stat, stat.c.relid == cls.c.oid
                )
            )
            .where(nsp.c.nspname == schema, cls.c.relname == name)
        )
    if dialect in ("mysql", "mariadb"):
        tables = sa.table(
            "tables",
            sa.column("table_schema"),
            sa.column("table_name"),
            sa.column("table_rows"),
            sa.column("update_time"),
            schema="information_schema",
        )
        return sa.select(tables.c.table_rows, tables.c.update_time).where(
            tables.c.table_schema == schema, tables.c.table_name == name
        )
    if dialect == "mssql":
        parts = sa.table(
            "partitions", sa.column("object_id"), sa.column("index_id"), sa.column("rows"),
            schema="sys",
        )  # fmt: skip
        objs = sa.table(
            "tables", sa.column("object_id"), sa.column("schema_id"), sa.column("name"),
            schema="sys",
        )  # fmt: skip
        schemas = sa.table("schemas", sa.column("schema_id"), sa.column("name"), schema="sys")
        return (
            sa.select(sa.func.sum(parts.c.rows))
            .select_from(
                parts.join(objs, objs.c.object_id == parts.c.object_id).join(
                    schemas, schemas.c.schema_id == objs.c.schema_id
                )
            )
            .where(schemas.c.name == schema, objs.c.name == name, parts.c.index_id.in_([0, 1]))
        )
    if dialect == "oracle":
        tables = sa.table(
            "all_tables",
            sa.column("owner"),
            sa.column("table_name"),
            sa.column("num_rows"),
            sa.column("last_analyzed"),
        )
        # Oracle reflection reports case-insensitive names in lower case; the catalog holds
        # them in upper case.
        owner = sa.bindparam("schema", _oracle_name(table.schema), type_=sa.String())
        oname = sa.bindparam("name", _oracle_name(table.name), type_=sa.String())
        return sa.select(tables.c.num_rows, tables.c.last_analyzed).where(
            tables.c.owner == owner, tables.c.table_name == oname
        )
    if dialect == "sqlite":
        return sa.select(sa.func.count()).select_from(table_clause(table, []))
    return None


def _oracle_name(name: str | None) -> str | None:
    return name.upper() if name is not None and name == name.lower() else name


# -- constructs the generic compiler lacks -----------------------------------------------------


class capped_text(FunctionElement[str]):  # noqa: N801 - SQL-function style name
    """The first `n` characters of a text, CLOB or JSON value, computed in the database."""

    type = sa.Text()
    inherit_cache = True
    name = "capped_text"


@compiles(capped_text)
def _capped_default(element: capped_text, compiler: SQLCompiler, **kw: Any) -> str:
    value, length = list(element.clauses)
    # CAST makes JSON/XML/enum values text on PostgreSQL; a no-op for text itself.
    return compiler.process(sa.func.substr(sa.cast(value, sa.Text()), 1, length), **kw)


@compiles(capped_text, "mysql")
@compiles(capped_text, "mariadb")
@compiles(capped_text, "sqlite")
@compiles(capped_text, "oracle")
def _capped_substr(element: capped_text, compiler: SQLCompiler, **kw: Any) -> str:
    value, length = list(element.clauses)
    # SUBSTR takes JSON (MySQL), BLOB-or-text (SQLite) and CLOB (Oracle) as they are.
    return compiler.process(sa.func.substr(value, 1, length), **kw)


@compiles(capped_text, "mssql")
def _capped_mssql(element: capped_text, compiler: SQLCompiler, **kw: Any) -> str:
    value, length = list(element.clauses)
    # SQL Server has SUBSTRING, not SUBSTR; NVARCHAR(max) also takes NTEXT and XML.
    return compiler.process(sa.func.substring(sa.cast(value, _NVARCHAR_MAX), 1, length), **kw)


class _NvarcharMax(sa.types.UserDefinedType[str]):
    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "NVARCHAR(max)"


_NVARCHAR_MAX = _NvarcharMax()


def _capped_column(
    column: sa.ColumnElement[Any], capped: bool, max_chars: int
) -> sa.ColumnElement[Any]:
    if not capped:
        return column
    return capped_text(column, sa.literal(max_chars, sa.Integer())).label(column.key or "value")


class _RowsSample(TableSample):
    """SQL Server `TABLESAMPLE SYSTEM (n ROWS)`; n computed here (no parameter allowed)."""

    inherit_cache = False
    rows: int = 0
    repeat_seed: int | None = None


class _BlockSample(TableSample):
    """Oracle `SAMPLE BLOCK (p)`; p computed here (Oracle takes a literal only)."""

    inherit_cache = False
    percent: float | None = None
    repeat_seed: int | None = None


@compiles(_RowsSample, "mssql")
def _rows_sample_mssql(element: _RowsSample, compiler: SQLCompiler, **kw: Any) -> str:
    kw["asfrom"] = True
    text = f"{compiler.visit_alias(element, **kw)} TABLESAMPLE SYSTEM ({int(element.rows)} ROWS)"
    if element.repeat_seed is not None:
        text += f" REPEATABLE ({int(element.repeat_seed)})"
    return text


@compiles(_BlockSample, "oracle")
def _block_sample_oracle(element: _BlockSample, compiler: SQLCompiler, **kw: Any) -> str:
    # Oracle puts the sample clause between the table and its alias.
    kw["asfrom"] = True
    table = compiler.process(element.element, **kw)
    alias = compiler.preparer.format_alias(element, str(element.name))
    percent = float(element.percent or 1.0)
    seed = "" if element.repeat_seed is None else f" SEED ({int(element.repeat_seed)})"
    return f"{table} SAMPLE BLOCK ({percent:.6f}){seed} {alias}"


@compiles(_RowsSample)
@compiles(_BlockSample)
def _dialect_sample_elsewhere(element: TableSample, compiler: SQLCompiler, **kw: Any) -> str:
    raise sa.exc.CompileError(f"{type(element).__name__} is specific to one dialect")
