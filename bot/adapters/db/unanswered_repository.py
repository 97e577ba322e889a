"""Unanswered questions: kept redacted, labelled by editors, fed back into training."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.adapters.db.models import UnansweredQuestionRow
from bot.core.privacy.redact import redact


@dataclass(frozen=True, slots=True)
class UnansweredQuestion:
    id: int
    created_at: dt.datetime
    language: str
    text: str
    candidates: tuple[str, ...]
    topic: str | None


def record(session: Session, text: str, language: str, candidates: tuple[str, ...]) -> int:
    """Store a message that ended in fallback; personal data is removed before it is written."""
    row = UnansweredQuestionRow(
        created_at=dt.datetime.now(dt.UTC),
        language=language,
        text=redact(text),
        candidates=",".join(candidates[:3]),
    )
    session.add(row)
    session.flush()
    return row.id


def listing(session: Session, include_labelled: bool = False) -> list[UnansweredQuestion]:
    query = select(UnansweredQuestionRow).order_by(UnansweredQuestionRow.id)
    if not include_labelled:
        query = query.where(UnansweredQuestionRow.topic.is_(None))
    return [
        UnansweredQuestion(
            r.id,
            r.created_at,
            r.language,
            r.text,
            tuple(filter(None, r.candidates.split(","))),
            r.topic,
        )
        for r in session.scalars(query)
    ]


def label(session: Session, question_id: int, topic: str) -> bool:
    """Give an unanswered question its topic; False when there is no such question."""
    row = session.get(UnansweredQuestionRow, question_id)
    if row is None:
        return False
    row.topic = topic
    row.labelled_at = dt.datetime.now(dt.UTC)
    return True


def labelled_examples(session: Session) -> list[tuple[str, str]]:
    """(text, topic) pairs for the next training."""
    rows = session.execute(
        select(UnansweredQuestionRow.text, UnansweredQuestionRow.topic)
        .where(UnansweredQuestionRow.topic.is_not(None))
        .order_by(UnansweredQuestionRow.id)
    )
    return [(text, topic) for text, topic in rows if topic]
