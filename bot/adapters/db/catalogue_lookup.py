"""The queries behind an answer: which neighbourhood a postcode is in, which services fit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, selectinload

from bot.adapters.db.catalogue_repository import service as service_from_row
from bot.adapters.db.models import (
    NeighbourhoodRow,
    PostcodeRangeRow,
    ServiceAreaRow,
    ServiceLanguageRow,
    ServiceRow,
    ServiceTopicRow,
)
from bot.core.catalogue.model import Address, Location
from bot.core.catalogue.postcode import Postcode
from bot.core.catalogue.ranking import Candidate, ServiceCard, rank


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
        condition = and_(PostcodeRangeRow.start <= postcode.key, PostcodeRangeRow.end >= postcode.key)
    row = session.execute(
        select(NeighbourhoodRow.id, NeighbourhoodRow.wijkteam_id)
        .join(PostcodeRangeRow, PostcodeRangeRow.neighbourhood_id == NeighbourhoodRow.id)
        .where(condition)
        .order_by(PostcodeRangeRow.start)
        .limit(1)
    ).first()
    return Place(row[0], row[1]) if row else None


def candidates(
    session: Session, topic: str, language: str, neighbourhood: str | None
) -> list[Candidate]:
    """Active services with `topic` that a resident of `neighbourhood` may use."""
    speaks = exists().where(
        ServiceLanguageRow.service_id == ServiceRow.id, ServiceLanguageRow.language == language
    )
    local = exists().where(
        ServiceAreaRow.service_id == ServiceRow.id, ServiceAreaRow.neighbourhood_id == neighbourhood
    )
    query = (
        select(ServiceRow.id, ServiceTopicRow.position, ServiceRow.area, speaks, local)
        .join(ServiceTopicRow, ServiceTopicRow.service_id == ServiceRow.id)
        .where(ServiceTopicRow.topic_id == topic, ServiceRow.status == "active")
    )
    if neighbourhood is not None:
        # A buurthuis in another neighbourhood is not for this resident.
        query = query.where((ServiceRow.area != "neighbourhoods") | local)
    return [
        Candidate(
            service_id=row[0],
            main_topic=row[1] == 0,
            speaks_language=bool(row[3]),
            local=bool(row[4]),
            national=row[2] == "national",
            bound=row[2] == "neighbourhoods",
        )
        for row in session.execute(query)
    ]


def ranked_services(
    session: Session, topic: str, language: str, neighbourhood: str | None
) -> list[str]:
    """Ids of the services for a topic, best first for this resident."""
    return rank(candidates(session, topic, language, neighbourhood))


def cards(session: Session, service_ids: Sequence[str]) -> list[ServiceCard]:
    """Answer cards for `service_ids`, in that order."""
    if not service_ids:
        return []
    rows = session.scalars(
        select(ServiceRow)
        .where(ServiceRow.id.in_(service_ids))
        .options(
            selectinload(ServiceRow.texts),
            selectinload(ServiceRow.topics),
            selectinload(ServiceRow.languages),
            selectinload(ServiceRow.neighbourhoods),
            selectinload(ServiceRow.phones),
            selectinload(ServiceRow.hours),
            selectinload(ServiceRow.organization),
            selectinload(ServiceRow.location),
        )
    ).all()
    by_id = {row.id: row for row in rows}
    result = []
    for service_id in service_ids:
        row = by_id.get(service_id)
        if row is None:
            continue
        loc = row.location
        location = (
            Location(loc.id, loc.name, Address(loc.street, loc.postcode, loc.city)) if loc else None
        )
        result.append(ServiceCard(service_from_row(row), row.organization.name, location))
    return result
