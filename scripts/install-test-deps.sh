#!/usr/bin/env bash
# Installs the real parts the tests and benchmarks drive: a Secret Service (gnome-keyring on D-Bus),
# Debian's Chromium, docker credential helpers over pass and the Secret Service, and zsh and fish for
# the completion tests; promtool, node_exporter and systemd-analyze for the monitoring and scheduling examples.
# Idempotent and quick when everything is present; needs root (or sudo) otherwise.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have dbus-daemon || need+=(dbus)
have dbus-send || need+=(dbus)
have gnome-keyring-daemon || need+=(gnome-keyring)
have secret-tool || need+=(libsecret-tools)
[ -x /usr/bin/chromium ] || need+=(chromium)
have docker-credential-pass || need+=(golang-docker-credential-helpers)
have pass || need+=(pass)
have gpg || need+=(gnupg)
have git || need+=(git)
have zsh || need+=(zsh)     # completion tests run each shell's own completion
have fish || need+=(fish)
[ -x /usr/bin/time ] || need+=(time)   # the benchmarks read peak memory from it
have promtool || need+=(prometheus)   # metrics and alert rules are checked with the real tools
have prometheus-node-exporter || need+=(prometheus-node-exporter)
have systemd-analyze || need+=(systemd)   # examples/systemd units are verified

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

# Without apt-get (macOS, Windows, other distributions), or without the right to use it: nothing is
# installed; exit 3 tells scripts/test.sh to leave out the tests that need what is missing (test-parts.sh).
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo && sudo -n true 2>/dev/null; then SUDO="sudo"; else NO_APT="not root, and no sudo without a password"; fi
fi
have apt-get || NO_APT="no apt-get on this machine"
if [ -n "${NO_APT:-}" ]; then
  echo "Cannot install the Debian packages some tests drive (${NO_APT}): ${need[*]}" >&2
  exit 3
fi
echo "Installing test dependencies: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
