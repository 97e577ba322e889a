"""Runs every benchmark and prints its numbers."""

from __future__ import annotations

import sys

from benchmarks import catalogue, nlu, telegram
from tests.postgres import PostgresServer


def main() -> int:
    # NLU first, so that the peak RSS it reports is the understanding pipeline's own.
    for line in nlu.run():
        print(line, flush=True)
    server = PostgresServer()
    try:
        url = server.start()
    except Exception as error:
        print(f"PostgreSQL not available ({error}); SQLite only")
        server, url = None, None
    try:
        for line in catalogue.run(url):
            print(line, flush=True)
    finally:
        if server is not None:
            server.stop()
    for line in telegram.run():
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
