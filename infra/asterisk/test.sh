#!/usr/bin/env bash
# `npm run test:asterisk`: the IVR end to end against a REAL Asterisk (infra/asterisk configs
# installed, ARI reachable). Skipped, saying so, when ARI_URL is not set.
set -euo pipefail
if [ -z "${ARI_URL:-}" ]; then
  echo "test:asterisk skipped: set ARI_URL, ARI_USER and ARI_PASSWORD (an Asterisk with infra/asterisk/ configs) to run it."
  exit 0
fi
: "${ARI_USER:?ARI_USER is required with ARI_URL}"
: "${ARI_PASSWORD:?ARI_PASSWORD is required with ARI_URL}"
source "$(dirname "${BASH_SOURCE[0]}")/../local/services.sh"
ensure_services
cd "$HOTLINE_ROOT"
npx vitest run --config infra/asterisk/vitest.config.ts "$@"
