#!/usr/bin/env bash
# The whole suite on SQLite, then again on every database in TEST_DATABASE_URLS (space-separated).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
run() {
  echo "=== tests on ${1%%://*} ==="
  DATABASE_URL="$1" .venv/bin/python -m pytest "${@:2}" || status=1
}
run "sqlite:///$(pwd)/sites/var/test.sqlite3" ${PYTEST_ARGS:-}
for url in ${TEST_DATABASE_URLS:-}; do
  run "$url" ${PYTEST_ARGS:-}
done
exit $status
