from __future__ import annotations

from bot.adapters.db.conversation_store import DatabaseStore
from bot.core.dialogue.state import Conversation, Stage


async def test_conversations_survive_a_new_store_and_are_updated_in_place(
    database_url: str,
) -> None:
    first = DatabaseStore(database_url)
    assert await first.load(1001) == Conversation()
    state = Conversation(Stage.READY, "ar", topic="debt_help", pc4="9904")
    await first.save(1001, state)
    await first.save(1001, state.with_(page=1))
    restarted = DatabaseStore(database_url)  # as after a restart, or in a second process
    assert await restarted.load(1001) == state.with_(page=1)
    assert await restarted.load(-1001) == Conversation()
