"""YAML → database → YAML keeps everything; HSDS export validates against the official schema."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.adapters.content import yaml_files
from bot.adapters.db import catalogue_repository
from bot.adapters.db.session import transaction
from bot.core.catalogue.model import Catalogue, TranslationState
from tests.conftest import CONTENT, SHARED
from tests.helpers import cli, write_mini_catalogue


def _filled(texts: dict[str, Any]) -> dict[str, Any]:
    dutch = texts["nl"].fingerprint()
    return {
        code: text if code == "nl" or text.source else replace(text, source=dutch)
        for code, text in texts.items()
    }


def with_sources(catalogue: Catalogue) -> Catalogue:
    """Fill in the fingerprints an export adds, so catalogues can be compared."""
    services = (replace(s, texts=_filled(s.texts)) for s in catalogue.services)
    teams = (replace(t, texts=_filled(t.texts)) for t in catalogue.wijkteams)
    return replace(
        catalogue,
        services=tuple(sorted(services, key=lambda s: s.id)),
        organizations=tuple(sorted(catalogue.organizations, key=lambda o: o.id)),
        wijkteams=tuple(sorted(teams, key=lambda t: t.id)),
    )


@pytest.mark.parametrize("source", ["mini", "demo"])
def test_yaml_database_yaml_round_trip(tmp_path: Path, database_url: str, source: str) -> None:
    root = write_mini_catalogue(tmp_path / "mini") if source == "mini" else CONTENT
    original = yaml_files.load(root).catalogue
    assert cli("content", "import", str(root))[0] == 0
    out = tmp_path / "exported"
    code, _, err = cli("content", "export", "--format", "yaml", "--out", str(out))
    assert code == 0, err
    exported = yaml_files.load(out)
    assert exported.problems() == []
    assert with_sources(exported.catalogue) == with_sources(original)
    # A second export of the re-imported export is byte-identical: nothing drifts.
    assert cli("content", "import", str(out))[0] == 0
    again = tmp_path / "again"
    assert cli("content", "export", "--format", "yaml", "--out", str(again))[0] == 0
    for path in out.rglob("*.yml"):
        assert path.read_text() == (again / path.relative_to(out)).read_text(), path


def test_changing_dutch_text_marks_translations_outdated(tmp_path: Path, database_url: str) -> None:
    root = write_mini_catalogue(tmp_path / "mini")
    assert cli("content", "import", str(root))[0] == 0
    exported = tmp_path / "exported"
    assert cli("content", "export", "--format", "yaml", "--out", str(exported))[0] == 0
    path = exported / "services/budget.yml"
    path.write_text(path.read_text().replace("Hulp in de buurt.", "Nieuwe hulp."), encoding="utf-8")
    assert cli("content", "import", str(exported))[0] == 0
    with transaction(database_url) as session:
        services = {s.id: s for s in catalogue_repository.load(session).services}
    assert services["budget"].translation_state("en") is TranslationState.OUTDATED
    assert services["schuldhulp"].translation_state("en") is TranslationState.MACHINE


def test_hsds_export_validates_against_the_official_schema(
    tmp_path: Path, database_url: str
) -> None:
    assert cli("content", "import", str(CONTENT))[0] == 0
    code, _, err = cli("content", "export", "--format", "hsds", "--out", str(tmp_path))
    assert code == 0, err
    services = json.loads((tmp_path / "services.json").read_text())
    schema = json.loads((SHARED / "reference/hsds-3/compiled/service.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert len(services) >= 45
    for service in services:
        errors = sorted(validator.iter_errors(service), key=str)
        assert not errors, (service["name"], errors[0].message)
        codes = {a["taxonomy_term"]["code"] for a in service["attributes"]}
        assert codes and all(isinstance(c, str) for c in codes)
        assert service["languages"], service["name"]


def test_hsds_import_of_the_official_example(tmp_path: Path, database_url: str) -> None:
    root = write_mini_catalogue(tmp_path / "mini")
    assert cli("content", "import", str(root))[0] == 0
    example = SHARED / "reference/hsds-3/examples/service_full.json"
    code, out, err = cli("content", "import", str(example), "--default-topic", "mental_health")
    assert code == 0, err
    assert "imported: 1 services, 1 organisations" in out
    assert "not imported:" in out  # e.g. its taxonomy terms and cost options do not fit
    with transaction(database_url) as session:
        catalogue = catalogue_repository.load(session)
    imported = [s for s in catalogue.services if "mental_health" in s.topics]
    assert len(imported) == 1 and imported[0].texts["nl"].name == "Community Counselling"


def test_hsds_import_without_a_topic_imports_nothing_and_says_why(
    tmp_path: Path, database_url: str
) -> None:
    assert cli("content", "import", str(write_mini_catalogue(tmp_path / "mini")))[0] == 0
    example = SHARED / "reference/hsds-3/examples/service_full.json"
    code, out, _ = cli("content", "import", str(example))
    assert code == 0
    assert "no wijkwijzer topic" in out and "imported: 0 services" in out
