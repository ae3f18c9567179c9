#!/usr/bin/env bash
# The whole test suite: provisions PostgreSQL and Redis (see services.sh), then runs vitest.
# Extra arguments go to vitest (e.g. `npm test -- core/calendar`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ensure_services
ensure_test_tools
cd "$HOTLINE_ROOT"
mkdir -p "$HOTLINE_DATA_DIR"
results="$HOTLINE_DATA_DIR/test-results-$$.json"
rm -f "$results"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
if [ -f "$results" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  ' "$results"
fi
rm -f "$results"
exit $status
