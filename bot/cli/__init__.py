"""The `wijkwijzer` command line: wires settings, adapters and the core together."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.cli import chat, content, db, evaluate, handoff, nlu, privacy, run, teams
from bot.core.errors import WijkwijzerError


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="wijkwijzer",
        description="A Telegram assistant that connects residents to local services "
        "in their own language.",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (db, content, teams, handoff, privacy, nlu, evaluate, chat, run):
        module.register(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a user mistake prints one line and exits non-zero, never a traceback."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parser().parse_args(argv)
    try:
        result: int = args.handler(args)
        return result
    except WijkwijzerError as error:
        for line in str(error).splitlines():
            print(f"wijkwijzer: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
