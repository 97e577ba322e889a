"""lingua limited to our languages, the Ethiopic rule, and priors for short messages."""

import pytest

from bot.adapters.language.lingua_detector import LinguaDetector


@pytest.fixture(scope="module")
def detector() -> LinguaDetector:
    return LinguaDetector()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("عندي ديون كثيرة ولا أعرف ماذا أفعل", "ar"),
        ("من بدهی زیادی دارم و نمی دانم چه کنم", "fa"),
        ("Borcum çok fazla, ne yapacağımı bilmiyorum", "tr"),
        ("mam duzo dlugow i nie wiem co robic", "pl"),
        ("У мене багато боргів, що робити?", "uk"),
        ("У меня много долгов, что делать?", "uk"),  # Russian from Ukrainian residents
        ("Deyn badan ayaan leeyahay, maxaan sameeyaa?", "so"),
        ("ብዙሕ ዕዳ ኣለኒ እንታይ ክገብር", "ti"),
        ("ik heb veel schulden, wat moet ik doen?", "nl"),
        ("I have a lot of debts, what should I do?", "en"),
    ],
)
def test_detects_each_language(detector: LinguaDetector, text: str, code: str) -> None:
    assert detector.detect(text, ()).code == code


@pytest.mark.parametrize("text", ["ok", "👍", "hoi", "?", ""])
def test_short_messages_fall_back_to_the_prior(detector: LinguaDetector, text: str) -> None:
    guess = detector.detect(text, ("tr", "en"))
    assert guess.code == "tr" and guess.from_prior


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("my leefgeld didn't come this week", "en"),  # Dutch terms are not the language
        ("what time does the wijkteam close", "en"),
        ("persoonlijk plan inburgering کی با من جلسه میذارن؟", "fa"),  # script decides
    ],
)
def test_dutch_terms_and_mixed_script(detector: LinguaDetector, text: str, code: str) -> None:
    assert detector.detect(text, ()).code == code
