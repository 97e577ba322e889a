"""UI strings in the resident's language, from Babel/gettext catalogues (bot/locale/*.po).

Message ids are English; every language, Dutch included, is a translation. The catalogues are
read once from the package (no database, no network), so the safety texts are always there.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from babel.messages.pofile import read_po

from bot.core.languages import CODES

DOMAIN = "wijkwijzer"


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it here."""
    return message


@cache
def catalogue(language: str) -> dict[str, str]:
    """msgid → translation for `language`; empty when there is no catalogue."""
    folder = resources.files("bot") / "locale" / language / "LC_MESSAGES"
    entry = folder / f"{DOMAIN}.po"
    if language not in CODES or not entry.is_file():
        return {}
    with entry.open("rb") as handle:
        po = read_po(handle, locale=None, domain=DOMAIN)
    return {
        str(m.id): str(m.string)
        for m in po
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def text(language: str, message: str, **values: object) -> str:
    """`message` in `language` (English when untranslated), with `{placeholders}` filled in."""
    translated = catalogue(language).get(message) or message
    return translated.format(**values) if values else translated
