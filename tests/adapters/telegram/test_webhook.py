"""Webhook mode: Telegram (the double) posts updates with the secret token; others are refused."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from bot.adapters.nlu.server import RasaServer
from bot.wiring import NluEndpoint
from tests.adapters.telegram.conftest import RunningBot
from tests.conftest import ROOT
from tests.doubles.telegram_api import BotApiDouble
from tests.helpers import cli

pytestmark = pytest.mark.nlu
SECRET = "wijk-Secret_123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest_asyncio.fixture(loop_scope="function")
async def webhook_bot(
    nlu_env: RasaServer, database_url: str, double: BotApiDouble, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[RunningBot, str]]:
    assert cli("content", "import", str(ROOT / "content"))[0] == 0
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    for name, value in {
        "TELEGRAM_BOT_TOKEN": double.token,
        "WIJKWIJZER_TELEGRAM_BASE_URL": double.base_url,
        "WIJKWIJZER_WEBHOOK_URL": url,
        "WIJKWIJZER_WEBHOOK_SECRET": SECRET,
        "WIJKWIJZER_WEBHOOK_LISTEN": "127.0.0.1",
        "WIJKWIJZER_WEBHOOK_PORT": str(port),
    }.items():
        monkeypatch.setenv(name, value)
    bot = RunningBot(double, NluEndpoint(nlu_env.url, nlu_env.token, None))
    await bot.start()
    try:
        yield bot, url
    finally:
        await bot.halt()


async def test_updates_arrive_by_webhook_with_the_secret(
    webhook_bot: tuple[RunningBot, str],
) -> None:
    bot, url = webhook_bot
    (hook,) = bot.double.calls_of("setWebhook")
    assert hook.params["url"] == url and hook.params["secret_token"] == SECRET
    bot.double.send_text(7001, "ik heb schulden", language_code="nl")
    (answer,) = await bot.double.await_messages(7001, 1)
    assert "000 555 01" in answer["text"]


async def test_a_post_without_the_secret_is_refused(webhook_bot: tuple[RunningBot, str]) -> None:
    bot, url = webhook_bot
    forged = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": 7002, "type": "private"},
            "from": {"id": 7002, "is_bot": False, "first_name": "X"},
            "text": "/start",
        },
    }
    async with httpx.AsyncClient() as client:
        refused = await client.post(url, json=forged)
        wrong = await client.post(
            url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
        )
    assert refused.status_code == 403 and wrong.status_code == 403
    assert bot.double.messages(7002) == []
