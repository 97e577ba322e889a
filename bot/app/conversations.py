"""One resident message in, replies out: understanding, the dialogue, the catalogue, the store.

Every channel (Telegram, the terminal chat, `simulate`) goes through `Assistant.handle`, so they
behave the same. It never raises: a failure becomes a kind apology in the resident's language.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot.adapters.db import catalogue_lookup, unanswered_repository
from bot.adapters.db.session import transaction
from bot.core.catalogue.postcode import Postcode
from bot.core.dialogue import messages as m
from bot.core.dialogue.context import Context
from bot.core.dialogue.events import Command, Event, NonText, Press, Text
from bot.core.dialogue.replies import Reply, ServicesLookup
from bot.core.dialogue.state import Conversation
from bot.core.dialogue.step import (
    PAGE_SIZE,
    PlaceLookup,
    answer_place,
    answer_services,
    language_of,
    step,
)
from bot.core.i18n import text as t
from bot.core.languages import BY_CODE
from bot.core.understanding.pipeline import Understander

log = logging.getLogger(__name__)
MAX_MESSAGE = 2000  # characters; longer messages are asked to be shorter


class ConversationStore(Protocol):
    async def load(self, chat_id: int) -> Conversation: ...
    async def save(self, chat_id: int, conversation: Conversation) -> None: ...


class MemoryStore:
    """Conversations in memory: for the terminal chat and `simulate`."""

    def __init__(self) -> None:
        self._conversations: dict[int, Conversation] = {}

    async def load(self, chat_id: int) -> Conversation:
        return self._conversations.get(chat_id, Conversation())

    async def save(self, chat_id: int, conversation: Conversation) -> None:
        self._conversations[chat_id] = conversation


@dataclass(frozen=True, slots=True)
class Incoming:
    """A channel's message, before understanding: text, a command, a press or something else."""

    text: str | None = None
    command: str | None = None
    payload: str | None = None
    non_text: str | None = None
    telegram_language: str | None = None


class Assistant:
    def __init__(
        self,
        understander: Understander,
        database_url: str,
        context: Context,
        store: ConversationStore,
    ) -> None:
        self._understander = understander
        self._url = database_url
        self._context = context
        self._store = store
        self._card_cache = catalogue_lookup.CardCache()

    async def aclose(self) -> None:
        await self._understander.aclose()

    async def handle(self, chat_id: int, incoming: Incoming) -> list[Reply]:
        """Replies for one incoming message; never raises."""
        conversation = Conversation()
        try:
            conversation = await self._store.load(chat_id)
            event = await self._event(conversation, incoming)
            if isinstance(event, list):
                return event
            outcome = step(conversation, event, self._context)
            replies = await self._resolve(outcome.conversation, outcome.replies)
            await self._store.save(chat_id, outcome.conversation)
            if isinstance(event, Text) and event.understanding.fallback:
                await asyncio.to_thread(self._record_unanswered, event)
            return replies
        except Exception:
            log.exception("conversation %s: handling failed", chat_id)  # ids only, no text
            language = language_of(conversation)
            return [Reply(t(language, m.ERROR), rtl=BY_CODE[language].rtl)]

    async def _event(self, conversation: Conversation, incoming: Incoming) -> Event | list[Reply]:
        if incoming.command:
            return Command(incoming.command, incoming.telegram_language)
        if incoming.payload:
            return Press(incoming.payload, incoming.telegram_language)
        if incoming.non_text or not (incoming.text or "").strip():
            return NonText(incoming.non_text or "empty")
        text = incoming.text or ""
        if len(text) > MAX_MESSAGE:
            # Still check a long message for danger before asking for a shorter one.
            understanding = await self._understander.understand(text[:MAX_MESSAGE])
            if understanding.crisis is None:
                language = language_of(conversation)
                return [Reply(t(language, m.TOO_LONG), rtl=BY_CODE[language].rtl)]
            return Text(text, understanding, incoming.telegram_language)
        priors = tuple(
            code
            for code in (conversation.language, (incoming.telegram_language or "")[:2])
            if code and code in BY_CODE
        )
        understanding = await self._understander.understand(text, priors)
        return Text(text, understanding, incoming.telegram_language)

    async def _resolve(
        self, conversation: Conversation, items: list[Reply | ServicesLookup | PlaceLookup]
    ) -> list[Reply]:
        replies: list[Reply] = []
        for item in items:
            if isinstance(item, Reply):
                replies.append(item)
            elif isinstance(item, ServicesLookup):
                cards, more = await asyncio.to_thread(self._cards, conversation, item)
                replies += answer_services(conversation, item, cards, more, self._context)
            else:
                team = await asyncio.to_thread(self._team, item.pc4)
                replies += answer_place(conversation, item, team, self._context)
        return replies

    def _cards(self, conversation: Conversation, lookup: ServicesLookup):  # type: ignore[no-untyped-def]
        start = lookup.page * PAGE_SIZE
        with transaction(self._url) as session:
            ids = catalogue_lookup.ranked_services(
                session,
                lookup.topic,
                lookup.language,
                conversation.neighbourhood,
                limit=start + PAGE_SIZE + 1,
            )
            cards = self._card_cache.cards(session, ids[start : start + PAGE_SIZE], lookup.language)
        return cards, len(ids) > start + PAGE_SIZE

    def _team(self, pc4: str):  # type: ignore[no-untyped-def]
        with transaction(self._url) as session:
            place = catalogue_lookup.find_place(session, Postcode(pc4))
            return catalogue_lookup.wijkteam(session, place.wijkteam_id) if place else None

    def _record_unanswered(self, event: Text) -> None:
        try:
            with transaction(self._url) as session:
                unanswered_repository.record(
                    session,
                    event.text,
                    event.understanding.language.code,
                    event.understanding.candidates,
                )
        except SQLAlchemyError:
            log.warning("could not store an unanswered question")
