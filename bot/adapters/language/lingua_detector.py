"""Language identification with lingua, limited to our languages, plus a script rule for Tigrinya.

lingua has no Tigrinya model; Ethiopic script in our setting means Tigrinya (Amharic speakers
are not among the languages we serve). Russian is detected separately and reported as `uk`:
residents under temporary protection from Ukraine often write Russian.
"""

from __future__ import annotations

import unicodedata

from lingua import Language, LanguageDetectorBuilder

from bot.core.text import words
from bot.core.understanding.types import LanguageGuess

_LINGUA = {
    Language.DUTCH: "nl",
    Language.ENGLISH: "en",
    Language.ARABIC: "ar",
    Language.TURKISH: "tr",
    Language.POLISH: "pl",
    Language.UKRAINIAN: "uk",
    Language.RUSSIAN: "uk",
    Language.SOMALI: "so",
    Language.PERSIAN: "fa",
}
SHORT = 2  # words; "ok", "hoi", "👍" carry too little to tell a language


def _ethiopic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    ethiopic = sum(1 for c in letters if "ETHIOPIC" in unicodedata.name(c, ""))
    return ethiopic / len(letters)


class LinguaDetector:
    """Implements LanguageDetector."""

    def __init__(self) -> None:
        self._detector = (
            LanguageDetectorBuilder.from_languages(*_LINGUA)
            .with_preloaded_language_models()
            .build()
        )

    def detect(self, text: str, priors: tuple[str, ...]) -> LanguageGuess:
        prior = priors[0] if priors else "nl"
        if _ethiopic_share(text) >= 0.3:
            return LanguageGuess("ti", 0.99)
        tokens = words(text)
        if sum(len(t) for t in tokens) < 4 or len(tokens) < SHORT:
            return LanguageGuess(prior, 0.0, from_prior=True)
        scores: dict[str, float] = {}
        for value in self._detector.compute_language_confidence_values(text):
            code = _LINGUA[value.language]
            scores[code] = scores.get(code, 0.0) + value.value
        best, confidence = max(scores.items(), key=lambda item: item[1])
        # A resident's own choice wins a close call: "wijkteam bijstand help" is still English
        # for someone who chose English, and Dutch words in every language confuse detectors.
        for code in priors:
            if code != best and scores.get(code, 0.0) >= confidence * 0.5:
                return LanguageGuess(code, scores[code], from_prior=True)
        return LanguageGuess(best, confidence)
