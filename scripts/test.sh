#!/usr/bin/env bash
# The one test command (npm test): real parts installed, CLI built, every test run. Where the real parts
# cannot be installed (no apt-get), the tests that need them are left out, named, and the rest run.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=0
bash scripts/install-test-deps.sh || deps=$?
[ "$deps" -eq 0 ] || [ "$deps" -eq 3 ] || exit "$deps"
[ -d node_modules ] || npm ci
npm run build --silent
npx tsc -p tsconfig.test.json   # the tests are TypeScript too
exclude=()
if [ "$deps" -eq 3 ]; then
  while IFS=$'\t' read -r file what; do
    echo "Not run on this machine: $file (needs $what)" >&2
    exclude+=(--exclude "$file" --exclude "$file/**")
  done < <(bash scripts/test-parts.sh | sort -u -k1,1)
fi
status=0
npx vitest run "${exclude[@]}" "$@" || status=$?
if [ ${#exclude[@]} -gt 0 ]; then
  echo "Left out $(( ${#exclude[@]} / 4 )) test file(s) needing parts this machine lacks (listed above); run \`npm test\` on Debian for all." >&2
fi
exit "$status"
