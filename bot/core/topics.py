"""The topic taxonomy (a contract shared with the NLU model and the evaluations)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic id of topics.yml; crisis topics open the safety flow first."""

    id: str
    nl: str
    en: str
    crisis: bool = False


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Service topics in menu order and the conversation intents."""

    topics: tuple[Topic, ...]
    conversation: tuple[str, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics)

    @property
    def crisis_ids(self) -> frozenset[str]:
        return frozenset(t.id for t in self.topics if t.crisis)

    def get(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)


@cache
def taxonomy() -> Taxonomy:
    """The taxonomy shipped with the package (a copy of shared/spec/topics.yml)."""
    text = (resources.files("bot.core") / "topics.yml").read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    topics = tuple(
        Topic(t["id"], t["nl"], t["en"], bool(t.get("crisis", False))) for t in document["topics"]
    )
    return Taxonomy(topics, tuple(document["conversation"]))
