"""The dialogue: `step(conversation, event, context)` → what to say and the next state.

Pure: no I/O. Where an answer needs the catalogue, the outcome holds a lookup that the
application resolves (see `replies.Request`) and renders with the `answer_*` functions.
"""

from __future__ import annotations

from bot.core.catalogue.model import WEEKDAYS, OpeningHours, TranslationState
from bot.core.catalogue.ranking import ServiceCard
from bot.core.dialogue import handoff_flow, ui
from bot.core.dialogue import messages as m
from bot.core.dialogue.context import Context
from bot.core.dialogue.events import Command, Event, NonText, Press, Text
from bot.core.dialogue.replies import (
    Button,
    EraseData,
    MyDataLookup,
    Relay,
    Reply,
    Request,
    ServicesLookup,
)
from bot.core.dialogue.state import Conversation, Stage
from bot.core.dialogue.ui import Outcome
from bot.core.i18n import text as t
from bot.core.languages import BY_CODE, LANGUAGES
from bot.core.privacy.resident_data import ResidentData
from bot.core.text import normalise
from bot.core.topics import taxonomy

PAGE_SIZE = 3
MAX_MISUNDERSTANDINGS = 2
CONFIDENT_LANGUAGE = 0.5
SAFETY_TEXT = {
    "suicidal_crisis": m.SAFETY_SUICIDE,
    "domestic_violence": m.SAFETY_VIOLENCE,
    "honour_based_violence": m.SAFETY_HONOUR,
}
NON_TEXT = {
    "voice": m.NON_TEXT_VOICE,
    "audio": m.NON_TEXT_VOICE,
    "video_note": m.NON_TEXT_VOICE,
    "photo": m.NON_TEXT_MEDIA,
    "video": m.NON_TEXT_MEDIA,
    "document": m.NON_TEXT_MEDIA,
    "location": m.NON_TEXT_PLACE,
    "venue": m.NON_TEXT_PLACE,
    "contact": m.NON_TEXT_PLACE,
    "edited": m.NON_TEXT_EDITED,
}
# Words that stand for a button's payload when typed (the msgid's own English words count too).
WORD_ANSWERS = (
    (m.YES_WORDS, "yes"),
    (m.NO_WORDS, "no"),
    (m.CHAT_WORDS, "contact:chat"),
    (m.PHONE_WORDS, "contact:phone"),
    (m.VISIT_WORDS, "contact:visit"),
)
# Language names residents may type, besides each language's own name and its code.
LANGUAGE_WORDS = {
    "nl": ("dutch", "nederlands", "hollands", "holandca", "niderlandzki"),
    "en": ("english", "engels", "ingilizce", "angielski", "انگلیسی", "انجليزي", "انكليزي"),
    "ar": ("arabic", "arabisch", "arapca", "عربي", "عربى", "arabski"),
    "tr": ("turkish", "turks", "turkce", "تركي", "turecki"),
    "pl": ("polish", "pools", "polski", "polskie"),
    "uk": ("ukrainian", "oekraiens", "українська", "украинский", "ukrainski", "russian", "русский"),
    "ti": ("tigrinya", "tigrinja", "ትግርኛ", "tigrigna"),
    "so": ("somali", "somalisch", "soomaali", "af soomaali"),
    "fa": ("farsi", "persian", "perzisch", "dari", "فارسی", "دری"),
}


def language_of(conversation: Conversation, event: Event | None = None) -> str:
    """The language to answer in: the resident's choice, else what we can tell, else Dutch."""
    if conversation.language:
        return conversation.language
    if isinstance(event, Text):
        guess = event.understanding.language
        if guess.confidence >= CONFIDENT_LANGUAGE and not guess.from_prior:
            return guess.code
    telegram = getattr(event, "telegram_language", None)
    if telegram and telegram.split("-")[0] in BY_CODE:
        return str(telegram.split("-")[0])
    return "nl"


def _remember(conversation: Conversation, replies: list[Reply | Request]) -> Conversation:
    """Keep the last buttons so that a typed answer can stand for a press."""
    buttons: tuple[tuple[str, str], ...] = ()
    for reply in replies:
        if isinstance(reply, Reply) and reply.buttons:
            buttons = tuple((b.label, b.payload) for b in reply.buttons)
    return conversation.with_(buttons=buttons)


def step(conversation: Conversation, event: Event, context: Context) -> Outcome:
    """Decide what to say to `event`."""
    outcome = _step(conversation, event, context)
    return Outcome(_remember(outcome.conversation, outcome.replies), outcome.replies)


def _step(conversation: Conversation, event: Event, context: Context) -> Outcome:
    language = language_of(conversation, event)
    if isinstance(event, NonText):
        message = NON_TEXT.get(event.kind, m.NON_TEXT)
        return Outcome(conversation, [ui.reply(language, t(language, message))])
    if isinstance(event, Command):
        return _command(conversation, event, context, language)
    if isinstance(event, Press):
        if conversation.open_case and not event.payload.startswith(("lang", "yes", "no")):
            return handoff_flow.pending(conversation, language)
        return _press(conversation, event.payload, context, language)
    # Safety first: before anything else, whatever stage the conversation is in.
    if event.understanding.crisis is not None:
        return _safety(conversation, event, context, language)
    typed = _typed_press(conversation, event.text)
    if typed is not None:
        return _press(conversation, typed, context, language)
    if conversation.stage is Stage.CHOOSING_LANGUAGE:
        chosen = _typed_language(event.text)
        if chosen:
            return _press(conversation, f"lang:{chosen}", context, language)
    if conversation.open_case:
        # While a person helps the resident, what they write goes to that person.
        relay = Relay(conversation.open_case, event.text, language)
        return Outcome(conversation.with_(stage=Stage.READY), [relay])
    if conversation.stage in handoff_flow.STAGES:
        return handoff_flow.typed(conversation, event, context, language)
    return _question(conversation, event, context, language)


def _command(
    conversation: Conversation, event: Command, context: Context, language: str
) -> Outcome:
    if event.name == "start":
        fresh = Conversation(
            stage=Stage.CHOOSING_LANGUAGE,
            pc4=conversation.pc4,
            neighbourhood=conversation.neighbourhood,
        )
        return Outcome(fresh, [_welcome(language, context)])
    if event.name == "language":
        return Outcome(
            conversation.with_(stage=Stage.CHOOSING_LANGUAGE),
            [ui.reply(language, t(language, m.LANGUAGE_PROMPT), ui.language_buttons())],
        )
    if event.name == "privacy":
        text = t(language, m.PRIVACY, days=context.retention_days)
        text += "\n\n" + t(language, m.PRIVACY_QUESTION)
        return Outcome(conversation, [ui.reply(language, text, ui.menu_buttons(language))])
    if event.name == "menu":
        return Outcome(conversation.with_(stage=Stage.READY), [ui.menu(language, context)])
    if event.name == "cancel":
        return handoff_flow.cancel(conversation, language)
    if event.name == "mydata":
        return Outcome(conversation, [MyDataLookup(language)])
    if event.name == "delete":
        text = t(language, m.DELETE_CONFIRM)
        stage = Stage.CONFIRMING_DELETE
        return Outcome(
            conversation.with_(stage=stage), [ui.reply(language, text, ui.yes_no(language))]
        )
    return Outcome(
        conversation, [ui.reply(language, t(language, m.HELP), ui.menu_buttons(language))]
    )


def _welcome(language: str, context: Context) -> Reply:
    lines = [t(language, m.WELCOME, municipality=context.municipality)]
    notice = context.notices.get(language) or context.notices.get("nl")
    if notice:
        lines.append(notice)
    return ui.reply(language, "\n\n".join(lines), ui.language_buttons())


def _press(conversation: Conversation, payload: str, context: Context, language: str) -> Outcome:
    kind, _, value = payload.partition(":")
    if kind == "lang" and value in BY_CODE:
        chosen = conversation.with_(language=value, stage=Stage.READY, misunderstandings=0)
        return Outcome(chosen, [ui.reply(value, t(value, m.LANGUAGE_SET)), ui.menu(value, context)])
    if kind == "langmenu":
        return _command(conversation, Command("language"), context, language)
    if kind == "menu" or kind == "ask" or kind == "else":
        return Outcome(conversation.with_(stage=Stage.READY), [ui.menu(language, context)])
    if kind == "topic" and taxonomy().get(value) is not None:
        return _services(conversation, value, 0, language)
    if kind == "more" and conversation.topic:
        return _services(conversation, conversation.topic, conversation.page + 1, language)
    if conversation.stage is Stage.CONFIRMING_DELETE and kind in ("yes", "no"):
        if kind == "yes":
            done = ui.reply(language, t(language, m.DELETE_DONE))
            return Outcome(Conversation(), [EraseData(language), done])
        kept = ui.reply(language, t(language, m.DELETE_KEPT), ui.menu_buttons(language))
        return Outcome(conversation.with_(stage=Stage.READY), [kept])
    if conversation.stage in handoff_flow.STAGES or kind == "contact":
        handled = handoff_flow.press(conversation, kind, value, context, language)
        if handled is not None:
            return handled
    if kind == "person" or kind == "yes":
        return handoff_flow.start(conversation, language)
    if kind == "no":
        return Outcome(conversation.with_(stage=Stage.READY), [ui.menu(language, context)])
    return Outcome(conversation, [ui.menu(language, context)])


def _typed_press(conversation: Conversation, text: str) -> str | None:
    """A typed answer that stands for one of the last buttons: its label, number, yes or no."""
    if not conversation.buttons:
        return None
    typed = normalise(text).strip(" .!?")
    for label, payload in conversation.buttons:
        if typed == normalise(label):
            return payload
    if typed.isdigit() and 1 <= int(typed) <= len(conversation.buttons):
        return conversation.buttons[int(typed) - 1][1]
    language = conversation.language or "nl"
    payloads = {payload for _, payload in conversation.buttons}
    for words, payload in WORD_ANSWERS:
        accepted = {normalise(w) for w in (t(language, words) + "," + words).split(",")}
        if typed in accepted and payload in payloads:
            return payload
    return None


def _typed_language(text: str) -> str | None:
    typed = normalise(text).strip(" .!?")
    for lang in LANGUAGES:
        names = {lang.code, normalise(lang.name), *map(normalise, LANGUAGE_WORDS[lang.code])}
        if typed in names:
            return lang.code
    return None


def _question(conversation: Conversation, event: Text, context: Context, language: str) -> Outcome:
    understanding = event.understanding
    replies: list[Reply | Request] = []
    # The last question is what a person would need if the resident asks for one (consent
    # first); "I want to talk to someone" does not replace the question itself.
    if understanding.intent != "ask_human" or not conversation.question:
        conversation = conversation.with_(question=event.text[:1000])
    if conversation.stage is Stage.NEW:
        # Someone who starts with a question gets an answer, in the language they wrote in.
        conversation = conversation.with_(language=language, stage=Stage.READY)
    intent = understanding.intent
    if intent is None:
        return _misunderstood(conversation, event, context, language)
    conversation = conversation.with_(misunderstandings=0, stage=Stage.READY)
    if not understanding.nlu_available:
        replies.append(ui.reply(language, t(language, m.NLU_DOWN)))
    if taxonomy().get(intent) is not None:
        outcome = _services(conversation, intent, 0, language)
        return Outcome(outcome.conversation, replies + outcome.replies)
    simple = {
        "greet": m.GREET,
        "thanks": m.THANKS,
        "goodbye": m.GOODBYE,
        "bot_challenge": m.BOT_CHALLENGE,
        "affirm": m.MENU_PROMPT,
        "deny": m.MENU_PROMPT,
    }
    if intent == "ask_human":
        return handoff_flow.start(conversation, language)
    if intent == "change_language":
        return _command(conversation, Command("language"), context, language)
    if intent == "out_of_scope":
        text = t(language, m.OUT_OF_SCOPE, municipality=context.municipality)
        return Outcome(
            conversation, [*replies, ui.reply(language, text), ui.menu(language, context)]
        )
    if intent == "greet" and conversation.language is None:
        return _command(conversation, Command("start"), context, language)
    if intent in ("affirm", "deny"):
        return Outcome(conversation, [*replies, ui.menu(language, context)])
    buttons = ui.menu_buttons(language)
    if intent == "bot_challenge":
        buttons = [Button(t(language, m.BUTTON_PERSON), "person"), *buttons]
    return Outcome(
        conversation,
        [*replies, ui.reply(language, t(language, simple.get(intent, m.MENU_PROMPT)), buttons)],
    )


def _misunderstood(
    conversation: Conversation, event: Text, context: Context, language: str
) -> Outcome:
    count = conversation.misunderstandings + 1
    conversation = conversation.with_(misunderstandings=count)
    candidates = [c for c in event.understanding.candidates if taxonomy().get(c) is not None]
    if count >= MAX_MISUNDERSTANDINGS:
        buttons = [
            Button(t(language, m.BUTTON_PERSON), "person"),
            Button(t(language, m.BUTTON_TOPICS), "menu"),
        ]
        return Outcome(
            conversation.with_(stage=Stage.READY),
            [ui.reply(language, t(language, m.OFFER_PERSON), buttons)],
        )
    if candidates:
        buttons = [Button(context.topic_label(c, language), f"topic:{c}") for c in candidates[:3]]
        buttons.append(Button(t(language, m.BUTTON_SOMETHING_ELSE), "else"))
        return Outcome(
            conversation.with_(stage=Stage.CLARIFYING, candidates=tuple(candidates[:3])),
            [ui.reply(language, t(language, m.DID_YOU_MEAN), buttons)],
        )
    return Outcome(
        conversation,
        [ui.reply(language, t(language, m.NOT_UNDERSTOOD)), ui.menu(language, context)],
    )


def _safety(conversation: Conversation, event: Text, context: Context, language: str) -> Outcome:
    assert event.understanding.crisis is not None
    topic = event.understanding.crisis.topic
    if conversation.language is None:
        conversation = conversation.with_(language=language)
    lines = [t(language, SAFETY_TEXT.get(topic, m.SAFETY_VIOLENCE)), t(language, m.SAFETY_112)]
    safety = ui.reply(language, "\n\n".join(lines))
    if conversation.open_case:
        # A person already helps them: the safety text, and the message goes to that person.
        relay = Relay(conversation.open_case, event.text, language)
        return Outcome(conversation.with_(stage=Stage.READY), [safety, relay])
    offer = ui.reply(language, t(language, m.SAFETY_OFFER), ui.yes_no(language))
    urgent = conversation.with_(
        stage=Stage.READY, topic=topic, page=0, urgent=True, question=event.text[:1000]
    )
    return Outcome(urgent, [safety, offer])


def _services(conversation: Conversation, topic: str, page: int, language: str) -> Outcome:
    return Outcome(
        conversation.with_(topic=topic, page=page, stage=Stage.READY),
        [ServicesLookup(topic, page, language)],
    )


# -- rendering what the application looked up ---------------------------------------------------


def answer_services(
    conversation: Conversation,
    lookup: ServicesLookup,
    cards: list[ServiceCard],
    has_more: bool,
    context: Context,
) -> list[Reply]:
    """Answer cards for a services lookup, best first, with the follow-up buttons."""
    language = lookup.language
    buttons = []
    if has_more:
        buttons.append(Button(t(language, m.BUTTON_MORE), "more"))
    buttons += [
        Button(t(language, m.BUTTON_PERSON), "person"),
        Button(t(language, m.BUTTON_ANOTHER), "ask"),
        Button(t(language, m.BUTTON_LANGUAGE), "langmenu"),
    ]
    if not cards:
        text = t(language, m.NO_MORE if lookup.page else m.NO_SERVICES)
        return [ui.reply(language, text, buttons)]
    intro = t(language, m.SERVICES_INTRO, topic=context.topic_label(lookup.topic, language))
    blocks = [intro, *(render_card(card, language) for card in cards)]
    return [ui.reply(language, "\n\n".join(blocks), buttons)]


def render_card(card: ServiceCard, language: str) -> str:
    """One service as plain text in `language` (the channel escapes and formats it)."""
    text, state, shown = card.text_for(language)
    lines = [f"▪ {text.name} ({card.organization})", text.description]
    for label, value in (
        (m.CARD_WHO, text.eligibility),
        (m.CARD_HOW, text.how_to_apply),
        (m.CARD_COST, text.fees),
    ):
        if value:
            lines.append(f"{t(language, label)}: {value}")
    if card.location:
        address = card.location.address
        lines.append(
            f"{t(language, m.CARD_ADDRESS)}: {address.street}, {address.postcode} {address.city}"
        )
    if card.hours:
        lines.append(f"{t(language, m.CARD_HOURS)}: {hours_text(card.hours, language)}")
    for phone in card.phones:
        note = f" ({phone.description})" if phone.description else ""
        lines.append(f"{t(language, m.CARD_PHONE)}: {phone.number}{note}")
    if card.url:
        lines.append(f"{t(language, m.CARD_WEBSITE)}: {card.url}")
    spoken = ", ".join(BY_CODE[c].name for c in card.languages if c in BY_CODE)
    if spoken:
        lines.append(f"{t(language, m.CARD_LANGUAGES)}: {spoken}")
    if card.interpretation:
        lines.append(t(language, m.CARD_INTERPRETER))
    if state is TranslationState.MISSING and language != "nl":
        lines.append(f"({t(language, m.MISSING_NOTE)})")
    elif state in (TranslationState.MACHINE, TranslationState.OUTDATED) and shown != "nl":
        lines.append(f"({t(language, m.MACHINE_NOTE)})")
    return "\n".join(lines)


def hours_text(hours: tuple[OpeningHours, ...], language: str) -> str:
    names = {day: t(language, m.DAYS[i]) for i, day in enumerate(WEEKDAYS)}
    return "; ".join(f"{' '.join(names[d] for d in h.days)} {h.opens}–{h.closes}" for h in hours)


def answer_mydata(data: ResidentData, language: str, context: Context) -> Reply:
    """`/mydata`: everything stored about the resident, in their language."""
    if data.is_empty:
        return ui.reply(language, t(language, m.MYDATA_NOTHING), ui.menu_buttons(language))
    lines = [t(language, m.MYDATA_INTRO)]
    if data.language:
        lines.append(f"• {t(language, m.MYDATA_LANGUAGE)}: {BY_CODE[data.language].name}")
    if data.pc4:
        lines.append(f"• {t(language, m.MYDATA_POSTCODE)}: {data.pc4}")
    if data.topic:
        topic = context.topic_label(data.topic, language)
        lines.append(f"• {t(language, m.MYDATA_TOPIC)}: {topic}")
    if data.question:
        lines.append(f"• {t(language, m.MYDATA_QUESTION)}: {data.question}")
    for consent in data.consents:
        date = consent.given_at.date().isoformat()
        lines.append(f"• {t(language, m.MYDATA_CONSENT, date=date)}")
    for case in data.cases:
        status = t(language, CASE_STATUS.get(case.status, m.STATUS_CLOSED))
        date = case.created_at.date().isoformat()
        lines.append(f"• {t(language, m.MYDATA_CASE, team=case.team_id, date=date, status=status)}")
    return ui.reply(language, "\n".join(lines), ui.menu_buttons(language))


CASE_STATUS = {
    "new": m.STATUS_NEW,
    "claimed": m.STATUS_CLAIMED,
    "waiting_for_resident": m.STATUS_WAITING,
    "closed": m.STATUS_CLOSED,
    "cancelled": m.STATUS_CANCELLED,
}
