"""Application services: where a channel's message meets understanding, dialogue and storage."""
