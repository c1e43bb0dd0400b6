#!/usr/bin/env bash
# The real parts some tests drive, and which tests need each. Prints one line per test file that cannot
# run on this machine: "<test file><TAB><what is missing>". scripts/test.sh leaves those out where the
# parts cannot be installed (no apt-get), and says so; on Debian, install-test-deps.sh installs them all.
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1; }
report() { # report "what is missing" test files...
  local what="$1"
  shift
  for file in "$@"; do printf '%s\t%s\n' "$file" "$what"; done
}

if ! have dbus-daemon || ! have gnome-keyring-daemon || ! have secret-tool; then
  report 'a Secret Service (dbus, gnome-keyring, libsecret-tools)' \
    test/store/keychain-store.test.ts test/store/keychain-unavailable.test.ts test/store/crash-safety.test.ts \
    test/store/credential-helper-store.test.ts test/commands/token-keychain.test.ts test/proof/leak.test.ts \
    test/proof/leak-helper-store.test.ts
fi
if ! have docker-credential-pass || ! have pass || ! have gpg; then
  report 'docker credential helpers over pass (golang-docker-credential-helpers, pass, gnupg)' \
    test/store/credential-helper-store.test.ts test/proof/leak-helper-store.test.ts
fi
[ -x /usr/bin/chromium ] || report "Debian's Chromium (/usr/bin/chromium)" test/e2e/login-browser.test.ts
if ! have zsh || ! have fish; then report 'zsh and fish' test/commands/completion.test.ts; fi
if ! have git; then report 'git' test/commands/scan.test.ts test/scan test/e2e/ci-recipes.test.ts; fi
# Terminal tests drive the CLI in a pseudo-terminal through util-linux `script` (macOS's BSD script differs).
if ! script --version 2>/dev/null | grep -q util-linux; then
  report 'util-linux script (a pseudo-terminal)' \
    test/cli/terminal-output.test.ts test/io/prompts-terminal.test.ts test/api/api-cli.test.ts test/cli/rate-limit-wait.test.ts
fi
