"""`wijkwijzer privacy expire|export`: the retention job, and data-subject access requests."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.adapters.db import privacy_repository
from bot.adapters.db.session import transaction
from bot.core.errors import WijkwijzerError
from bot.core.privacy.resident_data import ResidentData
from bot.core.privacy.retention import RetentionPolicy
from bot.settings import settings


def register(commands: Any) -> None:
    privacy = commands.add_parser("privacy", help="retention and residents' data requests")
    sub = privacy.add_subparsers(dest="privacy_command", required=True, metavar="COMMAND")
    expire = sub.add_parser(
        "expire", help="delete or anonymise personal data past its retention period"
    )
    expire.add_argument("--json", action="store_true", help="print the counts as JSON")
    expire.set_defaults(handler=run_expire)
    export = sub.add_parser(
        "export", help="what is stored about one resident (the request is audited)"
    )
    export.add_argument(
        "--chat", type=int, required=True, metavar="CHAT_ID", help="the resident's Telegram chat"
    )
    export.add_argument("--json", action="store_true", help="print JSON")
    export.set_defaults(handler=run_export)


def run_expire(args: argparse.Namespace) -> int:
    config = settings()
    policy = RetentionPolicy(conversation_days=config.retention_days)
    try:
        counts = privacy_repository.expire(config.database_url, policy, dt.datetime.now(dt.UTC))
    except SQLAlchemyError as error:
        raise WijkwijzerError(f"database: {error}".splitlines()[0]) from None
    if args.json:
        print(json.dumps(counts))
        return 0
    for kind, count in counts.items():
        print(f"{kind.replace('_', ' ')}: {count}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    url = settings().database_url
    try:
        data = privacy_repository.export(url, args.chat)
        # Audited before anything is shown: case ids only, the resident's id never goes in the log.
        now = dt.datetime.now(dt.UTC)
        with transaction(url) as session:
            case_ids: list[int | None] = [c.id for c in data.cases] or [None]
            for case_id in case_ids:
                privacy_repository.audit(session, "cli", "privacy_export", case_id, now)
    except SQLAlchemyError as error:
        raise WijkwijzerError(f"database: {error}".splitlines()[0]) from None
    if args.json:
        print(json.dumps(data.as_json(), ensure_ascii=False))
        return 0
    _print(data)
    return 0


def _print(data: ResidentData) -> None:
    if data.is_empty:
        print("nothing is stored about this chat")
        return
    updated = data.conversation_updated_at
    print(f"conversation: {'last saved ' + updated.isoformat() if updated else 'none'}")
    print(f"language: {data.language or '-'}  pc4: {data.pc4 or '-'}  topic: {data.topic or '-'}")
    print(f"consents ({len(data.consents)}):")
    for consent in data.consents:
        print(
            f"  {consent.purpose}  {consent.given_at.isoformat()}  "
            f"{consent.language}  text {consent.text_version}"
        )
    print(f"cases ({len(data.cases)}):")
    for case in data.cases:
        print(f"  #{case.id}  {case.team_id}  {case.created_at.isoformat()}  {case.status}")
