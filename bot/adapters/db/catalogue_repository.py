"""Reading and writing the catalogue; callers own the transaction (commit at the boundary)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, insert, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from bot.adapters.db.models import (
    Base,
    LocationRow,
    MunicipalityNoticeRow,
    MunicipalityRow,
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
    TopicLabelRow,
    TopicRow,
    WijkteamRow,
    WijkteamTextRow,
)
from bot.adapters.db.session import insert_for
from bot.core.catalogue.model import (
    SERVICE_TEXT_FIELDS,
    Address,
    Area,
    Catalogue,
    Location,
    Municipality,
    Neighbourhood,
    OpeningHours,
    Organization,
    Phone,
    Service,
    ServiceText,
    TranslationState,
    Wijkteam,
    WijkteamText,
)
from bot.core.catalogue.postcode import PostcodeRange
from bot.core.topics import taxonomy

T = TypeVar("T")


def save(session: Session, catalogue: Catalogue, prune: bool = False) -> dict[str, int]:
    """Insert or update everything in `catalogue`; with `prune`, delete what it no longer has.

    Returns counts of items written per kind.
    """
    _save_topics(session, catalogue.topic_labels)
    _save_municipality(session, catalogue.municipality)
    organizations = {o.id: o for o in session.scalars(select(OrganizationRow))}
    for org in catalogue.organizations:
        _save_organization(session, organizations.get(org.id), org)
    session.flush()
    teams = {t.id: t for t in session.scalars(select(WijkteamRow).options(_team_load()))}
    for team in catalogue.wijkteams:
        _save_wijkteam(session, teams.get(team.id), team)
    session.flush()
    _save_services(session, catalogue.services)
    if prune:
        _prune(session, catalogue)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Fresh statistics after a bulk write, or the planner guesses badly for a while.
        session.execute(sql("ANALYZE"))
    return {
        "organizations": len(catalogue.organizations),
        "services": len(catalogue.services),
        "wijkteams": len(catalogue.wijkteams),
        "neighbourhoods": len(catalogue.neighbourhoods()),
    }


def _prune(session: Session, catalogue: Catalogue) -> None:
    keep_services = [s.id for s in catalogue.services]
    session.execute(delete(ServiceRow).where(ServiceRow.id.not_in(keep_services)))
    keep_teams = [t.id for t in catalogue.wijkteams]
    session.execute(delete(WijkteamRow).where(WijkteamRow.id.not_in(keep_teams)))
    keep_orgs = [o.id for o in catalogue.organizations]
    session.execute(delete(OrganizationRow).where(OrganizationRow.id.not_in(keep_orgs)))


def _save_topics(session: Session, labels: dict[str, dict[str, str]]) -> None:
    rows = {
        t.id: t for t in session.scalars(select(TopicRow).options(selectinload(TopicRow.labels)))
    }
    for position, topic in enumerate(taxonomy().topics):
        row = rows.get(topic.id)
        if row is None:
            row = TopicRow(id=topic.id)
            session.add(row)
        row.crisis = topic.crisis
        row.position = position
        wanted = labels.get(topic.id, {})
        current = {label.language: label for label in row.labels}
        for code, text in wanted.items():
            if code in current:
                current[code].label = text
            else:
                row.labels.append(TopicLabelRow(language=code, label=text))
        row.labels = [label for label in row.labels if label.language in wanted]


def _save_municipality(session: Session, municipality: Municipality) -> None:
    row = session.get(MunicipalityRow, municipality.id)
    if row is None:
        row = MunicipalityRow(id=municipality.id)
        session.add(row)
    row.name = municipality.name
    row.fictional = municipality.fictional
    row.phone = municipality.phone
    row.url = municipality.url
    row.email = municipality.email
    row.notices = [
        MunicipalityNoticeRow(language=code, notice=text)
        for code, text in municipality.notices.items()
    ]


def _phone_rows(phones: Iterable[Phone]) -> list[PhoneRow]:
    return [
        PhoneRow(position=i, number=p.number, description=p.description)
        for i, p in enumerate(phones)
    ]


def _hours_rows(hours: Iterable[OpeningHours], kind: str) -> list[OpeningHoursRow]:
    return [
        OpeningHoursRow(
            kind=kind, position=i, days=",".join(h.days), opens=h.opens, closes=h.closes
        )
        for i, h in enumerate(hours)
    ]


def _save_organization(session: Session, row: OrganizationRow | None, org: Organization) -> None:
    if row is None:
        row = OrganizationRow(id=org.id)
        session.add(row)
    row.name = org.name
    row.description = org.description
    row.url = org.url
    row.email = org.email
    row.phones = _phone_rows(org.phones)
    row.locations = [
        LocationRow(
            id=loc.id,
            position=i,
            name=loc.name,
            street=loc.address.street,
            postcode=loc.address.postcode,
            city=loc.address.city,
        )
        for i, loc in enumerate(org.locations)
    ]


def _save_wijkteam(session: Session, row: WijkteamRow | None, team: Wijkteam) -> None:
    if row is None:
        row = WijkteamRow(id=team.id)
        session.add(row)
    row.name = team.name
    row.phone = team.phone
    row.email = team.email
    row.street = team.address.street
    row.postcode = team.address.postcode
    row.city = team.address.city
    row.telegram_group_id = team.telegram_group_id
    row.hours = _hours_rows(team.hours, "open") + _hours_rows(team.walk_in, "walk_in")
    row.neighbourhoods = [
        NeighbourhoodRow(
            id=hood.id,
            position=i,
            name=hood.name,
            postcodes=[
                PostcodeRangeRow(position=j, start=r.start, end=r.end)
                for j, r in enumerate(hood.postcodes)
            ],
        )
        for i, hood in enumerate(team.neighbourhoods)
    ]
    dutch = team.texts.get("nl")
    current = {t.language: t for t in row.texts}
    for code, text in team.texts.items():
        text_row = current.get(code)
        if text_row is None:
            text_row = WijkteamTextRow(language=code)
            row.texts.append(text_row)
        changed = text_row.about != text.about
        text_row.about = text.about
        text_row.state = text.state.value
        text_row.source_hash = _source(code, text.source, changed, text_row.source_hash, dutch)
    row.texts = [t for t in row.texts if t.language in team.texts]


def _source(
    code: str,
    given: str | None,
    changed: bool,
    stored: str | None,
    dutch: ServiceText | WijkteamText | None,
) -> str | None:
    """Which Dutch text a translation was made from."""
    if code == "nl" or dutch is None:
        return None  # the source itself
    if given is not None:
        return given  # the editor's file says it (exported files carry it)
    if not changed and stored is not None:
        return stored  # same translation as before: it still stems from the older Dutch text
    # A new or rewritten translation without a fingerprint was made from today's Dutch text.
    return dutch.fingerprint()


def _save_services(session: Session, services: Sequence[Service]) -> None:
    """Upsert services with set-based statements: a 5,000-service catalogue in seconds.

    Child rows of the imported services are replaced wholesale; only the translation
    fingerprints of unchanged texts are carried over (see `_source`).
    """
    ids = [s.id for s in services]
    stored: dict[tuple[str, str], ServiceTextRow] = {}
    for chunk in _chunks(ids):
        for text_row in session.scalars(
            select(ServiceTextRow).where(ServiceTextRow.service_id.in_(chunk))
        ):
            stored[(text_row.service_id, text_row.language)] = text_row
    session.expunge_all()  # the rows below are written with Core; no stale ORM copies
    for table in (ServiceTopicRow, ServiceLanguageRow, ServiceAreaRow, ServiceTextRow):
        for chunk in _chunks(ids):
            session.execute(delete(table).where(table.service_id.in_(chunk)))
    for chunk in _chunks(ids):
        session.execute(delete(PhoneRow).where(PhoneRow.service_id.in_(chunk)))
        session.execute(delete(OpeningHoursRow).where(OpeningHoursRow.service_id.in_(chunk)))
    rows = [_service_values(s) for s in services]
    if rows:
        statement = insert_for(session, ServiceRow)
        update = {c: statement.excluded[c] for c in rows[0] if c != "id"}
        for batch in _chunks(rows):
            session.execute(
                statement.on_conflict_do_update(index_elements=["id"], set_=update), batch
            )
    children: dict[type[Base], list[dict[str, Any]]] = {
        ServiceTopicRow: [],
        ServiceLanguageRow: [],
        ServiceAreaRow: [],
        ServiceTextRow: [],
        PhoneRow: [],
        OpeningHoursRow: [],
    }
    for service in services:
        sid = service.id
        children[ServiceTopicRow] += [
            {"service_id": sid, "topic_id": t, "position": i} for i, t in enumerate(service.topics)
        ]
        children[ServiceLanguageRow] += [
            {"service_id": sid, "language": c, "position": i}
            for i, c in enumerate(service.languages)
        ]
        if not isinstance(service.area, Area):
            children[ServiceAreaRow] += [
                {"service_id": sid, "neighbourhood_id": h, "position": i}
                for i, h in enumerate(service.area)
            ]
        children[PhoneRow] += [
            {
                "service_id": sid,
                "organization_id": None,
                "position": i,
                "number": p.number,
                "description": p.description,
            }
            for i, p in enumerate(service.phones)
        ]
        children[OpeningHoursRow] += [
            {
                "service_id": sid,
                "wijkteam_id": None,
                "kind": "open",
                "position": i,
                "days": ",".join(h.days),
                "opens": h.opens,
                "closes": h.closes,
            }
            for i, h in enumerate(service.hours)
        ]
        dutch = service.texts.get("nl")
        for code, text in service.texts.items():
            before = stored.get((sid, code))
            changed = before is None or any(
                getattr(before, f) != getattr(text, f) for f in SERVICE_TEXT_FIELDS
            )
            previous = before.source_hash if before is not None else None
            children[ServiceTextRow].append(
                {
                    "service_id": sid,
                    "language": code,
                    "state": text.state.value,
                    "source_hash": _source(code, text.source, changed, previous, dutch),
                    **{f: getattr(text, f) for f in SERVICE_TEXT_FIELDS},
                }
            )
    for child, values in children.items():
        for batch in _chunks(values):
            session.execute(insert(child), batch)


def _chunks(items: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _service_values(service: Service) -> dict[str, Any]:
    return {
        "id": service.id,
        "organization_id": service.organization,
        "status": service.status,
        "area": service.area.value if isinstance(service.area, Area) else "neighbourhoods",
        "location_id": service.location,
        "url": service.url,
        "email": service.email,
        "interpretation": service.interpretation,
        "assured_date": service.assured_date,
        "assurer_email": service.assurer_email,
    }


def _service_load() -> Sequence[ExecutableOption]:
    return (
        selectinload(ServiceRow.topics),
        selectinload(ServiceRow.languages),
        selectinload(ServiceRow.neighbourhoods),
        selectinload(ServiceRow.texts),
        selectinload(ServiceRow.phones),
        selectinload(ServiceRow.hours),
    )


def _team_load() -> ExecutableOption:
    return selectinload(WijkteamRow.neighbourhoods).selectinload(NeighbourhoodRow.postcodes)


# -- reading -------------------------------------------------------------------------------------


def load(session: Session) -> Catalogue:
    """The whole catalogue as core types (for export and for the dialogue's caches)."""
    municipality_row = session.scalars(select(MunicipalityRow)).first()
    if municipality_row is None:
        raise LookupError("the catalogue is empty: run 'wijkwijzer content import content/'")
    municipality = Municipality(
        id=municipality_row.id,
        name=municipality_row.name,
        fictional=municipality_row.fictional,
        phone=municipality_row.phone,
        url=municipality_row.url,
        email=municipality_row.email,
        notices={n.language: n.notice for n in municipality_row.notices},
    )
    labels = {
        t.id: {label.language: label.label for label in t.labels}
        for t in session.scalars(
            select(TopicRow).options(selectinload(TopicRow.labels)).order_by(TopicRow.position)
        )
        if t.labels
    }
    organizations = tuple(
        _organization(o)
        for o in session.scalars(
            select(OrganizationRow)
            .options(selectinload(OrganizationRow.locations), selectinload(OrganizationRow.phones))
            .order_by(OrganizationRow.id)
        )
    )
    services = tuple(
        service(s)
        for s in session.scalars(
            select(ServiceRow).options(*_service_load()).order_by(ServiceRow.id)
        )
    )
    teams = tuple(
        wijkteam_from_row(t)
        for t in session.scalars(
            select(WijkteamRow)
            .options(_team_load(), selectinload(WijkteamRow.texts), selectinload(WijkteamRow.hours))
            .order_by(WijkteamRow.id)
        )
    )
    return Catalogue(municipality, labels, organizations, services, teams)


def _phones(rows: Iterable[PhoneRow]) -> tuple[Phone, ...]:
    return tuple(Phone(p.number, p.description) for p in rows)


def _hours(rows: Iterable[OpeningHoursRow], kind: str) -> tuple[OpeningHours, ...]:
    return tuple(
        OpeningHours(tuple(h.days.split(",")), h.opens, h.closes) for h in rows if h.kind == kind
    )


def _organization(row: OrganizationRow) -> Organization:
    return Organization(
        id=row.id,
        name=row.name,
        description=row.description,
        url=row.url,
        email=row.email,
        phones=_phones(row.phones),
        locations=tuple(
            Location(loc.id, loc.name, Address(loc.street, loc.postcode, loc.city))
            for loc in row.locations
        ),
    )


def service(row: ServiceRow) -> Service:
    """A service row (with its collections loaded) as a core Service."""
    area: Area | tuple[str, ...]
    if row.area == "neighbourhoods":
        area = tuple(a.neighbourhood_id for a in row.neighbourhoods)
    else:
        area = Area(row.area)
    texts = {
        t.language: ServiceText(
            name=t.name,
            description=t.description,
            eligibility=t.eligibility,
            how_to_apply=t.how_to_apply,
            fees=t.fees,
            state=TranslationState(t.state),
            source=t.source_hash,
        )
        for t in row.texts
    }
    return Service(
        id=row.id,
        organization=row.organization_id,
        topics=tuple(t.topic_id for t in row.topics),
        texts=texts,
        status=row.status,
        area=area,
        location=row.location_id,
        url=row.url,
        email=row.email,
        phones=_phones(row.phones),
        hours=_hours(row.hours, "open"),
        languages=tuple(lang.language for lang in row.languages),
        interpretation=row.interpretation,
        assured_date=row.assured_date,
        assurer_email=row.assurer_email,
    )


def wijkteam_from_row(row: WijkteamRow) -> Wijkteam:
    """A wijkteam row (with its collections loaded) as a core Wijkteam."""
    return Wijkteam(
        id=row.id,
        name=row.name,
        phone=row.phone,
        email=row.email,
        address=Address(row.street, row.postcode, row.city),
        telegram_group_id=row.telegram_group_id,
        neighbourhoods=tuple(
            Neighbourhood(h.id, h.name, tuple(PostcodeRange(r.start, r.end) for r in h.postcodes))
            for h in row.neighbourhoods
        ),
        texts={
            t.language: WijkteamText(t.about, TranslationState(t.state), t.source_hash)
            for t in row.texts
        },
        walk_in=_hours(row.hours, "walk_in"),
        hours=_hours(row.hours, "open"),
    )
