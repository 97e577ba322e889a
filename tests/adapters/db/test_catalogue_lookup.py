"""Lookups behind an answer: postcode to neighbourhood, services ranked for a resident."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters.db.catalogue_lookup import cards, find_place, ranked_services
from bot.adapters.db.session import transaction
from bot.core.catalogue.model import TranslationState
from bot.core.catalogue.postcode import parse_postcode
from tests.helpers import cli, write_mini_catalogue


@pytest.fixture
def mini(tmp_path: Path, database_url: str) -> str:
    assert cli("content", "import", str(write_mini_catalogue(tmp_path / "mini")))[0] == 0
    return database_url


@pytest.mark.parametrize(
    ("postcode", "hood"),
    [
        ("9901 AA", "hood-a"),
        ("9903 KZ", "hood-a"),
        ("9903 LA", "hood-b"),
        ("9904", "hood-c"),
        ("9905 AA", None),
        ("1011", None),
    ],
)
def test_postcode_finds_its_neighbourhood(mini: str, postcode: str, hood: str | None) -> None:
    parsed = parse_postcode(postcode)
    assert parsed is not None
    with transaction(mini) as session:
        place = find_place(session, parsed)
    assert (place.neighbourhood_id if place else None) == hood


def test_services_are_ranked_for_the_resident(mini: str) -> None:
    with transaction(mini) as session:
        # Arabic speaker in hood-a: the Arabic-speaking service first; hood-b's buurthuis is out.
        assert ranked_services(session, "debt_help", "ar", "hood-a") == [
            "schuldhulp",
            "budget",
            "landelijk",
        ]
        # Turkish speaker in hood-b: their own buurthuis speaks Turkish and is local.
        assert ranked_services(session, "debt_help", "tr", "hood-b")[0] == "buurthuis-b"
        # Unknown neighbourhood: everything, the neighbourhood-bound service last.
        assert ranked_services(session, "debt_help", "nl", None) == [
            "budget",
            "schuldhulp",
            "landelijk",
            "buurthuis-b",
        ]
        assert ranked_services(session, "income_support", "en", None) == ["budget"]
        assert ranked_services(session, "housing", "en", None) == []


def test_cards_carry_texts_organisation_and_location(mini: str) -> None:
    with transaction(mini) as session:
        [card] = cards(session, ["schuldhulp"], "ar")
        [other] = cards(session, ["landelijk"], "ti")
    assert card.organization == "Organisatie"
    assert card.location is not None and card.location.address.postcode == "9901 AA"
    text, state, language = card.text_for("ar")
    assert (text.name, state, language) == (
        "Service schuldhulp (ar)",
        TranslationState.MACHINE,
        "ar",
    )
    assert card.phones[0].number == "000 555 0110"
    assert card.hours[0].days == ("mo",) and card.languages == ("nl", "ar")
    assert other.national and other.location is None
    assert set(other.texts) == {"nl", "ti"}


def test_sql_ranking_agrees_with_the_core_ranking(database_url: str) -> None:
    from bot.adapters.db.catalogue_lookup import candidates
    from bot.core.catalogue.ranking import rank
    from bot.core.languages import CODES
    from bot.core.topics import taxonomy
    from tests.conftest import CONTENT

    assert cli("content", "import", str(CONTENT))[0] == 0
    with transaction(database_url) as session:
        for topic in taxonomy().ids:
            for language in CODES:
                for hood in (None, "de-horst", "zuiderhaven"):
                    expected = rank(candidates(session, topic, language, hood))
                    assert ranked_services(session, topic, language, hood) == expected[:50]


def test_card_cache_serves_from_memory_until_it_expires(mini: str) -> None:
    from bot.adapters.db.catalogue_lookup import CardCache

    cache = CardCache(ttl=60)
    with transaction(mini) as session:
        [first] = cache.cards(session, ["schuldhulp"], "ar")
        [again] = cache.cards(session, ["schuldhulp"], "ar")
        assert again is first  # from memory
        expired = CardCache(ttl=0)
        [one] = expired.cards(session, ["schuldhulp"], "ar")
        [two] = expired.cards(session, ["schuldhulp"], "ar")
        assert one == two and one is not two  # read again
        assert cache.cards(session, ["nope", "budget"], "nl")[0].service_id == "budget"
