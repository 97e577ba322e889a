"""Every translation is stored: the same sentence is never sent twice, and stored texts serve
when the translator is down."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.adapters.db.models import TranslationRow
from bot.adapters.db.session import in_database, transaction
from bot.adapters.translation.deep import DeepTranslator

log = logging.getLogger(__name__)


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedTranslator:
    """Implements Translator: database first, then the provider, then the database again."""

    def __init__(self, inner: DeepTranslator, database_url: str) -> None:
        self._inner = inner
        self._url = database_url

    async def translate(self, text: str, source: str, target: str) -> str:
        if source == target:
            return text
        key = text_key(text)
        cached = await in_database(self._url, self._lookup, key, source, target)
        if cached is not None:
            return cached
        result = await self._inner.translate(text, source, target)
        await in_database(self._url, self._store, key, text, result, source, target)
        return result

    def _lookup(self, key: str, source: str, target: str) -> str | None:
        try:
            with transaction(self._url) as session:
                return session.scalar(
                    select(TranslationRow.translation).where(
                        TranslationRow.text_hash == key,
                        TranslationRow.source == source,
                        TranslationRow.target == target,
                    )
                )
        except SQLAlchemyError:
            return None  # a cache that cannot be read is a miss, not an outage

    def _store(self, key: str, text: str, result: str, source: str, target: str) -> None:
        try:
            with transaction(self._url) as session:
                session.add(
                    TranslationRow(
                        text_hash=key,
                        source=source,
                        target=target,
                        text=text,
                        translation=result,
                        provider=self._inner.provider,
                        created_at=dt.datetime.now(dt.UTC),
                    )
                )
        except IntegrityError:
            log.debug("translation already cached by another process")
        except SQLAlchemyError:
            # The resident still gets the translation; only the cache misses out.
            log.warning("could not cache a translation")
