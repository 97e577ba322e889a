"""Replies become messages Telegram accepts and residents can read."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from bot.adapters.telegram.rendering import (
    LRI,
    MAX_TEXT,
    PDI,
    isolate_ltr,
    keyboard,
    render,
    split,
    telegram_length,
)
from bot.core.dialogue.replies import Button, Reply


def test_html_is_escaped() -> None:
    (message,) = render(Reply("Cost < €5 & free for <b>children</b>"))
    assert message.html == "Cost &lt; €5 &amp; free for &lt;b&gt;children&lt;/b&gt;"


def test_long_replies_split_at_paragraphs_with_buttons_on_the_last() -> None:
    paragraphs = [f"Service {i}\n" + "word " * 150 for i in range(12)]
    reply = Reply("\n\n".join(paragraphs), (Button("More services", "more"),))
    messages = render(reply)
    assert len(messages) > 1
    assert all(telegram_length(html.unescape(m.html)) <= MAX_TEXT for m in messages)
    assert all(m.keyboard is None for m in messages[:-1])
    assert messages[-1].keyboard is not None
    for message in messages:  # each piece starts at a paragraph
        assert message.html.startswith("Service ")


def test_length_counts_utf16_units_like_telegram() -> None:
    assert telegram_length("🙂") == 2
    pieces = split("🙂" * 3000)
    assert len(pieces) == 2
    assert all(telegram_length(p) <= MAX_TEXT for p in pieces)
    assert "".join(pieces) == "🙂" * 3000


@given(st.text(min_size=1, max_size=12_000))
def test_split_keeps_every_piece_under_the_limit(text: str) -> None:
    for piece in split(text):
        assert telegram_length(piece) <= MAX_TEXT


def test_numbers_keep_their_order_in_right_to_left_text() -> None:
    text = isolate_ltr("اتصل بالرقم 0800-2000. الرمز البريدي 9901 AB")
    assert f"{LRI}0800-2000{PDI}." in text
    assert f"{LRI}9901 AB{PDI}" in text
    (message,) = render(Reply("اتصل 112", rtl=True))
    assert message.html == f"اتصل {LRI}112{PDI}"
    (message,) = render(Reply("Call 112"))
    assert LRI not in message.html


def test_buttons_fill_rows_in_reading_order() -> None:
    buttons = tuple(
        Button(name, f"lang:{code}")
        for code, name in [
            ("nl", "Nederlands"),
            ("en", "English"),
            ("ar", "العربية"),
            ("tr", "Türkçe"),
            ("pl", "Polski"),
        ]
    )
    markup = keyboard(buttons)
    assert markup is not None
    flat = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert flat == [b.payload for b in buttons]
    assert all(len(row) <= 3 for row in markup.inline_keyboard)
    assert len(markup.inline_keyboard) < len(buttons)
    assert keyboard(()) is None
