"""`wijkwijzer run` (what `make run` starts): the NLU server, then the channels."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from types import FrameType
from typing import Any

from bot.adapters.db.conversation_store import DatabaseStore
from bot.adapters.telegram.channel import TelegramChannel
from bot.cli.chat import run_chat
from bot.settings import Settings, settings
from bot.wiring import NluEndpoint, assistant, nlu_endpoint

BOTFATHER = """No TELEGRAM_BOT_TOKEN is set, so the Telegram channel does not start.
To connect a Telegram bot: open https://t.me/BotFather, send /newbot, and put the token it gives
you in a .env file next to README.md:  TELEGRAM_BOT_TOKEN=123456:ABC…  Then run `make run` again.
Meanwhile, here is the local chat: the same assistant, in this terminal."""


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="start wijkwijzer (what `make run` does)")
    run.set_defaults(handler=run_run)


def _stop(_signum: int, _frame: FrameType | None) -> None:
    # SIGTERM unwinds like Ctrl-C, so every process we started (Rasa) is stopped on the way out.
    raise KeyboardInterrupt


def run_run(_args: argparse.Namespace) -> int:
    signal.signal(signal.SIGTERM, _stop)
    if settings().telegram_bot_token is None:
        print(BOTFATHER)
        if not sys.stdin.isatty():
            print("(not a terminal: nothing more to do)")
            return 0
        try:
            return run_chat(argparse.Namespace(language=None))
        except KeyboardInterrupt:
            return 0
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL, and the Bot API URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    config = settings()
    with nlu_endpoint(config) as endpoint:
        asyncio.run(serve_telegram(config, endpoint))
    return 0


async def serve_telegram(config: Settings, endpoint: NluEndpoint) -> None:
    """The Telegram channel until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    bot = assistant(config, endpoint, DatabaseStore(config.database_url))
    try:
        await TelegramChannel(bot, config).run(stop)
    finally:
        await bot.aclose()
