"""The queries behind an answer: which neighbourhood a postcode is in, which services fit."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from bot.adapters.db.catalogue_repository import wijkteam_from_row
from bot.adapters.db.models import (
    LocationRow,
    NeighbourhoodRow,
    OpeningHoursRow,
    OrganizationRow,
    PhoneRow,
    PostcodeRangeRow,
    ServiceAreaRow,
    ServiceLanguageRow,
    ServiceRow,
    ServiceTextRow,
    ServiceTopicRow,
    WijkteamRow,
)
from bot.core.catalogue.model import (
    Address,
    Location,
    OpeningHours,
    Phone,
    ServiceText,
    TranslationState,
    Wijkteam,
)
from bot.core.catalogue.postcode import Postcode
from bot.core.catalogue.ranking import Candidate, ServiceCard


@dataclass(frozen=True, slots=True)
class Place:
    """Where a postcode is: a neighbourhood and its wijkteam."""

    neighbourhood_id: str
    wijkteam_id: str


def find_place(session: Session, postcode: Postcode) -> Place | None:
    """The neighbourhood of `postcode`, or None when it is outside the municipality."""
    if postcode.letters is None:
        low, high = postcode.digits + "AA", postcode.digits + "ZZ"
        condition = and_(PostcodeRangeRow.start <= high, PostcodeRangeRow.end >= low)
    else:
        condition = and_(
            PostcodeRangeRow.start <= postcode.key, PostcodeRangeRow.end >= postcode.key
        )
    row = session.execute(
        select(NeighbourhoodRow.id, NeighbourhoodRow.wijkteam_id)
        .join(PostcodeRangeRow, PostcodeRangeRow.neighbourhood_id == NeighbourhoodRow.id)
        .where(condition)
        .order_by(PostcodeRangeRow.start)
        .limit(1)
    ).first()
    return Place(row[0], row[1]) if row else None


_SPEAKS = aliased(ServiceLanguageRow)
_LOCAL = aliased(ServiceAreaRow)
_CANDIDATES = (
    select(
        ServiceTopicRow.service_id,
        ServiceTopicRow.position,
        ServiceRow.area,
        _SPEAKS.language.is_not(None).label("speaks"),
        _LOCAL.neighbourhood_id.is_not(None).label("local"),
    )
    .join(ServiceRow, ServiceRow.id == ServiceTopicRow.service_id)
    .outerjoin(
        _SPEAKS,
        and_(_SPEAKS.service_id == ServiceRow.id, _SPEAKS.language == bindparam("language")),
    )
    .outerjoin(
        _LOCAL,
        and_(
            _LOCAL.service_id == ServiceRow.id,
            _LOCAL.neighbourhood_id == bindparam("neighbourhood"),
        ),
    )
    .where(
        ServiceTopicRow.topic_id == bindparam("topic"),
        ServiceRow.status == "active",
        # A buurthuis in another neighbourhood is not for this resident (unknown: all).
        or_(
            bindparam("neighbourhood").is_(None),
            ServiceRow.area != "neighbourhoods",
            _LOCAL.neighbourhood_id.is_not(None),
        ),
    )
)
# The order of core.catalogue.ranking.rank, in SQL, so that only one page of rows travels;
# tests/adapters/db/test_catalogue_lookup.py checks that both orders agree.
_RANKED = _CANDIDATES.order_by(
    _SPEAKS.language.is_(None),
    _LOCAL.neighbourhood_id.is_(None),
    and_(ServiceRow.area == "neighbourhoods", _LOCAL.neighbourhood_id.is_(None)),
    ServiceTopicRow.position != 0,
    ServiceRow.area == "national",
    ServiceTopicRow.service_id,
).limit(bindparam("limit"))


def _params(topic: str, language: str, neighbourhood: str | None) -> dict[str, object]:
    return {"topic": topic, "language": language, "neighbourhood": neighbourhood}


def candidates(
    session: Session, topic: str, language: str, neighbourhood: str | None
) -> list[Candidate]:
    """Active services with `topic` that a resident of `neighbourhood` may use."""
    # Core execution of a prebuilt statement: this runs for every answer.
    rows = session.connection().execute(_CANDIDATES, _params(topic, language, neighbourhood))
    return [
        Candidate(
            service_id=row[0],
            main_topic=row[1] == 0,
            speaks_language=bool(row[3]),
            local=bool(row[4]),
            national=row[2] == "national",
            bound=row[2] == "neighbourhoods",
        )
        for row in rows
    ]


def ranked_services(
    session: Session, topic: str, language: str, neighbourhood: str | None, limit: int = 50
) -> list[str]:
    """Ids of the services for a topic, best first for this resident (see `rank`)."""
    params = {**_params(topic, language, neighbourhood), "limit": limit}
    return [row[0] for row in session.connection().execute(_RANKED, params)]


def cards(session: Session, service_ids: Sequence[str], language: str) -> list[ServiceCard]:
    """Answer cards for `service_ids`, in that order, with texts in `language` and Dutch."""
    if not service_ids:
        return []
    ids = list(service_ids)
    connection = session.connection()  # Core: five small queries, no ORM bookkeeping
    heads = connection.execute(
        select(
            ServiceRow.id,
            ServiceRow.area,
            ServiceRow.url,
            ServiceRow.email,
            ServiceRow.interpretation,
            OrganizationRow.name,
            LocationRow.id,
            LocationRow.name,
            LocationRow.street,
            LocationRow.postcode,
            LocationRow.city,
        )
        .join(OrganizationRow, OrganizationRow.id == ServiceRow.organization_id)
        .outerjoin(LocationRow, LocationRow.id == ServiceRow.location_id)
        .where(ServiceRow.id.in_(ids))
    ).all()
    texts: dict[str, dict[str, ServiceText]] = defaultdict(dict)
    for t in connection.execute(
        select(ServiceTextRow).where(
            ServiceTextRow.service_id.in_(ids), ServiceTextRow.language.in_({language, "nl"})
        )
    ):
        texts[t.service_id][t.language] = ServiceText(
            t.name,
            t.description,
            t.eligibility,
            t.how_to_apply,
            t.fees,
            TranslationState(t.state),
            t.source_hash,
        )
    phones: dict[str, list[Phone]] = defaultdict(list)
    for p in connection.execute(
        select(PhoneRow.service_id, PhoneRow.number, PhoneRow.description)
        .where(PhoneRow.service_id.in_(ids))
        .order_by(PhoneRow.position)
    ):
        phones[p.service_id].append(Phone(p.number, p.description))
    hours: dict[str, list[OpeningHours]] = defaultdict(list)
    for h in connection.execute(
        select(
            OpeningHoursRow.service_id,
            OpeningHoursRow.days,
            OpeningHoursRow.opens,
            OpeningHoursRow.closes,
        )
        .where(OpeningHoursRow.service_id.in_(ids))
        .order_by(OpeningHoursRow.position)
    ):
        hours[h.service_id].append(OpeningHours(tuple(h.days.split(",")), h.opens, h.closes))
    languages: dict[str, list[str]] = defaultdict(list)
    for lang in connection.execute(
        select(ServiceLanguageRow.service_id, ServiceLanguageRow.language)
        .where(ServiceLanguageRow.service_id.in_(ids))
        .order_by(ServiceLanguageRow.position)
    ):
        languages[lang.service_id].append(lang.language)
    by_id = {}
    for head in heads:
        sid = head[0]
        location = (
            Location(head[6], head[7], Address(head[8], head[9], head[10])) if head[6] else None
        )
        by_id[sid] = ServiceCard(
            service_id=sid,
            texts=texts[sid],
            organization=head[5],
            location=location,
            phones=tuple(phones[sid]),
            hours=tuple(hours[sid]),
            languages=tuple(languages[sid]),
            interpretation=head[4],
            url=head[2],
            email=head[3],
            national=head[1] == "national",
        )
    return [by_id[sid] for sid in ids if sid in by_id and "nl" in by_id[sid].texts]


def wijkteam(session: Session, team_id: str) -> Wijkteam | None:
    """One wijkteam with its neighbourhoods, texts and hours."""
    row = session.scalars(
        select(WijkteamRow)
        .where(WijkteamRow.id == team_id)
        .options(
            selectinload(WijkteamRow.neighbourhoods).selectinload(NeighbourhoodRow.postcodes),
            selectinload(WijkteamRow.texts),
            selectinload(WijkteamRow.hours),
        )
    ).first()
    return wijkteam_from_row(row) if row else None


class CardCache:
    """Answer cards kept in memory for a short while: the catalogue changes only on import.

    Every answer would otherwise read the same few services again. After an import, other
    processes see the new texts within `ttl` seconds; the importing process can `clear()`.
    """

    def __init__(self, ttl: float = 60.0, size: int = 5000) -> None:
        self._ttl = ttl
        self._size = size
        self._cards: dict[tuple[str, str], tuple[float, ServiceCard]] = {}

    def cards(
        self, session: Session, service_ids: Sequence[str], language: str
    ) -> list[ServiceCard]:
        """Like `cards`, from memory where fresh."""
        now = time.monotonic()
        found: dict[str, ServiceCard] = {}
        for sid in service_ids:
            entry = self._cards.get((sid, language))
            if entry is not None and now - entry[0] < self._ttl:
                found[sid] = entry[1]
        missing = [sid for sid in service_ids if sid not in found]
        if missing:
            if len(self._cards) >= self._size:
                self._cards.clear()  # simple and bounded; a refill costs one lookup each
            for card in cards(session, missing, language):
                self._cards[(card.service_id, language)] = (now, card)
                found[card.service_id] = card
        return [found[sid] for sid in service_ids if sid in found]

    def clear(self) -> None:
        self._cards.clear()
