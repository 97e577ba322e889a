"""The resident's side of a handoff, pure: every step by button or typed, consent first."""

from __future__ import annotations

from bot.core.catalogue.model import Address, Wijkteam
from bot.core.dialogue.context import Context
from bot.core.dialogue.events import Command, Text
from bot.core.dialogue.handoff_flow import answer_route, contact_in, parse_phone
from bot.core.dialogue.replies import (
    CancelCase,
    EraseData,
    RecordConsent,
    Relay,
    Reply,
    RouteLookup,
    SubmitHandoff,
)
from bot.core.dialogue.state import Conversation, Stage
from bot.core.dialogue.step import step
from bot.core.handoff.case import ContactMode
from bot.core.safety import CrisisSignal
from bot.core.understanding.types import LanguageGuess, Understanding

CONTEXT = Context("Gemeente Voorbeeldstad", "000 555 0100")
NOORD = Wijkteam(
    "wijkteam-noord",
    "Wijkteam Noord",
    "000 555 0202",
    "n@x.example",
    Address("Straat 1", "9904 AA", "Voorbeeldstad"),
    -1,
    (),
    {},
)


def said(
    text: str, language: str = "tr", intent: str | None = None, crisis: str | None = None
) -> Text:
    signal = CrisisSignal(crisis, language, "x") if crisis else None
    return Text(text, Understanding(LanguageGuess(language, 0.9), intent, 0.8, (), crisis=signal))


def test_typed_answers_all_the_way_and_nothing_leaves_before_consent() -> None:
    c = Conversation(language="tr", stage=Stage.READY)
    asked = step(c, said("borçlarım var", intent="debt_help"), CONTEXT).conversation
    person = step(asked, said("biriyle konuşmak istiyorum", intent="ask_human"), CONTEXT)
    assert person.conversation.stage is Stage.HANDOFF_CONSENT
    assert all(isinstance(r, Reply) for r in person.replies)  # only a question so far
    consent = step(person.conversation, said("evet", intent="affirm"), CONTEXT)
    assert isinstance(consent.replies[0], RecordConsent)
    routed = step(consent.conversation, said("9904 ab"), CONTEXT)
    assert routed.replies == [RouteLookup("9904", "tr")]
    lookup = routed.replies[0]
    assert isinstance(lookup, RouteLookup)
    contact = answer_route(routed.conversation, lookup, NOORD, CONTEXT)
    assert contact.conversation.stage is Stage.HANDOFF_CONTACT
    number = step(contact.conversation, said("06-1234 5678"), CONTEXT)  # a number: call me
    assert number.conversation.stage is Stage.HANDOFF_INTERPRETER
    sent = step(number.conversation, said("hayır", intent="deny"), CONTEXT)
    (submit,) = sent.replies
    assert isinstance(submit, SubmitHandoff)
    request = submit.request
    assert (request.team_id, request.contact, request.phone) == (
        "wijkteam-noord",
        ContactMode.PHONE,
        "0612345678",
    )
    assert request.question == "borçlarım var"  # the question, not "I want a person"
    assert not request.interpreter and not request.urgent
    assert sent.conversation.question is None  # forgotten once passed on


def test_declining_consent_passes_nothing_on() -> None:
    c = Conversation(language="en", stage=Stage.HANDOFF_CONSENT, question="help")
    declined = step(c, said("no", "en", "deny"), CONTEXT)
    assert all(isinstance(r, Reply) for r in declined.replies)
    assert declined.conversation.question is None and declined.conversation.stage is Stage.READY


def test_outside_the_municipality_no_case_but_the_general_number() -> None:
    c = Conversation(language="en", stage=Stage.ASKING_POSTCODE)
    done = answer_route(c, RouteLookup("1011", "en"), None, CONTEXT)
    assert "000 555 0100" in done.replies[0].text  # type: ignore[union-attr]
    assert not any(isinstance(r, SubmitHandoff) for r in done.replies)


def test_an_open_case_relays_messages_and_danger_still_gets_the_safety_text() -> None:
    c = Conversation(language="ar", stage=Stage.READY, open_case=7, open_team="Wijkteam Noord")
    relayed = step(c, said("شكرا", "ar", "thanks"), CONTEXT)
    assert relayed.replies == [Relay(7, "شكرا", "ar")]
    danger = step(c, said("...", "ar", crisis="domestic_violence"), CONTEXT)
    assert "0800-2000" in danger.replies[0].text  # type: ignore[union-attr]
    assert danger.replies[1] == Relay(7, "...", "ar")
    cancelled = step(c, Command("cancel"), CONTEXT)
    assert cancelled.replies[0] == CancelCase(7, "ar")


def test_a_crisis_handoff_is_urgent() -> None:
    c = Conversation(language="nl", stage=Stage.READY)
    offered = step(c, said("mijn man slaat me", "nl", crisis="domestic_violence"), CONTEXT)
    assert offered.conversation.urgent and offered.conversation.topic == "domestic_violence"


def test_delete_asks_first() -> None:
    c = Conversation(language="nl", stage=Stage.READY)
    asked = step(c, Command("delete"), CONTEXT)
    assert asked.conversation.stage is Stage.CONFIRMING_DELETE
    kept = step(asked.conversation, said("nee", "nl", "deny"), CONTEXT)
    assert not any(isinstance(r, EraseData) for r in kept.replies)
    erased = step(asked.conversation, said("ja", "nl", "affirm"), CONTEXT)
    assert isinstance(erased.replies[0], EraseData)


def test_words_and_numbers() -> None:
    assert contact_in("ik wil graag gebeld worden, bellen is goed", "nl") is ContactMode.PHONE
    assert contact_in("لقاء شخصي", "ar") is ContactMode.VISIT or contact_in("visit", "ar")
    assert parse_phone("+31 6 1234 5678") == "+31612345678"
    assert parse_phone("9904 AB") is None and parse_phone("12") is None
