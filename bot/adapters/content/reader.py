"""Typed access to a YAML mapping that names the file and field of anything wrong."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from bot.core.errors import ContentError

_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class Reader:
    """Reads fields of one mapping; `path` is the dotted field path used in messages."""

    def __init__(self, data: object, file: str, path: str = "") -> None:
        if not isinstance(data, Mapping):
            raise ContentError(file, path, "expected a mapping of fields")
        self.data: Mapping[str, Any] = data
        self.file = file
        self.path = path

    def field(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def error(self, name: str, message: str) -> ContentError:
        return ContentError(self.file, self.field(name), message)

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def text(self, name: str) -> str:
        value = self.optional_text(name)
        if value is None:
            raise self.error(name, "is required")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(name, "must be text")
        text = str(value).strip()
        return text or None

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def integer(self, name: str) -> int:
        value = self.data.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, f"must be an integer, not {value!r}")
        return value

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.error(name, f"must be a date like 2026-11-01, not {value!r}") from None

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise self.error(name, "must be a list of text values")
        return tuple(str(v).strip() for v in value)

    def items(self, name: str) -> list[Reader]:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            raise self.error(name, "must be a list")
        return [Reader(v, self.file, f"{self.field(name)}[{i}]") for i, v in enumerate(value)]

    def mapping(self, name: str) -> Reader:
        return Reader(self.data.get(name) or {}, self.file, self.field(name))

    def time(self, name: str) -> str:
        value = self.data.get(name)
        if isinstance(value, int):  # YAML 1.1 reads an unquoted 09:00 as sexagesimal 540
            value = f"{value // 60:02d}:{value % 60:02d}"
        if not isinstance(value, str) or not _TIME.match(value):
            raise self.error(name, f'must be a time like "09:00", not {value!r}')
        return value
