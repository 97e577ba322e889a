import pytest

from bot.core.privacy.redact import redact


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("bel me op 06-12345678 aub", "12345678", "bel me op"),
        ("call +31 6 1234 5678 please", "1234", "call"),
        ("mijn bsn is 123456782", "123456782", "mijn bsn is"),
        ("IBAN NL91 ABNA 0417 1643 00 graag", "0417", "graag"),
        ("NL91ABNA0417164300", "0417164300", ""),
        ("mail jan.devries@example.com", "devries", "mail"),
        ("ik woon op 9901 AB 12", "9901 AB", "ik woon op"),
        ("Lindelaan 12a bij de kerk", "12a", "Lindelaan"),
        ("geboren op 12-03-1985", "1985", "geboren op"),
        ("doğum tarihim 3 maart 1985", "1985", "doğum"),
        ("born 1985-03-12", "1985", "born"),
    ],
)
def test_personal_data_is_removed(text: str, gone: str, kept: str) -> None:
    result = redact(text)
    assert gone not in result
    assert kept in result


def test_ordinary_numbers_and_pc4_stay() -> None:
    text = "ik heb 3 kinderen en 1200 euro schuld, postcode 9904"
    assert redact(text) == text


def test_a_phone_number_in_a_sentence_becomes_a_placeholder() -> None:
    assert redact("bel mij op 06-12345678 ghjkl") == "bel mij op [telefoon] ghjkl"
