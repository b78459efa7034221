"""SqlDataStore against real databases: SQLite (a temp file), PostgreSQL and MariaDB.

Each backend gets the same synthetic Dutch tables (Faker nl_NL, seeded; BSNs pass the 11-proef),
created through a separate writable engine; the store under test only reads.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from faker import Faker

from connectors import ConnectorError, SqlDataStore, TableRef, choose_date_column
from connectors.base import ColumnRef
from connectors.sql import (
    MAX_VALUE_CHARS,
    column_kind,
    date_column_choice,
    is_identifier_name,
    modification_column,
)
from pipelines.results import Part

PG_SCHEMA = "conn_sociaal"  # non-public schema; the session database is shared with other tests
CUTOFFS = {"P5Y": date(2019, 1, 1), "P10Y": date(2014, 1, 1), "P1Y": date(2024, 6, 1)}
ODD_COLUMN = 'o"reilly `x`'
SECRET_VALUE = "GEHEIM-7f3a9c"


def make_bsn(rng: random.Random) -> int:
    """A 9-digit number that passes the 11-proef (weights 9..2 and -1)."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last <= 9:
            return int("".join(map(str, [*digits, last])))


def passes_elfproef(value: str) -> bool:
    digits = [int(c) for c in value.zfill(9)]
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


@dataclass
class Backend:
    name: str
    url: str
    schema: str | None  # where the tables live (as list_tables reports it)
    admin: sa.Engine
    rows: list[dict[str, Any]] = field(default_factory=list)
    order_rows: list[dict[str, Any]] = field(default_factory=list)

    def q(self, table: str) -> str:
        """The qualified name list_tables reports."""
        return f"{self.schema}.{table}" if self.schema else table


def _metadata(schema: str | None) -> sa.MetaData:
    md = sa.MetaData(schema=schema)
    sa.Table(
        "clienten",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("bsn", sa.BigInteger),
        sa.Column("naam", sa.String(120)),
        sa.Column("email", sa.Text),
        sa.Column("opmerking", sa.Text),
        sa.Column("geboortedatum", sa.Date),
        sa.Column("einddatum", sa.Date, nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime),
        sa.Column("foto", sa.LargeBinary),
        sa.Column("actief", sa.Boolean),
        sa.Column("bedrag", sa.Numeric(10, 2)),
    )
    sa.Table(
        "order",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("klant naam", sa.String(120)),
        sa.Column(ODD_COLUMN, sa.String(120)),
        sa.Column("datum", sa.Date),
    )
    sa.Table(
        "audit_log", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("actie", sa.Text)
    )
    sa.Table("verdwijnt", md, sa.Column("geheim", sa.String(50)))
    return md


def _populate(backend: Backend) -> None:
    fake = Faker("nl_NL")
    fake.seed_instance(2024)
    rng = random.Random(2024)
    start = date(2000, 1, 1)
    for i in range(60):
        end = start + timedelta(days=rng.randint(0, 9000)) if rng.random() < 0.7 else None
        backend.rows.append(
            {
                "id": i,
                "bsn": make_bsn(rng),
                "naam": fake.name(),
                "email": fake.email() if i % 5 else None,
                "opmerking": ("x" * (MAX_VALUE_CHARS + 500)) if i == 0 else fake.sentence(),
                "geboortedatum": fake.date_of_birth(minimum_age=18, maximum_age=90),
                "einddatum": end,
                "aangemaakt_op": datetime(2000, 1, 1)
                + timedelta(minutes=rng.randint(0, 12_000_000)),
                "foto": rng.randbytes(16),
                "actief": bool(i % 2),
                "bedrag": rng.randint(0, 100_000) / 100,
            }
        )
    for i in range(7):
        backend.order_rows.append(
            {
                "id": i,
                "klant naam": fake.name(),
                ODD_COLUMN: fake.last_name(),
                "datum": start + timedelta(days=rng.randint(0, 9000)),
            }
        )
    md = _metadata(None if backend.name != "postgresql" else PG_SCHEMA)
    with backend.admin.begin() as conn:
        md.drop_all(conn)
        md.create_all(conn)
        conn.execute(
            md.tables[md.schema + ".clienten" if md.schema else "clienten"].insert(), backend.rows
        )
        conn.execute(
            md.tables[md.schema + ".order" if md.schema else "order"].insert(), backend.order_rows
        )
        conn.execute(
            md.tables[md.schema + ".verdwijnt" if md.schema else "verdwijnt"].insert(),
            [{"geheim": SECRET_VALUE}],
        )


def _make_backend(
    name: str, url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    if name == "postgresql":
        admin = sa.create_engine(url)
        with admin.begin() as conn:
            conn.execute(sa.schema.CreateSchema(PG_SCHEMA, if_not_exists=True))
        schema: str | None = PG_SCHEMA
    elif name == "mariadb":
        admin = sa.create_engine(url)
        schema = sa.make_url(url).database
    else:
        admin = sa.create_engine(url)
        schema = None
    backend = Backend(name=name, url=url, schema=schema, admin=admin)
    _populate(backend)
    try:
        yield backend
    finally:
        _metadata(PG_SCHEMA if name == "postgresql" else None).drop_all(admin)
        admin.dispose()


@pytest.fixture(scope="module")
def sqlite_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    path = tmp_path_factory.mktemp("sqlite") / "sociaal domein.db"  # a space in the path
    yield from _make_backend("sqlite", f"sqlite:///{path}", tmp_path_factory)


@pytest.fixture(scope="module")
def postgres_backend(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    yield from _make_backend("postgresql", postgres_url, tmp_path_factory)


@pytest.fixture(scope="module")
def mariadb_backend(
    mariadb_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    yield from _make_backend("mariadb", mariadb_url, tmp_path_factory)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.integration),
        pytest.param("mariadb", marks=pytest.mark.integration),
    ]
)
def backend(request: pytest.FixtureRequest) -> Backend:
    fixture: Backend = request.getfixturevalue(
        f"{'postgres' if request.param == 'postgresql' else request.param}_backend"
    )
    return fixture


@pytest.fixture
def store(backend: Backend) -> Iterator[SqlDataStore]:
    with SqlDataStore(backend.url) as s:
        yield s


def _table(store: SqlDataStore, backend: Backend, name: str) -> TableRef:
    tables = {t.qualified: t for t in store.list_tables()}
    return tables[backend.q(name)]


# -- listing -------------------------------------------------------------------------------------


def test_list_tables_finds_the_tables_and_no_system_schemas(
    store: SqlDataStore, backend: Backend
) -> None:
    tables = store.list_tables()
    qualified = [t.qualified for t in tables]
    for name in ("clienten", "order", "audit_log", "verdwijnt"):
        assert backend.q(name) in qualified
    system = {"pg_catalog", "information_schema", "mysql", "performance_schema", "sys"}
    assert not {t.schema for t in tables} & system
    assert [(t.schema or "", t.name) for t in tables] == sorted(
        (t.schema or "", t.name) for t in tables
    )
    if backend.name == "sqlite":
        assert all(t.schema is None and t.qualified == t.name for t in tables)


def test_column_kinds(store: SqlDataStore, backend: Backend) -> None:
    table = _table(store, backend, "clienten")
    kinds = {c.name: c.kind for c in table.columns}
    assert kinds == {
        "id": "other",
        "bsn": "text",  # an integer column named like an identifier is sampled
        "naam": "text",
        "email": "text",
        "opmerking": "text",
        "geboortedatum": "date",
        "einddatum": "date",
        "aangemaakt_op": "date",
        "foto": "binary",
        "actief": "other",
        "bedrag": "other",
    }
    assert all(c.type_name for c in table.columns)


def test_include_and_exclude_globs(backend: Backend) -> None:
    prefix = f"{backend.schema}." if backend.schema else ""
    with SqlDataStore(backend.url, include=[f"{prefix}*"], exclude=["*audit_*", "*verdwijnt"]) as s:
        names = {t.name for t in s.list_tables()}
    assert {"clienten", "order"} <= names
    assert not names & {"audit_log", "verdwijnt"}
    with SqlDataStore(backend.url, include=[f"{prefix}clienten", "*.order", "order"]) as s:
        assert [t.name for t in s.list_tables()] == ["clienten", "order"]


def test_parts_of_a_database_list_its_tables_once_between_them(backend: Backend) -> None:
    """Each part of a source scanned side by side lists (and reflects) only its own tables."""
    with SqlDataStore(backend.url) as s:
        every = [t.qualified for t in s.list_tables()]
    seen: list[str] = []
    for number in range(3):
        part = Part(number, 3)
        with SqlDataStore(backend.url, only=part.holds) as s:
            own = s.list_tables()
        assert all(part.holds(t.qualified) for t in own)
        assert all(t.columns for t in own if t.name == "clienten")  # reflected as before
        seen += [t.qualified for t in own]
    assert sorted(seen) == sorted(every) and len(every) >= 4


def test_sqlite_globs_match_the_plain_table_name(sqlite_backend: Backend) -> None:
    with SqlDataStore(sqlite_backend.url, include=["cli*"]) as s:
        assert [t.qualified for t in s.list_tables()] == ["clienten"]


@pytest.mark.integration
def test_postgres_lists_every_user_schema(postgres_backend: Backend) -> None:
    with postgres_backend.admin.begin() as conn:
        conn.execute(sa.text("CREATE TABLE IF NOT EXISTS public.conn_notities (tekst text)"))
    try:
        with SqlDataStore(postgres_backend.url, include=["public.conn_*", "conn_sociaal.c*"]) as s:
            assert [t.qualified for t in s.list_tables()] == [
                "conn_sociaal.clienten",
                "public.conn_notities",
            ]
    finally:
        with postgres_backend.admin.begin() as conn:
            conn.execute(sa.text("DROP TABLE public.conn_notities"))


# -- sampling ------------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 5, 1000])
def test_sample_respects_limit_and_returns_text_columns_only(
    store: SqlDataStore, backend: Backend, limit: int
) -> None:
    table = _table(store, backend, "clienten")
    sample = store.sample(table, limit=limit)
    assert set(sample) == {"bsn", "naam", "email", "opmerking"}
    for values in sample.values():
        assert len(values) <= limit
        assert all(isinstance(v, str) and v for v in values)
    if limit >= len(backend.rows):
        assert sorted(sample["naam"]) == sorted(r["naam"] for r in backend.rows)
        assert len(sample["email"]) == sum(r["email"] is not None for r in backend.rows)  # no None
        assert max(len(v) for v in sample["opmerking"]) == MAX_VALUE_CHARS
        assert all(passes_elfproef(v) for v in sample["bsn"])


def test_sample_quotes_awkward_identifiers(store: SqlDataStore, backend: Backend) -> None:
    table = _table(store, backend, "order")
    assert {c.name for c in table.columns} == {"id", "klant naam", ODD_COLUMN, "datum"}
    sample = store.sample(table, limit=100)
    assert sorted(sample["klant naam"]) == sorted(r["klant naam"] for r in backend.order_rows)
    assert sorted(sample[ODD_COLUMN]) == sorted(r[ODD_COLUMN] for r in backend.order_rows)
    facts = store.date_facts(table, "datum", cutoffs=CUTOFFS)
    assert facts.total == len(backend.order_rows)
    assert facts.oldest == min(r["datum"] for r in backend.order_rows)


def test_sample_of_table_without_text_columns(store: SqlDataStore, backend: Backend) -> None:
    table = TableRef(backend.schema, "clienten", (ColumnRef("id", "other", "INTEGER"),))
    assert store.sample(table, limit=10) == {}


def test_concurrent_calls_are_serialised(store: SqlDataStore, backend: Backend) -> None:
    table = _table(store, backend, "clienten")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                store.sample(table, limit=10)
                store.date_facts(table, "einddatum", cutoffs=CUTOFFS)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# -- date facts ----------------------------------------------------------------------------------


def _expected(
    rows: list[dict[str, Any]], column: str
) -> tuple[int, date | None, date | None, dict[str, int]]:
    def as_date(v: date | datetime) -> date:
        return v.date() if isinstance(v, datetime) else v

    values = [r[column] for r in rows if r[column] is not None]
    older = {
        label: sum(
            1
            for v in values
            if v
            < (
                cutoff
                if not isinstance(v, datetime)
                else datetime.combine(cutoff, datetime.min.time())
            )
        )
        for label, cutoff in CUTOFFS.items()
    }
    dates = [as_date(v) for v in values]
    return len(values), min(dates, default=None), max(dates, default=None), older


@pytest.mark.parametrize("column", ["einddatum", "aangemaakt_op", "geboortedatum"])
def test_date_facts_match_python(store: SqlDataStore, backend: Backend, column: str) -> None:
    table = _table(store, backend, "clienten")
    facts = store.date_facts(table, column, cutoffs=CUTOFFS)
    dated, oldest, newest, older = _expected(backend.rows, column)
    assert facts.column == column
    assert facts.total == len(backend.rows)
    assert facts.dated == dated
    assert (facts.oldest, facts.newest) == (oldest, newest)
    assert dict(facts.older_than) == older


def test_date_facts_without_cutoffs_and_on_empty_table(
    store: SqlDataStore, backend: Backend
) -> None:
    table = _table(store, backend, "clienten")
    facts = store.date_facts(table, "einddatum", cutoffs={})
    assert facts.older_than == {}
    # audit_log has no date column: a text/other column is refused with a clear error
    audit = _table(store, backend, "audit_log")
    with pytest.raises(ConnectorError, match="audit_log"):
        store.date_facts(audit, "id", cutoffs=CUTOFFS)
    with pytest.raises(ConnectorError, match="no column"):
        store.date_facts(audit, "bestaat_niet", cutoffs=CUTOFFS)


def test_sqlite_dates_stored_as_text(tmp_path: Path) -> None:
    path = tmp_path / "zaken.db"
    admin = sa.create_engine(f"sqlite:///{path}")
    values = [
        "2010-05-01",
        "2012-01-31 10:00:00",
        "2020-02-29",
        None,
        "",
        "31-12-2001",
        "2023-07-01T08:00",
    ]
    with admin.begin() as conn:
        conn.execute(
            sa.text("CREATE TABLE zaken (id INTEGER, afgesloten_op TEXT, omschrijving TEXT)")
        )
        for i, v in enumerate(values):
            conn.execute(sa.text("INSERT INTO zaken VALUES (:i, :v, 'x')"), {"i": i, "v": v})
    admin.dispose()
    with SqlDataStore(f"sqlite:///{path}") as s:
        (table,) = s.list_tables()
        assert choose_date_column(table) == "afgesloten_op"
        facts = s.date_facts(table, "afgesloten_op", cutoffs={"P10Y": date(2015, 1, 1)})
    assert facts.total == 7
    assert facts.dated == 4  # ISO strings only; '' and '31-12-2001' count as undated
    assert facts.oldest == date(2010, 5, 1)
    assert facts.newest == date(2023, 7, 1)
    assert facts.older_than == {"P10Y": 2}


# -- choosing the date column --------------------------------------------------------------------


def _ref(schema: str | None, *columns: tuple[str, str]) -> TableRef:
    return TableRef(schema, "t", tuple(ColumnRef(n, k, "X") for n, k in columns))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("table", "configured", "expected"),
    [
        (_ref("s", ("datum", "date"), ("einddatum", "date")), None, "einddatum"),
        (_ref("s", ("created_at", "date"), ("updated_at", "date")), None, "updated_at"),
        (_ref("s", ("datum", "date"), ("aangemaakt_op", "date")), None, "aangemaakt_op"),
        (_ref("s", ("registratie_datum", "date"), ("x", "text")), None, "registratie_datum"),
        (_ref("s", ("contract_einddatum", "date"), ("einddatum", "date")), None, "einddatum"),
        (
            _ref("s", ("contract_einddatum", "date"), ("created_at", "date")),
            None,
            "contract_einddatum",
        ),
        (_ref("s", ("EindDatum", "date")), None, "EindDatum"),
        (_ref("s", ("einddatum", "date"), ("ingang", "date")), "ingang", "ingang"),
        (_ref("s", ("einddatum", "date")), "bestaat_niet", "einddatum"),
        (_ref("s", ("naam", "text"), ("id", "other")), None, None),
        (
            _ref("s", ("einddatum", "text")),
            None,
            None,
        ),  # text dates only where there are no schemas
        (_ref(None, ("einddatum", "text"), ("datum", "date")), None, "datum"),
        (_ref(None, ("einddatum", "text")), None, "einddatum"),
    ],
)
def test_choose_date_column(table: TableRef, configured: str | None, expected: str | None) -> None:
    assert choose_date_column(table, configured) == expected


# -- column classification -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "type_", "kind"),
    [
        ("naam", sa.String(10), "text"),
        ("data", sa.JSON(), "text"),
        ("status", sa.Enum("a", "b"), "text"),
        ("x", sa.types.NullType(), "text"),
        ("dag", sa.Date(), "date"),
        ("ts", sa.TIMESTAMP(), "date"),
        ("blob", sa.LargeBinary(), "binary"),
        ("id", sa.Integer(), "other"),
        ("bsn", sa.Integer(), "text"),
        ("klant_sofinummer", sa.BigInteger(), "text"),
        ("a_nummer", sa.Numeric(10, 0), "text"),
        ("tel", sa.Integer(), "text"),
        ("telefoonnummer", sa.BigInteger(), "text"),
        ("hotel_id", sa.Integer(), "other"),
        ("actief", sa.Boolean(), "other"),
    ],
)
def test_column_kind(name: str, type_: sa.types.TypeEngine[Any], kind: str) -> None:
    assert column_kind(name, type_) == kind


def test_identifier_names() -> None:
    assert is_identifier_name("KlantBSN")
    assert is_identifier_name("iban_rekening")
    assert not is_identifier_name("aantal")


# -- read-only sessions --------------------------------------------------------------------------


def test_insert_through_the_store_engine_fails(store: SqlDataStore, backend: Backend) -> None:
    table = _table(store, backend, "audit_log")
    insert = sa.table(table.name, sa.column("id"), sa.column("actie"), schema=table.schema).insert()
    with pytest.raises(sa.exc.DBAPIError) as excinfo, store.engine.begin() as conn:
        conn.execute(insert.values(id=999, actie="poging"))
    orig = excinfo.value.orig
    if backend.name == "postgresql":
        assert getattr(orig, "sqlstate", None) == "25006"  # read_only_sql_transaction
    elif backend.name == "mariadb":
        assert orig.args[0] == 1792  # ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
    else:
        assert "readonly" in str(orig) or "read-only" in str(orig)
    with backend.admin.connect() as conn:
        count = conn.execute(
            sa.text(
                "SELECT count(*) FROM audit_log"
                if backend.name != "postgresql"
                else f"SELECT count(*) FROM {PG_SCHEMA}.audit_log"
            )
        ).scalar()
    assert count == 0


def test_borrowed_engine_is_read_only_and_not_disposed(backend: Backend) -> None:
    engine = sa.create_engine(backend.url)
    with engine.connect() as conn:  # a pooled connection that exists before the store
        conn.execute(sa.text("SELECT 1"))
    store = SqlDataStore(engine)
    table = _table(store, backend, "audit_log")
    store.close()
    insert = sa.table(table.name, sa.column("id"), schema=table.schema).insert().values(id=1)
    with pytest.raises(sa.exc.DBAPIError), engine.begin() as conn:
        conn.execute(insert)
    with engine.connect() as conn:  # still usable: close() left the borrowed engine alone
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()


def test_sqlite_store_opens_the_file_read_only(sqlite_backend: Backend) -> None:
    with SqlDataStore(sqlite_backend.url) as s:
        assert s.engine.url.query.get("mode") == "ro"
        with pytest.raises(sa.exc.DBAPIError), s.engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE nieuw (x int)"))


def test_sqlite_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "bestaat_niet.db"
    with (
        SqlDataStore(f"sqlite:///{path}") as s,
        pytest.raises(ConnectorError, match="OperationalError"),
    ):
        s.list_tables()
    assert not path.exists()


# -- errors --------------------------------------------------------------------------------------


def test_vanished_table_gives_connector_error_without_values(backend: Backend) -> None:
    with SqlDataStore(backend.url) as s:
        table = _table(s, backend, "verdwijnt")
        assert s.sample(table, limit=5) == {"geheim": [SECRET_VALUE]}
        _metadata(PG_SCHEMA if backend.name == "postgresql" else None).tables[
            f"{PG_SCHEMA}.verdwijnt" if backend.name == "postgresql" else "verdwijnt"
        ].drop(backend.admin)
        try:
            with pytest.raises(ConnectorError) as excinfo:
                s.sample(table, limit=5)
        finally:
            md = _metadata(PG_SCHEMA if backend.name == "postgresql" else None)
            md.tables[
                f"{PG_SCHEMA}.verdwijnt" if backend.name == "postgresql" else "verdwijnt"
            ].create(backend.admin)
    message = str(excinfo.value)
    assert backend.q("verdwijnt") in message
    assert SECRET_VALUE not in message
    assert excinfo.value.__cause__ is None
    if backend.name == "postgresql":
        assert "SQLSTATE 42P01" in message
    elif backend.name == "mariadb":
        assert "error 1146" in message


@pytest.mark.integration
def test_connection_error_hides_the_password(mariadb_url: str) -> None:
    url = sa.make_url(mariadb_url).set(username="avgscan_nobody", password="s3cret-pw")
    with SqlDataStore(url.render_as_string(hide_password=False)) as s:
        with pytest.raises(ConnectorError) as excinfo:
            s.list_tables()
        assert "s3cret-pw" not in repr(s)
    message = str(excinfo.value)
    assert "s3cret-pw" not in message
    assert "***" in message
    assert "error 1045" in message or "error 1698" in message


@pytest.mark.integration
@pytest.mark.parametrize("name", ["postgresql", "mariadb"])
def test_statement_timeout_is_set_on_every_session(
    request: pytest.FixtureRequest, name: str
) -> None:
    url = request.getfixturevalue("postgres_url" if name == "postgresql" else "mariadb_url")
    with SqlDataStore(url, statement_timeout_s=2.5) as s, s.engine.connect() as conn:
        if name == "postgresql":
            assert conn.execute(sa.text("SHOW statement_timeout")).scalar() == "2500ms"
            assert conn.execute(sa.text("SHOW transaction_read_only")).scalar() == "on"
        else:
            assert float(conn.execute(sa.text("SELECT @@max_statement_time")).scalar()) == 2.5
            assert conn.execute(sa.text("SELECT @@session.tx_read_only")).scalar() == 1


# -- views, binary columns -----------------------------------------------------------------------


def _exec(backend: Backend, *statements: str) -> None:
    with backend.admin.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))


def test_views_are_listed_filtered_and_sampled(backend: Backend) -> None:
    clienten = backend.q("clienten") if backend.name == "postgresql" else "clienten"
    view = backend.q("clienten_namen") if backend.name == "postgresql" else "clienten_namen"
    _exec(backend, f"CREATE VIEW {view} AS SELECT naam, einddatum FROM {clienten}")
    try:
        with SqlDataStore(backend.url) as s:
            tables = {t.name: t for t in s.list_tables()}
            assert tables["clienten_namen"].kind == "view"
            assert tables["clienten"].kind == "table"
            assert tables["clienten"].primary_key == ("id",)
            assert {c.name: c.kind for c in tables["clienten_namen"].columns} == {
                "naam": "text",
                "einddatum": "date",
            }
            sample = s.sample(tables["clienten_namen"], limit=1000)
            assert sorted(sample["naam"]) == sorted(r["naam"] for r in backend.rows)
            facts = s.date_facts(tables["clienten_namen"], "einddatum", cutoffs=CUTOFFS)
            assert facts.total == len(backend.rows)
        with SqlDataStore(backend.url, exclude=["*_namen"]) as s:
            assert "clienten_namen" not in {t.name for t in s.list_tables()}
    finally:
        _exec(backend, f"DROP VIEW {view}")


BINARY_COLUMNS = {
    "sqlite": ["BLOB"],  # SQLite's only binary storage class
    "postgresql": ["BYTEA"],
    "mariadb": ["BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BINARY(8)", "VARBINARY(16)"],
}


def test_binary_columns_of_every_type_are_listed_and_never_read(backend: Backend) -> None:
    types = BINARY_COLUMNS[backend.name]
    name = backend.q("bestanden") if backend.name == "postgresql" else "bestanden"
    columns = ", ".join(f"b{i} {t}" for i, t in enumerate(types))
    _exec(
        backend,
        f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, omschrijving VARCHAR(40), {columns})",
        f"INSERT INTO {name} (id, omschrijving) VALUES (1, 'brief')",
    )
    try:
        with SqlDataStore(backend.url) as s:
            table = _table(s, backend, "bestanden")
            binary = table.columns_of("binary")
            assert [c.name for c in binary] == [f"b{i}" for i in range(len(types))]
            assert s.sample(table, limit=10) == {"omschrijving": ["brief"]}
    finally:
        _exec(backend, f"DROP TABLE {name}")


# -- fingerprints --------------------------------------------------------------------------------


def _analyze(backend: Backend, name: str) -> None:
    if backend.name == "postgresql":
        _exec(backend, f"ANALYZE {name}")
        _wait_for_counters(backend, name)
    elif backend.name == "mariadb":
        _exec(backend, f"ANALYZE TABLE {name}")


def _wait_for_counters(backend: Backend, name: str) -> None:
    """PostgreSQL publishes a session's row counters (n_tup_ins…) up to a second or so after
    its transactions end; wait until they settle so that equal means equal."""
    query = sa.text(
        "SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables "
        "WHERE relid = CAST(:name AS regclass)"
    )
    backend.admin.dispose()  # closing the admin's sessions makes them flush their counters
    previous, stable_since = None, time.monotonic()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with backend.admin.connect() as conn:
            current = conn.execute(query, {"name": name}).scalar()
        if current != previous:
            previous, stable_since = current, time.monotonic()
        elif time.monotonic() - stable_since > 1.5:
            return
        time.sleep(0.25)


@pytest.mark.parametrize("with_modification_column", [True, False])
def test_fingerprint_changes_with_the_rows_and_only_then(
    backend: Backend, with_modification_column: bool
) -> None:
    name = backend.q("mutaties") if backend.name == "postgresql" else "mutaties"
    extra = ", gewijzigd_op TIMESTAMP NULL" if with_modification_column else ""
    _exec(backend, f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, naam VARCHAR(40){extra})")
    values = ", '2024-01-01 10:00:00'" if with_modification_column else ""
    _exec(backend, *(f"INSERT INTO {name} VALUES ({i}, 'Naam {i}'{values})" for i in range(20)))
    _analyze(backend, name)
    try:
        with SqlDataStore(backend.url) as s:
            table = _table(s, backend, "mutaties")
            first = s.fingerprint(table)
            assert s.fingerprint(table) == first  # nothing changed
            s.sample(table, limit=5)
            assert s.fingerprint(table) == first  # reading changes nothing
            assert len(first) == 64 and "Naam" not in first

            _exec(backend, f"INSERT INTO {name} (id, naam) VALUES (100, 'Nieuw')")
            _analyze(backend, name)
            second = s.fingerprint(table)
            assert second != first

            if with_modification_column:  # an update is seen without fresh statistics
                _exec(
                    backend, f"UPDATE {name} SET gewijzigd_op = '2025-02-03 04:05:06' WHERE id = 1"
                )
                assert s.fingerprint(table) != second
    finally:
        _exec(backend, f"DROP TABLE {name}")


def test_view_fingerprint_never_repeats(backend: Backend) -> None:
    view = TableRef(backend.schema, "clienten", (), kind="view")
    with SqlDataStore(backend.url) as s:
        assert s.fingerprint(view) != s.fingerprint(view)


# -- date column choice and modification column -------------------------------------------------


@pytest.mark.parametrize(
    ("table", "configured", "expected"),
    [
        (_ref("s", ("einddatum", "date"), ("ingang", "date")), "ingang", ("ingang", "configured")),
        (_ref("s", ("einddatum", "date")), None, ("einddatum", "detected", "einddatum")),
        (_ref("s", ("datum_einde", "date")), None, ("datum_einde", "detected", "datum_einde")),
        (_ref("s", ("x", "date"), ("afgesloten_op", "date")), None, ("afgesloten_op", "detected")),
        (_ref("s", ("end_date", "date"), ("updated_at", "date")), None, ("end_date", "detected")),
        (_ref("s", ("created_at", "date"), ("updated_at", "date")), None, ("updated_at",)),
        (_ref("s", ("mutatiedatum", "date"), ("aangemaakt_op", "date")), None, ("mutatiedatum",)),
        (_ref("s", ("aangemaakt_op", "date"), ("datum", "date")), None, ("aangemaakt_op",)),
        (_ref("s", ("geldig_tot", "date"), ("gewijzigd_op", "date")), None, ("geldig_tot",)),
        (_ref("s", ("naam", "text")), None, (None, "none")),
    ],
)
def test_date_column_choice_says_why(
    table: TableRef, configured: str | None, expected: tuple[str | None, ...]
) -> None:
    choice = date_column_choice(table, configured)
    assert (choice.column, choice.reason, choice.matched)[: len(expected)] == expected
    assert choice.column == choose_date_column(table, configured)
    assert choice.explain()


def test_missing_configured_date_column_is_reported() -> None:
    choice = date_column_choice(_ref("s", ("einddatum", "date")), "bestaat_niet")
    assert (choice.column, choice.reason, choice.configured_missing) == (
        "einddatum",
        "detected",
        "bestaat_niet",
    )
    assert "bestaat_niet" in choice.explain()
    none = date_column_choice(_ref("s", ("naam", "text")), "bestaat_niet")
    assert (none.column, none.reason, none.configured_missing) == (None, "none", "bestaat_niet")


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (_ref("s", ("aangemaakt_op", "date"), ("gewijzigd_op", "date")), "gewijzigd_op"),
        (
            _ref("s", ("created_at", "date"), ("record_last_modified", "date")),
            "record_last_modified",
        ),
        (_ref("s", ("einddatum", "date"), ("mutatiedatum", "date")), "mutatiedatum"),
        (_ref("s", ("updated_at", "text")), None),  # text dates only where there are no schemas
        (_ref(None, ("updated_at", "text")), "updated_at"),
        (_ref("s", ("einddatum", "date")), None),
    ],
)
def test_modification_column(table: TableRef, expected: str | None) -> None:
    assert modification_column(table) == expected
