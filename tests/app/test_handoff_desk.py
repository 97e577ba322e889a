"""The handoff desk with a real database: cards, reminders in working hours, urgent sooner.

The Outbox here records what would go to Telegram (the Telegram side has its own end-to-end
tests against the Bot API double).
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.adapters.db import handoff_repository as cases
from bot.adapters.db.models import HandoffCaseRow
from bot.adapters.db.session import transaction
from bot.app.handoffs import HandoffDesk
from bot.core.dialogue.context import Context
from bot.core.dialogue.replies import Reply
from bot.core.handoff.case import ContactMode, HandoffRequest
from bot.core.handoff.schedule import LOCAL
from tests.conftest import ROOT
from tests.helpers import cli

NOORD = -1001000000201


class RecordingOutbox:
    def __init__(self) -> None:
        self.group: list[tuple[int, str, int | None]] = []
        self.resident: list[tuple[int, str]] = []

    async def to_resident(self, chat_id: int, replies: list[Reply]) -> None:
        self.resident += [(chat_id, r.text) for r in replies]

    async def to_group(self, group_id: int, post: Reply, reply_to: int | None = None) -> int:
        self.group.append((group_id, post.text, reply_to))
        return len(self.group)

    async def edit_group(self, group_id: int, message_id: int, post: Reply) -> None:
        self.group.append((group_id, "edit:" + post.text, message_id))


@pytest.fixture
def desk(database_url: str) -> tuple[HandoffDesk, RecordingOutbox]:
    assert cli("content", "import", str(ROOT / "content"))[0] == 0
    outbox = RecordingOutbox()
    context = Context("Gemeente Voorbeeldstad", "000 555 0100", 30, {}, {})
    return HandoffDesk(database_url, context, None, outbox), outbox


def request(urgent: bool) -> HandoffRequest:
    return HandoffRequest(
        "wijkteam-noord",
        "tr",
        "debt_help",
        urgent,
        "borçlarım var",
        "9904",
        ContactMode.PHONE,
        "0612345678",
        True,
    )


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local moment in the week of Monday 2026-11-23."""
    return dt.datetime(2026, 11, 23 + day, hour, minute, tzinfo=LOCAL)


async def submit_at(desk: HandoffDesk, url: str, created: dt.datetime, urgent: bool) -> int:
    submitted = await desk.submit(5001, request(urgent))
    with transaction(url) as session:
        row = session.get(HandoffCaseRow, submitted.case_id)
        assert row is not None
        row.created_at = created.astimezone(dt.UTC)
    return submitted.case_id


async def test_the_card_is_stored_then_posted_without_a_translator(
    desk: tuple[HandoffDesk, RecordingOutbox], database_url: str
) -> None:
    handoffs, outbox = desk
    submitted = await handoffs.submit(5001, request(urgent=True))
    ((group, card, _),) = outbox.group
    assert group == NOORD and f"#{submitted.case_id}" in card
    assert "borçlarım var" in card and "bellen: 0612345678" in card and "URGENT" in card
    assert "niet vertaald" in card  # no translator: the team sees the original, marked
    with transaction(database_url) as session:
        (summary,) = cases.summaries(session)
    assert summary.urgent and summary.team == "wijkteam-noord"


async def test_reminders_count_working_hours_and_urgent_cases_clock_time(
    desk: tuple[HandoffDesk, RecordingOutbox], database_url: str
) -> None:
    handoffs, outbox = desk
    await submit_at(handoffs, database_url, at(0, 9), urgent=False)  # Monday 09:00
    await submit_at(handoffs, database_url, at(4, 16, 30), urgent=False)  # Friday 16:30
    await submit_at(handoffs, database_url, at(5, 10), urgent=True)  # Saturday 10:00
    outbox.group.clear()
    assert await handoffs.remind(at(0, 12)) == 0  # Monday 12:00: 3 working hours
    assert await handoffs.remind(at(0, 13, 30)) == 1  # 4.5 h: the Monday case
    assert await handoffs.remind(at(0, 13, 45)) == 0  # reminded just now
    assert await handoffs.remind(at(5, 10, 20)) == 2  # Saturday: urgent after 20 min
    # ... and the Monday case again after 4 more working hours; the Friday case has 30 min.
    texts = [text for _, text, _ in outbox.group]
    assert all("Herinnering" in text for text in texts)
    assert len(outbox.resident) == 2  # each resident told once that the team was reminded
