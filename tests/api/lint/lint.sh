#!/usr/bin/env bash
# Lints the OpenAPI document with Redocly CLI (installed here by scripts/test.sh: npm ci).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cli="$here/node_modules/.bin/redocly"
if [ ! -x "$cli" ]; then
  echo "Redocly CLI is not installed: run npm ci --prefix tests/api/lint (scripts/test.sh does)" >&2
  exit 1
fi
NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  "$cli" lint --config "$here/redocly.yaml" "$here/../../../engine/api/openapi.json"
