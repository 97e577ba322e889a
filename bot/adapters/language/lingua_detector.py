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
# Dutch words residents use in every language ("my leefgeld didn't come"): they say nothing
# about the language a message is written in, so they are left out before detection.
DUTCH_TERMS = frozenset(
    [
        "wijkteam",
        "wijkteams",
        "bijstand",
        "leefgeld",
        "leerplicht",
        "inburgering",
        "gemeente",
        "huisarts",
        "digid",
        "toeslag",
        "toeslagen",
        "huurtoeslag",
        "zorgtoeslag",
        "kinderopvangtoeslag",
        "zorgverzekering",
        "uitkering",
        "wmo",
        "duo",
        "knm",
        "bsn",
        "ind",
        "uwv",
        "cjg",
        "taalhuis",
        "buurthuis",
        "mantelzorg",
        "mantelzorger",
        "schuldhulp",
        "deurwaarder",
        "aanmaning",
        "belastingdienst",
        "huisbaas",
        "woningcorporatie",
        "uitzendbureau",
        "persoonlijk",
        "plan",
        "route",
        "scootmobiel",
        "dagbesteding",
        "leerroute",
        "staatsexamen",
        "inburgeringsexamen",
        "statushouder",
        "azc",
        "coa",
        "veilig",
        "thuis",
        "juridisch",
        "loket",
        "werkplein",
        "voedselbank",
        "huurcommissie",
        "urgentie",
        "brp",
        "gezinshereniging",
    ]
)


def _script_share(text: str, script: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if script in unicodedata.name(c, "")) / len(letters)


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
        if _script_share(text, "ETHIOPIC") >= 0.3:
            return LanguageGuess("ti", 0.99)
        tokens = words(text)
        if sum(len(t) for t in tokens) < 4 or len(tokens) < SHORT:
            return LanguageGuess(prior, 0.0, from_prior=True)
        own = [t for t in tokens if t not in DUTCH_TERMS]
        if own and len(own) < len(tokens):
            text = " ".join(own)
        scores: dict[str, float] = {}
        for value in self._detector.compute_language_confidence_values(text):
            code = _LINGUA[value.language]
            scores[code] = scores.get(code, 0.0) + value.value
        if _script_share(text, "ARABIC") >= 0.3:
            # Arabic script: Arabic or Farsi, whatever Latin words are mixed in.
            scores = {code: scores.get(code, 0.0) for code in ("ar", "fa")}
        best, confidence = max(scores.items(), key=lambda item: item[1])
        # A resident's own choice wins a close call: "wijkteam bijstand help" is still English
        # for someone who chose English, and Dutch words in every language confuse detectors.
        for code in priors:
            if code != best and code in scores and scores[code] >= confidence * 0.5:
                return LanguageGuess(code, scores[code], from_prior=True)
        return LanguageGuess(best, confidence)
