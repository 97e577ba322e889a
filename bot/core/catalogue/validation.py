"""Consistency rules for a catalogue, checked before anything is written to the database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.catalogue.model import SERVICE_STATUSES, Area, Catalogue, Service
from bot.core.languages import CODES, SOURCE
from bot.core.topics import taxonomy


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, pointing at a catalogue item (`kind`, `id`) and a field."""

    kind: str  # municipality | topics | organization | service | wijkteam
    id: str
    field: str
    message: str


def validate(catalogue: Catalogue) -> list[Problem]:
    """Every rule violation in `catalogue`; an empty list means it may be imported."""
    problems: list[Problem] = []
    problems += _duplicates("organization", (o.id for o in catalogue.organizations))
    problems += _duplicates("service", (s.id for s in catalogue.services))
    problems += _duplicates("wijkteam", (t.id for t in catalogue.wijkteams))
    problems += _duplicates("neighbourhood", (n.id for n in catalogue.neighbourhoods()))
    problems += _topic_labels(catalogue)
    locations = {o.id: {loc.id for loc in o.locations} for o in catalogue.organizations}
    neighbourhoods = {n.id for n in catalogue.neighbourhoods()}
    for service in catalogue.services:
        problems += _service(service, locations, neighbourhoods)
    problems += _wijkteams(catalogue)
    return problems


def _duplicates(kind: str, ids: Iterable[str]) -> list[Problem]:
    counts = Counter(ids)
    return [Problem(kind, i, "id", f"duplicate id '{i}'") for i, n in counts.items() if n > 1]


def _topic_labels(catalogue: Catalogue) -> list[Problem]:
    known = set(taxonomy().ids)
    problems = [
        Problem("topics", t, t, f"unknown topic '{t}'")
        for t in catalogue.topic_labels
        if t not in known
    ]
    for topic in taxonomy().ids:
        labels = catalogue.topic_labels.get(topic, {})
        missing = [code for code in CODES if not labels.get(code)]
        if missing:
            problems.append(Problem("topics", topic, topic, f"no label in {', '.join(missing)}"))
    return problems


def _service(
    service: Service, locations: dict[str, set[str]], neighbourhoods: set[str]
) -> list[Problem]:
    def problem(field: str, message: str) -> Problem:
        return Problem("service", service.id, field, message)

    problems = []
    known_topics = set(taxonomy().ids)
    if not service.topics:
        problems.append(problem("topics", "a service needs at least one topic"))
    problems += [
        problem("topics", f"unknown topic '{t}'") for t in service.topics if t not in known_topics
    ]
    if SOURCE not in service.texts:
        problems.append(problem("texts.nl", "a service needs a Dutch text (nl)"))
    problems += [
        problem(f"texts.{code}", f"unknown language '{code}'")
        for code in service.texts
        if code not in CODES
    ]
    problems += [
        problem("languages", f"unknown language '{code}'")
        for code in service.languages
        if code not in CODES
    ]
    if service.status not in SERVICE_STATUSES:
        problems.append(problem("status", f"status must be one of {', '.join(SERVICE_STATUSES)}"))
    if service.organization not in locations:
        problems.append(problem("organization", f"unknown organization '{service.organization}'"))
    elif service.location and service.location not in locations[service.organization]:
        problems.append(
            problem("location", f"'{service.location}' is not a location of {service.organization}")
        )
    if not isinstance(service.area, Area):
        problems += [
            problem("area", f"unknown neighbourhood '{n}'")
            for n in service.area
            if n not in neighbourhoods
        ]
    return problems


def _wijkteams(catalogue: Catalogue) -> list[Problem]:
    problems = []
    ranges = [
        (team, hood, r)
        for team in catalogue.wijkteams
        for hood in team.neighbourhoods
        for r in hood.postcodes
    ]
    for i, (team, hood, first) in enumerate(ranges):
        for other_team, other_hood, second in ranges[i + 1 :]:
            if first.overlaps(second):
                problems.append(
                    Problem(
                        "wijkteam",
                        other_team.id,
                        f"neighbourhoods.{other_hood.id}.postcodes",
                        f"postcodes {list(second.as_pair())} overlap "
                        f"{list(first.as_pair())} of {hood.id} ({team.id})",
                    )
                )
    for team in catalogue.wijkteams:
        if SOURCE not in team.texts:
            problems.append(
                Problem("wijkteam", team.id, "texts.nl", "a wijkteam needs a Dutch text")
            )
        if not team.neighbourhoods:
            problems.append(
                Problem("wijkteam", team.id, "neighbourhoods", "serves no neighbourhood")
            )
    return problems
