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

echo "Installing test dependencies: ${need[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if have sudo; then SUDO="sudo"; else
    echo "error: the tests need these Debian packages: ${need[*]} (run as root, or install them)" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
