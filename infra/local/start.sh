#!/usr/bin/env bash
# npm start: provisions PostgreSQL/Redis, migrates, seeds demo data once, starts the platform.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"
ensure_services
cd "$HOTLINE_ROOT"
export LOG_LEVEL="${LOG_LEVEL:-info}"
npx hotline migrate
npx hotline seed --accounts "${HOTLINE_DEMO_ACCOUNTS:-2000}" --if-empty
# Knowledge answers from core/nlu/knowledge/answers: the desktop's knowledge base, the IVR and the
# chatbot read them from PostgreSQL. Idempotent, and it never overwrites an answer a person edited.
npx hotline nlu knowledge seed
exec npx hotline start "$@"
