"""The translator the settings ask for, cached in the database; None when none is configured."""

from __future__ import annotations

from bot.adapters.translation.cache import CachedTranslator
from bot.adapters.translation.deep import DeepTranslator
from bot.core.understanding.ports import Translator
from bot.settings import Settings


def translator_from(config: Settings) -> Translator | None:
    if config.translator == "none":
        return None
    key = config.translator_api_key.get_secret_value() if config.translator_api_key else None
    inner = DeepTranslator(config.translator, config.translator_url, key)
    return CachedTranslator(inner, config.database_url)
