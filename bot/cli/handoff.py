"""`wijkwijzer handoff list` and `wijkwijzer staff invite|list|remove`: cases and professionals."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.adapters.db import handoff_repository as cases
from bot.adapters.db.models import WijkteamRow
from bot.adapters.db.session import transaction
from bot.core.errors import WijkwijzerError
from bot.settings import settings


def register(commands: Any) -> None:
    handoff = commands.add_parser("handoff", help="cases handed to wijkteams")
    sub = handoff.add_subparsers(dest="handoff_command", required=True, metavar="COMMAND")
    listing = sub.add_parser("list", help="every case: status, team, language (no resident text)")
    listing.add_argument("--json", action="store_true", help="print JSON (see contracts.md)")
    listing.set_defaults(handler=run_list)

    staff = commands.add_parser("staff", help="wijkteam professionals")
    sub = staff.add_subparsers(dest="staff_command", required=True, metavar="COMMAND")
    invite = sub.add_parser("invite", help="a one-time code to join a team (valid 7 days)")
    invite.add_argument("team", help="team id (see `wijkwijzer teams list --json`)")
    invite.set_defaults(handler=run_invite)
    members = sub.add_parser("list", help="registered professionals")
    members.add_argument("--team", help="only this team")
    members.add_argument("--json", action="store_true")
    members.set_defaults(handler=run_staff_list)
    remove = sub.add_parser("remove", help="remove a professional from a team")
    remove.add_argument("team")
    remove.add_argument("user_id", type=int, help="their Telegram user id (see `staff list`)")
    remove.set_defaults(handler=run_remove)


def _teams() -> dict[str, str]:
    with transaction(settings().database_url) as session:
        return {
            row.id: row.name for row in session.execute(select(WijkteamRow.id, WijkteamRow.name))
        }


def run_list(args: argparse.Namespace) -> int:
    try:
        names = _teams()
        with transaction(settings().database_url) as session:
            found = cases.summaries(session)
    except SQLAlchemyError as error:
        raise WijkwijzerError(f"database: {type(error).__name__}") from None
    rows = [case.as_json() | {"team": names.get(case.team, case.team)} for case in found]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("no cases")
    for row in rows:
        urgent = " URGENT" if row["urgent"] else ""
        print(
            f"#{row['id']} {row['status']:<21} {row['team']:<24} {row['language']} "
            f"{row['topic'] or '-'} {row['created']}{urgent}"
        )
    return 0


def _known_team(team: str) -> None:
    if team not in _teams():
        raise WijkwijzerError(f"unknown team {team!r}; see `wijkwijzer teams list --json` (id)")


def run_invite(args: argparse.Namespace) -> int:
    _known_team(args.team)
    with transaction(settings().database_url) as session:
        code = cases.invite(session, args.team)
    print(f"Code for {args.team}: {code}")
    print("The professional sends the bot, in a private chat:  /join " + code)
    print("It works once, within 7 days.")
    return 0


def run_staff_list(args: argparse.Namespace) -> int:
    with transaction(settings().database_url) as session:
        members = cases.staff_list(session, args.team)
    rows = [{"team": m.team_id, "user_id": m.telegram_user_id, "name": m.name} for m in members]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['team']:<24} {row['user_id']:>12} {row['name']}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    _known_team(args.team)
    with transaction(settings().database_url) as session:
        removed = cases.remove_staff(session, args.team, args.user_id)
    if not removed:
        raise WijkwijzerError(f"no professional {args.user_id} in {args.team}")
    print(f"removed {args.user_id} from {args.team}")
    return 0
