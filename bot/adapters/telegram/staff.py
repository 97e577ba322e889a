"""Where a handoff goes on Telegram: the wijkteam's group, and staff registration.

In a team's group the bot posts case cards with a Claim button; a professional answers a
resident by replying (Telegram's "Reply") to the card or to any message of that case. `/join
CODE` in a private chat registers a professional with the code from `wijkwijzer staff invite`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application

from bot.adapters.telegram.rendering import render
from bot.app.handoffs import HandoffDesk
from bot.core.dialogue.replies import Button, Reply
from bot.core.handoff import staff_texts as s
from bot.core.handoff.case import Outcome
from bot.core.i18n import text as t

log = logging.getLogger(__name__)
GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


class TelegramOutbox:
    """The desk's Outbox on Telegram: residents through the channel's `deliver`, groups here."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        deliver: Callable[[int, list[Reply]], Awaitable[None]],
    ) -> None:
        self._application = application
        self._deliver = deliver

    async def to_resident(self, chat_id: int, replies: list[Reply]) -> None:
        await self._deliver(chat_id, replies)

    async def to_group(self, group_id: int, post: Reply, reply_to: int | None = None) -> int | None:
        message_id = None
        for message in render(post):
            try:
                sent = await self._application.bot.send_message(
                    group_id,
                    message.html,
                    parse_mode="HTML",
                    reply_markup=message.keyboard,
                    reply_to_message_id=reply_to,
                    allow_sending_without_reply=True,
                )
            except TelegramError as error:
                log.error("group %s: not posted: %s", group_id, type(error).__name__)
                return message_id
            message_id = sent.message_id
        return message_id

    async def edit_group(self, group_id: int, message_id: int, post: Reply) -> None:
        message = render(post)[0]
        try:
            await self._application.bot.edit_message_text(
                message.html,
                chat_id=group_id,
                message_id=message_id,
                parse_mode="HTML",
                reply_markup=message.keyboard,
            )
        except TelegramError as error:
            log.warning("group %s: card not updated: %s", group_id, type(error).__name__)


def is_staff_update(update: Update) -> bool:
    """Group traffic, and `/join` in a private chat, belong to the staff side."""
    chat = update.effective_chat
    if chat is not None and chat.type in GROUPS:
        return True
    message = update.message
    return bool(
        message is not None
        and message.text is not None
        and message.text.strip().lower().startswith("/join")
        and chat is not None
        and chat.type == ChatType.PRIVATE
    )


class StaffDesk:
    """Handles the staff side of updates with the desk."""

    def __init__(self, application: Application, desk: HandoffDesk) -> None:  # type: ignore[type-arg]
        self._application = application
        self._desk = desk

    async def handle(self, update: Update) -> None:
        user = update.effective_user
        chat = update.effective_chat
        if user is None or chat is None:
            return
        if update.callback_query is not None:
            await self._press(update, user.id, chat.id)
            return
        message = update.message
        if message is None or message.text is None:
            return
        text = message.text.strip()
        if chat.type == ChatType.PRIVATE:
            code = text.split(maxsplit=1)[1] if len(text.split()) > 1 else ""
            answer = await self._desk.join(code, user.id, user.first_name or "?")
            await self._say(chat.id, answer)
            return
        if message.reply_to_message is None:
            if text.startswith("/help"):
                await self._say(chat.id, t("nl", s.GROUP_HELP))
            return
        case_id = await self._desk.case_for_reply(chat.id, message.reply_to_message.message_id)
        if case_id is None:
            return
        if text.lower().startswith("/dienst"):
            service = text.split(maxsplit=1)[1].strip() if len(text.split()) > 1 else ""
            answer = await self._desk.send_service(case_id, user.id, service)
            await self._say(chat.id, answer, reply_to=message.message_id)
            return
        refusal = await self._desk.relay_from_staff(case_id, user.id, text, message.message_id)
        await self._say(
            chat.id,
            refusal or t("nl", s.SENT_TO_RESIDENT, case=case_id),
            reply_to=message.message_id,
        )

    async def _press(self, update: Update, user_id: int, group_id: int) -> None:
        query = update.callback_query
        assert query is not None
        kind, _, rest = (query.data or "").partition(":")
        case_text, _, extra = rest.partition(":")
        if not case_text.isdigit():
            await self._answer(query.id)
            return
        case_id = int(case_text)
        answer: str | None = None
        if kind == "claim":
            answer = await self._desk.claim(case_id, user_id)
        elif kind == "call":
            answer = await self._desk.request_call(case_id, user_id)
        elif kind == "close" and extra in Outcome.__members__.values():
            answer = await self._desk.close(case_id, user_id, Outcome(extra))
        elif kind == "close":
            buttons = tuple(
                Button(t("nl", label), f"close:{case_id}:{outcome}")
                for outcome, label in s.OUTCOMES.items()
            )
            await self._post(group_id, Reply(t("nl", s.BUTTON_CLOSE) + f" #{case_id}:", buttons))
        elif kind == "handover" and extra.isdigit():
            answer = await self._desk.hand_over(case_id, user_id, int(extra))
            await self._say(group_id, answer)
            answer = None
        elif kind == "handover":
            others = await self._desk.colleagues(case_id, user_id)
            if others:
                buttons = tuple(
                    Button(o.name, f"handover:{case_id}:{o.telegram_user_id}") for o in others
                )
                await self._post(group_id, Reply(t("nl", s.HAND_OVER_TO), buttons))
            else:
                answer = t("nl", s.CLAIM_NOT_OPEN)
        await self._answer(query.id, answer)

    async def _answer(self, query_id: str, text: str | None = None) -> None:
        with contextlib.suppress(TelegramError):
            await self._application.bot.answer_callback_query(
                query_id, text=text[:200] if text else None, show_alert=bool(text)
            )

    async def _say(self, chat_id: int, text: str, reply_to: int | None = None) -> None:
        await self._post(chat_id, Reply(text), reply_to)

    async def _post(self, chat_id: int, post: Reply, reply_to: int | None = None) -> None:
        await self._desk.outbox.to_group(chat_id, post, reply_to)
