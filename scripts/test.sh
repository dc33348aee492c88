#!/usr/bin/env bash
# Install, then lint (ruff), type-check (mypy) and run the tests (pytest, slow ones skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --tests
export DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/pytest -q "$@"
