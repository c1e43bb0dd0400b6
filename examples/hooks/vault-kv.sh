#!/bin/sh
# Deploy hook: write the rotated token to HashiCorp Vault's KV engine; `KEY=-` makes vault read it from stdin.
#   fbtok rotate --hook-env PAGE_ACCESS_TOKEN=page:123 --deploy-hook examples/hooks/vault-kv.sh
# VAULT_ADDR and VAULT_TOKEN as vault expects; VAULT_KV_MOUNT (default secret), VAULT_KV_PATH (default
# fbtok/bot), VAULT_KV_KEY (default page_access_token). Note: kv put replaces every key at that path.
set -eu
: "${PAGE_ACCESS_TOKEN:?give the token with --hook-env PAGE_ACCESS_TOKEN=<token name>}"
printf '%s' "$PAGE_ACCESS_TOKEN" | vault kv put -mount="${VAULT_KV_MOUNT:-secret}" "${VAULT_KV_PATH:-fbtok/bot}" "${VAULT_KV_KEY:-page_access_token}=-"
