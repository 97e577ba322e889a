"""Ports the understanding pipeline needs; adapters implement them (Rasa, lingua, translators)."""

from __future__ import annotations

from typing import Protocol

from bot.core.understanding.types import Classification, LanguageGuess


class IntentClassifier(Protocol):
    async def classify(self, text: str) -> Classification:
        """Classify `text`; raises NluUnavailable when the NLU cannot answer in time."""
        ...


class LanguageDetector(Protocol):
    def detect(self, text: str, priors: tuple[str, ...]) -> LanguageGuess:
        """Guess the language of `text`; `priors` (stored choice first) decide short texts."""
        ...


class Translator(Protocol):
    async def translate(self, text: str, source: str, target: str) -> str:
        """Translate; raises TranslationUnavailable when it cannot within its time limit."""
        ...
