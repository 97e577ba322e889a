"""Text normalisation shared by crisis detection, keyword search and duplicate checks.

Residents type on phones: without diacritics, with Arabic letter variants, with zero-width
joiners pasted from other apps. Matching therefore happens on a normalised form in which those
differences disappear. Patterns are normalised with the same function, so editors write them the
way residents write.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that do not decompose under NFD but that residents often type without their mark.
_FOLD = str.maketrans(
    {
        "ı": "i",  # Turkish dotless i
        "ł": "l",  # Polish
        "ø": "o",
        "đ": "d",
        "ß": "ss",
        # Arabic and Farsi variants of the same letter: residents mix them freely.
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ئ": "ي",
        "ک": "ك",
        "ة": "ه",
        "ؤ": "و",
        "ـ": None,  # tatweel only stretches a word
        "ʼ": "'",
        "’": "'",
    }
)
# An apostrophe inside a word belongs to it: Ukrainian "б'є" (hits), Dutch "auto's".
_WORD = re.compile(r"\w+(?:'\w+)*", re.UNICODE)


def normalise(text: str) -> str:
    """Return the comparison form of `text`: case-folded, without marks, variants unified."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":  # combining marks: Latin accents, Arabic harakat, Cyrillic breve
            continue
        if category in ("Cf", "Cc", "Co", "Cs") and not char.isspace():
            continue  # zero-width joiners, bidi controls, control characters
        kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept)).translate(_FOLD)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Split normalised text into words (Ethiopic word separators and punctuation split too).

    Apostrophes inside a word are dropped, so "б'є", "бʼє" and "бє" are the same word.
    """
    return [w.replace("'", "") for w in _WORD.findall(normalise(text))]
