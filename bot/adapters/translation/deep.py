"""deep-translator, wrapped: time limits, our language codes, and no `None` for emoji-only text.

deep-translator calls `requests` without a timeout and is synchronous, so each call runs in a
small thread pool under `asyncio.wait_for`; after a failure the translator rests for a while
instead of piling up threads against a server that does not answer.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from deep_translator import DeeplTranslator, GoogleTranslator, LibreTranslator

from bot.core.errors import TranslationUnavailable
from bot.core.text import words

# LibreTranslate servers list their own languages; deep-translator's built-in table knows only
# 17 codes (no nl, uk, fa). A self-hosted server with Argos models has these of ours:
LIBRE_CODES = {"nl": "nl", "en": "en", "ar": "ar", "tr": "tr", "pl": "pl", "uk": "uk", "fa": "fa"}
GOOGLE_CODES = {c: c for c in ("nl", "en", "ar", "tr", "pl", "uk", "ti", "so", "fa")}
DEEPL_CODES = {"nl": "nl", "en": "en", "ar": "ar", "tr": "tr", "pl": "pl", "uk": "uk"}
REST_SECONDS = 30.0


class _Libre(LibreTranslator):  # type: ignore[misc]
    """LibreTranslator that accepts the languages of the server we talk to."""

    def __init__(self, source: str, target: str, url: str, api_key: str | None) -> None:
        self.api_key = api_key
        super(LibreTranslator, self).__init__(
            base_url=url.rstrip("/") + "/",
            source=source,
            target=target,
            languages={code: code for code in LIBRE_CODES.values()},
        )


class DeepTranslator:
    """Implements the Translator port with one of deep-translator's providers."""

    def __init__(
        self, provider: str, url: str | None, api_key: str | None, timeout: float = 3.0
    ) -> None:
        self.provider = provider
        self._url = url
        self._api_key = api_key
        self._timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="translate")
        self._resting_until = 0.0
        self.codes = {"libretranslate": LIBRE_CODES, "google": GOOGLE_CODES, "deepl": DEEPL_CODES}[
            provider
        ]

    def supports(self, language: str) -> bool:
        return language in self.codes

    async def translate(self, text: str, source: str, target: str) -> str:
        if source == target or not words(text):
            return text  # nothing to translate (emoji, numbers): deep-translator would say None
        if not (self.supports(source) and self.supports(target)):
            raise TranslationUnavailable(f"{self.provider} does not translate {source}->{target}")
        if time.monotonic() < self._resting_until:
            raise TranslationUnavailable(f"{self.provider} failed recently; resting")
        loop = asyncio.get_running_loop()
        call = loop.run_in_executor(self._pool, self._call, text, source, target)
        try:
            result = await asyncio.wait_for(call, self._timeout)
        except Exception as error:
            self._resting_until = time.monotonic() + REST_SECONDS
            raise TranslationUnavailable(f"{self.provider}: {type(error).__name__}") from None
        if not result:
            raise TranslationUnavailable(f"{self.provider} returned nothing")
        return str(result)

    def _call(self, text: str, source: str, target: str) -> Any:
        src, dst = self.codes[source], self.codes[target]
        if self.provider == "libretranslate":
            return _Libre(src, dst, self._url or "http://127.0.0.1:5000", self._api_key).translate(
                text
            )
        if self.provider == "google":
            return GoogleTranslator(source=src, target=dst).translate(text)
        return DeeplTranslator(
            api_key=self._api_key, source=src, target=dst, use_free_api=True
        ).translate(text)
