"""Shared fixtures: databases on SQLite and on a real PostgreSQL server, the CLI in-process."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.adapters.db.migrate import upgrade
from bot.adapters.db.session import engine_for
from bot.adapters.nlu.server import RasaServer
from bot.settings import settings
from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CONTENT = ROOT / "content"
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A real PostgreSQL server for the whole session (started here, removed afterwards)."""
    if os.environ.get("WIJKWIJZER_TEST_POSTGRES") == "skip":
        pytest.skip("WIJKWIJZER_TEST_POSTGRES=skip")
    server = PostgresServer()
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


def _new_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'wijkwijzer.sqlite3'}"
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    name = f"test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty, migrated database on each backend; the CLI and settings point at it."""
    url = _new_database(request, tmp_path)
    upgrade(url)
    monkeypatch.setenv("WIJKWIJZER_DATABASE_URL", url)
    settings.cache_clear()
    yield url
    engine_for(url).dispose()
    settings.cache_clear()


@pytest.fixture
def empty_database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Like `database_url` but not migrated (SQLite only): for migration tests."""
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    monkeypatch.setenv("WIJKWIJZER_DATABASE_URL", url)
    settings.cache_clear()
    yield url
    engine_for(url).dispose()
    settings.cache_clear()


@pytest.fixture(scope="session")
def nlu_server() -> Iterator[RasaServer]:
    """The real trained Rasa model behind Rasa's real HTTP server (trained by `make setup`)."""
    with RasaServer() as server:
        yield server


@pytest.fixture
def nlu_env(nlu_server: RasaServer, monkeypatch: pytest.MonkeyPatch) -> RasaServer:
    """Point the CLI at the session's NLU server."""
    monkeypatch.setenv("WIJKWIJZER_NLU_URL", nlu_server.url)
    monkeypatch.setenv("WIJKWIJZER_NLU_TOKEN", nlu_server.token)
    settings.cache_clear()
    return nlu_server
