"""The phrase matcher itself; the curated phrases are evaluated on held-out sets in tests/nlu."""

import pytest

from bot.core.safety import load_signals
from bot.core.safety.detector import CrisisDetector, Phrase, parse_signals


def detector() -> CrisisDetector:
    return CrisisDetector(
        {
            "en": parse_signals(
                {
                    "suicidal_crisis": {
                        "match": ["kill* myself", "suicid*"],
                        "unless": ["suicide squad"],
                    },
                    "domestic_violence": {"match": ["husband hit*", "*يضربني"]},
                    "honour_based_violence": {"match": ["forced marr*"]},
                }
            )
        }
    )


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("I want to KILL   myself", "suicidal_crisis"),
        ("my husband always hits me", "domestic_violence"),
        ("وزوجي يضربني", "domestic_violence"),
        ("SUİCİDE", "suicidal_crisis"),
        ("they plan a forced marriage for me", "honour_based_violence"),
        ("this debt is killing me", None),
        ("husband and kids and I went out, he hit the ball", None),  # too far apart
        ("watching suicide squad tonight", None),
        ("", None),
        ("👍", None),
    ],
)
def test_phrases_match_in_order_within_a_small_gap(text: str, topic: str | None) -> None:
    signal = detector().detect(text)
    assert (signal.topic if signal else None) == topic


def test_terms_with_wildcards() -> None:
    assert Phrase.parse("kill*").find(["killing"]) == [(0, 0)]
    assert Phrase.parse("*ing").find(["killing"]) == [(0, 0)]
    assert Phrase.parse("*ill*").find(["killing"]) == [(0, 0)]
    assert Phrase.parse("kill").find(["killing"]) == []


def test_shipped_signals_cover_every_language_and_crisis_topic() -> None:
    shipped = load_signals()
    assert shipped.detect("ik wil niet meer leven") is not None
