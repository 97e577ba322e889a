"""Whatever arrives, the dialogue answers and never raises (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.telegram.rendering import MAX_TEXT, render, telegram_length
from bot.core.dialogue.context import Context
from bot.core.dialogue.events import Command, NonText, Press, Text
from bot.core.dialogue.replies import Reply
from bot.core.dialogue.state import Conversation, Stage
from bot.core.dialogue.step import step
from bot.core.languages import CODES
from bot.core.safety import CrisisSignal
from bot.core.topics import taxonomy
from bot.core.understanding.types import LanguageGuess, Understanding

CONTEXT = Context("Gemeente Voorbeeldstad", "000 555 0100", 30, {}, {"nl": "Fictief."})
INTENTS = [t.id for t in taxonomy().topics] + list(taxonomy().conversation)
# Text as residents' phones send it, and worse: control and zero-width characters, RTL marks,
# surrogate-free astral characters, very long runs.
NASTY = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(["\u200b", "\u200d", "\u202e", "\u2066", "\x00", "\x1b", "\ufeff", "\n"]),
    max_size=5000,
)
PAYLOADS = st.sampled_from(
    [
        "yes",
        "no",
        "person",
        "menu",
        "more",
        "ask",
        "else",
        "langmenu",
        "contact:chat",
        "contact:phone",
        "contact:visit",
        "topic:debt_help",
        "topic:nope",
        "lang:ar",
        "lang:xx",
        "",
    ]
) | st.text(max_size=64)


@st.composite
def understandings(draw: st.DrawFn) -> Understanding:
    language = draw(st.sampled_from(CODES))
    crisis = draw(st.none() | st.sampled_from(sorted(taxonomy().crisis_ids)))
    return Understanding(
        LanguageGuess(language, draw(st.floats(0, 1)), from_prior=draw(st.booleans())),
        draw(st.none() | st.sampled_from(INTENTS)),
        draw(st.floats(0, 1)),
        tuple(draw(st.lists(st.sampled_from(INTENTS), max_size=3))),
        crisis=CrisisSignal(crisis, language, "x") if crisis else None,
        nlu_available=draw(st.booleans()),
    )


@st.composite
def conversations(draw: st.DrawFn) -> Conversation:
    return Conversation(
        stage=draw(st.sampled_from(list(Stage))),
        language=draw(st.none() | st.sampled_from(CODES)),
        misunderstandings=draw(st.integers(0, 5)),
        topic=draw(st.none() | st.sampled_from([t.id for t in taxonomy().topics])),
        page=draw(st.integers(0, 3)),
        pc4=draw(st.none() | st.just("9904")),
        buttons=tuple(draw(st.lists(st.tuples(st.text(max_size=20), PAYLOADS), max_size=4))),
        team_id=draw(st.none() | st.just("wijkteam-noord")),
        contact=draw(st.none() | st.sampled_from(["chat", "phone", "visit"])),
        question=draw(st.none() | NASTY),
        open_case=draw(st.none() | st.integers(1, 10)),
    )


EVENTS = (
    st.builds(Text, NASTY, understandings(), st.none() | st.sampled_from(["ar", "pt-br", "x"]))
    | st.builds(Press, PAYLOADS)
    | st.builds(
        Command,
        st.sampled_from(
            [
                "start",
                "help",
                "menu",
                "language",
                "privacy",
                "cancel",
                "mydata",
                "delete",
                "nonsense",
            ]
        ),
    )
    | st.builds(NonText, st.sampled_from(["voice", "photo", "sticker", "edited", "poll", "?"]))
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations(), EVENTS)
def test_every_event_gets_an_answer_and_a_valid_next_state(
    conversation: Conversation, event: Text | Press | Command | NonText
) -> None:
    outcome = step(conversation, event, CONTEXT)
    assert outcome.replies or (conversation.open_case and isinstance(event, Text))
    for reply in outcome.replies:
        if isinstance(reply, Reply):
            assert reply.text.strip()
    again = Conversation.from_json(outcome.conversation.to_json())
    assert again.stage == outcome.conversation.stage  # the state survives a restart


@settings(max_examples=300, deadline=None)
@given(NASTY, st.booleans())
def test_any_text_renders_into_messages_telegram_accepts(text: str, rtl: bool) -> None:
    for message in render(Reply(text or ".", rtl=rtl)):
        assert telegram_length(message.html) > 0 and "<" not in message.html
        assert (
            telegram_length(
                message.html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            )
            <= MAX_TEXT
        )
