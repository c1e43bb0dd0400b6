#!/bin/sh
# Deploy hook: store the rotated token as a GitHub Actions secret. gh reads the value from stdin.
#   fbtok rotate --hook-env PAGE_ACCESS_TOKEN=page:123 --deploy-hook examples/hooks/github-secret.sh
# GH_REPO=owner/repo (gh's own variable) and GH_SECRET_NAME (default FB_PAGE_ACCESS_TOKEN).
set -eu
: "${PAGE_ACCESS_TOKEN:?give the token with --hook-env PAGE_ACCESS_TOKEN=<token name>}"
printf '%s' "$PAGE_ACCESS_TOKEN" | gh secret set "${GH_SECRET_NAME:-FB_PAGE_ACCESS_TOKEN}"
