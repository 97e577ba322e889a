"""The real python-telegram-bot Application, against the Bot API double, with the real NLU."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import pytest
import pytest_asyncio

from bot.adapters.db.conversation_store import DatabaseStore
from bot.adapters.nlu.server import RasaServer
from bot.adapters.telegram.channel import TelegramChannel
from bot.app.conversations import Assistant
from bot.settings import settings
from bot.wiring import NluEndpoint, assistant
from tests.conftest import ROOT
from tests.doubles.libretranslate import LibreTranslateDouble
from tests.doubles.telegram_api import BotApiDouble
from tests.helpers import cli


@dataclass
class RunningBot:
    """One bot process (an Application and its assistant) serving the double."""

    double: BotApiDouble
    endpoint: NluEndpoint
    channel: TelegramChannel | None = None
    assistant: Assistant | None = None
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.stop = asyncio.Event()
        settings.cache_clear()
        config = settings()
        store = DatabaseStore(config.database_url)
        self.assistant = assistant(config, self.endpoint, store)
        self.channel = TelegramChannel(self.assistant, config)
        self.task = asyncio.create_task(self.channel.run(self.stop))
        deadline = time.monotonic() + 20
        updater = self.channel.application.updater
        ready = ("deleteWebhook", "setWebhook")  # polling deletes a webhook; webhook mode sets one
        while (
            updater is None
            or not updater.running
            or not any(self.double.calls_of(method) for method in ready)
        ):
            assert time.monotonic() < deadline, "the bot did not start"
            assert not self.task.done(), self.task.exception()
            await asyncio.sleep(0.05)

    async def halt(self) -> None:
        """Stop like SIGTERM does (a restart test starts a new one on the same database)."""
        self.stop.set()
        if self.task is not None:
            await self.task
        if self.assistant is not None:
            await self.assistant.aclose()
        self.task = None


@pytest.fixture
def double() -> Iterator[BotApiDouble]:
    with BotApiDouble() as running:
        yield running
    assert running.rejections == [], running.rejections  # nothing Telegram would refuse


@pytest.fixture
def translator(monkeypatch: pytest.MonkeyPatch) -> Iterator[LibreTranslateDouble]:
    """deep-translator's real LibreTranslate code against the local double."""
    fake = LibreTranslateDouble()
    with fake.running():
        monkeypatch.setenv("WIJKWIJZER_TRANSLATOR", "libretranslate")
        monkeypatch.setenv("WIJKWIJZER_TRANSLATOR_URL", fake.url)
        yield fake


@pytest_asyncio.fixture(loop_scope="function")  # the bot must run on the test's own loop
async def telegram(
    nlu_env: RasaServer,
    database_url: str,
    double: BotApiDouble,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[RunningBot]:
    assert cli("content", "import", str(ROOT / "content"))[0] == 0
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", double.token)
    monkeypatch.setenv("WIJKWIJZER_TELEGRAM_BASE_URL", double.base_url)
    bot = RunningBot(double, NluEndpoint(nlu_env.url, nlu_env.token, None))
    await bot.start()
    try:
        yield bot
    finally:
        await bot.halt()
