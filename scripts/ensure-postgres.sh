#!/usr/bin/env bash
# Make sure a PostgreSQL server binary is on this machine for the test run (it starts its own
# server on a loopback port; see tests/postgres.py). Installs Debian's package when missing.
set -euo pipefail
if [ "${WIJKWIJZER_TEST_POSTGRES:-}" = "skip" ]; then
  echo "PostgreSQL tests skipped (WIJKWIJZER_TEST_POSTGRES=skip)"; exit 0
fi
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "PostgreSQL server is not installed; as root: apt-get install postgresql (or set WIJKWIJZER_TEST_POSTGRES=skip)" >&2
  exit 1
fi
echo "installing PostgreSQL from Debian's packages…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# The package starts a cluster of its own on some systems; the tests do not use it.
service postgresql stop >/dev/null 2>&1 || true
ls /usr/lib/postgresql/*/bin/initdb
