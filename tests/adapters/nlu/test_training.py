"""Training inputs: labelled questions join the data, and the hash decides whether to train."""

from __future__ import annotations

import yaml

from bot.adapters.nlu import training


def test_labelled_questions_are_staged_and_change_the_fingerprint() -> None:
    config = training.NLU_DIR / "config.yml"
    plain = training.fingerprint(training.stage(), config)
    assert training.fingerprint(training.stage(), config) == plain  # same data, same hash
    staged = training.stage([("mijn [telefoon] aanmaning", "debt_help")])
    labelled = yaml.safe_load((staged / "zz-labelled.yml").read_text(encoding="utf-8"))
    assert labelled["nlu"] == [{"intent": "debt_help", "examples": "- mijn [telefoon] aanmaning\n"}]
    assert training.fingerprint(staged, config) != plain
    training.stage()  # leave the staging area as `nlu train` would
