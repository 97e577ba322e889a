"""What the dialogue says: text with buttons, and the lookups the application resolves."""

from __future__ import annotations

from dataclasses import dataclass

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
