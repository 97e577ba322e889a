"""The database goes down (a real PostgreSQL refusing connections): residents get the safety
flow when needed and an apology, and every message is answered once it is back."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import create_engine, text

from bot.adapters.db.migrate import upgrade
from bot.adapters.db.session import engine_for
from bot.adapters.nlu.server import RasaServer
from bot.core.dialogue import messages as m
from bot.core.i18n import text as t
from bot.settings import settings
from tests.adapters.telegram.conftest import RunningBot
from tests.conftest import ROOT
from tests.doubles.telegram_api import BotApiDouble
from tests.helpers import cli

pytestmark = [pytest.mark.nlu, pytest.mark.postgres]
RESIDENT = 6001
_names = itertools.count()


def outage(admin_url: str, database: str, down: bool) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        allow = "false" if down else "true"
        connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {allow}'))
        if down:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                {"d": database},
            )
    admin.dispose()


@pytest_asyncio.fixture(loop_scope="function")
async def bot_on_postgres(
    postgres_admin_url: str,
    nlu_env: RasaServer,
    double: BotApiDouble,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[tuple[RunningBot, str]]:
    name = f"outage_{os.getpid()}_{next(_names)}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = postgres_admin_url.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    monkeypatch.setenv("WIJKWIJZER_DATABASE_URL", url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", double.token)
    monkeypatch.setenv("WIJKWIJZER_TELEGRAM_BASE_URL", double.base_url)
    settings.cache_clear()
    assert cli("content", "import", str(ROOT / "content"))[0] == 0
    bot = RunningBot(double, nlu_env_endpoint(nlu_env))
    await bot.start()
    try:
        yield bot, name
    finally:
        outage(postgres_admin_url, name, down=False)
        await bot.halt()
        engine_for(url).dispose()
        settings.cache_clear()


def nlu_env_endpoint(server: RasaServer):  # type: ignore[no-untyped-def]
    from bot.wiring import NluEndpoint

    return NluEndpoint(server.url, server.token, None)


async def test_messages_during_an_outage_are_answered_afterwards(
    bot_on_postgres: tuple[RunningBot, str], postgres_admin_url: str
) -> None:
    bot, database = bot_on_postgres
    double = bot.double
    double.send_text(RESIDENT, "ik heb schulden", language_code="nl")
    await double.await_messages(RESIDENT, 1)

    outage(postgres_admin_url, database, down=True)
    double.send_text(RESIDENT, "ik heb een huurachterstand")
    apology = (await double.await_messages(RESIDENT, 2, timeout=20))[-1]
    assert apology["text"] == t("nl", m.STORAGE_DOWN)
    double.send_text(RESIDENT, "mijn man slaat me elke dag")
    safety, sorry = (await double.await_messages(RESIDENT, 4, timeout=20))[-2:]
    assert "0800-2000" in safety["text"] and "112" in safety["text"]  # safety first, no DB
    assert sorry["text"] == t("nl", m.STORAGE_DOWN)

    await asyncio.sleep(3)
    outage(postgres_admin_url, database, down=False)
    answered = await double.await_messages(RESIDENT, 7, timeout=60)
    later = [message["text"] for message in answered[4:]]
    assert any("000 555 01" in line for line in later)  # the rent question, answered
    assert any("0800-2000" in line for line in later)  # the full safety flow, with the offer
    await asyncio.sleep(2)
    assert len(double.messages(RESIDENT)) == 7  # each once
