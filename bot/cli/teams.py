"""`wijkwijzer teams list [--json]`: wijkteams and the postcodes they serve."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.adapters.db import catalogue_repository
from bot.adapters.db.session import transaction
from bot.core.errors import WijkwijzerError
from bot.settings import settings


def register(commands: Any) -> None:
    teams = commands.add_parser("teams", help="wijkteams")
    sub = teams.add_subparsers(dest="teams_command", required=True, metavar="COMMAND")
    listing = sub.add_parser("list", help="wijkteams with their neighbourhoods and postcodes")
    listing.add_argument("--json", action="store_true", help="print JSON (see contracts.md)")
    listing.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    try:
        with transaction(settings().database_url) as session:
            catalogue = catalogue_repository.load(session)
    except (LookupError, SQLAlchemyError) as error:
        raise WijkwijzerError(f"catalogue: {error}".splitlines()[0]) from None
    rows = [
        {
            "team": team.name,
            "id": team.id,
            "neighbourhoods": [
                {"name": h.name, "postcodes": [list(r.pc4_bounds()) for r in h.postcodes]}
                for h in team.neighbourhoods
            ],
        }
        for team in catalogue.wijkteams
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for team in catalogue.wijkteams:
        print(team.name)
        for hood in team.neighbourhoods:
            pairs = [r.pc4_bounds() for r in hood.postcodes]
            ranges = ", ".join(f"{a}–{b}" if a != b else a for a, b in pairs)
            print(f"  {hood.name}: {ranges}")
    return 0
