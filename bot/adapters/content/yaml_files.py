"""The editors' YAML files (content/) to catalogue types and back.

One file per organisation, service and wijkteam, so that an editor's change is one small diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.adapters.content.reader import Reader
from bot.core.catalogue.model import (
    SERVICE_TEXT_FIELDS,
    WEEKDAYS,
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
from bot.core.catalogue.validation import Problem, validate
from bot.core.errors import ContentError
from bot.core.languages import CODES

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STORED_STATES = (TranslationState.MACHINE, TranslationState.REVIEWED)


class LoadedCatalogue:
    """A catalogue read from files, remembering which file each item came from."""

    def __init__(self, catalogue: Catalogue, sources: dict[tuple[str, str], str]) -> None:
        self.catalogue = catalogue
        self.sources = sources

    def problems(self) -> list[ContentError]:
        """Validation problems as errors that name the file and the field."""
        return [self._locate(p) for p in validate(self.catalogue)]

    def _locate(self, problem: Problem) -> ContentError:
        file = self.sources.get((problem.kind, problem.id)) or self.sources.get(
            (problem.kind, ""), "?"
        )
        return ContentError(file, problem.field, problem.message)


def load(directory: Path) -> LoadedCatalogue:
    """Read `directory`; raises ContentError on the first file that cannot be read."""
    if not directory.is_dir():
        raise ContentError(str(directory), "", "is not a directory")
    sources: dict[tuple[str, str], str] = {}
    municipality_file = directory / "municipality.yml"
    municipality = _municipality(_read(municipality_file))
    sources[("municipality", "")] = str(municipality_file)
    topics_file = directory / "topics.yml"
    labels = _topic_labels(_read(topics_file)) if topics_file.exists() else {}
    sources[("topics", "")] = str(topics_file)
    organizations = []
    for path, reader in _files(directory / "organizations"):
        org = _organization(reader)
        organizations.append(org)
        _remember(sources, "organization", org.id, path, reader)
    services = []
    for path, reader in _files(directory / "services"):
        service = _service(reader)
        services.append(service)
        _remember(sources, "service", service.id, path, reader)
    wijkteams = []
    for path, reader in _files(directory / "wijkteams"):
        team = _wijkteam(reader)
        wijkteams.append(team)
        _remember(sources, "wijkteam", team.id, path, reader)
        for index, hood in enumerate(team.neighbourhoods):
            _remember(
                sources, "neighbourhood", hood.id, path, reader.items("neighbourhoods")[index]
            )
    catalogue = Catalogue(
        municipality, labels, tuple(organizations), tuple(services), tuple(wijkteams)
    )
    return LoadedCatalogue(catalogue, sources)


def _remember(
    sources: dict[tuple[str, str], str], kind: str, identifier: str, path: Path, reader: Reader
) -> None:
    """Record where an item is defined; a second definition of the same id is an error here."""
    if (kind, identifier) in sources:
        first = sources[(kind, identifier)]
        raise reader.error("id", f"duplicate id '{identifier}' (also in {first})")
    sources[(kind, identifier)] = str(path)


def _read(path: Path) -> Reader:
    try:
        # The C loader (libyaml) reads a 5,000-service catalogue about ten times faster.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        raise ContentError(str(path), "", "file is missing") from None
    except UnicodeDecodeError:
        raise ContentError(str(path), "", "is not UTF-8 text") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or "invalid YAML"
        raise ContentError(str(path), where, f"invalid YAML: {reason}") from None
    return Reader(data, str(path))


def _files(folder: Path) -> Iterator[tuple[Path, Reader]]:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.y*ml")):
        reader = _read(path)
        identifier = reader.text("id")
        if not _ID.match(identifier):
            raise reader.error("id", "use lowercase letters, digits and '-'")
        if identifier != path.stem:
            raise reader.error("id", f"'{identifier}' must equal the file name '{path.stem}'")
        yield path, reader


def _municipality(reader: Reader) -> Municipality:
    notices = {}
    texts = reader.mapping("texts")
    for code in texts.data:
        notices[str(code)] = texts.mapping(str(code)).text("notice")
    return Municipality(
        id=reader.text("id"),
        name=reader.text("name"),
        fictional=reader.boolean("fictional", default=False),
        phone=reader.text("phone"),
        url=reader.optional_text("url"),
        email=reader.optional_text("email"),
        notices=notices,
    )


def _topic_labels(reader: Reader) -> dict[str, dict[str, str]]:
    topics = reader.mapping("topics")
    labels: dict[str, dict[str, str]] = {}
    for topic in topics.data:
        entry = topics.mapping(str(topic))
        labels[str(topic)] = {str(code): entry.text(str(code)) for code in entry.data}
    return labels


def _phones(reader: Reader, name: str = "phones") -> tuple[Phone, ...]:
    return tuple(
        Phone(p.text("number"), p.optional_text("description")) for p in reader.items(name)
    )


def _hours(reader: Reader, name: str) -> tuple[OpeningHours, ...]:
    result = []
    for item in reader.items(name):
        days = item.strings("days")
        bad = [d for d in days if d not in WEEKDAYS]
        if not days or bad:
            raise item.error("days", f"use day names {' '.join(WEEKDAYS)}")
        opens, closes = item.time("opens"), item.time("closes")
        if opens >= closes:
            raise item.error("closes", "must be later than opens")
        result.append(OpeningHours(days, opens, closes))
    return tuple(result)


def _address(reader: Reader) -> Address:
    return Address(reader.text("street"), reader.text("postcode"), reader.text("city"))


def _organization(reader: Reader) -> Organization:
    locations = tuple(
        Location(loc.text("id"), loc.text("name"), _address(loc.mapping("address")))
        for loc in reader.items("locations")
    )
    return Organization(
        id=reader.text("id"),
        name=reader.text("name"),
        description=reader.text("description"),
        url=reader.optional_text("url"),
        email=reader.optional_text("email"),
        phones=_phones(reader),
        locations=locations,
    )


def _state(reader: Reader, code: str) -> TranslationState:
    raw = reader.optional_text("state")
    if code == "nl" or raw is None:
        return TranslationState.MACHINE if code != "nl" else TranslationState.REVIEWED
    if raw not in STORED_STATES:
        raise reader.error("state", "must be 'machine' or 'reviewed' (outdated is derived)")
    return TranslationState(raw)


def _service_texts(reader: Reader) -> dict[str, ServiceText]:
    texts = reader.mapping("texts")
    result = {}
    for code in texts.data:
        entry = texts.mapping(str(code))
        result[str(code)] = ServiceText(
            name=entry.text("name"),
            description=entry.text("description"),
            eligibility=entry.optional_text("eligibility"),
            how_to_apply=entry.optional_text("how_to_apply"),
            fees=entry.optional_text("fees"),
            state=_state(entry, str(code)),
            source=entry.optional_text("source"),
        )
    return result


def _area(reader: Reader) -> Area | tuple[str, ...]:
    raw = reader.data.get("area", Area.MUNICIPALITY.value)
    if isinstance(raw, str):
        if raw not in (Area.MUNICIPALITY, Area.NATIONAL):
            raise reader.error("area", "must be municipality, national or a list of neighbourhoods")
        return Area(raw)
    hoods = reader.strings("area")
    if not hoods:
        raise reader.error("area", "lists no neighbourhood")
    return hoods


def _service(reader: Reader) -> Service:
    return Service(
        id=reader.text("id"),
        organization=reader.text("organization"),
        topics=reader.strings("topics"),
        texts=_service_texts(reader),
        status=reader.optional_text("status") or "active",
        area=_area(reader),
        location=reader.optional_text("location"),
        url=reader.optional_text("url"),
        email=reader.optional_text("email"),
        phones=_phones(reader),
        hours=_hours(reader, "hours"),
        languages=reader.strings("languages") or ("nl",),
        interpretation=reader.boolean("interpretation", default=False),
        assured_date=reader.date("assured_date"),
        assurer_email=reader.optional_text("assurer_email"),
    )


def _neighbourhood(reader: Reader) -> Neighbourhood:
    ranges = []
    raw = reader.data.get("postcodes")
    if not isinstance(raw, list) or not raw:
        raise reader.error("postcodes", "must be a list of [start, end] pairs")
    for index, pair in enumerate(raw):
        field = f"postcodes[{index}]"
        if not isinstance(pair, list) or len(pair) != 2:
            raise reader.error(field, f"must be a [start, end] pair, not {pair!r}")
        try:
            ranges.append(PostcodeRange.parse(str(pair[0]), str(pair[1])))
        except ValueError as error:
            raise reader.error(field, str(error)) from None
    return Neighbourhood(reader.text("id"), reader.text("name"), tuple(ranges))


def _wijkteam(reader: Reader) -> Wijkteam:
    texts = reader.mapping("texts")
    team_texts = {}
    for code in texts.data:
        entry = texts.mapping(str(code))
        team_texts[str(code)] = WijkteamText(
            entry.text("about"), _state(entry, str(code)), entry.optional_text("source")
        )
    return Wijkteam(
        id=reader.text("id"),
        name=reader.text("name"),
        phone=reader.text("phone"),
        email=reader.text("email"),
        address=_address(reader.mapping("address")),
        telegram_group_id=reader.integer("telegram_group_id"),
        neighbourhoods=tuple(_neighbourhood(h) for h in reader.items("neighbourhoods")),
        texts=team_texts,
        walk_in=_hours(reader, "walk_in"),
        hours=_hours(reader, "hours"),
    )


# -- writing ------------------------------------------------------------------------------------


def dump(catalogue: Catalogue, directory: Path) -> None:
    """Write `catalogue` as editor files; translations carry the fingerprint of their source."""
    for folder in ("organizations", "services", "wijkteams"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    _write(directory / "municipality.yml", _municipality_doc(catalogue))
    _write(directory / "topics.yml", {"topics": catalogue.topic_labels})
    for org in catalogue.organizations:
        _write(directory / "organizations" / f"{org.id}.yml", _organization_doc(org))
    for service in catalogue.services:
        _write(directory / "services" / f"{service.id}.yml", _service_doc(service))
    for team in catalogue.wijkteams:
        _write(directory / "wijkteams" / f"{team.id}.yml", _wijkteam_doc(team))


def _write(path: Path, document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def _compact(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if v not in (None, [], {}, ())}


def _municipality_doc(catalogue: Catalogue) -> dict[str, Any]:
    m = catalogue.municipality
    texts = {code: {"notice": m.notices[code]} for code in _ordered(m.notices)}
    return _compact(
        {
            "id": m.id,
            "name": m.name,
            "fictional": m.fictional,
            "phone": m.phone,
            "url": m.url,
            "email": m.email,
            "texts": texts,
        }
    )


def _ordered(codes: Any) -> list[str]:
    return sorted(codes, key=lambda c: (CODES.index(c) if c in CODES else len(CODES), c))


def _phones_doc(phones: tuple[Phone, ...]) -> list[dict[str, str]]:
    return [_compact({"number": p.number, "description": p.description}) for p in phones]


def _hours_doc(hours: tuple[OpeningHours, ...]) -> list[dict[str, Any]]:
    return [{"days": list(h.days), "opens": h.opens, "closes": h.closes} for h in hours]


def _address_doc(address: Address) -> dict[str, str]:
    return {"street": address.street, "postcode": address.postcode, "city": address.city}


def _organization_doc(org: Organization) -> dict[str, Any]:
    locations = [
        {"id": loc.id, "name": loc.name, "address": _address_doc(loc.address)}
        for loc in org.locations
    ]
    return _compact(
        {
            "id": org.id,
            "name": org.name,
            "description": org.description,
            "url": org.url,
            "email": org.email,
            "phones": _phones_doc(org.phones),
            "locations": locations,
        }
    )


def _text_doc(
    code: str, fields: dict[str, Any], state: TranslationState, source: str | None
) -> dict[str, Any]:
    if code == "nl":
        return _compact(fields)
    return _compact({"state": state.value, **fields, "source": source})


def _service_doc(service: Service) -> dict[str, Any]:
    dutch = service.texts.get("nl")
    texts = {}
    for code in _ordered(service.texts):
        text = service.texts[code]
        fields = {f: getattr(text, f) for f in SERVICE_TEXT_FIELDS}
        # A translation without a recorded source was made from the current Dutch text.
        source = text.source or (dutch.fingerprint() if dutch else None)
        texts[code] = _text_doc(code, fields, text.state, source)
    area = service.area.value if isinstance(service.area, Area) else list(service.area)
    return _compact(
        {
            "id": service.id,
            "organization": service.organization,
            "status": service.status,
            "topics": list(service.topics),
            "area": area,
            "location": service.location,
            "url": service.url,
            "email": service.email,
            "phones": _phones_doc(service.phones),
            "hours": _hours_doc(service.hours),
            "languages": list(service.languages),
            "interpretation": service.interpretation,
            "assured_date": service.assured_date,
            "assurer_email": service.assurer_email,
            "texts": texts,
        }
    )


def _wijkteam_doc(team: Wijkteam) -> dict[str, Any]:
    dutch = team.texts.get("nl")
    texts = {}
    for code in _ordered(team.texts):
        text = team.texts[code]
        source = text.source or (dutch.fingerprint() if dutch else None)
        texts[code] = _text_doc(code, {"about": text.about}, text.state, source)
    hoods = [
        {"id": h.id, "name": h.name, "postcodes": [list(r.as_pair()) for r in h.postcodes]}
        for h in team.neighbourhoods
    ]
    return _compact(
        {
            "id": team.id,
            "name": team.name,
            "phone": team.phone,
            "email": team.email,
            "address": _address_doc(team.address),
            "walk_in": _hours_doc(team.walk_in),
            "hours": _hours_doc(team.hours),
            "telegram_group_id": team.telegram_group_id,
            "neighbourhoods": hoods,
            "texts": texts,
        }
    )
