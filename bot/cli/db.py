"""`wijkwijzer db upgrade`."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.exc import OperationalError

from bot.adapters.db.migrate import upgrade
from bot.core.errors import WijkwijzerError
from bot.settings import settings


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="database migrations")
    sub = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    up = sub.add_parser("upgrade", help="apply all migrations to WIJKWIJZER_DATABASE_URL")
    up.set_defaults(handler=run_upgrade)


def run_upgrade(_args: argparse.Namespace) -> int:
    try:
        upgrade(settings().database_url)
    except OperationalError as error:
        raise WijkwijzerError(f"database: cannot migrate: {error.orig}") from None
    print("database is up to date")
    return 0
