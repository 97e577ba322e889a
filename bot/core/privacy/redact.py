"""Removes personal data from resident text before it is stored for editors to read.

Placeholders keep the sentence readable for labelling: "bel me op [telefoon]".
"""

from __future__ import annotations

import re

_MONTHS = (
    "jan|feb|mrt|maart|apr|april|mei|jun|juni|jul|juli|aug|sep|sept|okt|oct|nov|dec|januari|"
    "februari|augustus|september|oktober|october|november|december|january|february|march|"
    "may|june|july|august"
)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b", re.I), "[iban]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    (re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}\b"), "[datum]"),
    (re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})\.?\s+(?:19|20)\d{{2}}\b", re.I), "[datum]"),
    (re.compile(r"\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\b"), "[datum]"),
    # A postcode with a house number pins down one home; a bare PC4 does not.
    (re.compile(r"\b[1-9]\d{3}\s?[A-Z]{2}\b(?:\s*,?\s*\d+\s?[a-zA-Z]?\b)?", re.I), "[adres]"),
    (re.compile(r"(?:\+|00)\d[\d\s\-()]{7,}\d"), "[telefoon]"),
    (re.compile(r"\b0\d(?:[\s-]?\d){8}\b"), "[telefoon]"),
    (re.compile(r"\b\d{8,9}\b"), "[nummer]"),  # BSN, or any long number that names a person
    (
        re.compile(
            r"\b([A-Za-zÀ-ÿ'-]+(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|dreef|"
            r"steeg|park|ring|markt))\s+\d+\s?[a-zA-Z]?\b",
            re.I,
        ),
        r"\1 [huisnummer]",
    ),
    (re.compile(r"\b(?:huisnummer|nummer|nr\.?|no\.?)\s*\d+\s?[a-zA-Z]?\b", re.I), "[huisnummer]"),
)


def redact(text: str) -> str:
    """`text` with phone numbers, e-mails, BSNs, IBANs, addresses and dates removed."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
