#!/usr/bin/env bash
# npm run bench -- <name> [args]: runs bench/<name> against local services.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
name="${1:-}"
if [ -z "$name" ]; then
  echo "usage: npm run bench -- <name>   (available: $(ls "$HOTLINE_ROOT/bench" | grep -v '\.md$' | tr '\n' ' '))" >&2
  exit 2
fi
shift
ensure_services
cd "$HOTLINE_ROOT"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
exec npx tsx "bench/$name/main.ts" "$@"
