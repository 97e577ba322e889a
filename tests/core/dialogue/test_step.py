"""The dialogue core without I/O: fake understandings in, replies and lookups out."""

from __future__ import annotations

from bot.core.catalogue.model import Address, Location, OpeningHours, Phone, ServiceText
from bot.core.catalogue.model import TranslationState as TS
from bot.core.catalogue.ranking import ServiceCard
from bot.core.dialogue.context import Context
from bot.core.dialogue.events import Command, NonText, Press, Text
from bot.core.dialogue.replies import RecordConsent, Reply, RouteLookup, ServicesLookup
from bot.core.dialogue.state import Conversation, Stage
from bot.core.dialogue.step import answer_services, step
from bot.core.safety import CrisisSignal
from bot.core.understanding.types import LanguageGuess, Understanding

CONTEXT = Context(
    "Gemeente Voorbeeldstad",
    "000 555 0100",
    30,
    {"debt_help": {"nl": "Schulden", "ar": "الديون"}},
    {"nl": "Fictief."},
)


def said(
    text: str,
    intent: str | None,
    language: str = "nl",
    *,
    crisis: str | None = None,
    candidates: tuple[str, ...] = (),
    confidence: float = 0.9,
) -> Text:
    signal = CrisisSignal(crisis, language, "x") if crisis else None
    understanding = Understanding(
        LanguageGuess(language, confidence), intent, 0.8, candidates, crisis=signal
    )
    return Text(text, understanding)


def replies(items: list) -> list[Reply]:  # type: ignore[type-arg]
    return [r for r in items if isinstance(r, Reply)]


def test_start_welcomes_with_every_language_button() -> None:
    outcome = step(Conversation(), Command("start", "ar"), CONTEXT)
    [welcome] = replies(outcome.replies)
    assert outcome.conversation.stage is Stage.CHOOSING_LANGUAGE
    assert [b.payload for b in welcome.buttons] == [
        "lang:nl",
        "lang:en",
        "lang:ar",
        "lang:tr",
        "lang:pl",
        "lang:uk",
        "lang:ti",
        "lang:so",
        "lang:fa",
    ]
    assert welcome.rtl  # Telegram said Arabic: the welcome is in Arabic, right to left
    assert all(len(b.payload.encode()) <= 64 for b in welcome.buttons)


def test_choosing_a_language_by_button_or_by_typing() -> None:
    started = step(Conversation(), Command("start"), CONTEXT).conversation
    pressed = step(started, Press("lang:tr"), CONTEXT)
    assert pressed.conversation.language == "tr" and pressed.conversation.stage is Stage.READY
    typed = step(started, said("العربية", None, "ar"), CONTEXT)
    assert typed.conversation.language == "ar"
    by_number = step(started, said("3", None), CONTEXT)
    assert by_number.conversation.language == "ar"


def test_a_first_question_is_answered_in_the_language_it_was_written_in() -> None:
    outcome = step(Conversation(), said("عندي ديون كثيرة", "debt_help", "ar"), CONTEXT)
    assert outcome.conversation.language == "ar"
    assert outcome.replies == [ServicesLookup("debt_help", 0, "ar")]


def test_unsure_asks_did_you_mean_then_offers_a_person() -> None:
    ready = Conversation(stage=Stage.READY, language="nl")
    first = step(ready, said("iets", None, candidates=("debt_help", "housing")), CONTEXT)
    [question] = replies(first.replies)
    assert [b.payload for b in question.buttons] == ["topic:debt_help", "topic:housing", "else"]
    assert first.conversation.stage is Stage.CLARIFYING
    second = step(first.conversation, said("nog iets", None), CONTEXT)
    assert second.replies[0].buttons[0].payload == "person"  # type: ignore[union-attr]
    assert second.conversation.misunderstandings == 2


def test_crisis_gets_the_safety_reply_first_whatever_the_stage() -> None:
    for stage in Stage:
        conversation = Conversation(stage=stage)
        outcome = step(
            conversation, said("...", "debt_help", "en", crisis="suicidal_crisis"), CONTEXT
        )
        first = replies(outcome.replies)[0]
        assert "113" in first.text and "0800-0113" in first.text and "112" in first.text
    violence = step(Conversation(), said("...", None, "nl", crisis="domestic_violence"), CONTEXT)
    assert "0800-2000" in replies(violence.replies)[0].text


def test_typed_yes_after_the_safety_offer_asks_consent_then_the_postcode() -> None:
    after = step(
        Conversation(language="en"), said("...", None, "en", crisis="domestic_violence"), CONTEXT
    ).conversation
    outcome = step(after, said("yes", "affirm", "en"), CONTEXT)
    assert outcome.conversation.stage is Stage.HANDOFF_CONSENT
    consent = step(outcome.conversation, said("yes", "affirm", "en"), CONTEXT)
    assert isinstance(consent.replies[0], RecordConsent)
    assert consent.conversation.stage is Stage.ASKING_POSTCODE
    place = step(consent.conversation, said("9904 AB", None), CONTEXT)
    assert place.replies == [RouteLookup("9904", "en")]
    assert place.conversation.pc4 == "9904"  # only the four digits are kept


def test_not_a_postcode_is_asked_again_kindly() -> None:
    asking = Conversation(stage=Stage.ASKING_POSTCODE, language="nl")
    outcome = step(asking, said("weet ik niet", None), CONTEXT)
    assert outcome.conversation.stage is Stage.ASKING_POSTCODE
    assert "9901" in replies(outcome.replies)[0].text


def test_commands_and_non_text() -> None:
    ready = Conversation(stage=Stage.READY, language="nl")
    assert "30" in replies(step(ready, Command("privacy"), CONTEXT).replies)[0].text
    menu = replies(step(ready, Command("menu"), CONTEXT).replies)[0]
    assert menu.buttons[0].payload == "topic:debt_help" and menu.buttons[-1].payload == "person"
    assert len(step(ready, NonText("voice"), CONTEXT).replies) == 1


def test_more_services_asks_for_the_next_page() -> None:
    shown = Conversation(stage=Stage.READY, language="nl", topic="debt_help", page=0)
    assert step(shown, Press("more"), CONTEXT).replies == [ServicesLookup("debt_help", 1, "nl")]


def card(**texts: ServiceText) -> ServiceCard:
    return ServiceCard(
        "s",
        texts,
        "Org",
        Location("l", "Kantoor", Address("Straat 1", "9901 AA", "Voorbeeldstad")),
        (Phone("000 555 0110"),),
        (OpeningHours(("mo", "tu"), "09:00", "12:00"),),
        ("nl", "ar"),
        True,
        "https://x.example",
        None,
        False,
    )


def test_answer_cards_say_when_a_text_is_machine_made_or_missing() -> None:
    dutch = ServiceText("Schuldhulp", "Hulp bij schulden.", fees="Gratis.")
    arabic = ServiceText("مساعدة", "مساعدة في الديون", state=TS.MACHINE)
    lookup = ServicesLookup("debt_help", 0, "ar")
    [reply] = answer_services(Conversation(), lookup, [card(nl=dutch, ar=arabic)], True, CONTEXT)
    assert "مساعدة" in reply.text and "000 555 0110" in reply.text and "09:00" in reply.text
    assert reply.rtl and reply.buttons[0].payload == "more"
    [missing] = answer_services(
        Conversation(), ServicesLookup("debt_help", 0, "tr"), [card(nl=dutch)], False, CONTEXT
    )
    assert "Schuldhulp" in missing.text  # Dutch shown, with the notice
    assert missing.buttons[0].payload == "person"


def test_conversation_state_survives_json() -> None:
    state = Conversation(
        Stage.CLARIFYING, "fa", 1, "housing", 2, ("a", "b"), "de-horst", "9904", (("Ja", "yes"),)
    )
    assert Conversation.from_json(state.to_json()) == state
    assert Conversation.from_json(None) == Conversation()
