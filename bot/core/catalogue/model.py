"""Catalogue types: organisations, services, wijkteams and their texts per language.

Adapters (YAML files, the database, HSDS) convert to and from these; the dialogue reads them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.catalogue.postcode import Postcode, PostcodeRange

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
SERVICE_TEXT_FIELDS = ("name", "description", "eligibility", "how_to_apply", "fees")


class TranslationState(StrEnum):
    """Where a translation stands. Only `machine` and `reviewed` are stored."""

    MISSING = "missing"
    MACHINE = "machine"  # machine-made or written here; no native speaker has checked it
    REVIEWED = "reviewed"
    OUTDATED = "outdated"  # the Dutch source changed after the translation was made


class Area(StrEnum):
    """Where a service is offered, when it is not a list of neighbourhoods."""

    MUNICIPALITY = "municipality"
    NATIONAL = "national"


@dataclass(frozen=True, slots=True)
class OpeningHours:
    days: tuple[str, ...]
    opens: str  # "HH:MM"
    closes: str


@dataclass(frozen=True, slots=True)
class Phone:
    number: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    postcode: str
    city: str


@dataclass(frozen=True, slots=True)
class Location:
    id: str
    name: str
    address: Address


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    description: str
    url: str | None = None
    email: str | None = None
    phones: tuple[Phone, ...] = ()
    locations: tuple[Location, ...] = ()


def fingerprint(*parts: str | None) -> str:
    """A short hash of a Dutch source text; a translation made from it carries the same value."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class ServiceText:
    """A service described in one language."""

    name: str
    description: str
    eligibility: str | None = None
    how_to_apply: str | None = None
    fees: str | None = None
    state: TranslationState = TranslationState.MACHINE
    source: str | None = None  # fingerprint of the Dutch text it was translated from

    def fingerprint(self) -> str:
        return fingerprint(*(getattr(self, f) for f in SERVICE_TEXT_FIELDS))


@dataclass(frozen=True, slots=True)
class Service:
    id: str
    organization: str
    topics: tuple[str, ...]
    texts: dict[str, ServiceText]
    status: str = "active"
    area: Area | tuple[str, ...] = Area.MUNICIPALITY
    location: str | None = None
    url: str | None = None
    email: str | None = None
    phones: tuple[Phone, ...] = ()
    hours: tuple[OpeningHours, ...] = ()
    languages: tuple[str, ...] = ("nl",)
    interpretation: bool = False
    assured_date: dt.date | None = None
    assurer_email: str | None = None

    def translation_state(self, language: str) -> TranslationState:
        """The state of this service's text in `language`, derived against the Dutch source."""
        return translation_state(self.texts.get(language), self.texts.get("nl"), language)


def translation_state(
    text: ServiceText | WijkteamText | None,
    dutch: ServiceText | WijkteamText | None,
    language: str,
) -> TranslationState:
    """Derive a text's state from its stored editorial state and the Dutch fingerprint."""
    if text is None:
        return TranslationState.MISSING
    if language == "nl" or dutch is None:
        # Dutch is the source: it is what editors write, so it cannot lag behind itself.
        return TranslationState.REVIEWED if language == "nl" else text.state
    if text.source is not None and text.source != dutch.fingerprint():
        # Made from an older Dutch text: reviewed or not, it may now say the wrong thing.
        return TranslationState.OUTDATED
    return text.state


@dataclass(frozen=True, slots=True)
class WijkteamText:
    about: str
    state: TranslationState = TranslationState.MACHINE
    source: str | None = None

    def fingerprint(self) -> str:
        return fingerprint(self.about)


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    id: str
    name: str
    postcodes: tuple[PostcodeRange, ...]

    def contains(self, postcode: Postcode) -> bool:
        return any(r.contains(postcode) for r in self.postcodes)


@dataclass(frozen=True, slots=True)
class Wijkteam:
    id: str
    name: str
    phone: str
    email: str
    address: Address
    telegram_group_id: int
    neighbourhoods: tuple[Neighbourhood, ...]
    texts: dict[str, WijkteamText]
    walk_in: tuple[OpeningHours, ...] = ()
    hours: tuple[OpeningHours, ...] = ()


@dataclass(frozen=True, slots=True)
class Municipality:
    id: str
    name: str
    fictional: bool
    phone: str
    url: str | None = None
    email: str | None = None
    notices: dict[str, str] = field(default_factory=dict)  # "this is fictional", per language


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Everything `content/` holds, as loaded by an adapter."""

    municipality: Municipality
    topic_labels: dict[str, dict[str, str]]
    organizations: tuple[Organization, ...]
    services: tuple[Service, ...]
    wijkteams: tuple[Wijkteam, ...]

    def neighbourhoods(self) -> tuple[Neighbourhood, ...]:
        return tuple(n for team in self.wijkteams for n in team.neighbourhoods)
