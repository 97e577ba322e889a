"""`wijkwijzer nlu train|ask|unanswered|label`: the NLU model and what it could not answer."""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.adapters.db import unanswered_repository
from bot.adapters.db.session import transaction
from bot.adapters.nlu import training
from bot.adapters.translation.factory import translator_from
from bot.core.errors import WijkwijzerError
from bot.core.topics import taxonomy
from bot.core.understanding.types import Understanding
from bot.settings import settings
from bot.wiring import nlu_endpoint, understander


def register(commands: Any) -> None:
    nlu = commands.add_parser("nlu", help="the NLU model")
    sub = nlu.add_subparsers(dest="nlu_command", required=True, metavar="COMMAND")
    train = sub.add_parser("train", help="train the Rasa model when its data or config changed")
    train.add_argument("--force", action="store_true", help="train even when nothing changed")
    train.set_defaults(handler=run_train)
    ask = sub.add_parser("ask", help="run one message through the understanding pipeline")
    ask.add_argument("text")
    ask.add_argument("--language", help="the resident's chosen language (a prior)")
    ask.set_defaults(handler=run_ask)
    unanswered = sub.add_parser("unanswered", help="messages that ended in fallback (redacted)")
    unanswered.add_argument("--all", action="store_true", help="include labelled ones")
    unanswered.add_argument("--json", action="store_true")
    unanswered.set_defaults(handler=run_unanswered)
    label = sub.add_parser("label", help="give an unanswered question its topic (training data)")
    label.add_argument("id", type=int)
    label.add_argument("topic", choices=taxonomy().ids + taxonomy().conversation, metavar="TOPIC")
    label.set_defaults(handler=run_label)


def _database_error(error: SQLAlchemyError) -> WijkwijzerError:
    reason = str(getattr(error, "orig", None) or error).splitlines()[0]
    return WijkwijzerError(f"database: {reason}")


def run_train(args: argparse.Namespace) -> int:
    try:
        with transaction(settings().database_url) as session:
            labelled = unanswered_repository.labelled_examples(session)
    except SQLAlchemyError:
        labelled = []  # no database yet: train on the files alone
    result = training.train(labelled, force=args.force)
    if result.trained:
        print(f"trained {result.model.name} in {result.seconds:.0f} s")
    else:
        print(f"{result.model.name} is up to date")
    return 0


def run_ask(args: argparse.Namespace) -> int:
    config = settings()
    priors = (args.language,) if args.language else ()
    with nlu_endpoint(config) as endpoint:
        pipeline = understander(config, endpoint, translator_from(config))

        async def ask() -> Understanding:
            try:
                return await pipeline.understand(args.text, priors)
            finally:
                await pipeline.aclose()

        result = asyncio.run(ask())
    if result.fallback:
        try:
            with transaction(config.database_url) as session:
                unanswered_repository.record(
                    session, args.text, result.language.code, result.candidates
                )
        except SQLAlchemyError as error:
            raise _database_error(error) from None
    print(
        json.dumps(
            {
                "language": result.language.code,
                "intent": result.intent,
                "confidence": round(result.confidence, 3),
                "candidates": list(result.candidates),
                "crisis": result.crisis.topic if result.crisis else None,
                "source": result.source.value,
            },
            ensure_ascii=False,
        )
    )
    return 0


def run_unanswered(args: argparse.Namespace) -> int:
    try:
        with transaction(settings().database_url) as session:
            questions = unanswered_repository.listing(session, include_labelled=args.all)
    except SQLAlchemyError as error:
        raise _database_error(error) from None
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": q.id,
                        "created": q.created_at.isoformat(),
                        "language": q.language,
                        "text": q.text,
                        "candidates": list(q.candidates),
                        "topic": q.topic,
                    }
                    for q in questions
                ],
                ensure_ascii=False,
            )
        )
        return 0
    for q in questions:
        topic = f" -> {q.topic}" if q.topic else ""
        print(f"{q.id:>5}  {q.language}  {q.text}  [{', '.join(q.candidates)}]{topic}")
    if not questions:
        print("no unanswered questions")
    return 0


def run_label(args: argparse.Namespace) -> int:
    try:
        with transaction(settings().database_url) as session:
            found = unanswered_repository.label(session, args.id, args.topic)
    except SQLAlchemyError as error:
        raise _database_error(error) from None
    if not found:
        raise WijkwijzerError(f"no unanswered question with id {args.id}")
    print(f"question {args.id} labelled {args.topic}; it is used at the next 'nlu train'")
    return 0
