"""A Telegram update as the assistant's `Incoming`: text, a command, a button, or something else."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Message, Update
from telegram.constants import ChatType

from bot.app.conversations import Incoming

# Message attributes that carry something other than text, in the order we check them.
NON_TEXT_KINDS = (
    "voice",
    "audio",
    "video_note",
    "photo",
    "video",
    "animation",
    "document",
    "sticker",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)


@dataclass(frozen=True, slots=True)
class ResidentMessage:
    """What a resident sent in their private chat with the bot."""

    update_id: int
    chat_id: int
    incoming: Incoming
    callback_query_id: str | None = None


def resident_message(update: Update) -> ResidentMessage | None:
    """The resident's message in a private chat; None for what is not for the resident dialogue
    (groups, channels, service messages such as a member joining)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return None
    user = update.effective_user
    language = user.language_code if user else None
    if update.callback_query is not None:
        query = update.callback_query
        return ResidentMessage(
            update.update_id,
            chat.id,
            Incoming(payload=query.data or "", telegram_language=language),
            callback_query_id=query.id,
        )
    if update.edited_message is not None:
        return ResidentMessage(
            update.update_id, chat.id, Incoming(non_text="edited", telegram_language=language)
        )
    message = update.message
    if message is None:
        return None
    if message.text is not None:
        return ResidentMessage(update.update_id, chat.id, Incoming.typed(message.text, language))
    kind = _non_text_kind(message)
    if kind is None:
        return None  # a service message (pinned, chat created…): nothing the resident said
    return ResidentMessage(
        update.update_id, chat.id, Incoming(non_text=kind, telegram_language=language)
    )


def _non_text_kind(message: Message) -> str | None:
    for kind in NON_TEXT_KINDS:
        if getattr(message, kind, None):
            return kind
    return None
