"""Which services to show first: the ones a resident can use most easily."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.catalogue.model import (
    Location,
    OpeningHours,
    Phone,
    ServiceText,
    TranslationState,
    translation_state,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """What ranking needs to know of a service that has the topic asked for."""

    service_id: str
    main_topic: bool  # the topic is the service's first topic, not a side topic
    speaks_language: bool  # staff speak the resident's language
    local: bool  # bound to the resident's own neighbourhood
    national: bool
    bound: bool = False  # only for residents of certain neighbourhoods


def rank(candidates: Iterable[Candidate]) -> list[str]:
    """Service ids, best first.

    Language comes first: a service in the resident's language is the one they will actually
    contact. Then a service of their own neighbourhood; a neighbourhood-bound service whose
    neighbourhood we do not know may not be for them, so it comes after the others. Then
    services whose main topic this is, then local before national, and the id keeps the order
    stable between runs.
    """
    ordered = sorted(
        candidates,
        key=lambda c: (
            not c.speaks_language,
            not c.local,
            c.bound and not c.local,
            not c.main_topic,
            c.national,
            c.service_id,
        ),
    )
    return [c.service_id for c in ordered]


@dataclass(frozen=True, slots=True)
class ServiceCard:
    """What an answer card shows of one service, in the resident's language and in Dutch."""

    service_id: str
    texts: dict[str, ServiceText]  # the resident's language and Dutch, where they exist
    organization: str
    location: Location | None
    phones: tuple[Phone, ...]
    hours: tuple[OpeningHours, ...]
    languages: tuple[str, ...]
    interpretation: bool
    url: str | None
    email: str | None
    national: bool

    def text_for(self, language: str) -> tuple[ServiceText, TranslationState, str]:
        """The text to show, its state, and the language it is in (Dutch when missing)."""
        dutch = self.texts["nl"]
        own = self.texts.get(language)
        state = translation_state(own, dutch, language)
        if own is None:
            return dutch, TranslationState.MISSING, "nl"
        return own, state, language
