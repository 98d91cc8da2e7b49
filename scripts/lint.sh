#!/usr/bin/env bash
# The guard rails, run by .ci/run before the tests (and by pre-commit): lint, format, import contracts, types.
#   scripts/lint.sh          all of them
#   scripts/lint.sh mypy     only the type check
set -euo pipefail
cd "$(dirname "$0")/.."
export CRM_DEMO=${CRM_DEMO:-1}  # mypy's Django plugin loads the settings, which need keys or demo mode

run_mypy() {
  (cd apps/securities_crm && MYPYPATH=../../sites PYTHONPATH=../../sites ../../.venv/bin/mypy)
}

if [ "${1:-all}" = mypy ]; then
  run_mypy
  exit
fi
echo "--- ruff check";        .venv/bin/ruff check .
echo "--- ruff format";       .venv/bin/ruff format --check .
echo "--- import contracts";  .venv/bin/lint-imports
echo "--- mypy";              run_mypy
