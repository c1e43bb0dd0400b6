#!/usr/bin/env bash
# The one test command (npm test): real parts installed, CLI built, every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
[ -d node_modules ] || npm ci
npm run build --silent
npx tsc -p tsconfig.test.json   # the tests are TypeScript too
npx vitest run "$@"
