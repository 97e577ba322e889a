"""docker-compose.yml without a Docker engine: schema-valid, complete, every file present."""

from __future__ import annotations

import json

import jsonschema
import yaml

from tests.conftest import ROOT, SHARED


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_validates_against_the_compose_specification() -> None:
    schema = json.loads((SHARED / "reference/compose-spec/compose-spec.json").read_text())
    # The spec names draft-07 by an address jsonschema does not know; validate with draft-07.
    jsonschema.Draft7Validator(schema).validate(compose())


def test_compose_has_the_four_services_as_specified() -> None:
    services = compose()["services"]
    assert set(services) == {"bot", "rasa", "postgres", "libretranslate"}
    assert services["rasa"]["image"] == "rasa/rasa:3.6.21-full"
    command = services["rasa"]["command"]
    assert "--enable-api" in command and "--auth-token" in command
    assert services["postgres"]["healthcheck"]["test"]
    assert any("pgdata" in v for v in services["postgres"]["volumes"])
    assert services["bot"]["environment"]["WIJKWIJZER_TRANSLATOR"] == "libretranslate"


def test_every_referenced_file_exists() -> None:
    for name, service in compose()["services"].items():
        build = service.get("build")
        if build:
            context = ROOT / build.get("context", ".")
            assert (context / build.get("dockerfile", "Dockerfile")).is_file(), name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), (name, source)
        for env_file in service.get("env_file", []):
            assert (ROOT / env_file).exists(), (name, env_file)
