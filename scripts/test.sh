#!/usr/bin/env bash
# The one test command (npm test): real parts installed, CLI built, every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
[ -d node_modules ] || npm ci
npx tsc -p tsconfig.json
npx vitest run "$@"
