#!/usr/bin/env bash
# Keeps Facebook tokens fresh in CI: restore the store, rotate what is due, publish the tokens masked.
# examples/rotate-tokens.yml runs it on a schedule (copied to .github/scripts/rotate-tokens.sh);
# test/e2e/ci-recipes.test.ts runs it against the emulator.
#
# In (from the workflow's secrets and variables):
#   FBTOK_APP_ID, FBTOK_APP_SECRET      the app
#   FBTOK_STORE_PASSPHRASE              encrypts the token file (the cache holding it is readable more widely)
#   FBTOK_CONFIG_DIR                    where the encrypted tokens.json lives; the workflow caches it between runs
#   FB_USER_TOKEN                       a long-lived user token (from `fbtok login` + `fbtok token get user`),
#                                       imported on the first run, and again whenever you change the secret
#   ROTATE_WITHIN                       the warning window (default 10d)
# Out: masked step outputs FB_USER_ACCESS_TOKEN, FB_PAGE_<id>_ACCESS_TOKEN; rotate-result.json (names, actions,
# reasons, no token), printed in the log when the job fails.
# Exit: 0 ok; 8 a token needs a new login soon (the tokens still work and are published); 3 dead tokens.
set -euo pipefail

export FBTOK_STORE=file
: "${FBTOK_STORE_PASSPHRASE:?set FBTOK_STORE_PASSPHRASE from a secret: it encrypts the token file}"
: "${FBTOK_CONFIG_DIR:?set FBTOK_CONFIG_DIR to the directory the workflow restores and saves}"
result="${ROTATE_RESULT:-rotate-result.json}"
mkdir -p "$FBTOK_CONFIG_DIR"

# A new FB_USER_TOKEN secret (someone logged in again) replaces the stored one; the same secret is imported
# once only, so it never overwrites the token a rotation replaced it with.
if [ -n "${FB_USER_TOKEN:-}" ]; then
  seed="$(printf %s "$FB_USER_TOKEN" | sha256sum | cut -c1-64)"
  if [ "$seed" != "$(cat "$FBTOK_CONFIG_DIR/seed.sha256" 2>/dev/null || true)" ]; then
    printf %s "$FB_USER_TOKEN" | fbtok token import --token-stdin --name user --force
    fbtok page-tokens >&2
    printf %s "$seed" > "$FBTOK_CONFIG_DIR/seed.sha256"
  fi
fi

status=0
fbtok rotate --within "${ROTATE_WITHIN:-10d}" --json > "$result" || status=$?

case "$status" in
  0) fbtok token export --format github ;;
  8)
    fbtok token export --format github
    echo "::error::A token expires within ${ROTATE_WITHIN:-10d} and only a new login renews it: run \`fbtok login\` locally, then update the FB_USER_TOKEN secret with \`fbtok token get user\` (details in $result, printed below)."
    ;;
  *) echo "::error::fbtok rotate failed with exit $status: run \`fbtok login\` locally and update the FB_USER_TOKEN secret (details in $result, printed below)." ;;
esac
if [ "$status" -ne 0 ]; then
  echo "--- $result" >&2
  cat "$result" >&2
fi
exit "$status"
