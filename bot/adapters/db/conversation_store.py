"""Conversation state in the database: a restart, or another bot process, loses nothing."""

from __future__ import annotations

import datetime as dt

from bot.adapters.db.models import ConversationRow
from bot.adapters.db.session import in_database, insert_for, transaction
from bot.core.dialogue.state import Conversation


class DatabaseStore:
    """Implements ConversationStore; writes are upserts, so concurrent processes cannot clash."""

    def __init__(self, database_url: str) -> None:
        self._url = database_url

    async def load(self, chat_id: int) -> Conversation:
        return await in_database(self._url, self._load, chat_id)

    async def save(self, chat_id: int, conversation: Conversation) -> None:
        await in_database(self._url, self._save, chat_id, conversation)

    def _load(self, chat_id: int) -> Conversation:
        with transaction(self._url) as session:
            row = session.get(ConversationRow, chat_id)
            return Conversation.from_json(row.state if row else None)

    def _save(self, chat_id: int, conversation: Conversation) -> None:
        values = {
            "chat_id": chat_id,
            "state": conversation.to_json(),
            "updated_at": dt.datetime.now(dt.UTC),
        }
        with transaction(self._url) as session:
            statement = insert_for(session, ConversationRow).values(values)
            statement = statement.on_conflict_do_update(
                index_elements=["chat_id"],
                set_={
                    "state": statement.excluded.state,
                    "updated_at": statement.excluded.updated_at,
                },
            )
            session.execute(statement)
