"""Deterministic crisis detection from curated multilingual phrases.

It does not depend on the NLU model, the translator or the database, so it still works when
those are down. A phrase is a sequence of terms that must occur in order, with at most `MAX_GAP`
other words between two terms. A term is a word, or a word with `*` at its start and/or end
(`*` stands for any letters: `kill*` matches "killing", `*يضربني` matches "وزوجي يضربني"' words).
An `unless` phrase whose span covers a match cancels it ("this debt is killing me").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

import yaml

from bot.core.text import normalise, words

MAX_GAP = 3
CRISIS_TOPICS = ("suicidal_crisis", "domestic_violence", "honour_based_violence")


@dataclass(frozen=True, slots=True)
class Term:
    """One word of a phrase, possibly with wildcards at either end."""

    text: str
    prefix: bool  # `word*`: the word may go on
    suffix: bool  # `*word`: something may come before

    @classmethod
    def parse(cls, raw: str) -> Term:
        text = raw.strip("*")
        return cls(normalise(text), prefix=raw.endswith("*"), suffix=raw.startswith("*"))

    def matches(self, word: str) -> bool:
        if self.prefix and self.suffix:
            return self.text in word
        if self.prefix:
            return word.startswith(self.text)
        if self.suffix:
            return word.endswith(self.text)
        return word == self.text


@dataclass(frozen=True, slots=True)
class Phrase:
    """A sequence of terms; `find` returns the (first, last) word index of each occurrence."""

    source: str
    terms: tuple[Term, ...]

    @classmethod
    def parse(cls, raw: str) -> Phrase:
        parts = [Term.parse(p) for p in raw.split()]
        if not parts or any(not t.text for t in parts):
            raise ValueError(f"empty term in crisis phrase {raw!r}")
        return cls(raw, tuple(parts))

    def find(self, tokens: list[str]) -> list[tuple[int, int]]:
        spans = []
        for start, token in enumerate(tokens):
            if not self.terms[0].matches(token):
                continue
            end = self._rest(tokens, start, 1)
            if end is not None:
                spans.append((start, end))
        return spans

    def _rest(self, tokens: list[str], previous: int, term_index: int) -> int | None:
        if term_index == len(self.terms):
            return previous
        term = self.terms[term_index]
        for index in range(previous + 1, min(len(tokens), previous + 2 + MAX_GAP)):
            if term.matches(tokens[index]):
                end = self._rest(tokens, index, term_index + 1)
                if end is not None:
                    return end
        return None


@dataclass(frozen=True, slots=True)
class CrisisSignal:
    """Which crisis topic a message signals, and the phrase that gave it away (for audits)."""

    topic: str
    language: str
    phrase: str


@dataclass(frozen=True, slots=True)
class TopicPhrases:
    match: tuple[Phrase, ...]
    unless: tuple[Phrase, ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    language: str
    topic: str
    phrase: Phrase
    unless: tuple[Phrase, ...]


class CrisisDetector:
    """Finds crisis signals in a message, in any of the supported languages at once.

    All languages are checked whatever the detected language: a missed crisis because language
    identification guessed wrong would cost far more than the time this takes. Phrases are
    indexed by their first term, so a message costs a few dictionary look-ups per word rather
    than a pass over thousands of phrases.
    """

    def __init__(self, signals: Mapping[str, Mapping[str, TopicPhrases]]) -> None:
        self._signals = signals
        self._exact: dict[str, list[_Entry]] = {}
        self._prefix: dict[str, list[_Entry]] = {}
        self._suffix: dict[str, list[_Entry]] = {}
        self._infix: list[tuple[str, _Entry]] = []
        for language, topics in signals.items():
            for topic in CRISIS_TOPICS:
                phrases = topics.get(topic)
                if phrases is None:
                    continue
                for phrase in phrases.match:
                    entry = _Entry(language, topic, phrase, phrases.unless)
                    first = phrase.terms[0]
                    if first.prefix and first.suffix:
                        self._infix.append((first.text, entry))
                    elif first.prefix:
                        self._prefix.setdefault(first.text, []).append(entry)
                    elif first.suffix:
                        self._suffix.setdefault(first.text, []).append(entry)
                    else:
                        self._exact.setdefault(first.text, []).append(entry)

    def _starting_with(self, token: str) -> list[_Entry]:
        found = list(self._exact.get(token, ()))
        for end in range(1, len(token) + 1):
            found += self._prefix.get(token[:end], ())
        for start in range(len(token)):
            found += self._suffix.get(token[start:], ())
        found += [entry for text, entry in self._infix if text in token]
        return found

    def detect(self, text: str) -> CrisisSignal | None:
        """Return the first crisis signal in `text`, or None."""
        tokens = words(text)
        for start, token in enumerate(tokens):
            for entry in self._starting_with(token):
                end = entry.phrase._rest(tokens, start, 1)
                if end is not None and not _covered((start, end), entry.unless, tokens):
                    return CrisisSignal(entry.topic, entry.language, entry.phrase.source)
        return None


def _covered(span: tuple[int, int], unless: Iterable[Phrase], tokens: list[str]) -> bool:
    return any(
        start <= span[0] and span[1] <= end
        for phrase in unless
        for start, end in phrase.find(tokens)
    )


def parse_signals(document: Mapping[str, object]) -> dict[str, TopicPhrases]:
    """Turn one language's YAML document into phrases per crisis topic."""
    result = {}
    for topic in CRISIS_TOPICS:
        entry = document.get(topic)
        if not isinstance(entry, Mapping):
            raise ValueError(f"crisis signals: {topic} needs 'match' (and optionally 'unless')")
        match = tuple(Phrase.parse(str(p)) for p in entry.get("match") or ())
        unless = tuple(Phrase.parse(str(p)) for p in entry.get("unless") or ())
        if not match:
            raise ValueError(f"crisis signals: {topic} has no 'match' phrases")
        result[topic] = TopicPhrases(match, unless)
    return result


def load_signals(languages: Iterable[str] | None = None) -> CrisisDetector:
    """Load the curated phrases shipped with the package (no database, no network)."""
    folder = resources.files("bot.core.safety") / "signals"
    signals = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yml"):
            continue
        language = entry.name.removesuffix(".yml")
        if languages is not None and language not in languages:
            continue
        document = yaml.safe_load(entry.read_text(encoding="utf-8"))
        signals[language] = parse_signals(document)
    return CrisisDetector(signals)
