"""Telegram: 500 residents at once through the Bot API double into one real bot process.

The bot is `wijkwijzer run` in its own process (polling, the real NLU server, a fresh SQLite
database with the demo catalogue). Telegram's own flood limits are switched off for this run
(`WIJKWIJZER_TELEGRAM_CHAT_RATE=0`, `..._OVERALL_RATE=0`): we measure the bot, not Telegram.
Each resident plays a short script in one of the nine languages, waiting for each answer before
the next message (no think time). A first pass plays every script alone to learn how many
messages each turn gets; under load every chat must get exactly as many: none lost, none twice.
Then 100 residents ask for a person, and one professional per team claims and closes each card.
"""

from __future__ import annotations

import asyncio
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.adapters.nlu.server import RasaServer
from bot.core.languages import CODES
from bot.core.understanding.evaluation import percentile
from bot.settings import PROJECT_ROOT
from tests.doubles.telegram_api import BotApiDouble, Call

THINK = (2.5, 5.5)  # seconds a resident reads and types between messages
SENT: list[float] = []  # when each resident message was sent (for the sustained rate)
RESIDENTS = int(os.environ.get("BENCH_RESIDENTS", "500"))
HANDOFFS = int(os.environ.get("BENCH_HANDOFFS", "100"))
TEAMS = {  # group id → team id (content/wijkteams)
    -1001000000101: "wijkteam-centrum",
    -1001000000201: "wijkteam-noord",
    -1001000000301: "wijkteam-oost",
    -1001000000401: "wijkteam-zuid",
}
POSTCODES = ["9901 AB", "9904 CD", "9906 EF", "9910 GH"]
WIJKWIJZER = str(PROJECT_ROOT / ".venv/bin/wijkwijzer")


@dataclass
class Chat:
    """What the bot sent to one chat, as the double saw it (filled in by its server threads)."""

    times: list[float] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class Watcher:
    """The double's `on_call` hook: timestamps of every message per chat, wakes the waiters."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self.chats: dict[int, Chat] = defaultdict(Chat)

    def __call__(self, call: Call) -> None:
        if call.method != "sendMessage":
            return
        chat_id = int(call.params["chat_id"])
        with self._lock:
            chat = self.chats[chat_id]
            chat.times.append(time.monotonic())
        self._loop.call_soon_threadsafe(chat.changed.set)

    async def until(self, chat_id: int, count: int, timeout: float = 120.0) -> float:
        """The moment the chat's `count`-th message arrived."""
        chat = self.chats[chat_id]
        deadline = time.monotonic() + timeout
        while len(chat.times) < count:
            chat.changed.clear()
            if len(chat.times) >= count:
                break
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"chat {chat_id}: {len(chat.times)} of {count} messages")
            try:
                await asyncio.wait_for(chat.changed.wait(), left)
            except TimeoutError:
                continue
        return chat.times[count - 1]


def scripts() -> dict[str, list[str]]:
    """Per language: six questions from the held-out set, /help and /menu."""
    found: dict[str, list[str]] = {}
    for language in CODES:
        with (PROJECT_ROOT / f"nlu/heldout/{language}.csv").open(encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle) if r["topic"] not in CRISIS]
        questions = [rows[i]["text"] for i in (0, 7, 15, 22, 30, 37)]
        found[language] = [*questions[:2], "/help", *questions[2:5], "/menu", questions[5]]
    return found


CRISIS = {"suicidal_crisis", "domestic_violence", "honour_based_violence"}


async def play(
    double: BotApiDouble,
    watcher: Watcher,
    chat_id: int,
    language: str,
    turns: list[str],
    expected: list[int] | None,
    think: random.Random | None = None,
) -> tuple[list[int], list[float], list[float]]:
    """One resident's script; returns messages per turn and latencies (first, last) in ms.
    With `think`, the resident reads and types for 2.5–5.5 s before each message."""
    counts: list[int] = []
    first: list[float] = []
    last: list[float] = []
    seen = len(watcher.chats[chat_id].times)
    for number, said in enumerate(turns):
        if think is not None:
            await asyncio.sleep(think.uniform(*THINK))
        started = time.monotonic()
        SENT.append(started)
        double.send_text(chat_id, said, language_code=language)
        arrived = await watcher.until(chat_id, seen + 1)
        first.append((arrived - started) * 1000)
        if expected is None:
            await asyncio.sleep(1.0)  # learning pass: let every message of the turn arrive
            total = len(watcher.chats[chat_id].times)
        else:
            total = seen + expected[number]
            arrived = await watcher.until(chat_id, total)
        last.append((arrived - started) * 1000)
        counts.append(total - seen)
        seen = total
    return counts, first, last


async def handoff(
    double: BotApiDouble, watcher: Watcher, chat_id: int, language: str, ask: str, postcode: str
) -> tuple[float, float]:
    """Ask for a person; returns ms from consent to confirmation and from the last answer."""

    async def answer(press: str | None, say: str | None) -> float:
        count = len(watcher.chats[chat_id].times)
        started = time.monotonic()
        if press is not None:
            shown = [x for x in double.messages(chat_id) if x.get("reply_markup")]
            double.press(chat_id, shown[-1], press)
        else:
            double.send_text(chat_id, say or "", language_code=language)
        await watcher.until(chat_id, count + 1)
        return started

    await answer(None, ask)
    consent = await answer("yes", None)
    await answer(None, postcode)
    final = await answer("contact:chat", None)
    if language != "nl":
        final = await answer("no", None)
    done = watcher.chats[chat_id].times[-1]
    return (done - consent) * 1000, (done - final) * 1000


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cli(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [WIJKWIJZER, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


async def _drive(
    double: BotApiDouble, env: dict[str, str], bot: subprocess.Popen[bytes], lines: list[str]
) -> None:
    watcher = Watcher(asyncio.get_running_loop())
    double.on_call = watcher
    deadline = time.monotonic() + 120
    while not double.calls_of("deleteWebhook"):
        if time.monotonic() > deadline or bot.poll() is not None:
            raise RuntimeError("the bot did not start")
        await asyncio.sleep(0.1)
    plays = scripts()
    print("bench: bot ready", file=sys.stderr, flush=True)
    # Learning pass: each language's script alone.
    expected: dict[str, list[int]] = {}
    for index, language in enumerate(CODES):
        counts, _, _ = await play(double, watcher, 800_000 + index, language, plays[language], None)
        expected[language] = counts
    print(f"bench: learned {expected}", file=sys.stderr, flush=True)
    # Load 1: all residents at once, each reading and typing between messages.
    residents = [(100_000 + i, CODES[i % len(CODES)]) for i in range(RESIDENTS)]
    lines += await _load(double, watcher, plays, expected, residents, "talking", seed=2026)
    # Load 2: the same number of new residents with no pause at all: the bot's ceiling.
    hurried = [(200_000 + i, CODES[i % len(CODES)]) for i in range(RESIDENTS)]
    lines += await _load(double, watcher, plays, expected, hurried, "without pauses", seed=None)
    lines.append(f"telegram: bot peak RSS {peak_rss_mb(bot.pid):.0f} MB")

    # Handoffs: staff per team, 100 residents asking for a person at once.
    staff: dict[int, int] = {}
    for number, (group, team) in enumerate(TEAMS.items()):
        user = 700_000 + number
        code = re.search(r"/join (\S+)", _cli(env, "staff", "invite", team))
        assert code is not None
        double.user(user, f"Medewerker {number}", "nl")
        double.add_group(group, team, members=[user])
        double.send_text(user, f"/join {code.group(1)}")
        await watcher.until(user, 1)
        staff[group] = user
    asking = {lang: _ask(lang) for lang in CODES}
    people = [
        (300_000 + i, CODES[i % len(CODES)], POSTCODES[i % len(POSTCODES)]) for i in range(HANDOFFS)
    ]
    started = time.monotonic()
    timings = await asyncio.gather(
        *(handoff(double, watcher, chat, lang, asking[lang], pc) for chat, lang, pc in people)
    )
    wall = time.monotonic() - started
    cards = {
        group: [x for x in double.messages(group) if "claim:" in str(x.get("reply_markup"))]
        for group in TEAMS
    }
    posted = sum(len(c) for c in cards.values())
    for group, posts in cards.items():
        for card in posts:
            case = str(card["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
            double.press(staff[group], card, case, chat_id=group)
    await asyncio.sleep(3.0)
    listing = _cli(env, "handoff", "list", "--json")
    claimed = listing.count('"status": "claimed"')
    stored = listing.count('"id"')
    consent = [c for c, _ in timings]
    final = [f for _, f in timings]
    lines.append(
        f"handoff: {HANDOFFS} residents asked for a person at once ({wall:.1f} s); cases "
        f"stored {stored}, cards posted {posted}, claimed {claimed}"
    )
    lines.append(
        f"handoff: consent → confirmation (card posted before it) p50 "
        f"{percentile(consent, 0.5):.0f} ms, p95 {percentile(consent, 0.95):.0f} ms; "
        f"last answer → confirmation p95 {percentile(final, 0.95):.0f} ms"
    )


async def _load(
    double: BotApiDouble,
    watcher: Watcher,
    plays: dict[str, list[str]],
    expected: dict[str, list[int]],
    residents: list[tuple[int, str]],
    how: str,
    seed: int | None,
) -> list[str]:
    SENT.clear()
    started = time.monotonic()
    results = await asyncio.gather(
        *(
            play(
                double,
                watcher,
                chat,
                lang,
                plays[lang],
                expected[lang],
                None if seed is None else random.Random(seed + chat),
            )
            for chat, lang in residents
        )
    )
    wall = time.monotonic() - started
    await asyncio.sleep(2.0)  # anything sent twice would arrive now
    sent = sum(len(plays[lang]) for _, lang in residents)
    wrong = [
        chat for chat, lang in residents if len(watcher.chats[chat].times) != sum(expected[lang])
    ]
    first = [ms for _, f, _ in results for ms in f]
    last = [ms for _, _, a in results for ms in a]
    # Sustained rate: the middle 80 % of the messages, leaving out the ramp-up and the stragglers.
    times = sorted(SENT)
    low, high = times[len(times) // 10], times[len(times) * 9 // 10]
    sustained = (len(times) * 0.8) / (high - low)
    return [
        f"telegram: {how}: sustained {sustained:.0f} messages/s (middle 80 % of messages)",
        f"telegram: {len(residents)} residents {how}: {sent} messages in {wall:.1f} s = "
        f"{sent / wall:.0f} messages/s; chats with a lost or doubled reply: {len(wrong)}",
        f"telegram: {how}: reply latency first message p50 {percentile(first, 0.5):.0f} ms, "
        f"p95 {percentile(first, 0.95):.0f} ms; whole reply p50 {percentile(last, 0.5):.0f} ms, "
        f"p95 {percentile(last, 0.95):.0f} ms",
    ]


def _ask(language: str) -> str:
    import yaml

    document = yaml.safe_load((PROJECT_ROOT / f"nlu/data/{language}.yml").read_text("utf-8"))
    block = next(b for b in document["nlu"] if b["intent"] == "ask_human")
    return str(block["examples"].splitlines()[0].strip()[2:].strip())


def run() -> Iterator[str]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, RasaServer() as nlu, BotApiDouble() as double:
        env = dict(os.environ) | {
            "WIJKWIJZER_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "TELEGRAM_BOT_TOKEN": double.token,
            "WIJKWIJZER_TELEGRAM_BASE_URL": double.base_url,
            "WIJKWIJZER_NLU_URL": nlu.url,
            "WIJKWIJZER_NLU_TOKEN": nlu.token,
            "WIJKWIJZER_TELEGRAM_CHAT_RATE": "0",
            "WIJKWIJZER_TELEGRAM_OVERALL_RATE": "0",
            "WIJKWIJZER_TELEGRAM_GROUP_RATE": "0",
        }
        _cli(env, "db", "upgrade")
        _cli(env, "content", "import", str(PROJECT_ROOT / "content"))
        with open(Path(tmp) / "bot.log", "wb") as log:
            bot = subprocess.Popen([WIJKWIJZER, "run"], env=env, stdout=log, stderr=log)
            try:
                asyncio.run(_drive(double, env, bot, lines))
            finally:
                bot.terminate()
                try:
                    bot.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    lines.append("telegram: the bot did not stop within 30 s of SIGTERM")
                    bot.kill()
                    bot.wait()
        lines.append(f"telegram: calls the double rejected: {len(double.rejections)}")
        lines += [f"  rejected: {r.method}: {r.description}" for r in double.rejections[:5]]
    yield from lines


if __name__ == "__main__":
    for line in run():
        print(line, flush=True)
