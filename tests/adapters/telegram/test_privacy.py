"""Privacy on Telegram: consent before a handoff, /mydata, /delete, and logs without text."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text

from bot.adapters.db.models import Base, ConsentRow
from bot.adapters.db.session import transaction
from bot.core.dialogue import messages as m
from bot.core.handoff import staff_texts as s
from bot.core.i18n import text as t
from tests.adapters.telegram.conftest import RunningBot
from tests.adapters.telegram.test_handoff import NOORD, ask_for_a_person

pytestmark = pytest.mark.nlu
RESIDENT = 4242424242  # distinctive, so that a scan of every column can find it
QUESTION = "ik wil graag met iemand praten over mijn schulden bij Vattenfall"


def rows_naming(url: str, needles: list[str]) -> list[str]:
    """Every table and column where one of `needles` still occurs."""
    found = []
    with transaction(url) as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is not None and any(n in str(value) for n in needles):
                        found.append(f"{table.name}.{column}")
    return found


async def test_consent_mydata_and_delete_leave_no_trace(
    telegram: RunningBot, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.INFO)
    double = telegram.double
    double.add_group(NOORD, "Wijkteam Noord")
    await ask_for_a_person(telegram, RESIDENT, "nl", QUESTION)
    (card,) = await double.await_messages(NOORD, 1)
    assert "Vattenfall" in card["text"]
    with transaction(database_url) as session:
        (consent,) = session.scalars(select(ConsentRow)).all()
    assert consent.purpose == "handoff" and consent.language == "nl" and consent.text_version

    seen = len(double.messages(RESIDENT))
    double.send_text(RESIDENT, "/mydata")
    mine = (await double.await_messages(RESIDENT, seen + 1))[-1]
    assert "9904" in mine["text"] and "wijkteam-noord" in mine["text"]

    double.send_text(RESIDENT, "/delete")
    confirm = (await double.await_messages(RESIDENT, seen + 2))[-1]
    assert confirm["text"] == t("nl", m.DELETE_CONFIRM)
    assert rows_naming(database_url, [str(RESIDENT), "Vattenfall"])  # still there before "yes"
    double.send_text(RESIDENT, "ja")
    done = (await double.await_messages(RESIDENT, seen + 3))[-1]
    assert done["text"] == t("nl", m.DELETE_DONE)
    assert rows_naming(database_url, [str(RESIDENT), "Vattenfall"]) == []
    assert double.messages(NOORD)[0]["text"] == t("nl", s.CARD_ERASED, case=1)
    with transaction(database_url) as session:  # the team keeps an anonymous record
        anonymous = session.execute(text("SELECT pc4, question FROM handoff_case")).all()
    assert anonymous == [(None, None)]

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert any(record.name.startswith("bot.") for record in caplog.records)
    for said in (QUESTION, "Vattenfall", "9904 AB"):
        assert said not in logged  # logs carry ids and events, never what residents wrote
