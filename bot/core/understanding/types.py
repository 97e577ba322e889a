"""What understanding produces; adapters return these, never raw Rasa or lingua objects."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.safety import CrisisSignal


@dataclass(frozen=True, slots=True)
class Classification:
    """An NLU answer: the intent (None after fallback) and the ranked alternatives."""

    intent: str | None
    confidence: float
    ranking: tuple[tuple[str, float], ...] = ()

    def top(self, n: int = 3) -> tuple[str, ...]:
        return tuple(intent for intent, _ in self.ranking[:n])


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    confidence: float
    from_prior: bool = False  # too little text to tell: the prior decided


class Source(StrEnum):
    """Which part of the pipeline decided the intent."""

    NLU = "nlu"
    PIVOT = "pivot"  # NLU on a Dutch machine translation
    KEYWORDS = "keywords"  # NLU was down: keyword search of the catalogue
    SAFETY = "safety"  # curated crisis phrases


@dataclass(frozen=True, slots=True)
class Understanding:
    """Everything the dialogue needs to know about one message."""

    language: LanguageGuess
    intent: str | None  # a topic id or conversation intent; None when unsure
    confidence: float
    candidates: tuple[str, ...] = ()  # best guesses, for "did you mean"
    crisis: CrisisSignal | None = None
    source: Source = Source.NLU
    nlu_available: bool = True

    @property
    def fallback(self) -> bool:
        return self.intent is None
