"""A dialogue `Reply` as Telegram messages: escaped HTML, split under 4,096, buttons in rows.

Telegram counts a message's length in UTF-16 code units after parsing entities, so we measure
the plain text that way and escape only after splitting.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.dialogue.replies import Button, Reply

MAX_TEXT = 4096
ROW_WIDTH = 30  # characters of button labels that fit side by side on a phone
MAX_PER_ROW = 3
# Left-to-right isolates for numbers, phone numbers, postcodes, times and web addresses inside
# Arabic or Farsi text: without them "0800-2000" shows as "2000-0800" and "9901 AB" as "AB 9901".
LRI, PDI = "\u2066", "\u2069"
LTR_RUN = re.compile(
    r"[0-9A-Za-z+][0-9A-Za-z.,:/@_+\-–()]*(?:[ ][0-9A-Za-z+(][0-9A-Za-z.,:/@_+\-–()]*)*"
)


@dataclass(frozen=True, slots=True)
class Message:
    """One Telegram message: HTML text and, on the last message of a reply, its keyboard."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def isolate_ltr(text: str) -> str:
    """Wrap left-to-right runs in isolates so they read correctly inside right-to-left text."""

    def wrap(match: re.Match[str]) -> str:
        run = match.group(0)
        core = run.rstrip(".,:")  # sentence punctuation stays outside, in the text's direction
        return f"{LRI}{core}{PDI}{run[len(core) :]}"

    return LTR_RUN.sub(wrap, text)


def split(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` (UTF-16 units), cut at paragraphs, then lines, then words."""
    if telegram_length(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        parts = text.split(separator)
        if len(parts) > 1:
            return _pack(parts, separator, limit)
    # One unbroken run of characters: cut it where it fits.
    cut = limit
    while telegram_length(text[:cut]) > limit:
        cut -= 1
    return [text[:cut], *split(text[cut:], limit)]


def _pack(parts: list[str], separator: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{separator}{part}" if current else part
        if telegram_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if telegram_length(part) <= limit:
            current = part
        else:
            *whole, current = split(part, limit)
            pieces += whole
    if current:
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()]


def keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """Buttons in reading order, packed into rows that fit a phone screen."""
    if not buttons:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    width = 0
    for button in buttons:
        size = len(button.label) + 4
        if rows and len(rows[-1]) < MAX_PER_ROW and width + size <= ROW_WIDTH:
            rows[-1].append(_button(button))
            width += size
        else:
            rows.append([_button(button)])
            width = size
    return InlineKeyboardMarkup(rows)


def _button(button: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(button.label, callback_data=button.payload)


def render(reply: Reply) -> list[Message]:
    """The Telegram messages for one reply; the keyboard goes with the last one."""
    # Isolates add characters, so leave room for them before splitting.
    budget = MAX_TEXT - 512 if reply.rtl else MAX_TEXT
    pieces = split(reply.text, budget) or [reply.text]
    if reply.rtl:
        pieces = [p for piece in pieces for p in split(isolate_ltr(piece), MAX_TEXT)]
    messages = [Message(html.escape(piece, quote=False)) for piece in pieces]
    last = messages[-1]
    messages[-1] = Message(last.html, keyboard(reply.buttons))
    return messages
