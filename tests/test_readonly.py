"""The scanner only reads (issue #8, point 5).

A full scan of a PostgreSQL source runs as the role that docs/database-role.md prescribes
(`default_transaction_read_only = on`, SELECT through `pg_read_all_data`, nothing else). Every
statement the scanner issues is recorded twice: on the client (an SQLAlchemy
`before_cursor_execute` listener on every engine) and on the server (`log_statement = 'all'`
for that role, read back from the private server's log). None of them writes.

That sessions refuse writes on PostgreSQL, MariaDB and SQLite even when the account could write
is tested in tests/test_connectors_sql.py (`test_insert_through_the_store_engine_fails`,
`test_borrowed_engine_is_read_only_and_not_disposed`, `test_sqlite_store_opens_the_file_read_only`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from presidio_analyzer import AnalyzerEngine

from pipelines.config import DatabaseSource
from pipelines.scanning import scan_source
from scanners import build_analyzer
from tests.test_faults import PrivatePostgres, pg, private_pg  # noqa: F401  (fixtures)

pytestmark = pytest.mark.integration

# Anything that could change data, schema, rights or locks.
WRITES = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE|CREATE|DROP|ALTER|GRANT|REVOKE|TRUNCATE|"
    r"COPY|LOCK|CALL|DO|VACUUM|ANALYZE|CLUSTER|REINDEX|COMMENT|SECURITY|REFRESH|IMPORT)\b"
    r"|\bFOR\s+(UPDATE|SHARE|NO KEY UPDATE|KEY SHARE)\b|\bINTO\b",
    re.IGNORECASE,
)
# What a read-only scanner may send at all.
READS = re.compile(
    r"^\s*(SELECT|WITH|SHOW|SET|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE
)


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


@pytest.fixture
def read_only_role(pg: PrivatePostgres) -> Iterator[tuple[str, str]]:  # noqa: F811
    """(scanner URL, role) for a database with a few tables and a view, per the docs."""
    url = pg.create_database()
    database = sa.make_url(url).database
    role = f"avgscan_scanner_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            sa.text(
                "CREATE TABLE clienten (id INTEGER PRIMARY KEY, naam TEXT, email TEXT, "
                "bsn TEXT, einddatum DATE, gewijzigd_op TIMESTAMP)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO clienten SELECT i, 'Jan de Vries', 'inwoner' || i || '@example.nl',"
                " '111222333', DATE '2010-01-01' + i, now() FROM generate_series(1, 300) i"
            )
        )
        conn.execute(sa.text("CREATE TABLE notities (tekst TEXT)"))
        conn.execute(sa.text("INSERT INTO notities VALUES ('Bel 06-12345678 terug')"))
        conn.execute(sa.text("CREATE VIEW actief AS SELECT naam, email FROM clienten"))
        conn.execute(sa.text("ANALYZE"))
        # docs/database-role.md, PostgreSQL
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE"))
        conn.execute(sa.text(f"ALTER ROLE {role} SET default_transaction_read_only = on"))
        conn.execute(sa.text(f"ALTER ROLE {role} SET statement_timeout = '60s'"))
        conn.execute(sa.text(f"GRANT CONNECT ON DATABASE {database} TO {role}"))
        conn.execute(sa.text(f"GRANT pg_read_all_data TO {role}"))
        conn.execute(sa.text(f"ALTER ROLE {role} SET log_statement = 'all'"))  # the evidence
    try:
        yield sa.make_url(url).set(username=role).render_as_string(hide_password=False), role
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP OWNED BY {role}"))
            conn.execute(sa.text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 f"WHERE usename = '{role}'"))  # fmt: skip
            conn.execute(sa.text(f"DROP ROLE {role}"))
        admin.dispose()


def _server_statements(pg: PrivatePostgres, since: int) -> list[str]:  # noqa: F811
    log = (pg.root / "server.log").read_text(encoding="utf-8", errors="replace")[since:]
    found = re.findall(r"LOG:\s+(?:statement|execute [^:]*):\s+(.*)", log)
    return [s.strip() for s in found]


def test_a_full_scan_as_the_documented_role_issues_no_write(
    pg: PrivatePostgres,  # noqa: F811
    read_only_role: tuple[str, str],
    analyzer: AnalyzerEngine,
) -> None:
    url, role = read_only_role
    client: list[str] = []

    def record(conn: sa.Connection, cursor: Any, statement: str, *rest: Any) -> None:
        if conn.engine.url.username == role:
            client.append(statement)

    log_start = (pg.root / "server.log").stat().st_size
    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        source = DatabaseSource(name="sociaal", type="database", url=url, system="X", retries=0)
        result = scan_source(source, analyzer)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)

    assert result.status == "success", result.gaps
    assert result.items_scanned == 3 and result.findings and result.retention
    server = _server_statements(pg, log_start)
    assert len(client) >= 10 and len(server) >= len(client)  # both records saw the scan
    for statement in client + server:
        assert READS.match(statement), statement
        assert not WRITES.search(statement), statement


def test_the_documented_role_cannot_write_even_outside_the_scanner(
    read_only_role: tuple[str, str],
) -> None:
    """The role is the guarantee that holds when a session setting is lost (a pooler)."""
    url, _ = read_only_role
    engine = sa.create_engine(url)  # a plain engine: none of the scanner's session settings
    try:
        for statement in (
            "INSERT INTO notities VALUES ('x')",
            "UPDATE clienten SET naam = 'x'",
            "CREATE TABLE kwaad (x int)",
        ):
            with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError) as raised:
                conn.execute(sa.text(statement))
            sqlstate = getattr(raised.value.orig, "sqlstate", None)
            assert sqlstate in {"25006", "42501"}, (statement, sqlstate)  # read-only / denied
    finally:
        engine.dispose()
