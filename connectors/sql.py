"""SQL databases through SQLAlchemy: list tables, sample text columns, aggregate date columns.

Modelled on pdscan's SQL adapter and dlt's `sql_database` source:

- accepts an `Engine` or a URL string, and disposes only the engine it created itself;
- every session is read-only (set up in a `connect` event listener) and has a statement timeout;
- tables are reflected with `sqlalchemy.inspect`, and every query is built with SQLAlchemy
  constructs, so identifiers are quoted by the dialect, never by string formatting;
- rows are sampled politely (statistics-sized TABLESAMPLE / key ranges, see `sampling`);
- one query at a time per store, and the connection goes back to the pool after each call;
- errors become `ConnectorError`s that name the table and the error class or SQLSTATE, never
  the driver's message (drivers quote data values in it) and never a password.

Tested against real servers: SQLite, PostgreSQL (psycopg 3) and MariaDB/MySQL (PyMySQL).
SQL Server and Oracle are supported through their extras; every statement is compile-tested
for them. What each database allows for read-only sessions and timeouts:

- SQLite: the file is opened `mode=ro`, plus `PRAGMA query_only`;
- PostgreSQL: `SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY` and `statement_timeout`;
- MariaDB/MySQL: `SET SESSION TRANSACTION READ ONLY` and `max_statement_time` (MariaDB) or
  `max_execution_time` (MySQL; SELECTs only);
- SQL Server: no read-only session exists; `SET LOCK_TIMEOUT` and pyodbc's query timeout;
- Oracle: `SET TRANSACTION READ ONLY` at the start of every unit of work (it lasts one
  transaction), and python-oracledb's `call_timeout`.

Whatever the session allows, give the scanner an account that can only read
(docs/database-role.md).
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import logging
import math
import random
import re
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL, Engine
from sqlalchemy.engine.reflection import ObjectKind
from sqlalchemy.exc import SQLAlchemyError

from connectors.base import (
    ColumnKind,
    ColumnRef,
    ConnectorError,
    DateColumnChoice,
    DateFacts,
    TableKind,
    TableRef,
)
from connectors.sampling import (
    KEYRANGE_PROBES,
    SamplingPlan,
    choose_plan,
    key_bounds_statement,
    key_range_statement,
    sample_statement,
    statistics_statement,
    system_rows_installed_statement,
    table_clause,
)

__all__ = [
    "DATE_COLUMN_PREFERENCE",
    "MAX_VALUE_CHARS",
    "MODIFICATION_COLUMN_NAMES",
    "SqlDataStore",
    "choose_date_column",
    "column_kind",
    "date_column_choice",
    "date_facts_statement",
    "fingerprint_statements",
    "is_identifier_name",
    "modification_column",
    "session_statements",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: A sampled value longer than this is cut off (the scanner only needs its beginning).
MAX_VALUE_CHARS = 10_000

#: Schemas that belong to the database system itself; never listed.
SYSTEM_SCHEMAS = frozenset(
    {
        # PostgreSQL (pg_catalog, pg_toast, pg_temp_N… are caught by the "pg_" prefix)
        "information_schema",
        # MariaDB / MySQL
        "mysql",
        "performance_schema",
        "sys",
        # SQL Server
        "guest",
        "db_accessadmin",
        "db_backupoperator",
        "db_datareader",
        "db_datawriter",
        "db_ddladmin",
        "db_denydatareader",
        "db_denydatawriter",
        "db_owner",
        "db_securityadmin",
    }
)

#: Column-name preference for the retention date, most preferred first. A date column whose
#: name equals an entry wins over one that merely contains it; earlier entries win over later.
#: End-of-relationship dates come first (retention usually runs "na beëindiging"), then
#: last-modified, then creation dates, then a plain `datum`.
DATE_COLUMN_PREFERENCE: tuple[str, ...] = (
    # end of the relationship, the case or the validity
    "einddatum",
    "datum_einde",
    "einde",
    "afgesloten_op",
    "datum_afgesloten",
    "afsluitdatum",
    "datum_afsluiting",
    "end_date",
    "ended_at",
    "closed_at",
    "closed_on",
    "beeindigd_op",
    "beeindigingsdatum",
    "datum_beeindiging",
    "uitdienst_datum",
    "geldig_tot",
    "valid_to",
    # last modification
    "updated_at",
    "gewijzigd_op",
    "laatst_gewijzigd",
    "mutatiedatum",
    "datum_mutatie",
    "wijzigingsdatum",
    "modified_at",
    "last_modified",
    # creation
    "aangemaakt_op",
    "aanmaakdatum",
    "datum_aanmaak",
    "registratiedatum",
    "created_at",
    "created_on",
    "datum",
)

#: Column names that record when a row last changed; `max()` of one is part of a fingerprint.
#: Matched like DATE_COLUMN_PREFERENCE: exact names first, then names that contain one.
MODIFICATION_COLUMN_NAMES: tuple[str, ...] = (
    "updated_at",
    "gewijzigd_op",
    "laatst_gewijzigd",
    "mutatiedatum",
    "datum_mutatie",
    "wijzigingsdatum",
    "datum_wijziging",
    "last_modified",
    "modified_at",
    "lastmodified",
    "last_update",
)

# Integer/numeric columns with these names may hold an identifier such as a BSN, so they are
# sampled as text. Substrings are distinctive enough to match anywhere in the name; tokens
# must be a whole word of the name (split on anything that is not a letter or digit).
_IDENTIFIER_SUBSTRINGS = (
    "bsn",
    "sofinummer",
    "sofinr",
    "sofi_nr",
    "burgerservicenummer",
    "a_nummer",
    "anummer",
    "iban",
    "rekeningnummer",
    "rekeningnr",
    "telefoon",
    "mobiel",
    "phone",
    "rijbewijs",
    "paspoort",
    "documentnummer",
)
_IDENTIFIER_TOKENS = frozenset({"tel", "telnr", "gsm", "anr", "ssn"})

_ISO_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"


def is_identifier_name(column_name: str) -> bool:
    """Whether a column name suggests an identifier (BSN, A-nummer, IBAN, phone number…)."""
    name = column_name.lower()
    if any(hint in name for hint in _IDENTIFIER_SUBSTRINGS):
        return True
    return any(token in _IDENTIFIER_TOKENS for token in re.split(r"[^a-z0-9]+", name))


def column_kind(column_name: str, type_: sa.types.TypeEngine[Any]) -> ColumnKind:
    """Classify a reflected column type as text, date, binary or other.

    Integer and decimal columns whose name suggests an identifier count as text, because
    BSNs and phone numbers are often stored as numbers. Columns of a type SQLAlchemy does not
    know (`NullType`, e.g. untyped SQLite columns) count as text: they may hold anything.
    """
    if isinstance(type_, sa.types.NullType | sa.String | sa.JSON):
        return "text"  # String covers VARCHAR, TEXT, CHAR, CLOB, NVARCHAR, ENUM, SET, XML…
    if isinstance(type_, postgresql.INET | postgresql.CIDR | postgresql.MACADDR):
        return "text"  # IP and MAC addresses are online identifiers
    if isinstance(type_, sa.Date | sa.DateTime):
        return "date"  # DateTime covers DATETIME, TIMESTAMP and Oracle's DATE
    if isinstance(type_, sa.types._Binary):
        # BYTEA, BLOB/TINY/MEDIUM/LONGBLOB, BINARY, VARBINARY, RAW, LONG RAW, IMAGE, and SQL
        # Server's TIMESTAMP (a row version, not a date): skipped when sampling, but counted.
        return "binary"
    if isinstance(type_, sa.Integer | sa.Numeric) and is_identifier_name(column_name):
        return "text"
    return "other"


def choose_date_column(table: TableRef, configured: str | None = None) -> str | None:
    """The column whose dates retention is measured by, or None if the table has none.

    Kept for compatibility; `date_column_choice` also says why the column was chosen.
    """
    return date_column_choice(table, configured).column


def date_column_choice(table: TableRef, configured: str | None = None) -> DateColumnChoice:
    """The retention date column and the reason: configured, detected by name, or none.

    `configured` wins if the table has a column by that name (of any kind). Otherwise the date
    columns are searched in the order of `DATE_COLUMN_PREFERENCE`, for each name first an exact
    match, then a column whose name contains it (case-insensitive). Where the database has no
    schemas (SQLite, whose dates are often stored as ISO text), text columns are searched the
    same way after the date columns.
    """
    missing: str | None = None
    if configured is not None:
        for column in table.columns:
            if column.name == configured:
                return DateColumnChoice(column.name, "configured")
        for column in table.columns:
            if column.name.lower() == configured.lower():
                return DateColumnChoice(column.name, "configured")
        logger.warning(
            "configured date column %r not found in %s; detecting one", configured, table.qualified
        )
        missing = configured
    found = _match_by_name(table, DATE_COLUMN_PREFERENCE)
    if found is None:
        return DateColumnChoice(None, "none", configured_missing=missing)
    name, matched = found
    return DateColumnChoice(name, "detected", matched=matched, configured_missing=missing)


def modification_column(table: TableRef) -> str | None:
    """A column recording when a row last changed (updated_at, gewijzigd_op…), if any."""
    found = _match_by_name(table, MODIFICATION_COLUMN_NAMES)
    return found[0] if found else None


def _match_by_name(table: TableRef, preference: Sequence[str]) -> tuple[str, str] | None:
    """(column, preferred name it matched): date columns first, then (no schemas) text."""
    candidate_groups = [table.columns_of("date")]
    if table.schema is None:
        candidate_groups.append(table.columns_of("text"))
    for candidates in candidate_groups:
        for preferred in preference:
            for column in candidates:
                if column.name.lower() == preferred:
                    return column.name, preferred
            for column in candidates:
                if preferred in column.name.lower():
                    return column.name, preferred
    return None


def session_statements(dialect: str, *, timeout_ms: int, mariadb: bool = False) -> list[str]:
    """The statements that make a new session read-only and time-limited, per dialect.

    Only integers computed here are formatted in; nothing comes from input. SQL Server has no
    read-only session (give the scanner a read-only role) and Oracle's read-only mode holds for
    one transaction: `SqlDataStore` starts every unit of work with `SET TRANSACTION READ ONLY`.
    """
    if dialect == "sqlite":
        return ["PRAGMA query_only = ON"]
    if dialect == "postgresql":
        return [
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
            f"SET statement_timeout = {int(timeout_ms)}",
        ]
    if dialect in ("mysql", "mariadb"):
        if mariadb:
            timeout = f"SET SESSION max_statement_time = {timeout_ms / 1000:.3f}"
        else:
            timeout = f"SET SESSION max_execution_time = {int(timeout_ms)}"
        return ["SET SESSION TRANSACTION READ ONLY", timeout]
    if dialect == "mssql":
        # Lock waits end with error 1222 instead of queueing behind a writer.
        return [f"SET LOCK_TIMEOUT {int(timeout_ms)}"]
    return []


def _set_driver_timeout(dbapi_connection: Any, dialect: str, timeout_ms: int) -> bool:
    """Client-side timeouts where the server has no statement timeout; True if one was set."""
    if dialect == "mssql" and hasattr(dbapi_connection, "timeout"):  # pyodbc: seconds
        dbapi_connection.timeout = max(1, math.ceil(timeout_ms / 1000))
        return True
    if dialect == "oracle" and hasattr(dbapi_connection, "call_timeout"):  # oracledb: ms
        dbapi_connection.call_timeout = int(timeout_ms)
        return True
    return False


def _as_text(value: object) -> str:
    if type(value) is str:  # most values: no conversion
        return value[:MAX_VALUE_CHARS]
    if isinstance(value, bytes | bytearray | memoryview):
        text = bytes(value).decode("utf-8", errors="replace")
    elif isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return text[:MAX_VALUE_CHARS]


def _as_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bytes):
        value = value.decode("ascii", errors="replace")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _read_only_url(url: URL) -> URL:
    """For a SQLite file, the same database opened through a read-only URI (`mode=ro`)."""
    if not url.drivername.startswith("sqlite"):
        return url
    database = url.database or ""
    if database in ("", ":memory:") or url.query.get("uri") == "true":
        return url
    path = urllib.parse.quote(database)
    return url.set(database=f"file:{path}").update_query_dict({"mode": "ro", "uri": "true"})


class SqlDataStore:
    """A database reached through SQLAlchemy, read-only. Implements `DataStore`.

    Args:
        engine: an `Engine` (borrowed: the store never disposes it, but does make its
            sessions read-only) or a URL string (the store creates and disposes the engine).
        include: globs on `schema.table` (on `table` where the database has no schemas);
            if given, only matching tables are listed.
        exclude: globs on `schema.table` (or `table`); matching tables are never listed.
        statement_timeout_s: server-side limit per statement (PostgreSQL, MariaDB, MySQL).
        only: a test of the qualified name (`TableRef.qualified`); if given, only tables it
            holds are listed, and only their columns are read (one part of a source).

    On MariaDB/MySQL a URL that names a database lists that database only; without one,
    every non-system database is listed.
    """

    def __init__(
        self,
        engine: Engine | str,
        *,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        statement_timeout_s: float = 60.0,
        only: Callable[[str], bool] | None = None,
    ) -> None:
        if isinstance(engine, str):
            try:
                url = sa.make_url(engine)
                self._engine = sa.create_engine(_read_only_url(url))
            except (SQLAlchemyError, ValueError, ImportError) as exc:
                raise ConnectorError(
                    f"cannot create a database engine ({type(exc).__name__})"
                ) from None
            self._owns_engine = True
        else:
            self._engine = engine
            self._owns_engine = False
        self._include = tuple(include)
        self._exclude = tuple(exclude)
        self._only = only  # of the qualified names: a part of the source (pipelines.workers)
        self._timeout_s = statement_timeout_s
        self._lock = threading.Lock()
        self._system_rows: bool | None = None  # PostgreSQL tsm_system_rows, looked up once
        # Names the database in messages; never with its password.
        self._name = (url if isinstance(engine, str) else engine.url).render_as_string(
            hide_password=True
        )
        sa.event.listen(self._engine, "connect", self._on_connect)

    @property
    def engine(self) -> Engine:
        """The engine the store reads through (read-only sessions)."""
        return self._engine

    def __repr__(self) -> str:
        return f"SqlDataStore({self._name!r})"

    # -- read-only sessions -----------------------------------------------------------------

    def _on_connect(self, dbapi_connection: Any, connection_record: Any) -> None:
        self._make_read_only(dbapi_connection)
        connection_record.info["avgscan_read_only"] = True

    def _make_read_only(self, dbapi_connection: Any) -> None:
        dialect = self._engine.dialect.name
        timeout_ms = max(1, int(self._timeout_s * 1000))
        mariadb = False
        if dialect in ("mysql", "mariadb"):
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT VERSION()")
                row = cursor.fetchone()
            finally:
                cursor.close()
            dbapi_connection.commit()  # end the implicit transaction before SET SESSION
            mariadb = row is not None and "mariadb" in str(row[0]).lower()
        statements = session_statements(dialect, timeout_ms=timeout_ms, mariadb=mariadb)
        driver_timeout = _set_driver_timeout(dbapi_connection, dialect, timeout_ms)
        if dialect not in ("sqlite", "postgresql", "mysql", "mariadb", "oracle"):
            logger.warning(
                "%s: sessions on %s are not made read-only%s; use a read-only role",
                self._name,
                dialect,
                "" if driver_timeout or statements else " nor time-limited",
            )
        if not statements:
            return
        cursor = dbapi_connection.cursor()
        try:
            for statement in statements:
                cursor.execute(statement)
        finally:
            cursor.close()
        if dialect != "sqlite":
            dbapi_connection.commit()

    def _run(self, what: str, action: Callable[[sa.Connection], T]) -> T:
        """Run one unit of work on a read-only connection, serialised and error-wrapped."""
        with self._lock:
            try:
                with self._engine.connect() as conn:
                    # A borrowed engine may hold connections opened before the store existed.
                    if not conn.connection.info.get("avgscan_read_only"):
                        self._make_read_only(conn.connection.dbapi_connection)
                        conn.connection.info["avgscan_read_only"] = True
                    try:
                        if self._engine.dialect.name == "oracle":
                            # Oracle's read-only mode lasts one transaction: open each so.
                            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                        return action(conn)
                    finally:
                        conn.rollback()
            except SQLAlchemyError as exc:
                raise ConnectorError(f"{what} on {self._name} failed: {_describe(exc)}") from None

    # -- DataStore ----------------------------------------------------------------------------

    def list_tables(self) -> list[TableRef]:
        """All user tables and views, sorted, filtered by the include/exclude globs and `only`.

        Materialized views (PostgreSQL, Oracle) are listed as views.
        """
        return self._run("listing tables", self._list_tables)

    def _list_tables(self, conn: sa.Connection) -> list[TableRef]:
        inspector = sa.inspect(conn)
        dialect = self._engine.dialect.name
        schemas: list[str | None]
        if dialect == "sqlite":
            schemas = [None]
        elif dialect in ("mysql", "mariadb") and inspector.default_schema_name:
            schemas = [inspector.default_schema_name]
        else:
            schemas = [
                s
                for s in inspector.get_schema_names()
                if s.lower() not in SYSTEM_SCHEMAS and not s.lower().startswith("pg_")
            ]
        tables: list[TableRef] = []
        for schema in sorted(schemas, key=lambda s: s or ""):
            kinds: dict[str, TableKind] = {}
            for name in inspector.get_table_names(schema=schema):
                kinds[name] = "table"
            for name in _view_names(inspector, schema):
                kinds.setdefault(name, "view")
            names = [name for name in kinds if self._wanted(schema, name)]
            if not names:
                continue
            reflected = inspector.get_multi_columns(
                schema=schema, filter_names=names, kind=ObjectKind.ANY
            )
            table_names = [name for name in names if kinds[name] == "table"]
            keys = (
                inspector.get_multi_pk_constraint(schema=schema, filter_names=table_names)
                if table_names
                else {}
            )
            for name in sorted(names):
                columns = tuple(
                    ColumnRef(
                        name=_column_name(col["name"], dialect),
                        kind=column_kind(col["name"], col["type"]),
                        type_name=self._type_name(col["type"]),
                    )
                    for col in reflected.get((schema, name), [])
                )
                key = keys.get((schema, name))
                key_columns = (key["constrained_columns"] or []) if key else []
                primary_key = tuple(_column_name(c, dialect) for c in key_columns)
                tables.append(
                    TableRef(
                        schema=schema,
                        name=name,
                        columns=columns,
                        kind=kinds[name],
                        primary_key=primary_key,
                    )
                )
        return tables

    def _wanted(self, schema: str | None, name: str) -> bool:
        keys = [f"{schema}.{name}"] if schema else [name]

        def matches(patterns: Sequence[str]) -> bool:
            return any(fnmatch.fnmatchcase(key, pat) for key in keys for pat in patterns)

        if self._include and not matches(self._include):
            return False
        if self._only is not None and not self._only(keys[0]):
            return False  # filtered before its columns are read: a part reads only its own
        return not matches(self._exclude)

    def _type_name(self, type_: sa.types.TypeEngine[Any]) -> str:
        try:
            return str(type_.compile(dialect=self._engine.dialect))
        except Exception:  # NullType and exotic types cannot always be compiled
            return type(type_).__name__

    def sample(self, table: TableRef, *, limit: int) -> dict[str, list[str]]:
        """Up to `limit` rows of the text columns; per column the non-null values as strings.

        Rows are chosen politely (see `sampling`): statistics decide between reading a small
        table whole and a dialect's block or key-range sample; no full scans, no sorting.
        Large text, CLOB and JSON values are cut to `MAX_VALUE_CHARS` in the database, all
        values again here. Binary and other columns are not read.
        """
        text_columns = [c.name for c in table.columns_of("text")]
        if not text_columns or limit <= 0:
            return {name: [] for name in text_columns}

        def fetch(conn: sa.Connection) -> dict[str, list[str]]:
            plan = self._plan(conn, table, limit)
            rows = self._sample_rows(conn, plan, table, text_columns)
            return {  # column by column: a tight loop per column, strings passed through
                name: [_as_text(v) for row in rows if (v := row[i]) is not None]
                for i, name in enumerate(text_columns)
            }

        return self._run(f"sampling {table.qualified}", fetch)

    def sampling_plan(self, table: TableRef, *, limit: int) -> SamplingPlan:
        """How `sample` would read this table now: method and the statistics behind it."""
        return self._run(
            f"planning a sample of {table.qualified}", lambda c: self._plan(c, table, limit)
        )

    def row_estimate(self, table: TableRef) -> int | None:
        """Rows according to the database's statistics (SQLite: counted); None if unknown."""
        return self._run(
            f"estimating rows of {table.qualified}", lambda c: self._row_estimate(c, table)
        )

    def _plan(self, conn: sa.Connection, table: TableRef, limit: int) -> SamplingPlan:
        dialect = self._engine.dialect.name
        if dialect == "postgresql" and self._system_rows is None:
            found = conn.execute(system_rows_installed_statement()).first()
            self._system_rows = found is not None
        return choose_plan(
            dialect,
            limit=limit,
            row_estimate=self._row_estimate(conn, table),
            is_view=table.kind == "view",
            system_rows=bool(self._system_rows),
            integer_key=table.primary_key[0] if len(table.primary_key) == 1 else None,
        )

    def _row_estimate(self, conn: sa.Connection, table: TableRef) -> int | None:
        statement = statistics_statement(self._engine.dialect.name, table)
        if statement is None:
            return None
        row = conn.execute(statement).first()
        if row is None or row[0] is None:
            return None
        estimate = float(row[0])
        return None if estimate < 0 else int(estimate)  # PostgreSQL: -1 = never analysed

    def _sample_rows(
        self, conn: sa.Connection, plan: SamplingPlan, table: TableRef, columns: list[str]
    ) -> list[Sequence[Any]]:
        capped = [c.name for c in table.columns_of("text") if _is_large_text(c.type_name)]
        # Seeded by the table's name: an unchanged table gives the same sample every run, so
        # findings do not flicker between nightly runs.
        seed = _stable_seed(table)
        rng = random.Random(seed)
        if plan.method == "keyrange":
            rows = self._key_range_rows(conn, plan, table, columns, capped, rng)
            if rows is not None:
                return rows
            plan = SamplingPlan("limit", plan.limit, plan.row_estimate)

        def statement(plan: SamplingPlan) -> sa.Select[Any]:
            return sample_statement(
                plan, table, columns, capped=capped, max_chars=MAX_VALUE_CHARS, seed=seed
            )

        rows = list(conn.execute(statement(plan)).fetchall())  # one fetch, not one a row
        if plan.method == "system" and len(rows) < plan.limit and (plan.percent or 100) < 25:
            # Block sampling came up short (few, or sparse, blocks): one retry with 4× the blocks.
            wider = SamplingPlan("system", plan.limit, plan.row_estimate, 4 * (plan.percent or 0))
            rows = list(conn.execute(statement(wider)).fetchall())
        if len(rows) > plan.limit:  # a small table read whole: choose the rows evenly
            rows = rng.sample(rows, plan.limit)
        return rows

    def _key_range_rows(
        self,
        conn: sa.Connection,
        plan: SamplingPlan,
        table: TableRef,
        columns: list[str],
        capped: list[str],
        rng: random.Random,
    ) -> list[Sequence[Any]] | None:
        """Rows from random ranges of the integer primary key; None if the key is no integer."""
        key = table.primary_key[0]
        low, high = conn.execute(key_bounds_statement(table, key)).one()
        if not isinstance(low, int) or not isinstance(high, int):
            return None
        probe_size = max(1, math.ceil(plan.limit / KEYRANGE_PROBES))
        statement = key_range_statement(
            table, columns, key, probe_size=probe_size, capped=capped, max_chars=MAX_VALUE_CHARS
        )
        rows: dict[Any, Sequence[Any]] = {}
        # Probes that start near the top or overlap return fewer new rows: allow a few extra.
        for _ in range(KEYRANGE_PROBES * 3):
            if len(rows) >= plan.limit:
                break
            for row in conn.execute(statement, {"start": rng.randint(low, high)}).fetchall():
                rows.setdefault(row[0], tuple(row[1:]))
        return list(rows.values())[: plan.limit]

    def date_facts(self, table: TableRef, column: str, *, cutoffs: Mapping[str, date]) -> DateFacts:
        """Row count, dated rows, oldest and newest date, and rows before each cutoff.

        One aggregate query; no row leaves the database. Text columns are accepted on SQLite
        only (ISO-8601 strings; other text counts as undated).
        """
        ref = next((c for c in table.columns if c.name == column), None)
        if ref is None:
            raise ConnectorError(f"{table.qualified} has no column {column!r}")
        dialect = self._engine.dialect.name
        if ref.kind == "text" and dialect != "sqlite":
            raise ConnectorError(
                f"{table.qualified}.{column} is a text column ({ref.type_name}); "
                "configure a date column for retention"
            )
        if ref.kind not in ("date", "text"):
            raise ConnectorError(
                f"{table.qualified}.{column} is not a date column ({ref.type_name})"
            )
        labels = list(cutoffs)
        query = date_facts_statement(table, ref, cutoffs)

        def fetch(conn: sa.Connection) -> DateFacts:
            row = conn.execute(query).one()
            return DateFacts(
                column=column,
                total=int(row[0]),
                dated=int(row[1]),
                oldest=_as_date(row[2]),
                newest=_as_date(row[3]),
                older_than={label: int(row[4 + i]) for i, label in enumerate(labels)},
            )

        return self._run(f"date aggregates of {table.qualified}.{column}", fetch)

    def fingerprint(self, table: TableRef) -> str:
        """A cheap string that changes when the table's rows change; a SHA-256 hex digest.

        Built from the statistics (row estimate and, where kept, change counters: PostgreSQL
        `n_tup_ins/upd/del`, MariaDB `update_time`, Oracle `last_analyzed`) plus
        `max(<modification column>)` when the table has one (`modification_column`). No
        `COUNT(*)` except on SQLite. Hashed, so no value from the table is in it.

        Views have no statistics: their fingerprint differs on every call (always rescanned).
        Without a modification column, an update that leaves the statistics alone goes
        unnoticed until they are refreshed (ANALYZE): force a full rescan now and then.
        """
        dialect = self._engine.dialect.name
        stats, last_modified = fingerprint_statements(dialect, table)

        def fetch(conn: sa.Connection) -> str:
            parts: list[str] = [dialect, table.qualified, table.kind]
            if stats is None:
                parts.append(f"volatile:{uuid.uuid4().hex}")
            else:
                row = conn.execute(stats).first()
                parts.append(repr(None if row is None else tuple(row)))
            if last_modified is not None:
                parts.append(repr(conn.execute(last_modified).scalar()))
            return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

        return self._run(f"fingerprinting {table.qualified}", fetch)

    def close(self) -> None:
        """Dispose the engine if the store created it; a borrowed engine is left alone."""
        if sa.event.contains(self._engine, "connect", self._on_connect):
            sa.event.remove(self._engine, "connect", self._on_connect)
        if self._owns_engine:
            self._engine.dispose()

    def __enter__(self) -> SqlDataStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _column_name(reflected: str, dialect: str) -> str:
    """The real column name: SQLAlchemy's MySQL reflection (it parses SHOW CREATE TABLE) leaves
    backticks inside a column name doubled."""
    return reflected.replace("``", "`") if dialect in ("mysql", "mariadb") else reflected


def date_facts_statement(
    table: TableRef, column: ColumnRef, cutoffs: Mapping[str, date]
) -> sa.Select[Any]:
    """One aggregate: count(*), count(date), min, max, and per cutoff the rows before it.

    A text column (SQLite's ISO dates) counts as dated only where it looks like `YYYY-MM-DD`.
    """
    clause = table_clause(table, [column.name])
    col = clause.c[column.name]
    if column.kind == "text":
        is_date = col.op("GLOB")(sa.literal(_ISO_DATE_GLOB))
        dated_expr: sa.ColumnElement[Any] = sa.case((is_date, col))
    else:
        is_date = col.is_not(None)
        dated_expr = col
    columns: list[sa.ColumnElement[Any]] = [
        sa.func.count(),
        sa.func.count(dated_expr),
        sa.type_coerce(sa.func.min(dated_expr), sa.String()),
        sa.type_coerce(sa.func.max(dated_expr), sa.String()),
    ]
    for i, label in enumerate(cutoffs):
        cutoff = cutoffs[label]
        param = (
            sa.bindparam(f"cutoff_{i}", cutoff.isoformat(), type_=sa.String())
            if column.kind == "text"
            else sa.bindparam(f"cutoff_{i}", cutoff, type_=sa.Date())
        )
        columns.append(
            sa.func.coalesce(sa.func.sum(sa.case((sa.and_(is_date, col < param), 1), else_=0)), 0)
        )
    return sa.select(*columns).select_from(clause)


def fingerprint_statements(
    dialect: str, table: TableRef
) -> tuple[sa.Select[Any] | None, sa.Select[Any] | None]:
    """The statistics statement (None for views) and `max(<modification column>)` (None
    without such a column): the two queries of a fingerprint."""
    modified = modification_column(table)
    last_modified = None
    if modified is not None:
        col = table_clause(table, [modified]).c[modified]
        last_modified = sa.select(sa.func.max(col))
    return statistics_statement(dialect, table), last_modified


def _stable_seed(table: TableRef) -> int:
    """A seed from the table's name, the same in every run and process (unlike hash())."""
    digest = hashlib.sha256(table.qualified.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 2_147_483_647


def _view_names(inspector: sa.Inspector, schema: str | None) -> list[str]:
    names = list(inspector.get_view_names(schema=schema))
    with contextlib.suppress(NotImplementedError):  # dialects without materialized views
        names += inspector.get_materialized_view_names(schema=schema)
    return names


_LARGE_TEXT = re.compile(r"TEXT|CLOB|JSON|XML|LONG|\(MAX\)|^N?VARCHAR2?$|^CHARACTER VARYING$", re.I)


def _is_large_text(type_name: str) -> bool:
    """Whether a text column can hold more than MAX_VALUE_CHARS (cut it in the database)."""
    return bool(_LARGE_TEXT.search(type_name.strip()))


def _describe(exc: SQLAlchemyError) -> str:
    """Error class and SQLSTATE / error code, never the message (it can quote values)."""
    orig = getattr(exc, "orig", None)
    if orig is None:
        return type(exc).__name__
    parts = [f"{type(exc).__name__}/{type(orig).__name__}"]
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(sqlstate, str) and re.fullmatch(r"[0-9A-Z]{5}", sqlstate):
        parts.append(f"SQLSTATE {sqlstate}")
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int):  # MySQL/MariaDB error number
        parts.append(f"error {args[0]}")
    code = getattr(orig, "sqlite_errorname", None)
    if isinstance(code, str) and re.fullmatch(r"SQLITE_[A-Z_]+", code):
        parts.append(code)
    return ", ".join(parts)
