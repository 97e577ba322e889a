"""Check one language's NLU training data, held-out set and crisis phrases.

Usage: .venv/bin/python scripts/check_language_data.py LANG [LANG ...]
Prints counts per intent, held-out rows that leak into training, and crisis recall / false alarms
of the curated phrases (bot/core/safety/signals/LANG.yml, all languages loaded at once).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import yaml

from bot.core.safety import load_signals
from bot.core.text import normalise

ROOT = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT.parent / "shared/spec/topics.yml").read_text())
TOPICS = [t["id"] for t in SPEC["topics"]]
CRISIS = {t["id"] for t in SPEC["topics"] if t.get("crisis")}
CONVERSATION = list(SPEC["conversation"])


def training(lang: str) -> dict[str, list[str]]:
    """Every training example of `lang`: nlu/data/LANG.yml and nlu/data/LANG-*.yml."""
    blocks = []
    for path in sorted((ROOT / "nlu/data").glob(f"{lang}*.yml")):
        if path.stem == lang or path.stem.startswith(f"{lang}-"):
            blocks += yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    result: dict[str, list[str]] = {}
    for block in blocks:
        lines = [x.strip()[2:].strip() for x in block["examples"].splitlines() if x.strip()]
        result.setdefault(block["intent"], []).extend(lines)
    return result


def main(langs: list[str]) -> int:
    detector = load_signals()
    problems = 0
    for lang in langs:
        print(f"== {lang}")
        train = training(lang)
        for intent in TOPICS + CONVERSATION:
            need = 15 if intent in TOPICS else 8
            n = len(train.get(intent, []))
            if n < need:
                problems += 1
                print(f"  too few examples: {intent} has {n}, needs {need}")
        unknown = set(train) - set(TOPICS) - set(CONVERSATION)
        for intent in unknown:
            problems += 1
            print(f"  unknown intent {intent}")
        seen = {normalise(x) for xs in train.values() for x in xs}
        dups = Counter(normalise(x) for xs in train.values() for x in xs)
        for text, n in dups.items():
            if n > 1:
                print(f"  duplicate training example: {text}")
        rows = list(csv.DictReader((ROOT / f"nlu/heldout/{lang}.csv").open(encoding="utf-8")))
        per_topic = Counter(r["topic"] for r in rows)
        for topic in TOPICS:
            if per_topic[topic] < 2:
                problems += 1
                print(f"  held-out: {topic} has {per_topic[topic]} rows, needs 2")
        crisis_rows = [r for r in rows if r["topic"] in CRISIS]
        other_rows = [r for r in rows if r["topic"] not in CRISIS]
        for r in rows:
            if r["lang"] != lang or r["topic"] not in TOPICS:
                problems += 1
                print(f"  bad held-out row: {r}")
            if normalise(r["text"]) in seen:
                problems += 1
                print(f"  held-out text is also in training: {r['text']}")
        missed = [r for r in crisis_rows if detector.detect(r["text"]) is None]
        alarms = [(r, detector.detect(r["text"])) for r in other_rows]
        alarms = [(r, s) for r, s in alarms if s is not None]
        print(f"  held-out: {len(rows)} rows, {len(crisis_rows)} crisis")
        recall = 1 - len(missed) / max(1, len(crisis_rows))
        print(
            f"  crisis phrases on held-out: recall {recall:.2f},"
            f" false alarms {len(alarms)}/{len(other_rows)}"
        )
        for r in missed:
            print(f"    MISSED ({r['topic']}): {r['text']}")
        for r, s in alarms:
            via = f"{s.topic} via {s.language}:'{s.phrase}'"
            print(f"    FALSE ALARM ({r['topic']} -> {via}): {r['text']}")
        t_missed = [(i, x) for i in CRISIS for x in train.get(i, []) if detector.detect(x) is None]
        t_alarm = [(i, x, detector.detect(x)) for i in train if i not in CRISIS for x in train[i]]
        t_alarm = [t for t in t_alarm if t[2] is not None]
        print(f"  crisis phrases on training: missed {len(t_missed)}, false alarms {len(t_alarm)}")
        for i, x in t_missed:
            print(f"    missed ({i}): {x}")
        for i, x, s in t_alarm:
            print(f"    false alarm ({i} -> {s.topic} via {s.language}:'{s.phrase}'): {x}")
        problems += len(missed) + len(alarms)
    print("OK" if problems == 0 else f"{problems} problem(s)")
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
