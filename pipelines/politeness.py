"""At most N scans at a time per database or file server, across runs and processes.

Dagster's pool `avgscan-scans` (deploy/dagster.yaml) limits scan steps in general; this limits
them per server, so that a data steward's ad-hoc scan and the nightly run never hit one
production server together. The slots live in the findings store, which every scanning process
shares: a slot is a row (server, slot number); inserting it takes the slot, the primary key
refuses a second holder, deleting it gives it back. A slot held longer than `stale_after`
(a process that died holding it) is taken over.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from pipelines.config import DatabaseSource, FilesSource

log = logging.getLogger(__name__)

_metadata = sa.MetaData()
server_slots = sa.Table(
    "avgscan_server_slots",
    _metadata,
    sa.Column("server", sa.String(300), primary_key=True),
    sa.Column("slot", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("holder", sa.String(64), nullable=False),
    sa.Column("since", sa.DateTime(timezone=True), nullable=False),
)


class ServerBusyError(Exception):
    """No slot on the server came free in time."""


def server_of(source: DatabaseSource | FilesSource) -> str | None:
    """The server a source lives on (`host:port`), or None for a local file or folder."""
    if isinstance(source, DatabaseSource):
        url = make_url(source.url)
        if url.get_backend_name() == "sqlite" or not url.host:
            return None
        return f"{url.get_backend_name()}://{url.host}:{url.port or ''}"
    if source.path.startswith("smb://"):
        return "smb://" + source.path[len("smb://") :].split("/", 1)[0].lower()
    return None


@contextmanager
def server_slot(
    engine: Engine,
    server: str | None,
    *,
    limit: int = 1,
    wait_s: float = 6 * 3600,
    poll_s: float = 5.0,
    stale_after: timedelta = timedelta(hours=12),
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[None]:
    """Hold one of the `limit` scan slots of `server` (nothing to hold for a local source)."""
    if server is None:
        yield
        return
    _ensure_table(engine)
    holder = uuid.uuid4().hex
    deadline = time.monotonic() + wait_s
    slot = _take(engine, server, holder, limit, stale_after)
    while slot is None:
        if time.monotonic() >= deadline:
            raise ServerBusyError(f"server {server}: no scan slot free within {wait_s:.0f} s")
        sleep(poll_s)
        slot = _take(engine, server, holder, limit, stale_after)
    log.debug("scan slot %d of %s taken", slot, server)
    try:
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(
                server_slots.delete().where(
                    server_slots.c.server == server,
                    server_slots.c.slot == slot,
                    server_slots.c.holder == holder,
                )
            )


def _ensure_table(engine: Engine) -> None:
    """Create the slots table; two processes doing so at once is fine (one of them wins)."""
    try:
        _metadata.create_all(engine)
    except sa.exc.SQLAlchemyError:
        if not sa.inspect(engine).has_table(server_slots.name):
            raise


def _take(
    engine: Engine, server: str, holder: str, limit: int, stale_after: timedelta
) -> int | None:
    now = datetime.now(UTC)
    for slot in range(limit):
        try:
            with engine.begin() as conn:
                conn.execute(
                    server_slots.delete().where(
                        server_slots.c.server == server,
                        server_slots.c.slot == slot,
                        server_slots.c.since < now - stale_after,
                    )
                )
                conn.execute(
                    server_slots.insert().values(server=server, slot=slot, holder=holder, since=now)
                )
            return slot
        except sa.exc.IntegrityError:
            continue
    return None
