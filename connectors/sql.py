"""SQL databases through SQLAlchemy: list tables, sample text columns, aggregate date columns.

Modelled on pdscan's SQL adapter and dlt's `sql_database` source:

- accepts an `Engine` or a URL string, and disposes only the engine it created itself;
- every session is read-only (set up in a `connect` event listener) and has a statement timeout;
- tables are reflected with `sqlalchemy.inspect`, and every query is built with SQLAlchemy
  constructs, so identifiers are quoted by the dialect, never by string formatting;
- one query at a time per store, and the connection goes back to the pool after each call;
- errors become `ConnectorError`s that name the table and the error class or SQLSTATE, never
  the driver's message (drivers quote data values in it) and never a password.

Supported and tested: SQLite, PostgreSQL (psycopg 3) and MariaDB/MySQL (PyMySQL). Other
dialects work for reflection and sampling, but their sessions are not made read-only: give
the scanner a database account that can only read, which is good practice anyway.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import re
import threading
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import SQLAlchemyError

from connectors.base import ColumnKind, ColumnRef, ConnectorError, DateFacts, TableRef

__all__ = [
    "DATE_COLUMN_PREFERENCE",
    "MAX_VALUE_CHARS",
    "SqlDataStore",
    "choose_date_column",
    "column_kind",
    "is_identifier_name",
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
    "einddatum",
    "datum_einde",
    "einde",
    "afgesloten_op",
    "datum_afgesloten",
    "end_date",
    "beeindigd_op",
    "uitdienst_datum",
    "updated_at",
    "gewijzigd_op",
    "aangemaakt_op",
    "created_at",
    "datum",
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
        return "text"  # String covers VARCHAR, TEXT, CHAR, CLOB, NVARCHAR, ENUM, SET…
    if isinstance(type_, sa.Date | sa.DateTime):
        return "date"  # DateTime covers DATETIME and TIMESTAMP
    if isinstance(type_, sa.LargeBinary | sa.BINARY | sa.VARBINARY):
        return "binary"  # BLOB, BYTEA, VARBINARY…
    if isinstance(type_, sa.Integer | sa.Numeric) and is_identifier_name(column_name):
        return "text"
    return "other"


def choose_date_column(table: TableRef, configured: str | None = None) -> str | None:
    """The column whose dates retention is measured by, or None if the table has none.

    `configured` wins if the table has a column by that name (of any kind). Otherwise the date
    columns are searched in the order of `DATE_COLUMN_PREFERENCE`, for each name first an exact
    match, then a column whose name contains it (case-insensitive). Where the database has no
    schemas (SQLite, whose dates are often stored as ISO text), text columns are searched the
    same way after the date columns.
    """
    if configured is not None:
        for column in table.columns:
            if column.name == configured:
                return column.name
        for column in table.columns:
            if column.name.lower() == configured.lower():
                return column.name
        logger.warning(
            "configured date column %r not found in %s; detecting one", configured, table.qualified
        )
    candidate_groups = [table.columns_of("date")]
    if table.schema is None:
        candidate_groups.append(table.columns_of("text"))
    for candidates in candidate_groups:
        for preferred in DATE_COLUMN_PREFERENCE:
            for column in candidates:
                if column.name.lower() == preferred:
                    return column.name
            for column in candidates:
                if preferred in column.name.lower():
                    return column.name
    return None


def _as_text(value: object) -> str:
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
        self._timeout_s = statement_timeout_s
        self._lock = threading.Lock()
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
        statements: list[str] = []
        if dialect == "sqlite":
            statements = ["PRAGMA query_only = ON"]
        elif dialect == "postgresql":
            statements = [
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
                f"SET statement_timeout = {timeout_ms}",  # an int we computed, not input
            ]
        elif dialect in ("mysql", "mariadb"):
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("SELECT VERSION()")
                row = cursor.fetchone()
            finally:
                cursor.close()
            dbapi_connection.commit()  # end the implicit transaction before SET SESSION
            if row is not None and "mariadb" in str(row[0]).lower():
                timeout = f"SET SESSION max_statement_time = {timeout_ms / 1000:.3f}"
            else:
                timeout = f"SET SESSION max_execution_time = {timeout_ms}"
            statements = ["SET SESSION TRANSACTION READ ONLY", timeout]
        else:
            logger.warning("%s: sessions on %s are not made read-only", self._name, dialect)
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
                        return action(conn)
                    finally:
                        conn.rollback()
            except SQLAlchemyError as exc:
                raise ConnectorError(f"{what} on {self._name} failed: {_describe(exc)}") from None

    # -- DataStore ----------------------------------------------------------------------------

    def list_tables(self) -> list[TableRef]:
        """All user tables (not views), sorted, filtered by the include/exclude globs."""
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
            names = [
                name
                for name in inspector.get_table_names(schema=schema)
                if self._wanted(schema, name)
            ]
            if not names:
                continue
            reflected = inspector.get_multi_columns(schema=schema, filter_names=names)
            for name in sorted(names):
                columns = tuple(
                    ColumnRef(
                        name=_column_name(col["name"], dialect),
                        kind=column_kind(col["name"], col["type"]),
                        type_name=self._type_name(col["type"]),
                    )
                    for col in reflected.get((schema, name), [])
                )
                tables.append(TableRef(schema=schema, name=name, columns=columns))
        return tables

    def _wanted(self, schema: str | None, name: str) -> bool:
        keys = [f"{schema}.{name}"] if schema else [name]

        def matches(patterns: Sequence[str]) -> bool:
            return any(fnmatch.fnmatchcase(key, pat) for key in keys for pat in patterns)

        if self._include and not matches(self._include):
            return False
        return not matches(self._exclude)

    def _type_name(self, type_: sa.types.TypeEngine[Any]) -> str:
        try:
            return str(type_.compile(dialect=self._engine.dialect))
        except Exception:  # NullType and exotic types cannot always be compiled
            return type(type_).__name__

    def sample(self, table: TableRef, *, limit: int) -> dict[str, list[str]]:
        """Up to `limit` rows of the text columns; per column the non-null values as strings.

        Values longer than `MAX_VALUE_CHARS` are cut off. Columns of other kinds are not read.
        """
        text_columns = [c.name for c in table.columns_of("text")]
        if not text_columns or limit <= 0:
            return {name: [] for name in text_columns}
        clause = _table_clause(table, text_columns)
        query = sa.select(*clause.c).limit(limit)

        def fetch(conn: sa.Connection) -> dict[str, list[str]]:
            values: dict[str, list[str]] = {name: [] for name in text_columns}
            for row in conn.execute(query):
                for name, value in zip(text_columns, row, strict=True):
                    if value is not None:
                        values[name].append(_as_text(value))
            return values

        return self._run(f"sampling {table.qualified}", fetch)

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
        clause = _table_clause(table, [column])
        col = clause.c[column]
        if ref.kind == "text":
            is_date = col.op("GLOB")(sa.literal(_ISO_DATE_GLOB))
            dated_expr: sa.ColumnElement[Any] = sa.case((is_date, col))
        else:
            is_date = col.is_not(None)
            dated_expr = col
        labels = list(cutoffs)
        columns: list[sa.ColumnElement[Any]] = [
            sa.func.count(),
            sa.func.count(dated_expr),
            sa.type_coerce(sa.func.min(dated_expr), sa.String()),
            sa.type_coerce(sa.func.max(dated_expr), sa.String()),
        ]
        for i, label in enumerate(labels):
            cutoff = cutoffs[label]
            param = (
                sa.bindparam(f"cutoff_{i}", cutoff.isoformat(), type_=sa.String())
                if ref.kind == "text"
                else sa.bindparam(f"cutoff_{i}", cutoff, type_=sa.Date())
            )
            columns.append(
                sa.func.coalesce(
                    sa.func.sum(sa.case((sa.and_(is_date, col < param), 1), else_=0)), 0
                )
            )
        query = sa.select(*columns).select_from(clause)

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


def _table_clause(table: TableRef, columns: Sequence[str]) -> sa.TableClause:
    """A lightweight table construct from reflected names; SQLAlchemy quotes the identifiers."""
    return sa.table(table.name, *(sa.column(name) for name in columns), schema=table.schema)


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
