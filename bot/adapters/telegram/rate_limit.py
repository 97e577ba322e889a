"""Telegram's flood limits: AIORateLimiter's overall and group limits, plus one per private chat.

AIORateLimiter limits all requests (30/s) and each group (20/min), but Telegram also asks for no
more than about one message per second in a private chat; above that it answers 429.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
# Chat actions, callback answers and edits are not messages; they do not count.
UNLIMITED = frozenset({"sendChatAction", "answerCallbackQuery", "getUpdates", "getMe"})
IDLE_AFTER = 60.0  # seconds without a message before a chat's limiter is forgotten


class PerChatRateLimiter(AIORateLimiter):
    """AIORateLimiter plus `per_chat` messages a second in each private chat."""

    def __init__(self, per_chat: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._per_chat = per_chat
        self._chats: dict[int, tuple[AsyncLimiter, float]] = {}

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        chat_id = _private_chat(data)
        if chat_id is None or endpoint in UNLIMITED or self._per_chat <= 0:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        async with self._limiter(chat_id):
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )

    def _limiter(self, chat_id: int) -> AsyncLimiter:
        now = time.monotonic()
        if len(self._chats) > 10_000:
            self._chats = {k: v for k, v in self._chats.items() if now - v[1] < IDLE_AFTER}
        limiter = self._chats.get(chat_id, (AsyncLimiter(1, 1 / self._per_chat), now))[0]
        self._chats[chat_id] = (limiter, now)
        return limiter


def _private_chat(data: dict[str, Any]) -> int | None:
    """Private chats have positive ids; groups and channels negative ones."""
    with contextlib.suppress(TypeError, ValueError):
        chat_id = int(data.get("chat_id"))  # type: ignore[arg-type]
        return chat_id if chat_id > 0 else None
    return None
