"""Runs every benchmark and prints its numbers."""

from __future__ import annotations

import sys

from benchmarks import catalogue
from tests.postgres import PostgresServer


def main() -> int:
    server = PostgresServer()
    try:
        url = server.start()
    except Exception as error:  # noqa: BLE001 - benchmarks still run on SQLite
        print(f"PostgreSQL not available ({error}); SQLite only")
        server, url = None, None
    try:
        for line in catalogue.run(url):
            print(line, flush=True)
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
