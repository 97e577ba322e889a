from dataclasses import replace

from bot.core.catalogue.model import Service, ServiceText, TranslationState
from bot.core.catalogue.ranking import Candidate, rank

DUTCH = ServiceText(name="Schuldhulp", description="Hulp bij schulden.")


def service(**texts: ServiceText) -> Service:
    return Service(id="s", organization="o", topics=("debt_help",), texts={"nl": DUTCH, **texts})


def test_translation_states_are_derived_from_the_dutch_fingerprint() -> None:
    current = ServiceText(name="Debt help", description="Help.", source=DUTCH.fingerprint())
    reviewed = replace(current, state=TranslationState.REVIEWED)
    stale = replace(reviewed, source="000000000000")
    s = service(en=current, ar=reviewed, tr=stale)
    assert s.translation_state("nl") is TranslationState.REVIEWED
    assert s.translation_state("en") is TranslationState.MACHINE
    assert s.translation_state("ar") is TranslationState.REVIEWED
    assert s.translation_state("tr") is TranslationState.OUTDATED
    assert s.translation_state("fa") is TranslationState.MISSING


def test_fingerprint_changes_with_any_dutch_field() -> None:
    assert DUTCH.fingerprint() != replace(DUTCH, fees="Gratis.").fingerprint()


def test_ranking_prefers_language_then_neighbourhood_then_main_topic() -> None:
    candidates = [
        Candidate("national-en", True, True, False, True),
        Candidate("side-topic", False, False, False, False),
        Candidate("local", True, False, True, False),
        Candidate("speaks", True, True, False, False),
        Candidate("plain", True, False, False, False),
        Candidate("elsewhere", True, False, False, False, bound=True),
    ]
    assert rank(candidates) == [
        "speaks",
        "national-en",
        "local",
        "plain",
        "side-topic",
        "elsewhere",
    ]
