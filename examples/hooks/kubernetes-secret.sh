#!/bin/sh
# Deploy hook: create or update a Kubernetes Secret (create --dry-run=client renders it, apply makes it so),
# the token read from stdin through --from-file.
#   fbtok rotate --hook-env PAGE_ACCESS_TOKEN=page:123 --deploy-hook examples/hooks/kubernetes-secret.sh
# K8S_SECRET (default fbtok-bot), K8S_NAMESPACE (default default), K8S_KEY (default PAGE_ACCESS_TOKEN).
set -eu
: "${PAGE_ACCESS_TOKEN:?give the token with --hook-env PAGE_ACCESS_TOKEN=<token name>}"
ns="${K8S_NAMESPACE:-default}"
printf '%s' "$PAGE_ACCESS_TOKEN" |
  kubectl create secret generic "${K8S_SECRET:-fbtok-bot}" --namespace "$ns" --from-file="${K8S_KEY:-PAGE_ACCESS_TOKEN}=/dev/stdin" --dry-run=client -o yaml |
  kubectl apply --namespace "$ns" -f -
