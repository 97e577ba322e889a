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


class ResidentFlood:
    """Messages a resident may send per minute before we pause reading them.

    A person types a few messages a minute; dozens mean a script or a stuck key, which would
    otherwise take the bot from everyone else. Danger signals are never held back (the caller
    checks them first).
    """

    def __init__(self, per_minute: int = 20) -> None:
        self._per_minute = per_minute
        self._seen: dict[int, list[float]] = {}
        self._told: dict[int, float] = {}

    def check(self, chat_id: int, now: float | None = None) -> str:
        """ "ok", "tell" (over the limit: say so once a minute) or "hold" (over, already told)."""
        moment = time.monotonic() if now is None else now
        if len(self._seen) > 10_000:
            self._seen = {k: v for k, v in self._seen.items() if v and moment - v[-1] < 60}
        recent = [t for t in self._seen.get(chat_id, []) if moment - t < 60]
        recent.append(moment)
        self._seen[chat_id] = recent
        if len(recent) <= self._per_minute:
            return "ok"
        if moment - self._told.get(chat_id, -60.0) >= 60:
            self._told[chat_id] = moment
            return "tell"
        return "hold"
