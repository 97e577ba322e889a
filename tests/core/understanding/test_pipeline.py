"""The pipeline with fake adapters: order of steps, degradation, the Dutch pivot."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.errors import NluUnavailable, TranslationUnavailable
from bot.core.safety.detector import CrisisDetector, parse_signals
from bot.core.understanding.keywords import KeywordIndex
from bot.core.understanding.pipeline import Understander
from bot.core.understanding.types import Classification, LanguageGuess, Source

CRISIS = frozenset({"suicidal_crisis", "domestic_violence", "honour_based_violence"})


class FakeClassifier:
    def __init__(self, answers: dict[str, Classification], down: bool = False) -> None:
        self.answers = answers
        self.down = down
        self.seen: list[str] = []

    async def classify(self, text: str) -> Classification:
        self.seen.append(text)
        if self.down:
            raise NluUnavailable("down")
        return self.answers.get(text, Classification(None, 0.05, (("out_of_scope", 0.05),)))


class FakeDetector:
    def detect(self, text: str, priors: tuple[str, ...]) -> LanguageGuess:
        return LanguageGuess("ar" if any("\u0600" <= c <= "\u06ff" for c in text) else "nl", 0.9)


class FakeTranslator:
    def __init__(self, phrases: dict[str, str], fail: bool = False, slow: bool = False) -> None:
        self.phrases, self.fail, self.slow = phrases, fail, slow

    async def translate(self, text: str, source: str, target: str) -> str:
        if self.slow:
            await asyncio.sleep(10)
        if self.fail:
            raise TranslationUnavailable("down")
        return self.phrases[text]


def pipeline(classifier: FakeClassifier, translator: FakeTranslator | None = None) -> Understander:
    crisis = CrisisDetector(
        {
            "nl": parse_signals(
                {
                    "suicidal_crisis": {"match": ["zelfmoord*"]},
                    "domestic_violence": {"match": ["slaat mij"]},
                    "honour_based_violence": {"match": ["uithuwelijk*"]},
                }
            )
        }
    )
    keywords = KeywordIndex(
        [("debt_help", "schulden schuldhulp aanmaning"), ("housing", "woning huur woningzoekende")]
    )
    return Understander(classifier, FakeDetector(), crisis, keywords, CRISIS, translator)


async def test_confident_nlu_answer() -> None:
    nlu = FakeClassifier(
        {"ik heb schulden": Classification("debt_help", 0.9, (("debt_help", 0.9),))}
    )
    result = await pipeline(nlu).understand("ik heb schulden")
    assert (result.intent, result.source, result.crisis) == ("debt_help", Source.NLU, None)


async def test_crisis_phrase_raises_the_flag_even_when_nlu_is_down() -> None:
    result = await pipeline(FakeClassifier({}, down=True)).understand("ik denk aan zelfmoord")
    assert result.crisis is not None and result.crisis.topic == "suicidal_crisis"
    assert not result.nlu_available


async def test_nlu_down_falls_back_to_keywords() -> None:
    result = await pipeline(FakeClassifier({}, down=True)).understand("ik krijg steeds aanmaningen")
    assert result.source is Source.KEYWORDS and result.intent == "debt_help"
    nothing = await pipeline(FakeClassifier({}, down=True)).understand("hallo daar")
    assert nothing.intent is None and nothing.fallback


async def test_low_confidence_tries_the_dutch_pivot_and_keeps_the_better() -> None:
    nlu = FakeClassifier(
        {
            "عندي ديون": Classification("housing", 0.2, (("housing", 0.2), ("debt_help", 0.15))),
            "ik heb schulden": Classification("debt_help", 0.95, (("debt_help", 0.95),)),
        }
    )
    result = await pipeline(nlu, FakeTranslator({"عندي ديون": "ik heb schulden"})).understand(
        "عندي ديون"
    )
    assert (result.intent, result.source) == ("debt_help", Source.PIVOT)


async def test_pivot_failure_keeps_the_first_answer() -> None:
    nlu = FakeClassifier({"عندي ديون": Classification("debt_help", 0.2, (("debt_help", 0.2),))})
    result = await pipeline(nlu, FakeTranslator({}, fail=True)).understand("عندي ديون")
    assert (result.intent, result.source) == ("debt_help", Source.NLU)


async def test_low_confidence_without_translator_is_a_fallback_with_candidates() -> None:
    nlu = FakeClassifier(
        {"iets": Classification("housing", 0.08, (("housing", 0.08), ("debt_help", 0.07)))}
    )
    result = await pipeline(nlu).understand("iets")
    assert result.fallback and result.candidates == ("housing", "debt_help")


async def test_nlu_crisis_intent_raises_the_flag_only_when_sure() -> None:
    sure = FakeClassifier(
        {"x": Classification("domestic_violence", 0.9, (("domestic_violence", 0.9),))}
    )
    assert (await pipeline(sure).understand("x")).crisis is not None
    unsure = FakeClassifier(
        {"x": Classification("domestic_violence", 0.3, (("domestic_violence", 0.3),))}
    )
    assert (await pipeline(unsure).understand("x")).crisis is None


async def test_a_translator_that_hangs_is_abandoned_after_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.core.understanding import pipeline as module

    monkeypatch.setattr(module, "PIVOT_TIMEOUT", 0.05)
    nlu = FakeClassifier({"عندي ديون": Classification("debt_help", 0.2, (("debt_help", 0.2),))})
    result = await pipeline(nlu, FakeTranslator({}, slow=True)).understand("عندي ديون")
    assert (result.intent, result.source) == ("debt_help", Source.NLU)
