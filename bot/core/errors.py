"""The core's error hierarchy; adapters convert library exceptions into these at the edge."""

from __future__ import annotations


class WijkwijzerError(Exception):
    """Base of every error wijkwijzer reports to a person in one line."""


class ContentError(WijkwijzerError):
    """Catalogue content that cannot be used: names the file and the field."""

    def __init__(self, file: str, field: str, message: str) -> None:
        super().__init__(f"{file}: {field}: {message}" if field else f"{file}: {message}")
        self.file = file
        self.field = field
        self.message = message


class NluUnavailable(WijkwijzerError):
    """The NLU server did not answer in time or answered with an error."""


class TranslationUnavailable(WijkwijzerError):
    """The translator did not answer in time, refused, or does not know the language."""


class StorageUnavailable(WijkwijzerError):
    """The database could not be reached; the message must be answered later, not dropped."""
