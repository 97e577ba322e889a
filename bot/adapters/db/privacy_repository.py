"""Retention, access and erasure of residents' personal data (AVG art. 5(1)(e), 15 and 17).

Every change is one set-based `UPDATE`/`DELETE … WHERE`, and moments are compared in SQL, never
in Python: SQLite hands `DateTime(timezone=True)` columns back naive, PostgreSQL aware, and a
comparison in Python would trip over the difference. Moments are bound in UTC (SQLite stores the
wall-clock digits without the offset).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Executable,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.adapters.db.models import (
    AuditRow,
    ConsentRow,
    ConversationRow,
    HandoffCaseRow,
    HandoffMessageRow,
    ProcessedUpdateRow,
    TranslationRow,
    UnansweredQuestionRow,
)
from bot.adapters.db.session import stored_utc, transaction
from bot.adapters.translation.cache import text_key
from bot.core.dialogue.state import Conversation
from bot.core.handoff.case import OPEN_STATUSES, CaseStatus
from bot.core.privacy.resident_data import CaseRecord, ConsentRecord, ResidentData
from bot.core.privacy.retention import RetentionPolicy

FINISHED = (CaseStatus.CLOSED.value, CaseStatus.CANCELLED.value)
# These sessions load no rows, so there is nothing to keep in step with a bulk statement; the
# default would fetch every affected key first.
_BULK: dict[str, Any] = {"synchronize_session": False}


def expire(url: str, policy: RetentionPolicy, now: dt.datetime) -> dict[str, int]:
    """Delete or anonymise what has outlived `policy` at `now`; the number of rows per kind.

    One transaction per group of tables, so that a long run does not lock everything at once.
    Each statement matches only what is still there, so a run that failed halfway is simply run
    again.
    """
    cut = policy.cutoffs(now)
    counts: dict[str, int] = {}
    with transaction(url) as session:
        counts["conversations"] = _count(
            session, delete(ConversationRow).where(ConversationRow.updated_at < cut.conversation)
        )
    with transaction(url) as session:
        # Relayed messages go after the period whatever the case's status: an open case keeps
        # its question for the team, not the whole chat history.
        counts["handoff_messages"] = _count(
            session, delete(HandoffMessageRow).where(HandoffMessageRow.at < cut.conversation)
        )
        counts["case_texts"] = _count(
            session,
            update(HandoffCaseRow)
            .where(
                _finished_before(cut.case_texts),
                or_(
                    HandoffCaseRow.question.is_not(None),
                    HandoffCaseRow.question_nl.is_not(None),
                    HandoffCaseRow.phone.is_not(None),
                ),
            )
            .values(question=None, question_nl=None, phone=None),
        )
        # The translation cache holds residents' messages (the Dutch pivot of every question).
        counts["translations"] = _count(
            session, delete(TranslationRow).where(TranslationRow.created_at < cut.conversation)
        )
    with transaction(url) as session:
        counts["case_links"] = _count(
            session,
            update(HandoffCaseRow)
            .where(
                _finished_before(cut.case_link),
                or_(HandoffCaseRow.chat_id.is_not(None), HandoffCaseRow.pc4.is_not(None)),
            )
            .values(chat_id=None, pc4=None),
        )
        # After the links, so a chat whose last case was just unlinked loses its consent in the
        # same run. An open case always has its chat id (erasure cancels before it unlinks), so
        # "no linked case" also means "no open case".
        linked = select(HandoffCaseRow.id).where(HandoffCaseRow.chat_id == ConsentRow.chat_id)
        counts["consents"] = _count(
            session,
            delete(ConsentRow).where(ConsentRow.given_at < cut.case_link, ~linked.exists()),
        )
    with transaction(url) as session:
        counts["unanswered_questions"] = _count(
            session,
            # Labelled ones are redacted training data (`wijkwijzer nlu label`): they stay.
            delete(UnansweredQuestionRow).where(
                UnansweredQuestionRow.created_at < cut.unanswered,
                UnansweredQuestionRow.topic.is_(None),
            ),
        )
    with transaction(url) as session:
        counts["processed_updates"] = _count(
            session,
            delete(ProcessedUpdateRow).where(ProcessedUpdateRow.at < cut.processed_update),
        )
    return counts


def export(url: str, chat_id: int) -> ResidentData:
    """What is stored under the chat id, for a data-subject access request: the dialogue state
    (language, pc4, last topic, last question), consents, and the cases by id, team, date and
    status.

    The professionals who handled the cases are left out: they are not the resident's data.
    """
    with transaction(url) as session:
        row = session.get(ConversationRow, chat_id)
        state = Conversation.from_json(row.state if row else None)
        updated_at = stored_utc(row.updated_at) if row else None
        consents = tuple(
            ConsentRecord(purpose, stored_utc(given_at), language, version)
            for purpose, given_at, language, version in session.execute(
                select(
                    ConsentRow.purpose,
                    ConsentRow.given_at,
                    ConsentRow.language,
                    ConsentRow.text_version,
                )
                .where(ConsentRow.chat_id == chat_id)
                .order_by(ConsentRow.given_at, ConsentRow.id)
            )
        )
        cases = tuple(
            CaseRecord(case_id, team_id, stored_utc(created_at), status)
            for case_id, team_id, created_at, status in session.execute(
                select(
                    HandoffCaseRow.id,
                    HandoffCaseRow.team_id,
                    HandoffCaseRow.created_at,
                    HandoffCaseRow.status,
                )
                .where(HandoffCaseRow.chat_id == chat_id)
                .order_by(HandoffCaseRow.id)
            )
        )
    return ResidentData(
        updated_at, state.language, state.pc4, state.topic, consents, cases, state.question
    )


def erase(url: str, chat_id: int, now: dt.datetime) -> int:
    """Forget a resident (`/delete`), in one transaction; the number of cases anonymised.

    Open cases are cancelled first, so the team stops working on a question that is gone. Removed:
    the chat id, question, its translation, phone number and pc4 of every case, every relayed
    message, the cached translations of those texts, consents and the dialogue state.

    What the wijkteam must keep, naming no one: per case the team, topic, language, urgency,
    contact mode, interpreter need, status, dates (created, claimed, closed, reminded), outcome
    and the professional who handled it (`claimed_by`, `preferred_staff`). That is its record of
    work done and what the municipality's reporting counts. The audit log records the erasure per
    case with the actor "resident", never the chat id.

    Out of reach here: redacted unanswered questions (stored without a chat id by design), cached
    pivot translations of other messages (they expire with the conversation period), and case
    cards already posted in the team's Telegram group (the caller must edit those).
    """
    now = _utc(now)
    mine = HandoffCaseRow.chat_id == chat_id
    with transaction(url) as session:
        texts = _texts(session, chat_id)  # read before the rows that hold them are changed
        session.execute(
            update(HandoffCaseRow)
            .where(mine, HandoffCaseRow.status.in_(OPEN_STATUSES))
            .values(status=CaseStatus.CANCELLED.value, closed_at=now),
            execution_options=_BULK,
        )
        session.execute(
            delete(HandoffMessageRow).where(
                HandoffMessageRow.case_id.in_(select(HandoffCaseRow.id).where(mine))
            ),
            execution_options=_BULK,
        )
        anonymised = sorted(
            session.scalars(
                update(HandoffCaseRow)
                .where(mine)
                .values(chat_id=None, question=None, question_nl=None, phone=None, pc4=None)
                .returning(HandoffCaseRow.id),
                execution_options=_BULK,
            )
        )
        _forget_translations(session, texts)
        session.execute(
            delete(ConsentRow).where(ConsentRow.chat_id == chat_id), execution_options=_BULK
        )
        session.execute(
            delete(ConversationRow).where(ConversationRow.chat_id == chat_id),
            execution_options=_BULK,
        )
        for case_id in anonymised:
            audit(session, "resident", "erase", case_id, now)
    return len(anonymised)


def audit(session: Session, actor: str, action: str, case_id: int | None, now: dt.datetime) -> None:
    """Append to the audit log inside the caller's transaction, so the record and the act it
    records commit or fail together. Never pass a resident's chat id or words: the log outlives
    them."""
    session.execute(
        insert(AuditRow).values(at=_utc(now), actor=actor, action=action, case_id=case_id)
    )


def _finished_before(cutoff: dt.datetime) -> ColumnElement[bool]:
    # A finished case without closed_at (written before closing was stamped) counts from its
    # creation, rather than being kept forever.
    closed = func.coalesce(HandoffCaseRow.closed_at, HandoffCaseRow.created_at)
    return and_(HandoffCaseRow.status.in_(FINISHED), closed < cutoff)


def _texts(session: Session, chat_id: int) -> set[str]:
    """The resident's words and their translations, as stored in cases and relayed messages."""
    texts: set[str] = set()
    for question, question_nl in session.execute(
        select(HandoffCaseRow.question, HandoffCaseRow.question_nl).where(
            HandoffCaseRow.chat_id == chat_id
        )
    ):
        texts.update(t for t in (question, question_nl) if t)
    for original, translated in session.execute(
        select(HandoffMessageRow.original, HandoffMessageRow.translated)
        .join(HandoffCaseRow, HandoffCaseRow.id == HandoffMessageRow.case_id)
        .where(HandoffCaseRow.chat_id == chat_id)
    ):
        texts.update(t for t in (original, translated) if t)
    return texts


def _forget_translations(session: Session, texts: set[str]) -> None:
    """Drop cached translations from or into any of `texts` (the cache is keyed by hash)."""
    if not texts:
        return
    ordered = sorted(texts)
    session.execute(
        delete(TranslationRow).where(
            or_(
                TranslationRow.text_hash.in_([text_key(t) for t in ordered]),
                TranslationRow.translation.in_(ordered),
            )
        ),
        execution_options=_BULK,
    )


def _count(session: Session, statement: Executable) -> int:
    result = cast(CursorResult[Any], session.execute(statement, execution_options=_BULK))
    return result.rowcount


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return moment.astimezone(dt.UTC)
