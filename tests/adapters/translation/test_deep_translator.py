"""deep-translator's real LibreTranslator code against a LibreTranslate-compatible double."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from bot.adapters.db.models import TranslationRow
from bot.adapters.db.session import transaction
from bot.adapters.translation.cache import CachedTranslator
from bot.adapters.translation.deep import DeepTranslator
from bot.core.errors import TranslationUnavailable
from tests.doubles.libretranslate import LibreTranslateDouble

PHRASES = {("ar", "nl", "عندي ديون كثيرة"): "Ik heb veel schulden"}


async def test_translates_languages_deep_translator_does_not_list() -> None:
    double = LibreTranslateDouble(PHRASES)
    with double.running():
        translator = DeepTranslator("libretranslate", double.url, api_key=None)
        assert await translator.translate("عندي ديون كثيرة", "ar", "nl") == "Ik heb veel schulden"
        # nl, uk and fa are not in deep-translator's 17 LibreTranslate codes.
        assert await translator.translate("Привіт", "uk", "nl") == "[nl] Привіт"
    assert double.requests[0]["source"] == "ar" and double.requests[0]["target"] == "nl"


async def test_emoji_only_text_is_returned_as_is_without_a_call() -> None:
    double = LibreTranslateDouble()
    with double.running():
        translator = DeepTranslator("libretranslate", double.url, api_key=None)
        assert await translator.translate("👍🙏", "ar", "nl") == "👍🙏"
    assert double.requests == []


async def test_a_language_the_server_lacks_is_refused_at_once() -> None:
    translator = DeepTranslator("libretranslate", "http://127.0.0.1:9/", api_key=None)
    with pytest.raises(TranslationUnavailable, match="ti->nl"):
        await translator.translate("ሰላም ከመይ ኣለኻ", "ti", "nl")


async def test_a_slow_server_hits_the_time_limit_and_then_rests() -> None:
    double = LibreTranslateDouble()
    double.delay = 1.0
    with double.running():
        translator = DeepTranslator("libretranslate", double.url, api_key=None, timeout=0.2)
        started = time.monotonic()
        with pytest.raises(TranslationUnavailable):
            await translator.translate("Ik heb schulden", "nl", "en")
        assert time.monotonic() - started < 0.6
        with pytest.raises(TranslationUnavailable, match="resting"):
            await translator.translate("Nog iets", "nl", "en")
    assert len(double.requests) == 1


async def test_server_errors_become_translation_unavailable() -> None:
    double = LibreTranslateDouble()
    double.fail_with = 500
    with double.running():
        translator = DeepTranslator("libretranslate", double.url, api_key=None)
        with pytest.raises(TranslationUnavailable):
            await translator.translate("Ik heb schulden", "nl", "en")


async def test_cache_stores_every_translation_and_serves_it_when_the_server_is_gone(
    database_url: str,
) -> None:
    double = LibreTranslateDouble(PHRASES)
    with double.running():
        cached = CachedTranslator(DeepTranslator("libretranslate", double.url, None), database_url)
        assert await cached.translate("عندي ديون كثيرة", "ar", "nl") == "Ik heb veel schulden"
    # The double is stopped: the second answer can only come from the database.
    assert await cached.translate("عندي ديون كثيرة", "ar", "nl") == "Ik heb veel schulden"
    assert len(double.requests) == 1
    with transaction(database_url) as session:
        assert session.scalar(select(func.count()).select_from(TranslationRow)) == 1
