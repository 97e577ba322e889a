"""Every UI string exists and is translated in all nine catalogues, placeholders intact."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from bot.core.dialogue import messages
from bot.core.i18n import text
from bot.core.languages import BY_CODE, CODES

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def message_ids() -> set[str]:
    ids: set[str] = set()
    for name, value in vars(messages).items():
        if name.isupper() and isinstance(value, str):
            ids.add(value)
        elif name.isupper() and isinstance(value, tuple):
            ids.update(v for v in value if isinstance(v, str))
    return ids


def po(language: str):  # type: ignore[no-untyped-def]
    path = resources.files("bot") / "locale" / language / "LC_MESSAGES" / "wijkwijzer.po"
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", CODES)
def test_catalogue_is_complete(language: str) -> None:
    entries = {m.id: m for m in po(language) if m.id}
    missing = message_ids() - set(entries)
    assert not missing, f"{language}: not in the catalogue (run make i18n): {sorted(missing)[:3]}"
    untranslated = [i for i in message_ids() if not entries[i].string or entries[i].fuzzy]
    assert not untranslated, f"{language}: untranslated: {untranslated[:3]}"
    for message_id in message_ids():
        translated = str(entries[message_id].string)
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(message_id)), (
            language,
            message_id,
        )


@pytest.mark.parametrize("language", CODES)
def test_safety_texts_keep_every_number(language: str) -> None:
    assert {"113", "0800-0113"} <= set(
        re.findall(r"[\d-]{3,}", text(language, messages.SAFETY_SUICIDE))
    )
    assert "0800-2000" in text(language, messages.SAFETY_VIOLENCE)
    assert "0800-2000" in text(language, messages.SAFETY_HONOUR)
    assert "112" in text(language, messages.SAFETY_112)


def test_right_to_left_languages_are_marked() -> None:
    assert {code for code, lang in BY_CODE.items() if lang.rtl} == {"ar", "fa"}
