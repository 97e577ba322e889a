"""Open Referral HSDS 3.0: export the catalogue as `services.json`, import services from it.

HSDS has one text per field, so the export carries the Dutch source texts and lists the
languages the service is delivered in; the per-language texts stay in wijkwijzer's own format.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.catalogue.model import (
    WEEKDAYS,
    Address,
    Area,
    Catalogue,
    Location,
    OpeningHours,
    Organization,
    Phone,
    Service,
    ServiceText,
    TranslationState,
)
from bot.core.languages import BY_CODE, CODES
from bot.core.topics import taxonomy

NAMESPACE = uuid.UUID("6f1d3c1e-6a43-5b0e-9a57-0f5a2b1f7e21")
TAXONOMY = "wijkwijzer-topics"


def hsds_id(kind: str, identifier: str) -> str:
    """A stable UUID for a wijkwijzer id, so repeated exports keep their ids."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{identifier}"))


def export_services(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Every service as an HSDS 3.0 service object (compiled/service.json)."""
    organizations = {o.id: o for o in catalogue.organizations}
    hoods = {h.id: h.name for h in catalogue.neighbourhoods()}
    return [
        _service(s, organizations[s.organization], catalogue, hoods)
        for s in catalogue.services
        if s.organization in organizations
    ]


def _service(
    service: Service, org: Organization, catalogue: Catalogue, hoods: dict[str, str]
) -> dict[str, Any]:
    sid = hsds_id("service", service.id)
    dutch = service.texts["nl"]
    document: dict[str, Any] = {
        "id": sid,
        "organization_id": hsds_id("organization", org.id),
        "name": dutch.name,
        "description": dutch.description,
        "status": service.status,
        "organization": {
            "id": hsds_id("organization", org.id),
            "name": org.name,
            "description": org.description,
            **({"email": org.email} if org.email else {}),
            **({"website": org.url} if org.url else {}),
        },
        "phones": [_phone(p, sid, i) for i, p in enumerate(service.phones)],
        "schedules": [_schedule(h, sid, i) for i, h in enumerate(service.hours)],
        "service_areas": _areas(service, sid, catalogue, hoods),
        "languages": [
            {
                "id": hsds_id("language", f"{service.id}:{code}"),
                "service_id": sid,
                "code": code,
                "name": BY_CODE[code].name,
            }
            for code in service.languages
            if code in BY_CODE
        ],
        "attributes": [_topic_attribute(t, sid, catalogue) for t in service.topics],
        "service_at_locations": _locations(service, org, sid),
    }
    optional = {
        "url": service.url,
        "email": service.email,
        "eligibility_description": dutch.eligibility,
        "application_process": dutch.how_to_apply,
        "fees_description": dutch.fees,
        "interpretation_services": "Tolk mogelijk" if service.interpretation else None,
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "assurer_email": service.assurer_email,
    }
    document.update({k: v for k, v in optional.items() if v is not None})
    return document


def _phone(phone: Phone, sid: str, index: int) -> dict[str, Any]:
    result = {"id": hsds_id("phone", f"{sid}:{index}"), "service_id": sid, "number": phone.number}
    if phone.description:
        result["description"] = phone.description
    return result


def _schedule(hours: OpeningHours, sid: str, index: int) -> dict[str, Any]:
    return {
        "id": hsds_id("schedule", f"{sid}:{index}"),
        "service_id": sid,
        "freq": "WEEKLY",
        "byday": ",".join(d.upper() for d in hours.days),
        "opens_at": hours.opens,
        "closes_at": hours.closes,
    }


def _areas(
    service: Service, sid: str, catalogue: Catalogue, hoods: dict[str, str]
) -> list[dict[str, Any]]:
    if isinstance(service.area, Area):
        name = "Nederland" if service.area is Area.NATIONAL else catalogue.municipality.name
        return [
            {
                "id": hsds_id("area", f"{sid}:{service.area.value}"),
                "service_id": sid,
                "name": name,
                "description": service.area.value,
            }
        ]
    return [
        {
            "id": hsds_id("area", f"{sid}:{h}"),
            "service_id": sid,
            "name": hoods.get(h, h),
            "description": f"neighbourhood:{h}",
        }
        for h in service.area
    ]


def _topic_attribute(topic_id: str, sid: str, catalogue: Catalogue) -> dict[str, Any]:
    topic = taxonomy().get(topic_id)
    label = catalogue.topic_labels.get(topic_id, {}).get("nl") or (topic.nl if topic else topic_id)
    term_id = hsds_id("taxonomy_term", topic_id)
    return {
        "id": hsds_id("attribute", f"{sid}:{topic_id}"),
        "link_id": sid,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": topic_id,
            "name": label,
            "description": topic.en if topic else topic_id,
            "taxonomy": TAXONOMY,
            "language": "nl",
        },
    }


def _locations(service: Service, org: Organization, sid: str) -> list[dict[str, Any]]:
    location = next((loc for loc in org.locations if loc.id == service.location), None)
    if location is None:
        return []
    lid = hsds_id("location", location.id)
    return [
        {
            "id": hsds_id("service_at_location", f"{sid}:{location.id}"),
            "service_id": sid,
            "location_id": lid,
            "location": {
                "id": lid,
                "location_type": "physical",
                "organization_id": hsds_id("organization", org.id),
                "name": location.name,
                "addresses": [
                    {
                        "id": hsds_id("address", location.id),
                        "location_id": lid,
                        "address_1": location.address.street,
                        "city": location.address.city,
                        "state_province": "",
                        "postal_code": location.address.postcode,
                        "country": "NL",
                        "address_type": "physical",
                    }
                ],
            },
        }
    ]


# -- import --------------------------------------------------------------------------------------


@dataclass
class HsdsImport:
    """What an HSDS document yielded, and what did not fit wijkwijzer's model."""

    organizations: list[Organization] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    report: list[str] = field(default_factory=list)


_SLUG = re.compile(r"[^a-z0-9]+")
_KNOWN = {
    "id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "organization",
    "organization_id",
    "phones",
    "schedules",
    "languages",
    "attributes",
    "service_at_locations",
    "service_areas",
    "eligibility_description",
    "application_process",
    "fees_description",
    "assured_date",
    "assurer_email",
    "interpretation_services",
}


def services_from_document(data: object) -> list[Mapping[str, Any]]:
    """The service objects in an HSDS document: a service, a list, or a paginated list."""
    if isinstance(data, Mapping) and isinstance(data.get("contents"), list):
        data = data["contents"]
    if isinstance(data, Mapping):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(s, Mapping) for s in data):
        raise ValueError("expected an HSDS service object or a list of them")
    return [s for s in data if isinstance(s, Mapping)]


def import_services(
    documents: Iterable[Mapping[str, Any]],
    known_organizations: Iterable[str],
    language: str,
    default_topic: str | None,
) -> HsdsImport:
    """Map HSDS services to wijkwijzer services; every field that does not fit is reported."""
    if language not in CODES:
        raise ValueError(f"unknown language '{language}'")
    result = HsdsImport()
    organizations = set(known_organizations)
    topics = set(taxonomy().ids)
    for doc in documents:
        name = str(doc.get("name") or "").strip()
        sid = _slug(str(doc.get("id") or name))
        where = f"service {sid}"
        if not name or not doc.get("description"):
            result.report.append(f"{where}: skipped: HSDS requires a name and a description")
            continue
        org_id = _organization(doc, organizations, result)
        if org_id is None:
            result.report.append(f"{where}: skipped: its organization is not in the catalogue")
            continue
        codes = [
            str(a.get("taxonomy_term", {}).get("code") or "")
            for a in doc.get("attributes") or []
            if isinstance(a, Mapping)
        ]
        service_topics = [c for c in codes if c in topics]
        for code in codes:
            if code not in topics:
                result.report.append(f"{where}: taxonomy term '{code}' is not a wijkwijzer topic")
        if not service_topics and default_topic:
            service_topics = [default_topic]
        if not service_topics:
            result.report.append(f"{where}: skipped: no wijkwijzer topic (use --default-topic)")
            continue
        if language != "nl":
            result.report.append(
                f"{where}: skipped: texts are in '{language}', a Dutch text is required"
            )
            continue
        for key in sorted(set(doc) - _KNOWN):
            if doc.get(key) not in (None, "", [], {}):
                result.report.append(
                    f"{where}: field '{key}' has no place in wijkwijzer; not imported"
                )
        result.services.append(_service_from(doc, sid, org_id, service_topics, language))
    return result


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:80] or "service"


def _organization(doc: Mapping[str, Any], known: set[str], result: HsdsImport) -> str | None:
    org = doc.get("organization")
    if isinstance(org, Mapping) and org.get("name"):
        org_id = _slug(str(org.get("id") or org["name"]))
        if org_id not in known:
            locations = []
            for sal in doc.get("service_at_locations") or []:
                loc = sal.get("location") if isinstance(sal, Mapping) else None
                if isinstance(loc, Mapping):
                    address = (loc.get("addresses") or [{}])[0]
                    locations.append(
                        Location(
                            _slug(str(loc.get("id") or loc.get("name") or "location")),
                            str(loc.get("name") or org["name"]),
                            Address(
                                str(address.get("address_1") or ""),
                                str(address.get("postal_code") or ""),
                                str(address.get("city") or ""),
                            ),
                        )
                    )
            result.organizations.append(
                Organization(
                    id=org_id,
                    name=str(org["name"]),
                    description=str(org.get("description") or org["name"]),
                    url=org.get("website"),
                    email=org.get("email"),
                    locations=tuple(locations),
                )
            )
            known.add(org_id)
        return org_id
    org_id = _slug(str(doc.get("organization_id") or ""))
    return org_id if org_id in known else None


def _service_from(
    doc: Mapping[str, Any], sid: str, org_id: str, topics: list[str], language: str
) -> Service:
    text = ServiceText(
        name=str(doc["name"]),
        description=str(doc["description"]),
        eligibility=doc.get("eligibility_description"),
        how_to_apply=doc.get("application_process"),
        fees=doc.get("fees_description"),
        state=TranslationState.REVIEWED,
    )
    hours = []
    for schedule in doc.get("schedules") or []:
        days = [d.strip().lower()[:2] for d in str(schedule.get("byday") or "").split(",")]
        days = [d for d in days if d in WEEKDAYS]
        opens, closes = schedule.get("opens_at"), schedule.get("closes_at")
        if days and opens and closes:
            hours.append(OpeningHours(tuple(days), str(opens)[:5], str(closes)[:5]))
    languages = [
        str(lang.get("code")) for lang in doc.get("languages") or [] if lang.get("code") in CODES
    ]
    assured = doc.get("assured_date")
    locations = [
        _slug(str(sal["location"].get("id") or sal["location"].get("name")))
        for sal in doc.get("service_at_locations") or []
        if isinstance(sal, Mapping) and isinstance(sal.get("location"), Mapping)
    ]
    status = str(doc.get("status") or "active")
    return Service(
        id=sid,
        organization=org_id,
        topics=tuple(topics),
        texts={language: text},
        status=status,
        location=locations[0] if locations else None,
        url=doc.get("url"),
        email=doc.get("email"),
        phones=tuple(
            Phone(str(p["number"]), p.get("description"))
            for p in doc.get("phones") or []
            if p.get("number")
        ),
        hours=tuple(hours),
        languages=tuple(languages) or ("nl",),
        interpretation=bool(doc.get("interpretation_services")),
        assured_date=dt.date.fromisoformat(str(assured)) if assured else None,
        assurer_email=doc.get("assurer_email"),
    )
