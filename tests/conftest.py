"""Shared fixtures: real PostgreSQL and MariaDB databases, one fresh database per test session.

Integration tests talk to the servers this machine runs. Locally a missing server skips them;
under CI=true a missing server is a failure, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

pytest_plugins = ["tests.smb_server"]

POSTGRES_ADMIN_URL = os.environ.get(
    "AVGSCAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
MARIADB_ADMIN_URL = os.environ.get(
    "AVGSCAN_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/"
)


def _service_missing(name: str, exc: Exception) -> None:
    message = f"{name} is not reachable ({type(exc).__name__}); start it or run scripts/test"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _fresh_database(admin_url: str, name: str) -> Iterator[str]:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f"CREATE DATABASE {name}"))  # name is generated, not input
    except sa.exc.OperationalError as exc:
        admin.dispose()
        _service_missing(admin_url.split(":", 1)[0], exc)
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        sa.create_engine(url).dispose()
        with admin.connect() as conn:
            if admin.dialect.name == "postgresql":
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            else:
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database (SQLAlchemy URL), dropped after the session."""
    yield from _fresh_database(POSTGRES_ADMIN_URL, f"avgscan_test_{uuid.uuid4().hex[:8]}")


@pytest.fixture
def fresh_postgres_url() -> Iterator[str]:
    """A PostgreSQL database of this test alone, for tests whose tables must not meet others'."""
    yield from _fresh_database(POSTGRES_ADMIN_URL, f"avgscan_test_{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="session")
def mariadb_url() -> Iterator[str]:
    """A fresh, empty MariaDB database (SQLAlchemy URL), dropped after the session."""
    yield from _fresh_database(MARIADB_ADMIN_URL, f"avgscan_test_{uuid.uuid4().hex[:8]}")
