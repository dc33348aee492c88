#!/usr/bin/env bash
# Install, then run the main job on the sample dossiers: outputs in ./out
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export DO_NOT_TRACK=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
.venv/bin/spcncl run samples/inbox --out out --round 2026
echo "Worksheet: $(pwd)/out/worksheet.xlsx"
