"""`wijkwijzer chat` and `wijkwijzer simulate`: the Telegram dialogue without Telegram."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.exc import SQLAlchemyError

from bot.app.conversations import Assistant, Incoming, MemoryStore
from bot.core.dialogue.replies import Button, Reply
from bot.core.errors import WijkwijzerError
from bot.core.languages import CODES
from bot.settings import settings
from bot.wiring import assistant, nlu_endpoint

CHAT_ID = 1


def register(commands: Any) -> None:
    chat = commands.add_parser("chat", help="talk to the assistant in this terminal")
    chat.add_argument("--language", choices=CODES, help="start in this language")
    chat.set_defaults(handler=run_chat)
    simulate = commands.add_parser("simulate", help="play a scripted conversation")
    simulate.add_argument("--script", type=Path, required=True)
    simulate.add_argument("--json", action="store_true")
    simulate.set_defaults(handler=run_simulate)


def _assistant(args: argparse.Namespace, endpoint: Any) -> Assistant:
    try:
        return assistant(settings(), endpoint, MemoryStore(), local=True)
    except (LookupError, SQLAlchemyError) as error:
        raise WijkwijzerError(f"catalogue: {error}".splitlines()[0]) from None


def show(replies: list[Reply]) -> None:
    for reply in replies:
        print()
        for line in reply.text.splitlines():
            print(f"  {line}")
        for index, button in enumerate(reply.buttons, start=1):
            print(f"   [{index}] {button.label}")


def run_chat(args: argparse.Namespace) -> int:
    # input() stays in the main thread, so Ctrl-C and SIGTERM unwind through the `with` below
    # and stop the NLU server; each message runs on one long-lived event loop.
    with nlu_endpoint(settings()) as endpoint, asyncio.Runner() as runner:
        bot = _assistant(args, endpoint)
        language = args.language
        print("wijkwijzer — type a question; a number presses a button; /quit ends.")
        try:
            show(runner.run(bot.handle(CHAT_ID, Incoming.typed("/start", language))))
            if language:
                show(runner.run(bot.handle(CHAT_ID, Incoming(payload=f"lang:{language}"))))
            while True:
                try:
                    line = input("\n> ")
                except (EOFError, KeyboardInterrupt):
                    print()
                    break
                if line.strip() in ("/quit", "/exit"):
                    break
                show(runner.run(bot.handle(CHAT_ID, Incoming.typed(line, language))))
        finally:
            runner.run(bot.aclose())
    return 0


def _script(path: Path) -> dict[str, Any]:
    try:
        script = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WijkwijzerError(f"{path}: no such file") from None
    except yaml.YAMLError as error:
        raise WijkwijzerError(f"{path}: invalid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(script, dict) or not isinstance(script.get("turns"), list):
        raise WijkwijzerError(f"{path}: a script needs 'resident' and a list of 'turns'")
    for number, turn in enumerate(script["turns"], start=1):
        if not isinstance(turn, dict) or not ({"say", "press"} & set(turn)):
            raise WijkwijzerError(f"{path}: turn {number}: use 'say: TEXT' or 'press: INDEX'")
    return script


async def simulate(bot: Assistant, script: dict[str, Any]) -> list[dict[str, Any]]:
    """Play the turns; returns what the resident would see, turn by turn."""
    resident = script.get("resident") or {}
    chat_id = int(resident.get("id") or CHAT_ID)
    language_code = resident.get("language_code")
    turns = []
    last: list[Reply] = []
    for turn in script["turns"]:
        if "say" in turn:
            replies = await bot.handle(chat_id, Incoming.typed(str(turn["say"]), language_code))
            given: dict[str, Any] = {"say": str(turn["say"])}
        else:
            buttons = _last_buttons(last)
            index = int(turn["press"])
            if not 0 <= index < len(buttons):
                raise WijkwijzerError(f"press {index}: the last reply has {len(buttons)} button(s)")
            replies = await bot.handle(
                chat_id, Incoming(payload=buttons[index].payload, telegram_language=language_code)
            )
            given = {"press": index}
        turns.append(
            {
                "input": given,
                "replies": [
                    {"text": r.text, "buttons": [b.label for b in r.buttons]} for r in replies
                ],
            }
        )
        last = replies or last
    return turns


def _last_buttons(replies: list[Reply]) -> list[Button]:
    """The buttons of the last reply that has any: the ones a `press` refers to."""
    for reply in reversed(replies):
        if reply.buttons:
            return list(reply.buttons)
    return []


def run_simulate(args: argparse.Namespace) -> int:
    script = _script(args.script)

    async def play(bot: Assistant) -> list[dict[str, Any]]:
        try:
            return await simulate(bot, script)
        finally:
            await bot.aclose()

    with nlu_endpoint(settings()) as endpoint:
        turns = asyncio.run(play(_assistant(args, endpoint)))
    if args.json:
        print(json.dumps({"turns": turns}, ensure_ascii=False))
        return 0
    for turn in turns:
        given = turn["input"]
        print(f"\n> {given.get('say', '[button ' + str(given.get('press')) + ']')}")
        for reply in turn["replies"]:
            for line in reply["text"].splitlines():
                print(f"  {line}")
            for index, label in enumerate(reply["buttons"]):
                print(f"   ({index}) {label}")
    return 0
