import pytest

from bot.core.catalogue.postcode import Postcode, PostcodeRange, parse_postcode


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234 AB", Postcode("1234", "AB")),
        ("1234ab", Postcode("1234", "AB")),
        (" 9901 ", Postcode("9901", None)),
        ("0123 AB", None),
        ("123 AB", None),
        ("1234 A", None),
        ("postcode", None),
    ],
)
def test_parse_postcode(text: str, expected: Postcode | None) -> None:
    assert parse_postcode(text) == expected


def test_range_of_pc4_covers_every_letter_pair() -> None:
    whole = PostcodeRange.parse("9904", "9905")
    assert (whole.start, whole.end) == ("9904AA", "9905ZZ")
    assert whole.contains(Postcode("9905", "ZZ"))
    assert not whole.contains(Postcode("9906", "AA"))
    assert whole.as_pair() == ("9904", "9905")


def test_letter_ranges_split_a_pc4() -> None:
    first = PostcodeRange.parse("9906AA", "9906KZ")
    second = PostcodeRange.parse("9906 LA", "9906ZZ")
    assert first.contains(Postcode("9906", "KZ")) and not first.contains(Postcode("9906", "LA"))
    assert second.contains(Postcode("9906", "LA"))
    assert not first.overlaps(second)
    assert first.overlaps(PostcodeRange.parse("9905", "9906"))
    assert first.pc4_bounds() == ("9906", "9906")


@pytest.mark.parametrize(("start", "end"), [("99", "9905"), ("9905", "9904"), ("9904XX1", "9905")])
def test_malformed_ranges_are_refused(start: str, end: str) -> None:
    with pytest.raises(ValueError, match="postcode range"):
        PostcodeRange.parse(start, end)
