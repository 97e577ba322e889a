"""What the dialogue says: text with buttons, and the requests the application resolves."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.handoff.case import HandoffRequest

MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data


@dataclass(frozen=True, slots=True)
class Button:
    """A button; `payload` goes back to the dialogue when pressed (≤ 64 bytes)."""

    label: str
    payload: str

    def __post_init__(self) -> None:
        if len(self.payload.encode("utf-8")) > MAX_CALLBACK_BYTES:
            raise ValueError(f"button payload over {MAX_CALLBACK_BYTES} bytes: {self.payload!r}")


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to the resident; `rtl` marks Arabic-script text for the channel."""

    text: str
    buttons: tuple[Button, ...] = ()
    rtl: bool = False


@dataclass(frozen=True, slots=True)
class ServicesLookup:
    """Ask the application for answer cards: topic, page, in the resident's language."""

    topic: str
    page: int
    language: str


@dataclass(frozen=True, slots=True)
class RouteLookup:
    """Ask which wijkteam a handoff goes to; answered with `handoff_flow.answer_route`."""

    pc4: str
    language: str


@dataclass(frozen=True, slots=True)
class RecordConsent:
    """Store the resident's permission: purpose, and the exact text they agreed to."""

    purpose: str
    language: str
    text: str


@dataclass(frozen=True, slots=True)
class SubmitHandoff:
    """Create the case (persisted before the resident is told) and post it to the team."""

    request: HandoffRequest


@dataclass(frozen=True, slots=True)
class Relay:
    """A resident's message for the professional of their open case."""

    case_id: int
    text: str
    language: str


@dataclass(frozen=True, slots=True)
class CancelCase:
    case_id: int
    language: str


@dataclass(frozen=True, slots=True)
class MyDataLookup:
    """`/mydata`: everything stored about the resident, rendered in their language."""

    language: str


@dataclass(frozen=True, slots=True)
class EraseData:
    """`/delete` confirmed: erase everything that names the resident."""

    language: str


Request = (
    ServicesLookup
    | RouteLookup
    | RecordConsent
    | SubmitHandoff
    | Relay
    | CancelCase
    | MyDataLookup
    | EraseData
)
