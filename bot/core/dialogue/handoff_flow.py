"""The resident's side of a handoff: consent → postcode → team → contact → interpreter → sent.

Every question is asked with buttons and also accepts a typed answer in the resident's language.
Nothing leaves for a person before consent is given and recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.catalogue.model import Wijkteam
from bot.core.catalogue.postcode import parse_postcode
from bot.core.dialogue import messages as m
from bot.core.dialogue import ui
from bot.core.dialogue.context import Context
from bot.core.dialogue.events import Text
from bot.core.dialogue.replies import (
    Button,
    CancelCase,
    RecordConsent,
    Reply,
    RouteLookup,
    SubmitHandoff,
)
from bot.core.dialogue.state import Conversation, Stage
from bot.core.dialogue.ui import Outcome
from bot.core.handoff.case import ContactMode, HandoffRequest
from bot.core.i18n import text as t
from bot.core.text import normalise, words

STAGES = frozenset(
    {
        Stage.HANDOFF_CONSENT,
        Stage.ASKING_POSTCODE,
        Stage.HANDOFF_CONTACT,
        Stage.HANDOFF_PHONE,
        Stage.HANDOFF_INTERPRETER,
    }
)
CONSENT_PURPOSE = "handoff"
CONTACT_WORDS = {
    ContactMode.CHAT: m.CHAT_WORDS,
    ContactMode.PHONE: m.PHONE_WORDS,
    ContactMode.VISIT: m.VISIT_WORDS,
}
_PHONE = re.compile(r"^(?:\+|00)?[0-9]{9,15}$")
DAY_NAMES = (m.DAYS[0], m.DAYS[1], m.DAYS[2], m.DAYS[3], m.DAYS[4], m.DAYS[5], m.DAYS[6])


@dataclass(frozen=True, slots=True)
class Submitted:
    """What the application reports back once the case is stored and sent to the team."""

    case_id: int
    team: str
    opens_at: dt.datetime | None  # None: the team is open now
    same_worker: str | None  # first name of the professional who helped before


def start(conversation: Conversation, language: str) -> Outcome:
    """A person was asked for: explain what happens and who sees what, then ask consent."""
    if conversation.open_case:
        return pending(conversation, language)
    text = t(language, m.HANDOFF_EXPLAIN)
    return Outcome(
        conversation.with_(stage=Stage.HANDOFF_CONSENT),
        [ui.reply(language, text, ui.yes_no(language))],
    )


def pending(conversation: Conversation, language: str) -> Outcome:
    """An open case: the resident's messages go to the wijkteam, not to the assistant."""
    text = t(language, m.HANDOFF_PENDING, team=conversation.open_team or "wijkteam")
    return Outcome(conversation.with_(stage=Stage.READY), [ui.reply(language, text)])


def cancel(conversation: Conversation, language: str) -> Outcome:
    """`/cancel`: stop the open case, or say there is none."""
    if not conversation.open_case:
        text = t(language, m.HANDOFF_NOTHING_OPEN)
        return Outcome(
            conversation.without_handoff().with_(stage=Stage.READY), [ui.reply(language, text)]
        )
    done = ui.reply(language, t(language, m.HANDOFF_CANCELLED), ui.menu_buttons(language))
    return Outcome(
        conversation.with_(stage=Stage.READY, open_case=None),
        [CancelCase(conversation.open_case, language), done],
    )


def press(
    conversation: Conversation, kind: str, value: str, context: Context, language: str
) -> Outcome | None:
    """A button (or its typed equivalent) during the handoff; None when it is not ours."""
    stage = conversation.stage
    if stage is Stage.HANDOFF_CONSENT and kind in ("yes", "no"):
        return _consent(conversation, kind == "yes", language)
    if kind == "contact" and value in ContactMode.__members__.values():
        if conversation.team_id is None:
            return None
        return _contact(conversation, ContactMode(value), language)
    if stage is Stage.HANDOFF_INTERPRETER and kind in ("yes", "no"):
        return _submit(conversation, language, interpreter=kind == "yes")
    return None


def typed(conversation: Conversation, event: Text, context: Context, language: str) -> Outcome:
    """A typed answer to the handoff question of the current stage; asked again when unclear."""
    stage = conversation.stage
    if stage is Stage.ASKING_POSTCODE:
        postcode = parse_postcode(event.text)
        if postcode is not None:
            return _route(conversation, postcode.pc4, language)
        return Outcome(conversation, [ui.reply(language, t(language, m.BAD_POSTCODE))])
    if stage is Stage.HANDOFF_PHONE:
        phone = parse_phone(event.text)
        if phone is not None:
            return _after_contact(conversation.with_(phone=phone), language)
        buttons = [Button(t(language, m.BUTTON_CONTACT_CHAT), "contact:chat")]
        return Outcome(
            conversation, [ui.reply(language, t(language, m.HANDOFF_BAD_PHONE), buttons)]
        )
    if stage is Stage.HANDOFF_CONTACT:
        phone = parse_phone(event.text)
        if phone is not None:  # a number instead of "phone call": they want to be called
            chosen = conversation.with_(contact=ContactMode.PHONE.value, phone=phone)
            return _after_contact(chosen, language)
        mode = contact_in(event.text, language)
        if mode is not None:
            return _contact(conversation, mode, language)
        return _ask_contact(conversation, language)
    # "nee hoor", "no thanks", "yes please": the model knows agreeing and declining too.
    intent = event.understanding.intent
    if stage is Stage.HANDOFF_CONSENT:
        if intent in ("affirm", "deny"):
            return _consent(conversation, intent == "affirm", language)
        return start(conversation, language)  # not a yes or a no: ask again
    if intent in ("affirm", "deny"):
        return _submit(conversation, language, interpreter=intent == "affirm")
    return _ask_interpreter(conversation, language)


def contact_in(text: str, language: str) -> ContactMode | None:
    """A contact preference in a typed sentence ("ik wil graag gebeld worden" → phone)."""
    typed = f" {' '.join(words(normalise(text)))} "
    for mode, message in CONTACT_WORDS.items():
        for word in (t(language, message) + "," + message).split(","):
            term = " ".join(words(normalise(word)))
            if term and (
                f" {term} " in typed
                or any(w.startswith(term) for w in typed.split() if len(term) >= 4)
            ):
                return mode
    return None


def parse_phone(text: str) -> str | None:
    """A phone number as typed ("06 12345678", "+31 6-1234 5678"); None when it is not one."""
    compact = re.sub(r"[\s\-.()/]", "", text.strip())
    return compact if _PHONE.match(compact) else None


def _consent(conversation: Conversation, given: bool, language: str) -> Outcome:
    if not given:
        text = t(language, m.HANDOFF_DECLINED)
        declined = conversation.without_handoff().with_(stage=Stage.READY)
        return Outcome(declined, [ui.reply(language, text, ui.menu_buttons(language))])
    consent = RecordConsent(CONSENT_PURPOSE, language, t(language, m.HANDOFF_EXPLAIN))
    if conversation.pc4:
        routed = _route(conversation, conversation.pc4, language)
        return Outcome(routed.conversation, [consent, *routed.replies])
    ask = ui.reply(language, t(language, m.ASK_POSTCODE))
    return Outcome(conversation.with_(stage=Stage.ASKING_POSTCODE), [consent, ask])


def _route(conversation: Conversation, pc4: str, language: str) -> Outcome:
    return Outcome(conversation.with_(pc4=pc4), [RouteLookup(pc4, language)])


def answer_route(
    conversation: Conversation, lookup: RouteLookup, team: Wijkteam | None, context: Context
) -> Outcome:
    """The team for the postcode: on to the contact question; outside the municipality, its
    general number (no case: another municipality's team cannot help)."""
    language = lookup.language
    if team is None:
        text = t(
            language,
            m.OUTSIDE_MUNICIPALITY,
            municipality=context.municipality,
            phone=context.municipality_phone,
        )
        done = conversation.without_handoff().with_(stage=Stage.READY)
        return Outcome(done, [ui.reply(language, text, ui.menu_buttons(language))])
    return _ask_contact(conversation.with_(team_id=team.id), language)


def _ask_contact(conversation: Conversation, language: str) -> Outcome:
    buttons = [
        Button(t(language, m.BUTTON_CONTACT_CHAT), "contact:chat"),
        Button(t(language, m.BUTTON_CONTACT_PHONE), "contact:phone"),
        Button(t(language, m.BUTTON_CONTACT_VISIT), "contact:visit"),
    ]
    text = t(language, m.HANDOFF_ASK_CONTACT)
    return Outcome(
        conversation.with_(stage=Stage.HANDOFF_CONTACT), [ui.reply(language, text, buttons)]
    )


def _contact(conversation: Conversation, mode: ContactMode, language: str) -> Outcome:
    chosen = conversation.with_(contact=mode.value)
    if mode is ContactMode.PHONE:
        ask = ui.reply(language, t(language, m.HANDOFF_ASK_PHONE))
        return Outcome(chosen.with_(stage=Stage.HANDOFF_PHONE), [ask])
    return _after_contact(chosen.with_(phone=None), language)


def _after_contact(conversation: Conversation, language: str) -> Outcome:
    if language == "nl":
        return _submit(conversation, language, interpreter=False)  # no interpreter for Dutch
    return _ask_interpreter(conversation, language)


def _ask_interpreter(conversation: Conversation, language: str) -> Outcome:
    text = t(language, m.HANDOFF_ASK_INTERPRETER)
    return Outcome(
        conversation.with_(stage=Stage.HANDOFF_INTERPRETER),
        [ui.reply(language, text, ui.yes_no(language))],
    )


def _submit(conversation: Conversation, language: str, *, interpreter: bool) -> Outcome:
    if conversation.team_id is None:  # the draft was lost (e.g. an old state): start over
        return start(conversation, language)
    request = HandoffRequest(
        team_id=conversation.team_id,
        language=language,
        topic=conversation.topic,
        urgent=conversation.urgent,
        question=conversation.question,
        pc4=conversation.pc4,
        contact=ContactMode(conversation.contact or ContactMode.CHAT.value),
        phone=conversation.phone,
        interpreter=interpreter,
    )
    sent = conversation.without_handoff().with_(stage=Stage.READY)
    return Outcome(sent, [SubmitHandoff(request)])


def answer_submitted(
    conversation: Conversation, request: HandoffRequest, submitted: Submitted
) -> list[Reply]:
    """The confirmation: which team, when to expect an answer, and what to do in danger."""
    language = request.language
    lines = [t(language, m.HANDOFF_SENT, team=submitted.team)]
    if submitted.opens_at is None:
        when = t(language, m.HANDOFF_EXPECT_TODAY)
    else:
        day = t(language, DAY_NAMES[submitted.opens_at.weekday()])
        when = t(
            language, m.HANDOFF_EXPECT_NEXT, day=day, time=submitted.opens_at.strftime("%H:%M")
        )
    lines.append(t(language, m.HANDOFF_EXPECT, when=when))
    if submitted.same_worker:
        lines.append(t(language, m.HANDOFF_SAME_WORKER, name=submitted.same_worker))
    if request.urgent:
        lines.append(t(language, m.HANDOFF_URGENT))
    lines.append(t(language, m.HANDOFF_PENDING, team=submitted.team))
    return [ui.reply(language, "\n\n".join(lines))]
