"""Scoring the understanding pipeline on a labelled set (`wijkwijzer eval understanding`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from bot.core.understanding.types import Understanding


@dataclass(frozen=True, slots=True)
class Row:
    lang: str
    topic: str
    text: str


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def score(
    rows: list[Row],
    results: list[Understanding],
    latencies_ms: list[float],
    crisis_topics: frozenset[str],
) -> dict[str, Any]:
    """The contract's metrics (shared/spec/contracts.md) plus a confusion summary."""
    n = len(rows)
    correct = [r.topic == u.intent for r, u in zip(rows, results, strict=True)]
    lang_ok = [r.lang == u.language.code for r, u in zip(rows, results, strict=True)]
    crisis_rows = [u for r, u in zip(rows, results, strict=True) if r.topic in crisis_topics]
    other_rows = [u for r, u in zip(rows, results, strict=True) if r.topic not in crisis_topics]
    per_language: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        groups[row.lang].append(i)
    for lang, indexes in sorted(groups.items()):
        per_language[lang] = {
            "n": len(indexes),
            "intent_accuracy": _ratio(sum(correct[i] for i in indexes), len(indexes)),
            "language_accuracy": _ratio(sum(lang_ok[i] for i in indexes), len(indexes)),
        }
    confusion = Counter(
        (r.topic, u.intent or "fallback")
        for r, u in zip(rows, results, strict=True)
        if r.topic != u.intent
    )
    return {
        "n": n,
        "intent_accuracy": _ratio(sum(correct), n),
        "language_accuracy": _ratio(sum(lang_ok), n),
        "fallback_rate": _ratio(sum(u.fallback for u in results), n),
        "crisis_recall": _ratio(sum(u.crisis is not None for u in crisis_rows), len(crisis_rows)),
        "crisis_false_alarm_rate": _ratio(
            sum(u.crisis is not None for u in other_rows), len(other_rows), empty=0.0
        ),
        "latency_ms": {
            "p50": round(percentile(latencies_ms, 0.5), 2),
            "p95": round(percentile(latencies_ms, 0.95), 2),
        },
        "per_language": per_language,
        "confusions": [
            {"expected": e, "predicted": p, "count": c} for (e, p), c in confusion.most_common(15)
        ],
    }


def _ratio(part: float, whole: int, empty: float = 1.0) -> float:
    return round(part / whole, 4) if whole else empty
