"""The conversation state that is persisted between messages (readable, never magic numbers)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum


class Stage(StrEnum):
    NEW = "new"  # nothing said yet
    CHOOSING_LANGUAGE = "choosing_language"
    READY = "ready"  # waiting for a question
    CLARIFYING = "clarifying"  # "did you mean …?" asked
    ASKING_POSTCODE = "asking_postcode"  # to find the resident's wijkteam
    HANDOFF_CONSENT = "handoff_consent"  # may we pass the question to a person?
    HANDOFF_CONTACT = "handoff_contact"  # chat, phone call or visit?
    HANDOFF_PHONE = "handoff_phone"  # which number to call
    HANDOFF_INTERPRETER = "handoff_interpreter"  # interpreter wanted?
    CONFIRMING_DELETE = "confirming_delete"  # /delete asked; yes erases everything


@dataclass(frozen=True, slots=True)
class Conversation:
    """Everything the dialogue remembers about one resident's chat."""

    stage: Stage = Stage.NEW
    language: str | None = None  # the resident's chosen language
    misunderstandings: int = 0  # in a row; two → a person is offered
    topic: str | None = None  # last topic answered, for "more services"
    page: int = 0
    candidates: tuple[str, ...] = ()  # the topics offered in "did you mean"
    neighbourhood: str | None = None
    pc4: str | None = None  # only the four digits are ever kept
    buttons: tuple[tuple[str, str], ...] = field(default=())  # last buttons: typed answers
    # A handoff being prepared; the question is kept only from the message that led to it.
    urgent: bool = False
    question: str | None = None
    team_id: str | None = None
    contact: str | None = None
    phone: str | None = None
    # Filled in by the application from the database at every message, never trusted from JSON.
    open_case: int | None = None
    open_team: str | None = None

    def without_handoff(self) -> Conversation:
        """The conversation after a handoff was sent or abandoned: the draft is forgotten."""
        return self.with_(urgent=False, question=None, team_id=None, contact=None, phone=None)

    def with_(self, **changes: object) -> Conversation:
        return replace(self, **changes)  # type: ignore[arg-type]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> Conversation:
        if not raw:
            return cls()
        data = json.loads(raw)
        data["stage"] = Stage(data.get("stage", Stage.NEW))
        data["candidates"] = tuple(data.get("candidates") or ())
        data["buttons"] = tuple(tuple(b) for b in data.get("buttons") or ())
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})
