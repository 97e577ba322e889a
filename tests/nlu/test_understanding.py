"""The whole understanding pipeline with the real trained model behind Rasa's HTTP server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bot.adapters.nlu.rasa_client import RasaClassifier
from bot.adapters.nlu.server import RasaServer, free_port
from bot.core.errors import NluUnavailable
from tests.conftest import ROOT
from tests.helpers import cli

pytestmark = pytest.mark.nlu
HELDOUT = sorted((ROOT / "nlu/heldout").glob("*.csv"))


def combined(files: list[Path], path: Path) -> Path:
    """Every language's rows in one file, as `eval understanding` takes them."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["lang", "topic", "text"])
        for file in files:
            with file.open(encoding="utf-8") as rows:
                for row in csv.DictReader(rows):
                    writer.writerow([row["lang"], row["topic"], row["text"]])
    return path


@pytest.fixture(scope="module")
def heldout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return combined(HELDOUT, tmp_path_factory.mktemp("eval") / "heldout.csv")


def test_the_safety_set_raises_every_crisis_and_no_look_alike(
    nlu_env: RasaServer, database_url: str, tmp_path: Path
) -> None:
    """The whole pipeline (phrases and NLU crisis intents) on the held-out safety set:
    ≥ 8 crisis and ≥ 8 look-alike messages per language."""
    files = sorted((ROOT / "nlu/heldout").glob("safety*/*.csv"))
    data = combined(files, tmp_path / "s.csv")
    assert cli("content", "import", str(ROOT / "content"))[0] == 0
    code, out, err = cli("eval", "understanding", "--data", str(data), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["crisis_recall"] == 1.0
    assert report["crisis_false_alarm_rate"] <= 0.05
    assert set(report["per_language"]) == {"nl", "en", "ar", "tr", "pl", "uk", "ti", "so", "fa"}


def test_held_out_set_covers_all_nine_languages() -> None:
    assert {p.stem for p in HELDOUT} == {"nl", "en", "ar", "tr", "pl", "uk", "ti", "so", "fa"}


def test_eval_understanding_on_the_held_out_set(
    nlu_env: RasaServer, database_url: str, heldout: Path
) -> None:
    assert cli("content", "import", str(ROOT / "content"))[0] == 0
    code, out, err = cli("eval", "understanding", "--data", str(heldout), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert set(report) >= {"n", "intent_accuracy", "language_accuracy", "fallback_rate",
                           "crisis_recall", "crisis_false_alarm_rate", "latency_ms", "per_language"}
    print(json.dumps(report, indent=1))
    # Floors from nlu/README.md: a drop below them is a regression, not noise.
    assert report["crisis_recall"] == 1.0
    assert report["crisis_false_alarm_rate"] <= 0.05
    assert report["language_accuracy"] >= 0.97
    assert report["intent_accuracy"] >= INTENT_FLOOR
    for lang, values in report["per_language"].items():
        assert values["intent_accuracy"] >= LANGUAGE_FLOOR, lang
    assert report["latency_ms"]["p95"] <= 250  # generous; `make bench` measures the real number


INTENT_FLOOR = 0.90
LANGUAGE_FLOOR = 0.80


async def test_client_classifies_with_the_real_model(nlu_server: RasaServer) -> None:
    client = RasaClassifier(nlu_server.url, nlu_server.token)
    result = await client.classify("ik heb schulden en krijg steeds aanmaningen")
    await client.aclose()
    assert result.intent == "debt_help"
    assert len(result.ranking) >= 3


async def test_wrong_token_and_down_server_are_nlu_unavailable(nlu_server: RasaServer) -> None:
    wrong = RasaClassifier(nlu_server.url, "not-the-token")
    with pytest.raises(NluUnavailable):
        await wrong.classify("hallo")
    await wrong.aclose()
    down = RasaClassifier(f"http://127.0.0.1:{free_port()}", "x", timeout=0.5)
    with pytest.raises(NluUnavailable):
        await down.classify("hallo")
    await down.aclose()


def test_unanswered_questions_are_stored_redacted_and_labelled(
    nlu_env: RasaServer, database_url: str
) -> None:
    # Which nonsense the model gives up on depends on the model; at least one of these must.
    nonsense = ["qwzx blorp fnarg", "zzzz qqqq xxxx", "bel mij op 06-12345678 ghjkl", "asdf jkl"]
    answers = []
    for text in nonsense:
        code, out, err = cli("nlu", "ask", text)
        assert code == 0, err
        answers.append(json.loads(out)["intent"])
    assert None in answers, answers
    code, out, _ = cli("nlu", "unanswered", "--json")
    questions = json.loads(out)
    assert len(questions) == answers.count(None)
    assert all("12345678" not in q["text"] for q in questions)
    question = questions[0]
    assert len(question["candidates"]) == 3
    assert cli("nlu", "label", str(question["id"]), "debt_help")[0] == 0
    left = json.loads(cli("nlu", "unanswered", "--json")[1])
    assert [q["id"] for q in left] == [q["id"] for q in questions[1:]]
    labelled = json.loads(cli("nlu", "unanswered", "--all", "--json")[1])
    assert [q["topic"] for q in labelled if q["id"] == question["id"]] == ["debt_help"]
    code, _, err = cli("nlu", "label", "9999", "debt_help")
    assert code != 0 and "no unanswered question" in err


async def test_dutch_pivot_through_deep_translator_and_the_real_model(
    nlu_server: RasaServer, database_url: str
) -> None:
    """A message the model cannot place is translated to Dutch (LibreTranslate double, real
    deep-translator code), classified again, and the translation is cached."""
    from bot.adapters.language.lingua_detector import LinguaDetector
    from bot.adapters.translation.cache import CachedTranslator
    from bot.adapters.translation.deep import DeepTranslator
    from bot.core.safety import load_signals
    from bot.core.topics import taxonomy
    from bot.core.understanding.keywords import KeywordIndex
    from bot.core.understanding.pipeline import Thresholds, Understander
    from bot.core.understanding.types import Source
    from tests.doubles.libretranslate import LibreTranslateDouble

    text = "borclarim cok cok fazlaaaa yardiim lutfeen"  # Turkish, mangled
    double = LibreTranslateDouble({("tr", "nl", text): "ik heb heel veel schulden, help mij"})
    with double.running():
        translator = CachedTranslator(DeepTranslator("libretranslate", double.url, None), database_url)
        pipeline = Understander(
            RasaClassifier(nlu_server.url, nlu_server.token), LinguaDetector(), load_signals(),
            KeywordIndex([]), taxonomy().crisis_ids, translator,
            Thresholds(pivot=1.01),  # always try the pivot, so this test exercises it
        )
        result = await pipeline.understand(text, ("tr",))
        again = await pipeline.understand(text, ("tr",))
        await pipeline.aclose()
    assert (result.intent, result.source) == ("debt_help", Source.PIVOT)
    assert double.requests[0]["source"] == "tr" and double.requests[0]["target"] == "nl"
    assert again.source is Source.PIVOT and len(double.requests) == 1  # second one from the cache
