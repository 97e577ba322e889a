"""The languages every resident-facing feature supports (mirrors shared/spec/languages.yml)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    """A resident language: ISO 639-1 code, its own name, and writing direction."""

    code: str
    name: str
    rtl: bool = False


LANGUAGES: tuple[Language, ...] = (
    Language("nl", "Nederlands"),
    Language("en", "English"),
    Language("ar", "العربية", rtl=True),
    Language("tr", "Türkçe"),
    Language("pl", "Polski"),
    Language("uk", "Українська"),
    Language("ti", "ትግርኛ"),
    Language("so", "Soomaali"),
    Language("fa", "فارسی", rtl=True),
)
CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
SOURCE = "nl"  # Dutch is the source language of every catalogue text
BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}
