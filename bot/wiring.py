"""Builds the parts from settings: the one place that knows which adapter serves which port."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from bot.adapters.db import catalogue_repository
from bot.adapters.db.session import transaction
from bot.adapters.language.lingua_detector import LinguaDetector
from bot.adapters.nlu.rasa_client import RasaClassifier
from bot.adapters.nlu.server import RasaServer
from bot.app.conversations import Assistant, ConversationStore
from bot.app.handoffs import HandoffDesk, NoOutbox
from bot.core.dialogue.context import Context
from bot.core.safety import load_signals
from bot.core.topics import taxonomy
from bot.core.understanding.keywords import KeywordIndex
from bot.core.understanding.pipeline import Understander
from bot.core.understanding.ports import Translator
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NluEndpoint:
    url: str
    token: str | None
    server: RasaServer | None  # the local server we started, if any


@contextmanager
def nlu_endpoint(config: Settings) -> Iterator[NluEndpoint]:
    """`WIJKWIJZER_NLU_URL` when set; otherwise a local Rasa server for as long as needed."""
    token = config.nlu_token.get_secret_value() if config.nlu_token else None
    if config.nlu_url:
        yield NluEndpoint(config.nlu_url, token, None)
        return
    with RasaServer(token=token) as server:
        yield NluEndpoint(server.url, server.token, server)


def keyword_entries(config: Settings) -> list[tuple[str, str]]:
    """Texts per topic for the keyword fallback: taxonomy, topic labels, service texts."""
    entries = [(t.id, f"{t.nl} {t.en}") for t in taxonomy().topics]
    try:
        with transaction(config.database_url) as session:
            catalogue = catalogue_repository.load(session)
    except (SQLAlchemyError, LookupError) as error:
        log.warning("keyword index without catalogue texts: %s", type(error).__name__)
        return entries
    for topic, labels in catalogue.topic_labels.items():
        entries += [(topic, label) for label in labels.values()]
    for service in catalogue.services:
        main = service.topics[0]
        entries += [(main, f"{t.name} {t.description}") for t in service.texts.values()]
    return entries


def understander(
    config: Settings, endpoint: NluEndpoint, translator: Translator | None = None
) -> Understander:
    """The understanding pipeline the bot and the evaluation share."""
    return Understander(
        classifier=RasaClassifier(endpoint.url, endpoint.token, timeout=config.nlu_timeout),
        detector=LinguaDetector(),
        crisis=load_signals(),
        keywords=KeywordIndex(keyword_entries(config)),
        crisis_topics=taxonomy().crisis_ids,
        translator=translator,
    )


def dialogue_context(config: Settings) -> Context:
    """What the dialogue needs from the catalogue, read once at start-up."""
    with transaction(config.database_url) as session:
        catalogue = catalogue_repository.load(session)
    return Context(
        municipality=catalogue.municipality.name,
        municipality_phone=catalogue.municipality.phone,
        retention_days=config.retention_days,
        topic_labels=catalogue.topic_labels,
        notices=catalogue.municipality.notices,
    )


def assistant(
    config: Settings, endpoint: NluEndpoint, store: ConversationStore, *, local: bool = False
) -> Assistant:
    """The assistant every channel talks to; `local` for `chat` and `simulate`, whose every run
    is a new conversation."""
    from bot.adapters.translation.factory import translator_from

    translator = translator_from(config)
    context = dialogue_context(config)
    desk = HandoffDesk(
        config.database_url,
        context,
        translator,
        NoOutbox(),
        remind_after=dt.timedelta(hours=config.remind_after_hours),
        remind_urgent_after=dt.timedelta(minutes=config.remind_urgent_after_minutes),
        this_run_only=local,
    )
    return Assistant(
        understander(config, endpoint, translator), config.database_url, context, store, desk
    )
