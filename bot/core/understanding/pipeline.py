"""The understanding pipeline the bot and `eval understanding` share.

Order matters: curated crisis phrases first (no I/O, cannot fail), then language, then the NLU
model, then — only when the model is unsure and a translator is configured — a Dutch pivot.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.core.errors import NluUnavailable, TranslationUnavailable
from bot.core.safety import CrisisDetector, CrisisSignal
from bot.core.understanding.keywords import KeywordIndex
from bot.core.understanding.ports import IntentClassifier, LanguageDetector, Translator
from bot.core.understanding.types import Classification, Source, Understanding

PIVOT_TIMEOUT = 3.0  # seconds; a resident should never wait longer for a better guess


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Confidence levels, tuned on the held-out set (see nlu/README.md)."""

    intent: float = 0.1  # below: "did you mean" instead of an answer
    pivot: float = 0.3  # below: try the Dutch translation too
    crisis_intent: float = 0.4  # the model alone raises the safety flag only when this sure
    keyword: float = 0.3


class Understander:
    """Turns a resident's message into an Understanding."""

    def __init__(
        self,
        classifier: IntentClassifier,
        detector: LanguageDetector,
        crisis: CrisisDetector,
        keywords: KeywordIndex,
        crisis_topics: frozenset[str],
        translator: Translator | None = None,
        thresholds: Thresholds = Thresholds(),
    ) -> None:
        self._classifier = classifier
        self._detector = detector
        self._crisis = crisis
        self._keywords = keywords
        self._crisis_topics = crisis_topics
        self._translator = translator
        self._thresholds = thresholds

    def crisis_signal(self, text: str) -> CrisisSignal | None:
        """Only the curated crisis phrases: no I/O, so usable when everything else is down."""
        return self._crisis.detect(text)

    async def understand(self, text: str, priors: tuple[str, ...] = ()) -> Understanding:
        """Understand one message; never raises for a down NLU or translator."""
        signal = self._crisis.detect(text)
        language = self._detector.detect(text, priors)
        try:
            result = await self._classifier.classify(text)
        except NluUnavailable:
            return self._by_keywords(text, language, signal)
        source = Source.NLU
        if (
            self._translator is not None
            and result.confidence < self._thresholds.pivot
            and language.code != "nl"
        ):
            pivot = await self._pivot(text, language.code)
            if pivot is not None and pivot.confidence > result.confidence:
                result, source = pivot, Source.PIVOT
        intent = result.intent if result.confidence >= self._thresholds.intent else None
        if (
            signal is None
            and intent in self._crisis_topics
            and result.confidence >= self._thresholds.crisis_intent
        ):
            signal = CrisisSignal(intent, language.code, "nlu")
        return Understanding(
            language=language,
            intent=intent,
            confidence=result.confidence,
            candidates=result.top(3),
            crisis=signal,
            source=Source.SAFETY if signal and signal.phrase != "nlu" else source,
        )

    async def aclose(self) -> None:
        """Release the classifier's connections (an HTTP client for Rasa)."""
        close = getattr(self._classifier, "aclose", None)
        if close is not None:
            await close()

    async def _pivot(self, text: str, language: str) -> Classification | None:
        assert self._translator is not None
        try:
            dutch = await asyncio.wait_for(
                self._translator.translate(text, language, "nl"), PIVOT_TIMEOUT
            )
            return await self._classifier.classify(dutch)
        except (TranslationUnavailable, NluUnavailable, TimeoutError):
            return None

    def _by_keywords(self, text: str, language, signal: CrisisSignal | None) -> Understanding:  # type: ignore[no-untyped-def]
        found = self._keywords.search(text)
        best = found[0] if found and found[0][1] >= self._thresholds.keyword else None
        return Understanding(
            language=language,
            intent=best[0] if best else None,
            confidence=best[1] if best else 0.0,
            candidates=tuple(t for t, _ in found),
            crisis=signal,
            source=Source.KEYWORDS,
            nlu_available=False,
        )
