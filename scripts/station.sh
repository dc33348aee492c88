#!/usr/bin/env bash
# Open the review station on the demo round: runs scripts/demo.sh first when out/ has no round yet,
# then serves http://127.0.0.1:8765/ (Ctrl-C stops it). Extra arguments go to «spcncl review»
# (e.g. --host 0.0.0.0 after «spcncl review out --add-reviewer NAME»).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f out/.work/run.json ]; then
  bash scripts/demo.sh
fi
export DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
exec .venv/bin/spcncl review out --serve "$@"
