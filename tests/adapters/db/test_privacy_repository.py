"""Retention, export and erasure of residents' data, on SQLite and on PostgreSQL."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.adapters.db import privacy_repository
from bot.adapters.db.models import (
    AuditRow,
    Base,
    ConsentRow,
    ConversationRow,
    HandoffCaseRow,
    HandoffMessageRow,
    ProcessedUpdateRow,
    StaffInviteRow,
    StaffRow,
    TranslationRow,
    UnansweredQuestionRow,
)
from bot.adapters.db.session import transaction
from bot.adapters.translation.cache import text_key
from bot.cli import privacy as privacy_cli
from bot.core.dialogue.state import Conversation, Stage
from bot.core.privacy.resident_data import CaseRecord, ConsentRecord
from bot.core.privacy.retention import RetentionPolicy
from bot.settings import settings

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
RESIDENT = 987654321123
OTHER = 123450001
STAFF = 5551234
QUESTION = "لدي ديون كثيرة عند صاحب البيت وأخاف من الطرد"
QUESTION_NL = "Ik heb veel schulden bij mijn huisbaas en ben bang voor uitzetting"
PHONE = "0612398765"


def days_ago(days: float, now: dt.datetime = NOW) -> dt.datetime:
    return now - dt.timedelta(days=days)


def add(url: str, *rows: Base) -> list[int]:
    """Insert rows; the ids of those that have one."""
    with transaction(url) as session:
        session.add_all(rows)
        session.flush()
        return [getattr(row, "id", 0) for row in rows]


def case(chat_id: int | None, status: str, created: dt.datetime, **extra: Any) -> HandoffCaseRow:
    values: dict[str, Any] = {
        "team_id": "team-a",
        "language": "ar",
        "topic": "debt_help",
        "pc4": "9904",
        "question": f"vraag van {chat_id}",
        "question_nl": f"vraag van {chat_id} (nl)",
        "contact": "phone",
        "phone": f"06-{chat_id}",
        **extra,
    }
    return HandoffCaseRow(chat_id=chat_id, status=status, created_at=created, **values)


def message(
    case_id: int, at: dt.datetime, text: str = "hallo", translated: str | None = None
) -> HandoffMessageRow:
    return HandoffMessageRow(
        case_id=case_id, sender="resident", original=text, translated=translated, at=at
    )


def consent(chat_id: int, given: dt.datetime) -> ConsentRow:
    return ConsentRow(
        chat_id=chat_id, purpose="handoff", language="ar", text_version="abc123", given_at=given
    )


def conversation(chat_id: int, updated: dt.datetime, state: Conversation) -> ConversationRow:
    return ConversationRow(chat_id=chat_id, state=state.to_json(), updated_at=updated)


def translation(text: str, result: str, created: dt.datetime) -> TranslationRow:
    return TranslationRow(
        text_hash=text_key(text),
        source="ar",
        target="nl",
        text=text,
        translation=result,
        provider="test",
        created_at=created,
    )


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the schema."""
    with transaction(url) as session:
        return {
            table.name: [tuple(row) for row in session.execute(select(table))]
            for table in Base.metadata.sorted_tables
        }


def mentions(tables: dict[str, list[tuple[Any, ...]]], markers: list[str]) -> set[str]:
    """The markers that appear in any column of any row."""
    return {
        marker
        for rows in tables.values()
        for row in rows
        for value in row
        for marker in markers
        if marker in str(value)
    }


# --- cutoffs -------------------------------------------------------------------------------------


def test_cutoffs_count_back_from_now_in_utc() -> None:
    cut = RetentionPolicy().cutoffs(NOW)
    assert cut.conversation == dt.datetime(2026, 5, 16, 12, 0, tzinfo=dt.UTC)
    assert cut.case_texts == cut.conversation
    assert cut.case_link == dt.datetime(2026, 3, 17, 12, 0, tzinfo=dt.UTC)
    assert cut.unanswered == dt.datetime(2025, 12, 17, 12, 0, tzinfo=dt.UTC)
    assert cut.processed_update == dt.datetime(2026, 6, 13, 12, 0, tzinfo=dt.UTC)
    local = RetentionPolicy().cutoffs(NOW.astimezone(ZoneInfo("Europe/Amsterdam")))
    assert local == cut and local.conversation.utcoffset() == dt.timedelta(0)


def test_case_texts_never_outlive_the_link() -> None:
    cut = RetentionPolicy(conversation_days=120, case_link_days=90).cutoffs(NOW)
    assert cut.case_texts == cut.case_link == days_ago(90)
    assert cut.conversation == days_ago(120)


def test_a_naive_now_or_a_zero_period_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        RetentionPolicy().cutoffs(dt.datetime(2026, 6, 15, 12, 0))
    with pytest.raises(ValueError, match="conversation_days"):
        RetentionPolicy(conversation_days=0)


# --- expire --------------------------------------------------------------------------------------


def test_expire_removes_exactly_what_has_outlived_its_period(database_url: str) -> None:
    url = database_url
    state = Conversation(Stage.READY, "ar", topic="debt_help", pc4="9904")
    add(
        url,
        conversation(1, days_ago(30) - MINUTE, state),  # expired
        conversation(2, days_ago(30), state),  # exactly at the cutoff: kept
        conversation(3, days_ago(30) + MINUTE, state),
    )
    open_old, closed_31, closed_29, cancelled_91, closed_89, closed_unstamped = add(
        url,
        case(22, "claimed", days_ago(200)),
        case(31, "closed", days_ago(40), closed_at=days_ago(30) - MINUTE),
        case(32, "closed", days_ago(40), closed_at=days_ago(30) + MINUTE),
        case(24, "cancelled", days_ago(100), closed_at=days_ago(90) - MINUTE),
        case(23, "closed", days_ago(100), closed_at=days_ago(90) + MINUTE),
        case(26, "closed", days_ago(100), closed_at=None),
    )
    old_message, fresh_message, other_fresh = add(
        url,
        message(open_old, days_ago(30) - MINUTE),  # goes although its case is still open
        message(open_old, days_ago(30) + MINUTE),
        message(closed_29, days_ago(30) + MINUTE),
    )
    add(
        url,
        consent(21, days_ago(100)),  # no case at all: deleted
        consent(22, days_ago(100)),  # open case: kept
        consent(23, days_ago(100)),  # case closed 89 days ago, still linked: kept
        consent(24, days_ago(100)),  # its case is unlinked in this very run: deleted
        consent(25, days_ago(10)),  # young: kept
        UnansweredQuestionRow(
            created_at=days_ago(180) - MINUTE, language="nl", text="oud", candidates="a,b"
        ),
        UnansweredQuestionRow(
            created_at=days_ago(180) + MINUTE, language="nl", text="nieuw", candidates="a,b"
        ),
        ProcessedUpdateRow(update_id=1, at=days_ago(2) - MINUTE),
        ProcessedUpdateRow(update_id=2, at=days_ago(2) + MINUTE),
        translation("oude vraag", "old question", days_ago(30) - MINUTE),
        translation("nieuwe vraag", "new question", days_ago(30) + MINUTE),
    )

    counts = privacy_repository.expire(url, RetentionPolicy(), NOW)

    assert counts == {
        "conversations": 1,
        "handoff_messages": 1,
        "case_texts": 4,  # closed 31, cancelled 91, closed 89, closed without closed_at
        "translations": 1,
        "case_links": 2,  # cancelled 91, closed without closed_at (created 100 days ago)
        "consents": 2,
        "unanswered_questions": 1,
        "processed_updates": 1,
    }
    with transaction(url) as session:
        assert set(session.scalars(select(ConversationRow.chat_id))) == {2, 3}
        assert set(session.scalars(select(HandoffMessageRow.id))) == {fresh_message, other_fresh}
        assert old_message not in set(session.scalars(select(HandoffMessageRow.id)))
        cases = {
            row.id: (row.chat_id, row.pc4, row.question, row.question_nl, row.phone)
            for row in session.scalars(select(HandoffCaseRow))
        }
        assert set(session.scalars(select(ConsentRow.chat_id))) == {22, 23, 25}
        assert list(session.scalars(select(UnansweredQuestionRow.text))) == ["nieuw"]
        assert list(session.scalars(select(ProcessedUpdateRow.update_id))) == [2]
        assert list(session.scalars(select(TranslationRow.text))) == ["nieuwe vraag"]
    assert cases == {
        open_old: (22, "9904", "vraag van 22", "vraag van 22 (nl)", "06-22"),
        closed_31: (31, "9904", None, None, None),
        closed_29: (32, "9904", "vraag van 32", "vraag van 32 (nl)", "06-32"),
        cancelled_91: (None, None, None, None, None),
        closed_89: (23, "9904", None, None, None),
        closed_unstamped: (None, None, None, None, None),
    }
    # Running again finds nothing left to do.
    assert set(privacy_repository.expire(url, RetentionPolicy(), NOW).values()) == {0}


# --- erase, export, audit ------------------------------------------------------------------------


def seed_two_residents(url: str) -> dict[str, Any]:
    """RESIDENT with an open and a closed case, and another resident with one case."""
    state = Conversation(Stage.READY, "ar", topic="debt_help", pc4="9904")
    add(
        url,
        conversation(RESIDENT, days_ago(1), state),
        conversation(OTHER, days_ago(1), Conversation(Stage.READY, "tr", topic="housing")),
        consent(RESIDENT, days_ago(5)),
        ConsentRow(
            chat_id=RESIDENT,
            purpose="phone_contact",
            language="ar",
            text_version="def456",
            given_at=days_ago(4),
        ),
        consent(OTHER, days_ago(3)),
        StaffRow(team_id="team-a", telegram_user_id=STAFF, name="Fatima", joined_at=days_ago(300)),
        StaffInviteRow(
            code_hash="f" * 64,
            team_id="team-a",
            created_at=days_ago(301),
            expires_at=days_ago(300),
            used_at=days_ago(300),
            used_by=STAFF,
        ),
        ProcessedUpdateRow(update_id=777, at=days_ago(0.1)),
        UnansweredQuestionRow(
            created_at=days_ago(2), language="ar", text="[telefoon] ?", candidates="debt_help"
        ),
    )
    open_case, closed_case, other_case = add(
        url,
        case(
            RESIDENT,
            "claimed",
            days_ago(3),
            question=QUESTION,
            question_nl=QUESTION_NL,
            phone=PHONE,
            claimed_at=days_ago(2),
            claimed_by=STAFF,
            preferred_staff=STAFF,
            card_message_id=4242,
        ),
        case(
            RESIDENT,
            "closed",
            days_ago(20),
            topic="housing",
            question="سؤال قديم عن السكن",
            question_nl="Een oude vraag over wonen",
            phone=PHONE,
            claimed_by=STAFF,
            closed_at=days_ago(15),
            outcome="helped",
        ),
        case(OTHER, "new", days_ago(1), language="tr", question="Kira borcum var", phone="0687"),
    )
    resident_says, staff_says = "أين مكتبكم بالضبط؟", "Ons kantoor is aan het Marktplein"
    add(
        url,
        message(open_case, days_ago(1), resident_says, translated="Waar is uw kantoor precies?"),
        HandoffMessageRow(
            case_id=closed_case,
            sender="staff",
            staff_id=STAFF,
            original=staff_says,
            translated="مكتبنا في ساحة السوق",
            at=days_ago(16),
        ),
        message(other_case, days_ago(1), "Merhaba", translated="Hallo"),
        translation(QUESTION, QUESTION_NL, days_ago(3)),
        translation(resident_says, "Waar is uw kantoor precies?", days_ago(1)),
        translation("Kira borcum var", "Ik heb huurschuld", days_ago(1)),
    )
    with transaction(url) as session:
        privacy_repository.audit(session, f"staff:{STAFF}", "claim", open_case, days_ago(2))
    return {
        "open": open_case,
        "closed": closed_case,
        "other": other_case,
        "markers": [
            str(RESIDENT),
            QUESTION,
            QUESTION_NL,
            PHONE,
            "سؤال قديم عن السكن",
            "Een oude vraag over wonen",
            resident_says,
            "Waar is uw kantoor precies?",
            staff_says,
            "مكتبنا في ساحة السوق",
        ],
    }


def test_erase_leaves_no_row_that_names_the_resident(database_url: str) -> None:
    seeded = seed_two_residents(database_url)
    markers: list[str] = seeded["markers"]
    before = dump(database_url)
    assert mentions(before, markers) == set(markers)  # the scan does see them when they are there

    assert privacy_repository.erase(database_url, RESIDENT, NOW) == 2

    after = dump(database_url)
    assert mentions(after, markers) == set()
    # Every row that did not concern the resident is still there, unchanged.
    for table, rows in before.items():
        untouched = [row for row in rows if not mentions({table: [row]}, markers)]
        assert set(untouched) <= set(after[table]), table
    # The wijkteam keeps its anonymous record of both cases; the open one is now cancelled.
    with transaction(database_url) as session:
        kept = {
            row.id: row
            for row in session.scalars(
                select(HandoffCaseRow).where(
                    HandoffCaseRow.id.in_([seeded["open"], seeded["closed"]])
                )
            )
        }
        audits = session.execute(
            select(AuditRow.actor, AuditRow.action, AuditRow.case_id).order_by(AuditRow.id)
        ).all()
        closed_at = session.scalar(
            select(HandoffCaseRow.id).where(
                HandoffCaseRow.id == seeded["open"], HandoffCaseRow.closed_at == NOW
            )
        )
    cancelled, closed = kept[seeded["open"]], kept[seeded["closed"]]
    assert (cancelled.status, cancelled.team_id, cancelled.topic, cancelled.language) == (
        "cancelled",
        "team-a",
        "debt_help",
        "ar",
    )
    assert closed_at == seeded["open"]
    assert (cancelled.claimed_by, cancelled.preferred_staff) == (STAFF, STAFF)
    assert (closed.status, closed.outcome, closed.topic) == ("closed", "helped", "housing")
    for row in (cancelled, closed):
        assert (row.chat_id, row.pc4, row.question, row.question_nl, row.phone) == (None,) * 5
    assert audits == [
        (f"staff:{STAFF}", "claim", seeded["open"]),
        ("resident", "erase", seeded["open"]),
        ("resident", "erase", seeded["closed"]),
    ]
    # Erasing again, or erasing a stranger, touches nothing.
    assert privacy_repository.erase(database_url, RESIDENT, NOW) == 0
    assert privacy_repository.erase(database_url, 5, NOW) == 0
    assert dump(database_url) == after


def test_export_returns_what_is_stored_and_nothing_after_erasure(database_url: str) -> None:
    seeded = seed_two_residents(database_url)
    data = privacy_repository.export(database_url, RESIDENT)
    assert data.conversation_updated_at == days_ago(1)
    assert (data.language, data.pc4, data.topic) == ("ar", "9904", "debt_help")
    assert data.consents == (
        ConsentRecord("handoff", days_ago(5), "ar", "abc123"),
        ConsentRecord("phone_contact", days_ago(4), "ar", "def456"),
    )
    assert data.cases == (
        CaseRecord(seeded["open"], "team-a", days_ago(3), "claimed"),
        CaseRecord(seeded["closed"], "team-a", days_ago(20), "closed"),
    )
    assert all(c.given_at.tzinfo is not None for c in data.consents)
    assert not data.is_empty
    assert str(STAFF) not in json.dumps(data.as_json())  # no staff identities

    privacy_repository.erase(database_url, RESIDENT, NOW)
    erased = privacy_repository.export(database_url, RESIDENT)
    assert erased.is_empty and erased.cases == () and erased.language is None
    other = privacy_repository.export(database_url, OTHER)
    assert (other.language, other.topic, len(other.cases), len(other.consents)) == (
        "tr",
        "housing",
        1,
        1,
    )
    assert privacy_repository.export(database_url, 42).is_empty


def test_audit_rows_are_written_in_the_callers_transaction(database_url: str) -> None:
    [case_id] = add(database_url, case(OTHER, "new", NOW))
    with transaction(database_url) as session:
        privacy_repository.audit(session, "staff:77", "claim", case_id, NOW)
        privacy_repository.audit(session, "cli", "privacy_export", None, NOW)
    with pytest.raises(RuntimeError), transaction(database_url) as session:
        privacy_repository.audit(session, "staff:77", "close", case_id, NOW)
        raise RuntimeError("the act failed, so its record goes too")
    with transaction(database_url) as session:
        rows = session.execute(
            select(AuditRow.actor, AuditRow.action, AuditRow.case_id).order_by(AuditRow.id)
        ).all()
        moments = list(session.scalars(select(AuditRow.id).where(AuditRow.at == NOW)))
    assert rows == [("staff:77", "claim", case_id), ("cli", "privacy_export", None)]
    assert len(moments) == 2


# --- command line --------------------------------------------------------------------------------


def parse(*argv: str) -> argparse.Namespace:
    root = argparse.ArgumentParser(prog="wijkwijzer")
    privacy_cli.register(root.add_subparsers(dest="command", required=True))
    return root.parse_args(argv)


def test_cli_expire_uses_the_configured_retention_days(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WIJKWIJZER_RETENTION_DAYS", "10")
    settings.cache_clear()
    now = dt.datetime.now(dt.UTC)
    add(
        database_url,
        conversation(1, days_ago(11, now), Conversation()),
        conversation(2, days_ago(9, now), Conversation()),
    )
    args = parse("privacy", "expire", "--json")
    assert args.handler(args) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["conversations"] == 1 and counts["consents"] == 0
    with transaction(database_url) as session:
        assert list(session.scalars(select(ConversationRow.chat_id))) == [2]
    args = parse("privacy", "expire")
    assert args.handler(args) == 0
    assert "conversations: 0" in capsys.readouterr().out


def test_cli_export_prints_the_data_and_audits_the_request(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = seed_two_residents(database_url)
    args = parse("privacy", "export", "--chat", str(RESIDENT), "--json")
    assert args.handler(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in printed["cases"]] == [seeded["open"], seeded["closed"]]
    assert printed["language"] == "ar" and printed["empty"] is False
    assert printed["consents"][0]["given_at"] == days_ago(5).isoformat()

    args = parse("privacy", "export", "--chat", "42")
    assert args.handler(args) == 0
    assert capsys.readouterr().out.strip() == "nothing is stored about this chat"
    with transaction(database_url) as session:
        audits = session.execute(
            select(AuditRow.actor, AuditRow.action, AuditRow.case_id)
            .where(AuditRow.actor == "cli")
            .order_by(AuditRow.id)
        ).all()
    assert audits == [
        ("cli", "privacy_export", seeded["open"]),
        ("cli", "privacy_export", seeded["closed"]),
        ("cli", "privacy_export", None),
    ]
    assert mentions({"audit_log": [tuple(a) for a in audits]}, [str(RESIDENT)]) == set()


def test_cli_export_as_text(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    seeded = seed_two_residents(database_url)
    args = parse("privacy", "export", "--chat", str(RESIDENT))
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "language: ar  pc4: 9904  topic: debt_help" in out
    assert f"#{seeded['closed']}  team-a" in out and "handoff" in out
    assert str(STAFF) not in out
