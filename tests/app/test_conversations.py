"""Scripted conversations in all nine languages through the real NLU, catalogue and dialogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.adapters.nlu.server import RasaServer
from bot.core.dialogue import messages as m
from bot.core.i18n import text
from bot.core.languages import CODES
from tests.conftest import ROOT
from tests.helpers import cli, write_yaml

pytestmark = pytest.mark.nlu


def first_example(language: str, intent: str) -> str:
    document = yaml.safe_load((ROOT / f"nlu/data/{language}.yml").read_text(encoding="utf-8"))
    block = next(b for b in document["nlu"] if b["intent"] == intent)
    return block["examples"].splitlines()[0].strip()[2:].strip()


def play(tmp_path: Path, script: dict) -> list[dict]:  # type: ignore[type-arg]
    path = write_yaml(tmp_path / "script.yml", script)
    code, out, err = cli("simulate", "--script", str(path), "--json")
    assert code == 0, err
    return json.loads(out)["turns"]  # type: ignore[no-any-return]


@pytest.fixture
def catalogue(nlu_env: RasaServer, database_url: str) -> str:
    assert cli("content", "import", str(ROOT / "content"))[0] == 0
    return database_url


def typed(language: str, words: str) -> str:
    """The first word a resident of `language` would type for a yes/no/contact button."""
    return text(language, words).split(",")[0]


@pytest.mark.parametrize("language", CODES)
def test_a_question_gets_services_and_then_a_person_of_the_right_wijkteam(
    catalogue: str, tmp_path: Path, language: str
) -> None:
    turns = play(
        tmp_path,
        {
            "resident": {"id": 42, "language_code": language, "first_name": "Test"},
            "turns": [
                {"say": first_example(language, "debt_help")},
                {"say": "/start"},
                {"press": CODES.index(language)},
                {"say": first_example(language, "ask_human")},
                {"say": typed(language, m.YES_WORDS)},  # consent, typed
                {"say": "9904 AB"},
                {"say": typed(language, m.PHONE_WORDS)},
                {"say": "06 12345678"},
                *([] if language == "nl" else [{"press": 1}]),  # no interpreter
            ],
        },
    )
    answer = turns[0]["replies"][-1]
    assert answer["buttons"], answer  # more / person / another question / language
    assert "000 555 01" in answer["text"]  # a local (fictional) service number
    assert len(turns[1]["replies"][0]["buttons"]) == 9  # the language choice
    assert turns[2]["replies"][-1]["buttons"]  # the topic menu
    assert len(turns[3]["replies"][-1]["buttons"]) == 2  # consent: yes / no
    assert "9901" in turns[4]["replies"][-1]["text"]  # asks for the postcode, with an example
    assert len(turns[5]["replies"][-1]["buttons"]) == 3  # chat / phone / visit
    assert "Wijkteam Noord" in turns[-1]["replies"][-1]["text"]  # the confirmation
    code, out, _ = cli("handoff", "list", "--json")
    assert code == 0
    (case,) = json.loads(out)
    assert case["team"] == "Wijkteam Noord" and case["language"] == language
    assert case["status"] == "new" and case["urgent"] is False
    assert set(case) == {
        "id",
        "status",
        "team",
        "language",
        "topic",
        "urgent",
        "created",
        "claimed",
    }


@pytest.mark.parametrize("language", CODES)
def test_danger_gets_the_emergency_numbers_first(
    catalogue: str, tmp_path: Path, language: str
) -> None:
    turns = play(
        tmp_path,
        {
            "resident": {"id": 7, "language_code": language},
            "turns": [{"say": first_example(language, "suicidal_crisis")}, {"say": "9"}],
        },
    )
    first = turns[0]["replies"][0]["text"]
    assert "113" in first and "0800-0113" in first and "112" in first
    assert turns[0]["replies"][1]["buttons"]  # the offer of a person: yes / no


def test_outside_the_municipality_gets_the_general_number(catalogue: str, tmp_path: Path) -> None:
    turns = play(
        tmp_path,
        {
            "resident": {"id": 8, "language_code": "en"},
            "turns": [
                {"say": "/start"},
                {"press": 1},
                {"press": 18},
                {"say": "yes"},
                {"say": "1011"},
            ],
        },
    )
    assert "000 555 0100" in turns[-1]["replies"][-1]["text"]
    assert json.loads(cli("handoff", "list", "--json")[1]) == []  # no case: not our resident


def test_a_script_that_presses_a_missing_button_is_a_one_line_error(
    catalogue: str, tmp_path: Path
) -> None:
    path = write_yaml(tmp_path / "bad.yml", {"resident": {"id": 1}, "turns": [{"press": 3}]})
    code, _, err = cli("simulate", "--script", str(path))
    assert code != 0 and len(err.strip().splitlines()) == 1 and "button" in err


def test_every_simulate_run_is_a_new_conversation(catalogue: str, tmp_path: Path) -> None:
    """A case opened by an earlier script (same resident id) stays listed, but does not
    swallow the next script's messages."""
    resident = {"id": 1001, "language_code": "nl"}
    ask = [{"say": "ik wil iemand spreken"}, {"say": "ja"}, {"say": "9901"}, {"say": "chat"}]
    assert (
        "Wijkteam Centrum"
        in play(tmp_path, {"resident": resident, "turns": ask})[-1]["replies"][-1]["text"]
    )
    again = play(tmp_path, {"resident": resident, "turns": [{"say": "ik heb schulden"}]})
    assert "000 555 01" in again[0]["replies"][-1]["text"]
    (case,) = json.loads(cli("handoff", "list", "--json")[1])
    assert case["team"] == "Wijkteam Centrum" and case["status"] == "new"
