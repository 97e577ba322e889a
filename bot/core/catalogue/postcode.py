"""Dutch postcodes (`1234 AB`) and the ranges that say which neighbourhood a postcode is in."""

from __future__ import annotations

import re
from dataclasses import dataclass

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$")
_RANGE_END = re.compile(r"^([1-9][0-9]{3})([A-Z]{2})?$")


@dataclass(frozen=True, slots=True, order=True)
class Postcode:
    """A postcode; `letters` is None when only the four digits (PC4) are known."""

    digits: str
    letters: str | None = None

    @property
    def pc4(self) -> str:
        return self.digits

    @property
    def key(self) -> str:
        """Six-character comparison key; a bare PC4 compares as its first letter pair."""
        return self.digits + (self.letters or "AA")

    def __str__(self) -> str:
        return f"{self.digits} {self.letters}" if self.letters else self.digits


def parse_postcode(text: str) -> Postcode | None:
    """Parse `1234 AB`, `1234ab` or `1234`; None when it is not a Dutch postcode."""
    match = _POSTCODE.match(text)
    if match is None:
        return None
    letters = match.group(2)
    return Postcode(match.group(1), letters.upper() if letters else None)


@dataclass(frozen=True, slots=True)
class PostcodeRange:
    """An inclusive range, stored as six-character keys (`9904AA`..`9905ZZ`)."""

    start: str
    end: str

    @classmethod
    def parse(cls, start: str, end: str) -> PostcodeRange:
        """Parse a `[start, end]` pair of PC4 (`9904`) or PC6 (`9906AA`) values."""
        first = _RANGE_END.match(start.replace(" ", "").upper())
        last = _RANGE_END.match(end.replace(" ", "").upper())
        if first is None or last is None:
            raise ValueError(f"postcode range [{start}, {end}] is not of the form 1234 or 1234AB")
        low = first.group(1) + (first.group(2) or "AA")
        high = last.group(1) + (last.group(2) or "ZZ")
        if low > high:
            raise ValueError(f"postcode range [{start}, {end}] ends before it starts")
        return cls(low, high)

    def contains(self, postcode: Postcode) -> bool:
        if postcode.letters is None:
            # Only PC4 known: the range holds it when any part of that PC4 is inside.
            return self.start[:4] <= postcode.digits <= self.end[:4]
        return self.start <= postcode.key <= self.end

    def overlaps(self, other: PostcodeRange) -> bool:
        return self.start <= other.end and other.start <= self.end

    def pc4_bounds(self) -> tuple[str, str]:
        """The inclusive PC4 range this range touches (for `teams list`)."""
        return self.start[:4], self.end[:4]

    def as_pair(self) -> tuple[str, str]:
        """The shortest way an editor writes it: PC4 when the range covers whole PC4 areas."""
        if self.start.endswith("AA") and self.end.endswith("ZZ"):
            return self.start[:4], self.end[:4]
        return self.start, self.end
