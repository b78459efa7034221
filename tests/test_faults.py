"""Faults during a scan, each against the real thing (issue #8, point 1).

A database server that stops mid-scan (a private PostgreSQL instance this module starts with
`initdb`/`pg_ctl` on its own port), a MariaDB connection killed mid-query, a statement timeout,
permission denied on a table and on a file, a table and a file removed between listing and
reading, and the findings store going away at the end of a run. In every case the scan goes on
where it can, what was not scanned is a gap (a `SCAN_INCOMPLETE` item) with its reason, the
previous report and findings stay intact, and the next run recovers.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
from presidio_analyzer import AnalyzerEngine

from pipelines.cli import main
from pipelines.config import AvgscanConfig, DatabaseSource, FilesSource, load_config
from pipelines.runner import compare_latest, export, latest_report_dir, scan_sources
from pipelines.scanning import scan_source
from pipelines.store import FindingsStore
from scanners import build_analyzer
from tests.conftest import MARIADB_ADMIN_URL

pytestmark = pytest.mark.integration

PG_BIN = Path("/usr/lib/postgresql/15/bin")
OS_USER = "postgres"  # initdb refuses root; this system user runs the private server


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr("pipelines.scanning._sleep", slept.append)
    return slept


# -- a private PostgreSQL server, stopped and started by the tests ------------------------------


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free port, owned by the `postgres` system user."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = _free_port()

    def _run(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", OS_USER, "--", *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8", "--locale=C")  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.root / "server.log"), "-w", "start")  # fmt: skip

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        name = f"faults_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))  # generated name
        admin.dispose()
        return self.url(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def private_pg() -> Iterator[PrivatePostgres]:
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip("PostgreSQL 15 server binaries or runuser missing")
    root = Path(tempfile.mkdtemp(prefix="avgscan-pg-"))
    user = pwd.getpwnam(OS_USER)
    os.chown(root, user.pw_uid, user.pw_gid)
    root.chmod(0o755)
    server = PrivatePostgres(root)
    server.init()
    server.start()
    try:
        yield server
    finally:
        if server.running():
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg(private_pg: PrivatePostgres) -> PrivatePostgres:
    """The private server, running (a previous test may have stopped it)."""
    if not private_pg.running():
        private_pg.start()
    return private_pg


# -- helpers -----------------------------------------------------------------------------------

EMAILS = [f"inwoner{i}@example.nl" for i in range(30)]


def _fill(url: str, tables: list[str], ddl: Sequence[str] = ()) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in tables:
            conn.execute(sa.text(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, email TEXT)"))
            conn.execute(
                sa.text(f"INSERT INTO {table} VALUES (:id, :email)"),
                [{"id": i, "email": e} for i, e in enumerate(EMAILS)],
            )
        for statement in ddl:
            conn.execute(sa.text(statement))
    engine.dispose()


def _database(name: str, url: str, **options: object) -> DatabaseSource:
    return DatabaseSource(
        name=name, type="database", url=url, system="Testsysteem", retries=0, **options
    )


def _config(
    tmp_path: Path, store: str, sources: list[DatabaseSource | FilesSource]
) -> AvgscanConfig:
    lines = [
        "organisation: Gemeente Storing",
        f"store: '{store}'",
        "register: {path: register.csv}",
        "reports: rapporten",
        "sources:",
    ]
    for s in sources:
        where = f"url: '{s.url}'" if isinstance(s, DatabaseSource) else f"path: '{s.path}'"
        lines.append(
            f"  - {{name: {s.name}, type: {s.type}, {where}, system: {s.system}, retries: 0}}"
        )
    (tmp_path / "register.csv").write_text(
        "Naam verwerking;Doel;Grondslag;Categorieën persoonsgegevens;Bewaartermijn;Systemen\n"
        "Test;Test;Wettelijke verplichting (Testwet);Contactgegevens;7 jaar;Testsysteem\n",
        encoding="utf-8",
    )
    path = tmp_path / "avgscan.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_config(path)


def _gap_locations(result: object) -> list[str | None]:
    return [g.location for g in result.gaps]  # type: ignore[attr-defined]


# -- 1. the database server stops mid-scan, and comes back ------------------------------------


def test_server_stopping_mid_scan_leaves_gaps_and_the_next_run_recovers(
    pg: PrivatePostgres, analyzer: AnalyzerEngine, tmp_path: Path
) -> None:
    url = pg.create_database()
    tables = ["a_aanvragen", "b_clienten", "c_contacten", "d_meldingen"]
    _fill(url, tables)
    config = _config(tmp_path, f"sqlite:///{tmp_path / 'store.db'}", [_database("sociaal", url)])

    def stop_after_first_table(done: int, total: int, item: str) -> None:
        if done == 1 and pg.running():
            pg.stop()

    with FindingsStore(config.store) as store:
        run = store.start_run("nightly", config.organisation)
        [result] = scan_sources(
            config, analyzer, store, run.id, ["sociaal"],
            progress_for=lambda _: stop_after_first_table,
        )  # fmt: skip
        assert result.status == "partial"
        assert result.items_scanned == 1
        assert _gap_locations(result) == [f"public.{t}" for t in tables[1:]]
        for gap in result.gaps:
            assert "verbinding" in gap.reason, gap.reason
        found = compare_latest(config, store, run.id).discrepancies
        incomplete = {d.location for d in found if d.kind == "SCAN_INCOMPLETE"}
        assert incomplete == {f"public.{t}" for t in tables[1:]}

        pg.start()
        second = store.start_run("nightly", config.organisation)
        [again] = scan_sources(config, analyzer, store, second.id, ["sociaal"])
        assert again.status == "success"
        assert again.items_scanned == again.items_total == len(tables)
        assert again.reused == 1  # the table scanned before the stop is carried over
        found = compare_latest(config, store, second.id).discrepancies
        assert not [d for d in found if d.kind == "SCAN_INCOMPLETE"]
        emails = {f.location for f in store.comparison_input(["sociaal"]).findings}
        assert emails == {f"public.{t}.email" for t in tables}


# -- 2. a MariaDB connection killed mid-query ---------------------------------------------------


@pytest.fixture
def mariadb_database() -> Iterator[str]:
    name = f"faults_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(MARIADB_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))
    except sa.exc.OperationalError:
        admin.dispose()
        pytest.skip("MariaDB is not reachable")
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


def _kill_when_running(admin_url: str, marker: str, killed: list[int]) -> threading.Thread:
    """Kill (the whole connection) the first session whose running query names `marker`."""

    def watch() -> None:
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        deadline = time.monotonic() + 20
        with admin.connect() as conn:
            while time.monotonic() < deadline and not killed:
                row = conn.execute(
                    sa.text(
                        "SELECT id FROM information_schema.processlist "
                        "WHERE info LIKE :marker AND id <> CONNECTION_ID()"
                    ),
                    {"marker": f"%{marker}%"},
                ).first()
                if row is not None:
                    conn.execute(sa.text(f"KILL CONNECTION {int(row[0])}"))
                    killed.append(int(row[0]))
                time.sleep(0.05)
        admin.dispose()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_mariadb_connection_killed_mid_query_is_a_gap_and_the_scan_goes_on(
    mariadb_database: str, analyzer: AnalyzerEngine
) -> None:
    _fill(
        mariadb_database,
        ["a_klanten", "c_medewerkers"],
        ["CREATE VIEW b_traag AS SELECT SLEEP(10) AS wachten, email FROM a_klanten LIMIT 1"],
    )
    killed: list[int] = []
    watchers: list[threading.Thread] = []

    def kill_during_the_view(done: int, total: int, item: str) -> None:
        if item.endswith("b_traag"):
            watchers.append(_kill_when_running(MARIADB_ADMIN_URL, "b_traag", killed))

    started = time.monotonic()
    result = scan_source(
        _database("klanten", mariadb_database), analyzer, progress=kill_during_the_view
    )
    assert killed, "the scanner's query was never seen running"
    assert time.monotonic() - started < 10  # not waiting out the SLEEP
    assert result.status == "partial"
    assert _gap_locations(result) == [f"{mariadb_database.rsplit('/', 1)[1]}.b_traag"]
    assert "verbinding" in result.gaps[0].reason, result.gaps[0].reason
    assert result.items_scanned == 2  # the table after the killed query is still scanned
    assert {f.container for f in result.findings} == {
        f"{mariadb_database.rsplit('/', 1)[1]}.{t}" for t in ("a_klanten", "c_medewerkers")
    }


# -- 3. a statement timeout ---------------------------------------------------------------------


def test_a_query_beyond_the_statement_timeout_is_a_gap_named_timeout(
    pg: PrivatePostgres, analyzer: AnalyzerEngine
) -> None:
    url = pg.create_database()
    _fill(
        url,
        ["a_klanten", "c_medewerkers"],
        ["CREATE VIEW b_traag AS SELECT pg_sleep(30)::text AS wachten, email FROM a_klanten"],
    )
    started = time.monotonic()
    result = scan_source(_database("klanten", url, statement_timeout_s=1), analyzer)
    assert time.monotonic() - started < 20
    assert _gap_locations(result) == ["public.b_traag"]
    assert "tijdslimiet" in result.gaps[0].reason, result.gaps[0].reason
    assert result.items_scanned == 2


# -- 4. permission denied on a table and on a file ----------------------------------------------


def test_a_table_the_role_may_not_read_is_a_gap_and_the_others_are_scanned(
    fresh_postgres_url: str, analyzer: AnalyzerEngine
) -> None:
    _fill(fresh_postgres_url, ["a_klanten", "b_geheim", "c_medewerkers"])
    role = f"avgscan_beperkt_{uuid.uuid4().hex[:6]}"
    admin = sa.create_engine(fresh_postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN"))
        conn.execute(sa.text(f"GRANT SELECT ON a_klanten, c_medewerkers TO {role}"))
    scanner_url = sa.make_url(fresh_postgres_url).set(username=role)
    try:
        result = scan_source(
            _database("klanten", scanner_url.render_as_string(hide_password=False)), analyzer
        )
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP OWNED BY {role}"))
            conn.execute(sa.text(f"DROP ROLE {role}"))
        admin.dispose()
    assert _gap_locations(result) == ["public.b_geheim"]
    assert "geen leesrecht" in result.gaps[0].reason, result.gaps[0].reason
    assert result.items_scanned == 2


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


_DAC_OVERRIDE_AND_READ_SEARCH = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


@contextlib.contextmanager
def _file_permissions_enforced() -> Iterator[None]:
    """Make chmod 000 deny this thread: root reads anything through CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH, so those two leave its effective set for the duration (capset(2),
    per thread). Switching to another uid would not do: this Python lives under /root."""
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        pytest.skip("capget(2) failed: cannot test permissions as root")
    saved = data[0].effective
    data[0].effective = saved & ~_DAC_OVERRIDE_AND_READ_SEARCH
    if libc.capset(ctypes.byref(header), data) != 0:
        pytest.skip("capset(2) failed: cannot test permissions as root")
    try:
        yield
    finally:
        data[0].effective = saved
        assert libc.capset(ctypes.byref(header), data) == 0


@pytest.fixture
def share(tmp_path: Path) -> Iterator[Path]:
    """A folder of letters; its permissions are restored before it is removed."""
    root = tmp_path / "share"
    root.mkdir()
    yield root
    for path in root.rglob("*"):
        with contextlib.suppress(OSError):
            path.chmod(0o755 if path.is_dir() else 0o644)


def _letter(path: Path, i: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Beste inwoner, u bereikt ons via inwoner{i}@example.nl.\n", encoding="utf-8")
    path.chmod(0o644)


def test_an_unreadable_file_and_folder_are_gaps_and_the_rest_is_scanned(
    share: Path, analyzer: AnalyzerEngine
) -> None:
    for i, name in enumerate(["a.txt", "geheim.txt", "z.txt", "dicht/binnen.txt"]):
        _letter(share / name, i)
    for path in share.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
    (share / "geheim.txt").chmod(0o000)
    (share / "dicht").chmod(0o000)
    source = FilesSource(name="schijf", type="files", path=str(share), system="X", retries=0)
    with _file_permissions_enforced():
        result = scan_source(source, analyzer)
    reasons = {g.location: g.reason for g in result.gaps}
    assert set(reasons) == {"dicht", "geheim.txt"}
    assert "PermissionError" in reasons["geheim.txt"]
    assert "PermissionError" in reasons["dicht"]
    assert result.items_scanned == 2
    assert {f.location for f in result.findings} == {"a.txt", "z.txt"}


# -- 5. removed between listing and reading -----------------------------------------------------


def test_a_table_dropped_after_listing_is_a_gap(
    fresh_postgres_url: str, analyzer: AnalyzerEngine
) -> None:
    _fill(fresh_postgres_url, ["a_klanten", "b_weg", "c_medewerkers"])
    admin = sa.create_engine(fresh_postgres_url, isolation_level="AUTOCOMMIT")

    def drop_before_reading(done: int, total: int, item: str) -> None:
        if item == "public.b_weg":
            with admin.connect() as conn:
                conn.execute(sa.text("DROP TABLE b_weg"))

    result = scan_source(
        _database("klanten", fresh_postgres_url), analyzer, progress=drop_before_reading
    )
    admin.dispose()
    assert _gap_locations(result) == ["public.b_weg"]
    assert "bestaat niet meer" in result.gaps[0].reason, result.gaps[0].reason
    assert result.items_scanned == 2


def test_a_file_removed_after_listing_is_a_gap(share: Path, analyzer: AnalyzerEngine) -> None:
    for i, name in enumerate(["a.txt", "b_weg.txt", "c.txt"]):
        _letter(share / name, i)

    def remove_before_reading(done: int, total: int, item: str) -> None:
        if item == "b_weg.txt":
            (share / item).unlink()

    source = FilesSource(name="schijf", type="files", path=str(share), system="X", retries=0)
    result = scan_source(source, analyzer, progress=remove_before_reading)
    assert _gap_locations(result) == ["b_weg.txt"]
    assert "not found" in result.gaps[0].reason
    assert result.items_scanned == 2


# -- 6. the findings store unavailable at the end of a run --------------------------------------


def _store_rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        rows = {
            t.name: sorted((tuple(r) for r in conn.execute(sa.select(t))), key=repr)
            for t in meta.sorted_tables
        }
    engine.dispose()
    return rows


def _report_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_store_lost_before_the_comparison_keeps_the_last_report_and_recovers(
    pg: PrivatePostgres,
    analyzer: AnalyzerEngine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source_url = pg.create_database()
    _fill(source_url, ["a_klanten"])
    store_url = pg.create_database()
    config = _config(tmp_path, store_url, [_database("klanten", source_url)])
    reports = latest_report_dir(config)

    def nightly(before_compare: Callable[[], None] = lambda: None) -> None:
        with FindingsStore(config.store) as store:
            run = store.start_run("nightly", config.organisation)
            scan_sources(config, analyzer, store, run.id, ["klanten"])
            before_compare()
            compare_latest(config, store, run.id)
            export(config, store, reports, run_id=run.id)

    nightly()
    good_report = _report_bytes(reports)
    assert {"rapport.html", "discrepancies.json", "discrepancies.xlsx"} <= set(good_report)
    good_rows = _store_rows(store_url)
    with FindingsStore(config.store) as store:
        good_run = store.latest_compared_run()

    with pytest.raises(sa.exc.OperationalError) as raised:
        nightly(before_compare=pg.stop)
    assert "postgres@" not in str(raised.value)
    assert _report_bytes(reports) == good_report  # the last good report is untouched

    # `avgscan scan` with the store still gone: a clear error, exit 1, no traceback, no secret
    store_with_password = sa.make_url(store_url).set(password="geheim-wachtwoord-42")
    cli_config = _config(
        tmp_path,
        store_with_password.render_as_string(hide_password=False),
        [_database("klanten", source_url)],
    )
    capsys.readouterr()
    handlers = list(logging.getLogger().handlers)
    try:
        assert main(["scan", "--config", str(cli_config.base_dir / "avgscan.yaml")]) == 1
    finally:  # the CLI's logging.basicConfig must not outlive this test
        logging.getLogger().handlers[:] = handlers
    stderr = capsys.readouterr().err
    assert "findings store" in stderr and "Traceback" not in stderr
    assert "geheim-wachtwoord-42" not in stderr
    assert _report_bytes(reports) == good_report

    pg.start()
    _config(tmp_path, store_url, [_database("klanten", source_url)])
    after_crash = _store_rows(store_url)
    for table, rows in good_rows.items():  # nothing of the good run was lost or changed
        assert set(rows) <= set(after_crash[table]), table
    with FindingsStore(config.store) as store:
        assert store.latest_compared_run() == good_run  # the crashed run is not "the latest"
    nightly()  # the next run recovers
    with FindingsStore(config.store) as store:
        latest = store.latest_compared_run()
    assert latest is not None and good_run is not None and latest.id != good_run.id
    assert _report_bytes(reports)["discrepancies.json"] != good_report["discrepancies.json"]


def test_a_comparison_that_dies_half_way_leaves_nothing_behind(
    analyzer: AnalyzerEngine, tmp_path: Path, share: Path
) -> None:
    """The store is written in one transaction per comparison: kill it at the last statement
    (finishing the run) and neither discrepancies nor history changes of that run remain."""
    _letter(share / "brief.txt", 1)
    source = FilesSource(name="schijf", type="files", path=str(share), system="Onbekend")
    config = _config(tmp_path, f"sqlite:///{tmp_path / 'store.db'}", [source])
    with FindingsStore(config.store) as store:
        good = store.start_run("nightly", config.organisation)
        scan_sources(config, analyzer, store, good.id, ["schijf"])
        compare_latest(config, store, good.id)
        _letter(share / "tweede.txt", 2)
        before = _store_rows(config.store)

        def die_when_finishing(*args: object) -> None:
            statement = str(args[2])  # (conn, cursor, statement, parameters, context, many)
            if statement.lstrip().upper().startswith("UPDATE AVGSCAN_RUNS"):
                raise RuntimeError("store lost")

        crashed = store.start_run("nightly", config.organisation)
        scan_sources(config, analyzer, store, crashed.id, ["schijf"])
        sa.event.listen(store.engine, "before_cursor_execute", die_when_finishing)
        try:
            with pytest.raises(RuntimeError, match="store lost"):
                compare_latest(config, store, crashed.id)
        finally:
            sa.event.remove(store.engine, "before_cursor_execute", die_when_finishing)
        after = _store_rows(config.store)
        assert after["avgscan_discrepancies"] == before["avgscan_discrepancies"]
        assert after["avgscan_discrepancy_states"] == before["avgscan_discrepancy_states"]
        assert store.latest_compared_run() == store.run(good.id)
        compare_latest(config, store, crashed.id)  # the same run, retried: now it completes
        assert store.latest_compared_run() == store.run(crashed.id)
