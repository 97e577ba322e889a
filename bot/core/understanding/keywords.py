"""Keyword search over catalogue texts: how topics are still found when the NLU is down."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from bot.core.text import words

MIN_WORD = 4  # shorter words are mostly function words in every language we support
STEM = 6  # compare word beginnings: "schulden"/"schuldhulp", "долги"/"долгов"


def _stems(text: str) -> set[str]:
    return {w[:STEM] for w in words(text) if len(w) >= MIN_WORD and not w.isdigit()}


class KeywordIndex:
    """Topics scored by the rare words they share with a message (tf-idf over stems)."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        by_topic: dict[str, set[str]] = defaultdict(set)
        for topic, text in entries:
            by_topic[topic] |= _stems(text)
        topics_with: dict[str, int] = defaultdict(int)
        for stems in by_topic.values():
            for stem in stems:
                topics_with[stem] += 1
        total = max(1, len(by_topic))
        self._weights = {
            topic: {s: math.log(1 + total / topics_with[s]) for s in stems}
            for topic, stems in by_topic.items()
        }

    def search(self, text: str, limit: int = 3) -> list[tuple[str, float]]:
        """Topics that share words with `text`, best first, with a score in 0..1."""
        stems = _stems(text)
        if not stems:
            return []
        scores = {
            topic: sum(weights.get(s, 0.0) for s in stems)
            for topic, weights in self._weights.items()
        }
        ranked = sorted(((t, s) for t, s in scores.items() if s > 0), key=lambda x: (-x[1], x[0]))
        best = ranked[0][1] if ranked else 1.0
        return [(topic, round(score / (best + 1.0), 3)) for topic, score in ranked[:limit]]
