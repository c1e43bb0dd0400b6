#!/bin/sh
# Deploy hook: a new version of an AWS Secrets Manager secret; the value comes from stdin (file:///dev/stdin).
#   fbtok rotate --hook-env PAGE_ACCESS_TOKEN=page:123 --deploy-hook examples/hooks/aws-secretsmanager.sh
# AWS_SECRET_ID (required) and the usual AWS_PROFILE / AWS_REGION.
set -eu
: "${PAGE_ACCESS_TOKEN:?give the token with --hook-env PAGE_ACCESS_TOKEN=<token name>}"
: "${AWS_SECRET_ID:?set AWS_SECRET_ID to the secret name or ARN}"
printf '%s' "$PAGE_ACCESS_TOKEN" | aws secretsmanager put-secret-value --secret-id "$AWS_SECRET_ID" --secret-string file:///dev/stdin
