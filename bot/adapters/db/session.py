"""Engines and sessions; SQLite gets the pragmas that make it behave like a real database."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that do not name a driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@cache
def engine_for(url: str) -> Engine:
    """One engine per URL for the life of the process."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite ignores foreign keys unless asked
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the one writer
    # In WAL mode NORMAL loses nothing on an application crash (only on power loss) and spares
    # an fsync per commit: every message commits twice (update claim, conversation state).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def transaction(url: str) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on any error."""
    factory = _factory(url)
    if url.startswith("sqlite"):
        # SQLite has one writer at a time, and a thread that finds the database locked sleeps
        # in growing steps (up to 100 ms) before it retries: threads of one process take turns
        # here instead. Other processes still meet SQLite's own busy timeout.
        with _sqlite_lock(url), factory.begin() as session:
            yield session
        return
    with factory.begin() as session:
        yield session


@cache
def _factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


@cache
def _sqlite_lock(url: str) -> threading.RLock:
    return threading.RLock()


def insert_for(session: Session, table: Any) -> Any:
    """An INSERT that supports `on_conflict_do_update` on the session's backend."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(table)
    return sqlite_insert(table)


async def in_database(url: str, work: Callable[..., T], *args: Any) -> T:
    """Run blocking database work: inline for SQLite (a local file, and its writers take turns
    anyway, so a thread only adds hand-overs), on a worker thread for a server database."""
    if url.startswith("sqlite"):
        return work(*args)
    return await asyncio.to_thread(work, *args)


def stored_utc(stored: dt.datetime) -> dt.datetime:
    """A stored moment as an aware UTC datetime (SQLite returns it naive, already in UTC)."""
    if stored.tzinfo is None:
        return stored.replace(tzinfo=dt.UTC)
    return stored.astimezone(dt.UTC)
