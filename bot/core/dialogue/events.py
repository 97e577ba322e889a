"""What can happen in a conversation, as the channel reports it to the dialogue."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.understanding.types import Understanding


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # "start", "help", "menu", "language", "privacy"
    telegram_language: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    understanding: Understanding
    telegram_language: str | None = None


@dataclass(frozen=True, slots=True)
class Press:
    payload: str
    telegram_language: str | None = None


@dataclass(frozen=True, slots=True)
class NonText:
    kind: str  # voice, photo, sticker, location, contact, document, edited


Event = Command | Text | Press | NonText
