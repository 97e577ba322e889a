"""Which Telegram updates were already taken, so that each is handled exactly once.

Telegram delivers an update again when a webhook answer came late or a polling process died
before confirming it; with several bot processes behind one webhook, only the database can tell.
Old claims are pruned by the retention job (`privacy_repository.expire`).
"""

from __future__ import annotations

import datetime as dt

from bot.adapters.db.models import ProcessedUpdateRow
from bot.adapters.db.session import insert_for, transaction


def claim(url: str, update_id: int) -> bool:
    """True for the first caller with this update_id, False for every later one."""
    with transaction(url) as session:
        statement = (
            insert_for(session, ProcessedUpdateRow)
            .values(update_id=update_id, at=dt.datetime.now(dt.UTC))
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(ProcessedUpdateRow.update_id)  # rowcount is not reliable here on psycopg
        )
        return session.execute(statement).first() is not None
