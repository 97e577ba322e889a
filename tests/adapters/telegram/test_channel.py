"""A resident on Telegram: the real PTB Application, the Bot API double, the real NLU model."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Update

from bot.adapters.db.conversation_store import DatabaseStore
from bot.adapters.telegram import channel
from bot.adapters.telegram.channel import TelegramChannel
from bot.adapters.telegram.rendering import LRI
from bot.core.dialogue import messages as m
from bot.core.i18n import text
from bot.core.languages import CODES
from bot.settings import settings
from bot.wiring import assistant
from tests.adapters.telegram.conftest import RunningBot

pytestmark = pytest.mark.nlu
AMAL = 5001


def button_data(message: dict) -> list[str]:  # type: ignore[type-arg]
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


async def test_debts_in_arabic_get_local_services_in_arabic(
    telegram: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(channel, "TYPING_AFTER", 0.0)  # "typing…" even for a quick answer
    double = telegram.double
    double.send_text(AMAL, "عندي ديون كثيرة", language_code="ar")
    (answer,) = await double.await_messages(AMAL, 1)
    assert "000 555 01" in answer["text"]  # a local (fictional) service
    assert any("\u0600" <= c <= "\u06ff" for c in answer["text"])  # written in Arabic
    assert f"{LRI}000 555 01" in answer["text"]  # numbers isolated in right-to-left text
    assert "person" in button_data(answer) and "langmenu" in button_data(answer)
    assert [c.params["action"] for c in double.calls_of("sendChatAction")] == ["typing"]


async def test_start_offers_every_language_and_a_press_switches(telegram: RunningBot) -> None:
    double = telegram.double
    double.send_text(AMAL, "/start", language_code="tr")
    (welcome,) = await double.await_messages(AMAL, 1)
    assert button_data(welcome) == [f"lang:{code}" for code in CODES]
    double.press(AMAL, welcome, "lang:pl")
    messages = await double.await_messages(AMAL, 3)
    assert "polsku" in messages[1]["text"]  # "I will write to you in Polish"
    assert "topic:debt_help" in button_data(messages[2])
    assert len(double.calls_of("answerCallbackQuery")) == 1  # the spinner stops
    gap = double.calls_of("sendMessage")[2].at - double.calls_of("sendMessage")[1].at
    assert gap >= 0.9  # at most one message a second in a private chat


async def test_every_non_text_message_gets_a_kind_reply(telegram: RunningBot) -> None:
    double = telegram.double
    double.send_text(AMAL, "hallo", language_code="nl")
    await double.await_messages(AMAL, 1)
    double.send_voice(AMAL)
    double.send_photo(AMAL)
    double.send_sticker(AMAL)
    double.send_location(AMAL)
    double.send_contact(AMAL)
    double.send_document(AMAL)
    double.edit_text(AMAL, 1, "hallo!")
    replies = await double.await_messages(AMAL, 8, timeout=30)
    texts = [m["text"] for m in replies[1:]]
    assert "spraakberichten" in texts[0]  # voice
    assert texts[1] == texts[5]  # photo and document: the same advice
    assert "postcode" in texts[3] and "postcode" in texts[4]  # location, contact
    assert len(set(texts)) >= 4 and all(texts)


async def test_commands_are_registered_in_every_language(telegram: RunningBot) -> None:
    calls = telegram.double.calls_of("setMyCommands")
    languages = {c.params.get("language_code") for c in calls}
    assert languages == {None, *CODES}
    names = [c["command"] for c in calls[0].params["commands"]]
    assert {"start", "help", "menu", "language", "privacy", "mydata", "delete"} <= set(names)


async def test_an_update_delivered_twice_is_answered_once(telegram: RunningBot) -> None:
    double = telegram.double
    double.send_text(AMAL, "ik heb schulden", language_code="nl")
    await double.await_messages(AMAL, 1)
    assert telegram.channel is not None
    application = telegram.channel.application
    raw = {
        "update_id": 999_000_001,
        "message": {
            "message_id": 77,
            "date": 1_700_000_000,
            "chat": {"id": AMAL, "type": "private", "first_name": "Amal"},
            "from": {"id": AMAL, "is_bot": False, "first_name": "Amal"},
            "text": "ik heb schulden",
        },
    }
    update = Update.de_json(raw, application.bot)
    await application.process_update(update)
    await application.process_update(update)  # Telegram redelivers, e.g. after a timeout
    messages = await double.await_messages(AMAL, 2)
    assert len(messages) == 2
    await application.process_update(
        Update.de_json(raw | {"update_id": 999_000_002}, application.bot)
    )
    assert len(await double.await_messages(AMAL, 3)) == 3


async def test_a_restart_loses_no_conversation(telegram: RunningBot) -> None:
    double = telegram.double
    double.send_text(AMAL, "/start", language_code="en")
    (welcome,) = await double.await_messages(AMAL, 1)
    double.press(AMAL, welcome, "lang:so")
    await double.await_messages(AMAL, 3)
    await telegram.halt()
    await telegram.start()  # a new process on the same database
    double.send_text(AMAL, "/help")
    messages = await double.await_messages(AMAL, 4)
    assert messages[3]["text"] == text("so", m.HELP)  # still in Somali


async def test_a_flood_is_paused_but_danger_always_gets_through(
    telegram: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIJKWIJZER_RESIDENT_MESSAGES_PER_MINUTE", "3")
    monkeypatch.setenv("WIJKWIJZER_TELEGRAM_CHAT_RATE", "0")  # not what this test is about
    await telegram.halt()
    await telegram.start()
    double = telegram.double
    for _ in range(6):
        double.send_text(AMAL, "ik heb schulden", language_code="nl")
    replies = await double.await_messages(AMAL, 4)
    double.send_text(AMAL, "ik wil niet meer leven")
    safety, offer = (await double.await_messages(AMAL, 6))[4:]
    assert replies[3]["text"] == text("nl", m.SLOW_DOWN)  # told once, the rest held
    assert "113" in safety["text"] and offer["text"] == text("nl", m.SAFETY_OFFER)
    await asyncio.sleep(1)
    assert len(double.messages(AMAL)) == 6


async def test_malformed_and_unexpected_updates_do_not_stop_the_bot(telegram: RunningBot) -> None:
    double = telegram.double
    double.user(AMAL, "Amal", "nl")
    chat = {"id": AMAL, "type": "private", "first_name": "Amal"}
    for update in (
        {"message": {"message_id": 901, "date": 0, "chat": chat}},  # no sender, no content
        {"message": {"message_id": 902, "date": 0, "chat": chat, "text": ""}},
        {"message": {"message_id": 903, "date": 0, "chat": chat, "new_chat_title": "x"}},
        {"edited_message": {"message_id": 904, "date": 0, "chat": chat, "text": "\u202e\x00"}},
        {"message": {"message_id": 905, "date": 0, "chat": chat, "text": "\u200b" * 5000}},
    ):
        double.push_update(update)
    double.send_text(AMAL, "ik heb schulden", language_code="nl")
    # Kind replies to the empty text, the edit and the 5,000 invisible characters; nothing for
    # the message without content or the service message; then the real answer.
    messages = await double.await_messages(AMAL, 4, timeout=20)
    assert "000 555 01" in messages[-1]["text"]
    assert messages[0]["text"] == text("nl", m.NON_TEXT)


async def test_two_bot_processes_on_one_database_answer_an_update_once(
    telegram: RunningBot,
) -> None:
    """Behind one webhook, Telegram may hand a redelivered update to another process."""
    double = telegram.double
    double.send_text(AMAL, "/start", language_code="nl")
    await double.await_messages(AMAL, 1)
    other = assistant(settings(), telegram.endpoint, DatabaseStore(settings().database_url))
    second = TelegramChannel(other, settings())
    assert telegram.channel is not None
    raw = {
        "update_id": 999_100_001,
        "message": {
            "message_id": 78,
            "date": 1_700_000_000,
            "chat": {"id": AMAL, "type": "private", "first_name": "Amal"},
            "from": {"id": AMAL, "is_bot": False, "first_name": "Amal"},
            "text": "/help",
        },
    }
    try:
        async with second.application:
            first_app = telegram.channel.application
            await asyncio.gather(
                first_app.process_update(Update.de_json(raw, first_app.bot)),
                second.application.process_update(Update.de_json(raw, second.application.bot)),
            )
    finally:
        await other.aclose()
    await asyncio.sleep(1)
    assert len(double.messages(AMAL)) == 2  # the welcome, and /help answered once
