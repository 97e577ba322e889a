"""Handoff cases, their relayed messages, consent and staff in the database.

Claims are one conditional UPDATE, so when two professionals press Claim at the same moment —
in one process or in two — exactly one wins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import cast

from sqlalchemy import CursorResult, and_, delete, select, update
from sqlalchemy.orm import Session

from bot.adapters.db.models import (
    ConsentRow,
    HandoffCaseRow,
    HandoffMessageRow,
    StaffInviteRow,
    StaffRow,
    WijkteamRow,
)
from bot.adapters.db.session import stored_utc
from bot.core.catalogue.model import fingerprint
from bot.core.handoff.case import OPEN_STATUSES, CaseStatus, CaseSummary, HandoffRequest

INVITE_VALID = dt.timedelta(days=7)
ONE_CONTACT = dt.timedelta(days=90)  # a returning resident is offered the same professional


@dataclass(frozen=True, slots=True)
class Staff:
    team_id: str
    telegram_user_id: int
    name: str


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# -- residents -----------------------------------------------------------------------------------


def record_consent(session: Session, chat_id: int, purpose: str, language: str, text: str) -> None:
    """The resident's permission, with a fingerprint of the exact text they agreed to."""
    session.add(
        ConsentRow(
            chat_id=chat_id,
            purpose=purpose,
            language=language,
            text_version=fingerprint(text),
            given_at=now(),
        )
    )


def open_case(session: Session, chat_id: int) -> HandoffCaseRow | None:
    return session.scalars(
        select(HandoffCaseRow)
        .where(HandoffCaseRow.chat_id == chat_id, HandoffCaseRow.status.in_(OPEN_STATUSES))
        .order_by(HandoffCaseRow.id.desc())
        .limit(1)
    ).first()


def previous_worker(session: Session, chat_id: int, team_id: str) -> Staff | None:
    """The professional of the resident's last case with this team, closed within 90 days and
    still on the team: one family, one plan, one contact."""
    since = now() - ONE_CONTACT
    row = session.execute(
        select(StaffRow)
        .join(
            HandoffCaseRow,
            and_(
                HandoffCaseRow.claimed_by == StaffRow.telegram_user_id,
                HandoffCaseRow.team_id == StaffRow.team_id,
            ),
        )
        .where(
            HandoffCaseRow.chat_id == chat_id,
            HandoffCaseRow.team_id == team_id,
            HandoffCaseRow.created_at >= since,
        )
        .order_by(HandoffCaseRow.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return Staff(row.team_id, row.telegram_user_id, row.name) if row else None


def create_case(
    session: Session,
    chat_id: int,
    request: HandoffRequest,
    question_nl: str | None,
    machine: bool,
    preferred_staff: int | None,
) -> HandoffCaseRow:
    row = HandoffCaseRow(
        status=CaseStatus.NEW.value,
        team_id=request.team_id,
        chat_id=chat_id,
        language=request.language,
        topic=request.topic,
        urgent=request.urgent,
        pc4=request.pc4,
        question=request.question,
        question_nl=question_nl,
        question_machine=machine,
        contact=request.contact.value,
        phone=request.phone,
        interpreter=request.interpreter,
        created_at=now(),
        preferred_staff=preferred_staff,
    )
    session.add(row)
    session.flush()
    return row


def add_message(
    session: Session,
    case_id: int,
    sender: str,
    original: str,
    translated: str | None,
    machine: bool,
    staff_id: int | None = None,
    group_message_id: int | None = None,
) -> HandoffMessageRow:
    row = HandoffMessageRow(
        case_id=case_id,
        sender=sender,
        staff_id=staff_id,
        original=original,
        translated=translated,
        machine=machine,
        group_message_id=group_message_id,
        at=now(),
    )
    session.add(row)
    session.flush()
    return row


def case_of_group_message(session: Session, message_id: int, team_id: str) -> int | None:
    """The case a staff reply refers to: the card itself or any message relayed for it."""
    card = session.scalar(
        select(HandoffCaseRow.id).where(
            HandoffCaseRow.card_message_id == message_id, HandoffCaseRow.team_id == team_id
        )
    )
    if card is not None:
        return card
    return session.scalar(
        select(HandoffMessageRow.case_id)
        .join(HandoffCaseRow, HandoffCaseRow.id == HandoffMessageRow.case_id)
        .where(HandoffMessageRow.group_message_id == message_id, HandoffCaseRow.team_id == team_id)
    )


# -- moves ---------------------------------------------------------------------------------------


def _changed(session: Session, statement: object) -> bool:
    result = cast(CursorResult[object], session.execute(statement))  # type: ignore[call-overload]
    return result.rowcount == 1


def claim(session: Session, case_id: int, staff_user_id: int) -> bool:
    """Take a new case; False when someone else was first (or it is no longer new)."""
    return _changed(
        session,
        update(HandoffCaseRow)
        .where(HandoffCaseRow.id == case_id, HandoffCaseRow.status == CaseStatus.NEW.value)
        .values(status=CaseStatus.CLAIMED.value, claimed_by=staff_user_id, claimed_at=now()),
    )


def hand_over(session: Session, case_id: int, from_user: int, to_user: int) -> bool:
    return _changed(
        session,
        update(HandoffCaseRow)
        .where(
            HandoffCaseRow.id == case_id,
            HandoffCaseRow.claimed_by == from_user,
            HandoffCaseRow.status.in_(OPEN_STATUSES),
        )
        .values(claimed_by=to_user),
    )


def set_status(
    session: Session, case_id: int, status: CaseStatus, outcome: str | None = None
) -> bool:
    """Move an open case to `status`; closing or cancelling stamps the time."""
    values: dict[str, object] = {"status": status.value}
    if not status.is_open:
        values |= {"closed_at": now(), "outcome": outcome}
    return _changed(
        session,
        update(HandoffCaseRow)
        .where(HandoffCaseRow.id == case_id, HandoffCaseRow.status.in_(OPEN_STATUSES))
        .values(**values),
    )


def unclaimed(session: Session) -> list[HandoffCaseRow]:
    return list(
        session.scalars(select(HandoffCaseRow).where(HandoffCaseRow.status == CaseStatus.NEW.value))
    )


def summaries(session: Session) -> list[CaseSummary]:
    rows = session.scalars(select(HandoffCaseRow).order_by(HandoffCaseRow.id))
    return [
        CaseSummary(
            id=row.id,
            status=CaseStatus(row.status),
            team=row.team_id,
            language=row.language,
            topic=row.topic,
            urgent=row.urgent,
            created=stored_utc(row.created_at),
            claimed=stored_utc(row.claimed_at) if row.claimed_at else None,
        )
        for row in rows
    ]


# -- staff ---------------------------------------------------------------------------------------


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def invite(session: Session, team_id: str) -> str:
    """A one-time code to join `team_id`, valid for a week; only its hash is stored."""
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    moment = now()
    session.add(
        StaffInviteRow(
            code_hash=_hash(code),
            team_id=team_id,
            created_at=moment,
            expires_at=moment + INVITE_VALID,
        )
    )
    return code


def join(session: Session, code: str, telegram_user_id: int, name: str) -> str | None:
    """Use an invite code: the team joined, or None when the code is unknown, used or expired."""
    moment = now()
    used = _changed(
        session,
        update(StaffInviteRow)
        .where(
            StaffInviteRow.code_hash == _hash(code),
            StaffInviteRow.used_at.is_(None),
            StaffInviteRow.expires_at > moment,
        )
        .values(used_at=moment, used_by=telegram_user_id),
    )
    if not used:
        return None
    team_id = session.scalar(
        select(StaffInviteRow.team_id).where(StaffInviteRow.code_hash == _hash(code))
    )
    assert team_id is not None
    existing = session.scalar(
        select(StaffRow).where(
            StaffRow.team_id == team_id, StaffRow.telegram_user_id == telegram_user_id
        )
    )
    if existing is None:
        session.add(
            StaffRow(
                team_id=team_id, telegram_user_id=telegram_user_id, name=name, joined_at=moment
            )
        )
    return team_id


def staff_member(session: Session, team_id: str, telegram_user_id: int) -> Staff | None:
    row = session.scalar(
        select(StaffRow).where(
            StaffRow.team_id == team_id, StaffRow.telegram_user_id == telegram_user_id
        )
    )
    return Staff(row.team_id, row.telegram_user_id, row.name) if row else None


def staff_list(session: Session, team_id: str | None = None) -> list[Staff]:
    query = select(StaffRow).order_by(StaffRow.team_id, StaffRow.name)
    if team_id:
        query = query.where(StaffRow.team_id == team_id)
    return [Staff(r.team_id, r.telegram_user_id, r.name) for r in session.scalars(query)]


def remove_staff(session: Session, team_id: str, telegram_user_id: int) -> bool:
    return _changed(
        session,
        delete(StaffRow).where(
            StaffRow.team_id == team_id, StaffRow.telegram_user_id == telegram_user_id
        ),
    )


def team_of_group(session: Session, group_id: int) -> str | None:
    """The wijkteam whose Telegram group this is."""
    return session.scalar(select(WijkteamRow.id).where(WijkteamRow.telegram_group_id == group_id))
