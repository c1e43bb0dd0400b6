#!/bin/sh
# Failure hook: tell a Slack or Discord channel that a token is dead or only a login can help.
#   fbtok rotate --failure-hook examples/hooks/webhook-failure.sh
# WEBHOOK_URL (the incoming webhook; it is a secret, so curl reads it from stdin, not argv) and
# WEBHOOK_KIND=slack (default) or discord.
set -eu
: "${WEBHOOK_URL:?set WEBHOOK_URL to the incoming webhook URL}"
host=$(hostname 2>/dev/null || echo unknown)
text="fbtok on $host, profile ${FBTOK_PROFILE:-?}: ${FBTOK_REASON:-a token needs attention} (exit ${FBTOK_EXIT_CODE:-?}). Invalid: ${FBTOK_FAILED:-none}. Run fbtok status --check, then fbtok login."
# JSON string: escape backslashes and double quotes; fbtok already removed control characters.
json=$(printf '%s' "$text" | sed 's/\\/\\\\/g; s/"/\\"/g')
field=text
[ "${WEBHOOK_KIND:-slack}" = discord ] && field=content
printf 'url = "%s"\n' "$WEBHOOK_URL" |
  curl --config - --fail --silent --show-error --max-time 10 -H 'Content-Type: application/json' --data "{\"$field\": \"$json\"}"
