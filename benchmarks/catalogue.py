"""Import time of a generated 5,000-service catalogue, and the lookup behind every answer."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.adapters.content import yaml_files
from bot.adapters.db import catalogue_repository
from bot.adapters.db.catalogue_lookup import CardCache, find_place, ranked_services
from bot.adapters.db.migrate import upgrade
from bot.adapters.db.session import engine_for, transaction
from bot.core.catalogue.model import Area, Service, ServiceText
from bot.core.catalogue.postcode import Postcode
from bot.core.languages import CODES
from bot.core.topics import taxonomy
from bot.settings import PROJECT_ROOT

SERVICES = 5000
LOOKUPS = 2000


def generate(directory: Path, count: int = SERVICES) -> None:
    """The demo catalogue with `count` services: texts in 9 languages, varied topics and areas."""
    demo = yaml_files.load(PROJECT_ROOT / "content").catalogue
    rng = random.Random(2026)
    topics = taxonomy().ids
    hoods = [h.id for h in demo.neighbourhoods()]
    organizations = [o.id for o in demo.organizations]
    services = []
    for i in range(count):
        texts = {
            code: ServiceText(
                name=f"Dienst {i} ({code})",
                description=f"Hulp bij {rng.choice(topics)} voor inwoners, nummer {i} ({code}). "
                * 3,
                eligibility="Voor iedereen in Voorbeeldstad.",
                how_to_apply="Bel of kom langs.",
                fees="Gratis.",
            )
            for code in CODES
        }
        area: Area | tuple[str, ...] = Area.MUNICIPALITY if i % 3 else tuple(rng.sample(hoods, 2))
        services.append(
            Service(
                id=f"dienst-{i:05d}",
                organization=rng.choice(organizations),
                topics=tuple(rng.sample(topics, 2)),
                texts=texts,
                area=area,
                languages=("nl", *rng.sample(CODES[1:], 2)),
                interpretation=bool(i % 2),
            )
        )
    yaml_files.dump(replace(demo, services=tuple(services)), directory)


def bench_import(url: str, directory: Path) -> float:
    upgrade(url)
    started = time.perf_counter()
    loaded = yaml_files.load(directory)
    problems = loaded.problems()
    assert not problems, problems[0]
    with transaction(url) as session:
        catalogue_repository.save(session, loaded.catalogue)
    return time.perf_counter() - started


def bench_lookup(url: str) -> tuple[float, float]:
    rng = random.Random(7)
    topics = taxonomy().ids
    durations = []
    cache = CardCache()  # as the assistant uses it; its first lookups fill it
    with transaction(url) as session:
        for _ in range(LOOKUPS):
            topic, language = rng.choice(topics), rng.choice(CODES)
            postcode = Postcode(str(rng.randint(9895, 9915)), None)
            started = time.perf_counter()
            place = find_place(session, postcode)
            ids = ranked_services(
                session, topic, language, place.neighbourhood_id if place else None
            )
            cache.cards(session, ids[:3], language)
            durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    return statistics.median(durations), durations[int(len(durations) * 0.95)]


def run(postgres_url: str | None) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "content"
        generate(directory)
        backends = [("sqlite", f"sqlite:///{tmp}/bench.sqlite3")]
        if postgres_url:
            backends.append(("postgresql", postgres_url))
        for name, url in backends:
            seconds = bench_import(url, directory)
            p50, p95 = bench_lookup(url)
            engine_for(url).dispose()
            lines.append(
                f"catalogue import, {SERVICES} services, {name}: {seconds:.1f} s (target ≤ 15 s)"
            )
            lines.append(
                f"lookup topic+language+postcode, {name}: p50 {p50:.2f} ms, p95 {p95:.2f} ms"
                + (" (target p95 ≤ 3 ms)" if name == "sqlite" else "")
            )
    return lines
