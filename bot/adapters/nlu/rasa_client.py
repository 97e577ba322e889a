"""Rasa's `/model/parse` over HTTP, with a timeout and one retry."""

from __future__ import annotations

from typing import Any

import httpx

from bot.core.errors import NluUnavailable
from bot.core.understanding.types import Classification

FALLBACK_INTENT = "nlu_fallback"


class RasaClassifier:
    """Implements IntentClassifier against a Rasa server started with `--enable-api --auth-token`."""

    def __init__(self, url: str, token: str | None, timeout: float = 2.0) -> None:
        self._client = httpx.AsyncClient(
            base_url=url.rstrip("/"),
            timeout=httpx.Timeout(timeout),
            params={"token": token} if token else None,
        )

    async def classify(self, text: str) -> Classification:
        last: Exception | None = None
        for _attempt in range(2):  # one retry: a restarting server often answers the second time
            try:
                response = await self._client.post("/model/parse", json={"text": text})
                response.raise_for_status()
                return parse_response(response.json())
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
                last = error
        raise NluUnavailable(f"NLU unavailable: {type(last).__name__}")

    async def ready(self) -> bool:
        """True when the server answers and has a model loaded."""
        try:
            response = await self._client.get("/status")
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except (httpx.HTTPError, ValueError):
            return False

    async def aclose(self) -> None:
        await self._client.aclose()


def parse_response(payload: dict[str, Any]) -> Classification:
    """Rasa's parse result as a Classification; `nlu_fallback` becomes intent None."""
    intent = payload["intent"]
    ranking = tuple(
        (str(r["name"]), float(r["confidence"]))
        for r in payload.get("intent_ranking") or []
        if r.get("name") != FALLBACK_INTENT
    )
    name = intent.get("name")
    if name == FALLBACK_INTENT or name is None:
        top = ranking[0][1] if ranking else 0.0
        return Classification(None, top, ranking)
    return Classification(str(name), float(intent.get("confidence") or 0.0), ranking)
