"""What wijkwijzer holds about one resident, for a data-subject access request (AVG art. 15)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    purpose: str
    given_at: dt.datetime
    language: str
    text_version: str  # fingerprint of the text the resident agreed to


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """A case of the resident, without the professionals who handled it."""

    id: int
    team_id: str
    created_at: dt.datetime
    status: str


@dataclass(frozen=True, slots=True)
class ResidentData:
    conversation_updated_at: dt.datetime | None  # None: no dialogue state is stored
    language: str | None
    pc4: str | None
    topic: str | None  # the last topic answered
    consents: tuple[ConsentRecord, ...]
    cases: tuple[CaseRecord, ...]
    question: str | None = None  # the last question, kept to pass on to a person on request

    @property
    def is_empty(self) -> bool:
        """Nothing is held: the resident was never here, or was erased."""
        return self.conversation_updated_at is None and not self.consents and not self.cases

    def as_json(self) -> dict[str, object]:
        updated = self.conversation_updated_at
        return {
            "conversation_updated_at": updated.isoformat() if updated else None,
            "language": self.language,
            "pc4": self.pc4,
            "topic": self.topic,
            "question": self.question,
            "consents": [
                {
                    "purpose": c.purpose,
                    "given_at": c.given_at.isoformat(),
                    "language": c.language,
                    "text_version": c.text_version,
                }
                for c in self.consents
            ],
            "cases": [
                {
                    "id": c.id,
                    "team": c.team_id,
                    "created_at": c.created_at.isoformat(),
                    "status": c.status,
                }
                for c in self.cases
            ],
            "empty": self.is_empty,
        }
