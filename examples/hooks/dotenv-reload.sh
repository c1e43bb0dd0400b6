#!/bin/sh
# Deploy hook: put the rotated token into the bot's .env (in place, other lines kept) and reload the bot,
# only when the value in the file changed.
#   fbtok rotate --deploy-hook examples/hooks/dotenv-reload.sh
# TOKEN_NAME (default page:<id> of your Page: set it), ENV_FILE (default /srv/bot/.env), BOT_UNIT (default
# bot.service). fbtok keeps its store passphrase from hooks: with an encrypted file store, point
# FBTOK_PASSPHRASE_FILE at a file (0600) that holds it.
set -eu
: "${TOKEN_NAME:?set TOKEN_NAME to the stored token, e.g. page:1234567890}"
case " ${FBTOK_CHANGED:-} " in
  *" $TOKEN_NAME "*) ;;
  *) exit 0 ;; # another token changed
esac
if [ -n "${FBTOK_PASSPHRASE_FILE:-}" ]; then
  FBTOK_STORE_PASSPHRASE=$(cat "$FBTOK_PASSPHRASE_FILE")
  export FBTOK_STORE_PASSPHRASE
fi
rc=0
fbtok token export "$TOKEN_NAME" --write "${ENV_FILE:-/srv/bot/.env}" --if-changed || rc=$?
[ "$rc" -eq 14 ] && exit 0 # the file already had it
[ "$rc" -eq 0 ] || exit "$rc"
exec systemctl reload "${BOT_UNIT:-bot.service}"
