"""The curated crisis phrases on the safety held-out set (`nlu/heldout/safety/LANG.csv`).

Each language's file has crisis messages (the three crisis topics, written the way residents type
them: dialect, no diacritics, indirect wording) and look-alikes that use the same scary words in a
harmless meaning. Phrases only: no NLU model, so this runs in milliseconds.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from bot.core.safety import CrisisDetector, load_signals
from bot.core.safety.detector import CRISIS_TOPICS

HELDOUT = Path(__file__).resolve().parents[3] / "nlu" / "heldout" / "safety"
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk", "ti", "so", "fa")
MIN_ROWS = 8  # per language, crisis and look-alike each


@cache
def detector() -> CrisisDetector:
    return load_signals()


def rows(language: str) -> list[dict[str, str]]:
    with (HELDOUT / f"{language}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_language_has_a_file() -> None:
    assert sorted(p.stem for p in HELDOUT.glob("*.csv")) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_enough_crisis_and_look_alike_rows(language: str) -> None:
    found = rows(language)
    assert all(row["lang"] == language for row in found)
    crisis = [row for row in found if row["topic"] in CRISIS_TOPICS]
    assert len(crisis) >= MIN_ROWS
    assert len(found) - len(crisis) >= MIN_ROWS


@pytest.mark.parametrize("language", LANGUAGES)
def test_crisis_messages_are_detected(language: str) -> None:
    missed = []
    for row in rows(language):
        if row["topic"] not in CRISIS_TOPICS:
            continue
        # Any crisis topic opens the same safety flow, so another crisis topic than the row's
        # is accepted (the detector only ever returns crisis topics).
        if detector().detect(row["text"]) is None:
            missed.append(f"{row['topic']}: {row['text']}")
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("language", LANGUAGES)
def test_look_alikes_raise_no_alarm(language: str) -> None:
    alarms = []
    for row in rows(language):
        if row["topic"] in CRISIS_TOPICS:
            continue
        signal = detector().detect(row["text"])
        if signal is not None:
            alarms.append(f"{row['text']}  <- {signal.language}: {signal.phrase!r}")
    assert not alarms, "\n".join(alarms)


SECOND = HELDOUT.parent / "safety2"  # a second, blind set written later (no nl/en)


@pytest.mark.parametrize("path", sorted(SECOND.glob("*.csv")), ids=lambda p: p.stem)
def test_the_second_blind_set(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle))
    wrong = [
        row["text"]
        for row in found
        if (detector().detect(row["text"]) is not None) != (row["topic"] in CRISIS_TOPICS)
    ]
    assert not wrong, "\n".join(wrong)
