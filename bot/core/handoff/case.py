"""A handoff case: its states and the moves between them.

new → claimed → waiting_for_resident ⇄ claimed → closed, and cancelled by the resident from any
open state. Only staff of the case's own team may claim it, and only while it is new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class CaseStatus(StrEnum):
    NEW = "new"
    CLAIMED = "claimed"
    WAITING_FOR_RESIDENT = "waiting_for_resident"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (CaseStatus.CLOSED, CaseStatus.CANCELLED)


OPEN_STATUSES = tuple(s.value for s in CaseStatus if s.is_open)


class ContactMode(StrEnum):
    CHAT = "chat"
    PHONE = "phone"
    VISIT = "visit"


class Outcome(StrEnum):
    """How a professional closes a case (Dutch labels live in the staff texts)."""

    HELPED = "helped"
    REFERRED = "referred"
    NO_CONTACT = "no_contact"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class HandoffRequest:
    """What the resident asked for, ready to become a case (the application persists it)."""

    team_id: str
    language: str
    topic: str | None
    urgent: bool
    question: str | None
    pc4: str | None
    contact: ContactMode
    phone: str | None
    interpreter: bool


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """A case as the contract's `handoff list` shows it: never resident text."""

    id: int
    status: CaseStatus
    team: str
    language: str
    topic: str | None
    urgent: bool
    created: dt.datetime
    claimed: dt.datetime | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "status": self.status.value,
            "team": self.team,
            "language": self.language,
            "topic": self.topic,
            "urgent": self.urgent,
            "created": self.created.isoformat(),
            "claimed": self.claimed.isoformat() if self.claimed else None,
        }
