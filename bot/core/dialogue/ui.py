"""Building blocks every part of the dialogue uses: a reply, the menus, yes/no buttons."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.dialogue import messages as m
from bot.core.dialogue.context import Context
from bot.core.dialogue.replies import Button, Reply, Request
from bot.core.dialogue.state import Conversation
from bot.core.i18n import text as t
from bot.core.languages import BY_CODE, LANGUAGES
from bot.core.topics import taxonomy


@dataclass(frozen=True, slots=True)
class Outcome:
    """The dialogue's answer to one event: the next state, replies and requests in order."""

    conversation: Conversation
    replies: list[Reply | Request] = field(default_factory=list)


def reply(language: str, text: str, buttons: list[Button] | tuple[Button, ...] = ()) -> Reply:
    """A reply in `language`, marked right-to-left where the language is."""
    return Reply(text, tuple(buttons), rtl=BY_CODE[language].rtl)


def language_buttons() -> list[Button]:
    return [Button(lang.name, f"lang:{lang.code}") for lang in LANGUAGES]


def menu_buttons(language: str) -> list[Button]:
    return [
        Button(t(language, m.BUTTON_TOPICS), "menu"),
        Button(t(language, m.BUTTON_LANGUAGE), "langmenu"),
    ]


def yes_no(language: str) -> list[Button]:
    # Payloads "yes"/"no", so that a typed "ja", "نعم" or "так" answers too.
    return [Button(t(language, m.BUTTON_YES), "yes"), Button(t(language, m.BUTTON_NO), "no")]


def menu(language: str, context: Context) -> Reply:
    """The topic menu, with a person as the last choice."""
    buttons = [
        Button(context.topic_label(topic.id, language), f"topic:{topic.id}")
        for topic in taxonomy().topics
        if not topic.crisis
    ]
    buttons.append(Button(t(language, m.BUTTON_PERSON), "person"))
    return reply(language, t(language, m.MENU_PROMPT), buttons)
