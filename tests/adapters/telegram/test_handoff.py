"""A resident handed to their wijkteam on Telegram, with translation both ways.

Real parts: PTB Application, the Bot API double (resident, two professionals, an outsider and the
team's group), the real NLU model, deep-translator against the LibreTranslate double.
"""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from bot.core.dialogue import messages as m
from bot.core.handoff import staff_texts as s
from bot.core.i18n import text
from tests.adapters.telegram.conftest import RunningBot
from tests.doubles.libretranslate import LibreTranslateDouble
from tests.doubles.telegram_api import BotApiDouble
from tests.helpers import cli

pytestmark = pytest.mark.nlu
NOORD = -1001000000201  # Wijkteam Noord's group (content/wijkteams/wijkteam-noord.yml)
AMAL, ANNA, BRAM, OUTSIDER = 5002, 9001, 9002, 9003


def plain(message: dict) -> str:  # type: ignore[type-arg]
    """The text without the left-to-right isolates around names and numbers in RTL text."""
    return str(message["text"]).replace("\u2066", "").replace("\u2069", "")


def data(message: dict) -> list[str]:  # type: ignore[type-arg]
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


async def answered(double: BotApiDouble, count: int) -> list[str | None]:
    """The texts of the first `count` callback answers, once they are there."""
    for _ in range(200):
        calls = double.calls_of("answerCallbackQuery")
        if len(calls) >= count:
            return [c.params.get("text") for c in calls]
        await asyncio.sleep(0.05)
    raise AssertionError(f"only {len(calls)} callback answers")


async def register(bot: RunningBot, user_id: int, name: str) -> None:
    code = re.search(r"/join (\S+)", cli("staff", "invite", "wijkteam-noord")[1])
    assert code is not None
    bot.double.user(user_id, name, "nl")
    bot.double.send_text(user_id, f"/join {code.group(1)}")
    (welcome,) = await bot.double.await_messages(user_id, 1)
    assert "Wijkteam" in welcome["text"] or "wijkteam-noord" in welcome["text"]


async def ask_for_a_person(bot: RunningBot, chat: int, language: str, words: str) -> dict:  # type: ignore[type-arg]
    """Resident side up to the case card: consent, postcode, chat, no interpreter."""
    double = bot.double
    double.send_text(chat, words, language_code=language)
    consent = (await double.await_messages(chat, 1))[-1]
    if "person" in data(consent):  # understood as a question first: services, then a person
        double.press(chat, consent, "person")
        consent = (await double.await_messages(chat, 2))[-1]
    assert data(consent) == ["yes", "no"]
    seen = len(double.messages(chat))
    double.press(chat, consent, "yes")
    await double.await_messages(chat, seen + 1)
    double.send_text(chat, "9904 AB")
    contact = (await double.await_messages(chat, seen + 2))[-1]
    double.press(chat, contact, "contact:chat")
    seen += 3
    if language != "nl":
        interpreter = (await double.await_messages(chat, seen))[-1]
        double.press(chat, interpreter, "no")
        seen += 1
    confirmation = (await double.await_messages(chat, seen, timeout=20))[-1]
    assert "Wijkteam Noord" in confirmation["text"]
    return confirmation


async def test_claim_relay_both_ways_restart_and_close(
    translator: LibreTranslateDouble, telegram: RunningBot
) -> None:
    double = telegram.double
    double.add_group(NOORD, "Wijkteam Noord", members=[ANNA, BRAM, OUTSIDER])
    await register(telegram, ANNA, "Anna")
    await register(telegram, BRAM, "Bram")

    await ask_for_a_person(telegram, AMAL, "ar", "أريد التحدث مع شخص من فضلك")
    (card,) = await double.await_messages(NOORD, 1)
    assert "#1" in card["text"] and "Arabisch" in card["text"] and "9904" in card["text"]
    assert "أريد التحدث مع شخص" in card["text"]  # the resident's own words beneath
    assert "[nl] أريد التحدث" in card["text"]  # and their Dutch translation
    assert data(card) == ["claim:1"]

    double.press(OUTSIDER, card, "claim:1", chat_id=NOORD)  # not registered: refused
    double.press(ANNA, card, "claim:1", chat_id=NOORD)
    double.press(BRAM, card, "claim:1", chat_id=NOORD)  # too late: Anna has it
    claimed = await double.await_messages(AMAL, 6)
    assert plain(claimed[-1]) == text("ar", m.HANDOFF_CLAIMED, name="Anna", team="Wijkteam Noord")
    answers = await answered(double, 6)  # three resident presses, three claims
    assert text("nl", s.CLAIM_NOT_STAFF) in answers
    assert text("nl", s.CLAIM_TAKEN, name="Anna") in answers
    listed = json.loads(cli("handoff", "list", "--json")[1])
    assert listed[0]["status"] == "claimed" and listed[0]["claimed"]

    await telegram.halt()  # a restart in the middle of the case
    await telegram.start()

    double.send_text(
        ANNA, "Goedemiddag, waarmee kan ik helpen?", chat_id=NOORD, reply_to=card["message_id"]
    )
    relayed = (await double.await_messages(AMAL, 7))[-1]
    assert "[ar] Goedemiddag, waarmee kan ik helpen?" in plain(relayed)
    assert text("ar", m.HANDOFF_TRANSLATED) in plain(relayed)  # marked as machine-made

    double.send_text(AMAL, "عندي ديون كثيرة وجاءتني رسالة من المحكمة")
    from_resident = (await double.await_messages(NOORD, 3))[-1]
    assert "[nl] عندي ديون كثيرة" in from_resident["text"]
    assert "عندي ديون كثيرة وجاءتني" in from_resident["text"]
    assert len(await double.await_messages(AMAL, 7)) == 7  # no automatic answer meanwhile

    card_now = double.messages(NOORD)[0]
    assert data(card_now) == ["call:1", "close:1", "handover:1"]  # Claim is gone
    double.press(BRAM, card_now, "call:1", chat_id=NOORD)  # still Anna's case
    assert (await answered(double, 7))[-1] == text("nl", s.ONLY_CLAIMER, name="Anna")

    double.send_text(ANNA, "/dienst bijstand-aanvragen", chat_id=NOORD, reply_to=card["message_id"])
    service = (await double.await_messages(AMAL, 8))[-1]
    assert plain(service).startswith(text("ar", m.HANDOFF_SERVICE, name="Anna"))

    double.press(ANNA, card_now, "handover:1", chat_id=NOORD)
    colleagues = (await double.await_messages(NOORD, 5))[-1]
    assert data(colleagues) == [f"handover:1:{BRAM}"]
    double.press(ANNA, colleagues, f"handover:1:{BRAM}", chat_id=NOORD)
    handed = (await double.await_messages(NOORD, 6))[-1]
    assert handed["text"] == text("nl", s.HANDED_OVER, case=1, name="Bram")

    double.press(BRAM, card_now, "close:1", chat_id=NOORD)  # Bram's case now
    outcomes = (await double.await_messages(NOORD, 7))[-1]
    double.press(BRAM, outcomes, "close:1:helped", chat_id=NOORD)
    closed = (await double.await_messages(AMAL, 9))[-1]
    assert plain(closed) == text("ar", m.HANDOFF_CLOSED, team="Wijkteam Noord")
    (case,) = json.loads(cli("handoff", "list", "--json")[1])
    assert case["status"] == "closed" and case["team"] == "Wijkteam Noord"
    assert not any("عندي" in json.dumps(row, ensure_ascii=False) for row in [case])


async def test_a_resident_cancels_and_the_team_is_told(telegram: RunningBot) -> None:
    double = telegram.double
    double.add_group(NOORD, "Wijkteam Noord", members=[ANNA])
    await ask_for_a_person(telegram, AMAL, "nl", "ik wil graag met iemand praten")
    await double.await_messages(NOORD, 1)
    double.send_text(AMAL, "/cancel")
    cancelled = (await double.await_messages(AMAL, 5))[-1]
    assert cancelled["text"] == text("nl", m.HANDOFF_CANCELLED)
    notice = (await double.await_messages(NOORD, 2))[-1]
    assert notice["text"] == text("nl", s.CARD_CANCELLED)
    (case,) = json.loads(cli("handoff", "list", "--json")[1])
    assert case["status"] == "cancelled"
    double.send_text(AMAL, "ik heb schulden")  # the assistant answers again
    answer = (await double.await_messages(AMAL, 6))[-1]
    assert "000 555 01" in answer["text"]
