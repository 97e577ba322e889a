"""One resident message in, replies out: understanding, the dialogue, the catalogue, the store.

Every channel (Telegram, the terminal chat, `simulate`) goes through `Assistant.handle`, so they
behave the same. It never raises: a failure becomes a kind apology in the resident's language.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from bot.adapters.db import catalogue_lookup, privacy_repository, unanswered_repository
from bot.adapters.db.session import in_database, transaction
from bot.app.handoffs import HandoffDesk, NoOutbox
from bot.core.dialogue import handoff_flow, ui
from bot.core.dialogue import messages as m
from bot.core.dialogue.context import Context
from bot.core.dialogue.events import Command, Event, NonText, Press, Text
from bot.core.dialogue.replies import (
    CancelCase,
    EraseData,
    MyDataLookup,
    RecordConsent,
    Relay,
    Reply,
    Request,
    RouteLookup,
    ServicesLookup,
    SubmitHandoff,
)
from bot.core.dialogue.state import Conversation
from bot.core.dialogue.step import PAGE_SIZE, answer_mydata, answer_services, language_of, step
from bot.core.errors import StorageUnavailable
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

    @classmethod
    def typed(cls, text: str, telegram_language: str | None = None) -> Incoming:
        """What a resident typed: a command when it starts with '/' (`/start@wijkwijzer_bot`)."""
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            name = stripped[1:].split()[0].split("@")[0].lower()
            return cls(command=name, telegram_language=telegram_language)
        return cls(text=text, telegram_language=telegram_language)


class Assistant:
    def __init__(
        self,
        understander: Understander,
        database_url: str,
        context: Context,
        store: ConversationStore,
        desk: HandoffDesk | None = None,
    ) -> None:
        self._understander = understander
        self.desk = desk or HandoffDesk(database_url, context, None, NoOutbox())
        self._url = database_url
        self._context = context
        self._store = store
        self._card_cache = catalogue_lookup.CardCache()

    async def aclose(self) -> None:
        await self._understander.aclose()

    async def handle(self, chat_id: int, incoming: Incoming) -> list[Reply]:
        """Replies for one incoming message; never raises (the local channels use this)."""
        try:
            return await self.respond(chat_id, incoming)
        except StorageUnavailable:
            return await self.storage_down(incoming)
        except Exception:
            log.exception("conversation %s: handling failed", chat_id)  # ids only, no text
            return [notice(incoming.telegram_language, m.ERROR)]

    async def respond(self, chat_id: int, incoming: Incoming) -> list[Reply]:
        """Replies for one incoming message; raises StorageUnavailable when the database is down,
        so that a channel can retry the message later instead of losing it."""
        try:
            conversation = await self._store.load(chat_id)
            case = await self.desk.open_case(chat_id)
        except SQLAlchemyError as error:
            raise StorageUnavailable(type(error).__name__) from error
        conversation = conversation.with_(
            open_case=case[0] if case else None, open_team=case[1] if case else None
        )
        try:
            event = await self._event(conversation, incoming)
            if isinstance(event, list):
                return event
            outcome = step(conversation, event, self._context)
            final, replies = await self._resolve(chat_id, outcome.conversation, outcome.replies)
            if not any(isinstance(item, EraseData) for item in outcome.replies):
                # After /delete nothing is saved: a fresh row would name the resident again.
                await self._store.save(chat_id, final)
        except SQLAlchemyError as error:
            raise StorageUnavailable(type(error).__name__) from error
        except Exception:
            log.exception("conversation %s: handling failed", chat_id)  # ids only, no text
            return [notice(language_of(conversation), m.ERROR)]
        if isinstance(event, Text) and event.understanding.fallback:
            await in_database(self._url, self._record_unanswered, event)
        return replies

    def signals_danger(self, text: str | None) -> bool:
        """The curated crisis phrases only: no NLU, no database, so it cannot fail or wait."""
        return bool(text) and self._understander.crisis_signal(text or "") is not None

    async def storage_down(self, incoming: Incoming) -> list[Reply]:
        """What to say while the database is down: the safety flow when the message signals
        danger (it needs no database), and a promise to answer later."""
        replies: list[Reply] = []
        language = (incoming.telegram_language or "")[:2]
        if incoming.text and incoming.text.strip():
            try:
                understanding = await self._understander.understand(incoming.text[:MAX_MESSAGE])
            except Exception:
                log.exception("understanding failed while the database is down")
            else:
                language = understanding.language.code
                if understanding.crisis is not None:
                    safety = step(
                        Conversation(language=language),
                        Text(incoming.text, understanding),
                        self._context,
                    )
                    replies += [r for r in safety.replies if isinstance(r, Reply)][:1]
        replies.append(notice(language, m.STORAGE_DOWN))
        return replies

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
                return [notice(language_of(conversation), m.TOO_LONG)]
            return Text(text, understanding, incoming.telegram_language)
        priors = tuple(
            code
            for code in (conversation.language, (incoming.telegram_language or "")[:2])
            if code and code in BY_CODE
        )
        understanding = await self._understander.understand(text, priors)
        return Text(text, understanding, incoming.telegram_language)

    async def _resolve(
        self, chat_id: int, conversation: Conversation, items: list[Reply | Request]
    ) -> tuple[Conversation, list[Reply]]:
        """Carry out the dialogue's requests in order; some change the conversation."""
        replies: list[Reply] = []
        for item in items:
            if isinstance(item, Reply):
                replies.append(item)
            elif isinstance(item, ServicesLookup):
                cards, more = await in_database(self._url, self._cards, conversation, item)
                replies += answer_services(conversation, item, cards, more, self._context)
            elif isinstance(item, RouteLookup):
                team = await self.desk.route(item.pc4)
                routed = handoff_flow.answer_route(conversation, item, team, self._context)
                conversation = routed.conversation
                replies += [r for r in routed.replies if isinstance(r, Reply)]
            elif isinstance(item, RecordConsent):
                await self.desk.record_consent(chat_id, item.purpose, item.language, item.text)
            elif isinstance(item, SubmitHandoff):
                submitted = await self.desk.submit(chat_id, item.request)
                replies += handoff_flow.answer_submitted(conversation, item.request, submitted)
            elif isinstance(item, Relay):
                await self.desk.relay_from_resident(item.case_id, item.text, item.language)
            elif isinstance(item, CancelCase):
                await self.desk.cancel(item.case_id)
            elif isinstance(item, MyDataLookup):
                data = await in_database(self._url, privacy_repository.export, self._url, chat_id)
                replies.append(answer_mydata(data, item.language, self._context))
            elif isinstance(item, EraseData):
                await self.desk.forget_cards(chat_id)
                now = dt.datetime.now(dt.UTC)
                await in_database(self._url, privacy_repository.erase, self._url, chat_id, now)
        return conversation, replies

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


def notice(language: str | None, message: str) -> Reply:
    """A one-line notice in the resident's language (Dutch when unknown)."""
    code = language if language and language in BY_CODE else "nl"
    return ui.reply(code, t(code, message))
