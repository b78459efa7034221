"""Database passwords never leak (issue #8, point 4; the planted-value half is in
tests/test_end_to_end_demo.py).

Sources whose URLs carry a password through `${VAR}`: a PostgreSQL role (password
authentication on the private server of tests/test_faults.py) given the wrong password, a
MariaDB account given the wrong one, and a MariaDB account given the right one. The command line
scan and the Dagster nightly job run with DEBUG logging; the passwords are then searched for in
every log record, stdout/stderr, the gaps, every table of the findings store, the reports and
Dagster's storage.
"""

from __future__ import annotations

import logging
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa

from pipelines.cli import main
from pipelines.config import load_config
from pipelines.orchestration import run_nightly_in_process
from pipelines.store import FindingsStore
from tests.conftest import MARIADB_ADMIN_URL
from tests.test_end_to_end_demo import _Collect, _files_text, _store_text
from tests.test_faults import PG_BIN, PrivatePostgres, pg, private_pg  # noqa: F401  (fixtures)

pytestmark = pytest.mark.integration

WRONG = "Fout-Kanarie/93!wachtwoord"  # '/' and '!' must be URL-encoded: both forms searched
RIGHT = "Goed-Kanarie-58?wachtwoord"
USER = f"avgscan_pw_{uuid.uuid4().hex[:6]}"


@pytest.fixture
def password_accounts(pg: PrivatePostgres) -> Iterator[tuple[str, str]]:  # noqa: F811
    """(PostgreSQL URL, MariaDB URL) without credentials; USER exists on both with RIGHT."""
    pg_url = pg.create_database()
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {USER} LOGIN PASSWORD '{RIGHT}'"))
    hba = pg.data / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text(f"host all {USER} 127.0.0.1/32 scram-sha-256\n" + original)
    pg._run(str(PG_BIN / "pg_ctl"), "-D", str(pg.data), "reload")
    database = f"leaks_{uuid.uuid4().hex[:8]}"
    maria = sa.create_engine(MARIADB_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with maria.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {database}"))
        conn.execute(sa.text(f"CREATE USER '{USER}'@'%' IDENTIFIED BY '{RIGHT}'"))
        conn.execute(sa.text(f"CREATE USER '{USER}'@'localhost' IDENTIFIED BY '{RIGHT}'"))
        for host in ("%", "localhost"):
            conn.execute(sa.text(f"GRANT SELECT ON {database}.* TO '{USER}'@'{host}'"))
        conn.execute(sa.text(f"CREATE TABLE {database}.klanten (email TEXT)"))
        conn.execute(
            sa.text(f"INSERT INTO {database}.klanten VALUES (:e)"),
            [{"e": f"inwoner{i}@example.nl"} for i in range(20)],
        )
    try:
        yield pg_url, maria.url.set(database=database).render_as_string(hide_password=False)
    finally:
        hba.write_text(original)
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {USER}"))
        admin.dispose()
        with maria.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {database}"))
            for host in ("%", "localhost"):
                conn.execute(sa.text(f"DROP USER IF EXISTS '{USER}'@'{host}'"))
        maria.dispose()


def _with_password(url: str, variable: str) -> str:
    """The URL with USER and a `${VAR}` password, as avgscan.yaml holds it."""
    plain = sa.make_url(url).set(username=USER, password=None).render_as_string()
    scheme, rest = plain.split("://", 1)
    return f"{scheme}://{USER}:${{{variable}}}@{rest.split('@', 1)[1]}"


def test_no_password_in_logs_errors_store_reports_or_dagster(
    password_accounts: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pg_url, maria_url = password_accounts
    monkeypatch.setenv("PG_WRONG", urllib.parse.quote(WRONG, safe=""))
    monkeypatch.setenv("MARIA_WRONG", urllib.parse.quote(WRONG, safe=""))
    monkeypatch.setenv("MARIA_RIGHT", urllib.parse.quote(RIGHT, safe=""))
    monkeypatch.setenv("AVGSCAN_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("AVGSCAN_HMAC_KEY", "7a" * 32)
    monkeypatch.setattr("pipelines.scanning._sleep", lambda s: None)
    (tmp_path / "register.csv").write_text(
        "Naam verwerking;Doel;Grondslag;Categorieën persoonsgegevens;Bewaartermijn;Systemen\n"
        "Klanten;Dienstverlening;Publieke taak;NAW;1 jaar;K\n",
        encoding="utf-8",
    )
    pg_wrong = _with_password(pg_url, "PG_WRONG")
    maria_wrong = _with_password(maria_url, "MARIA_WRONG")
    maria_right = _with_password(maria_url, "MARIA_RIGHT")
    config_path = tmp_path / "avgscan.yaml"
    config_path.write_text(
        "organisation: Gemeente Geheim\n"
        "store: sqlite:///store.db\n"
        "register: {path: register.csv}\n"
        "reports: rapporten\n"
        "sources:\n"
        f"  - {{name: pg-fout, type: database, url: '{pg_wrong}', system: K, retries: 1}}\n"
        f"  - {{name: maria-fout, type: database, url: '{maria_wrong}', system: K, retries: 1}}\n"
        f"  - {{name: maria-goed, type: database, url: '{maria_right}', system: K}}\n",
        encoding="utf-8",
    )
    handler = _Collect()
    root = logging.getLogger()
    old_level, old_handlers = root.level, list(root.handlers)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    dagster_dir = tmp_path / "dagster"
    dagster_dir.mkdir()
    try:
        assert main(["scan", "--config", str(config_path)]) == 1  # two sources failed
        with dg.instance_for_test(temp_dir=str(dagster_dir)) as instance:
            run_nightly_in_process(config_path, instance)
    finally:
        root.handlers[:] = old_handlers
        root.setLevel(old_level)
    output = capsys.readouterr()
    config = load_config(config_path)
    with FindingsStore(config.store) as store:
        scans = store.latest_scans(s.name for s in config.sources)
        gaps = store.comparison_input([s.name for s in config.sources]).gaps
    assert {n: s.status for n, s in scans.items()} == {
        "pg-fout": "failed",
        "maria-fout": "failed",
        "maria-goed": "success",
    }
    reasons = "\n".join(g.reason for g in gaps)
    assert "aanmelden geweigerd" in reasons  # MariaDB says why; psycopg only that it failed
    assert "geen verbinding" in reasons
    places = {
        "logs": "\n".join(handler.lines),
        "stdout/stderr": output.out + output.err,
        "gaps": reasons,
        "findings store": _store_text(config),
        "reports": _files_text(config.reports),
        "dagster storage": _files_text(dagster_dir),
    }
    assert "maria-goed" in places["logs"] and places["reports"]
    secrets = {WRONG, RIGHT, urllib.parse.quote(WRONG, safe=""), urllib.parse.quote(RIGHT, safe="")}
    leaks = [(where, s) for where, text in places.items() for s in secrets if s in text]
    assert leaks == []
