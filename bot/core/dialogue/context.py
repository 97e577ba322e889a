"""Read-only facts the dialogue needs from the catalogue and settings, supplied by the app."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Context:
    municipality: str
    municipality_phone: str
    retention_days: int = 30
    topic_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    notices: dict[str, str] = field(default_factory=dict)  # "this municipality is fictional"

    def topic_label(self, topic: str, language: str) -> str:
        labels = self.topic_labels.get(topic, {})
        return labels.get(language) or labels.get("nl") or topic
