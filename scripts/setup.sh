#!/usr/bin/env bash
# Installs what the repo needs on a fresh machine (Node 20 + npm are assumed): pnpm, the
# dependencies (building better-sqlite3 against the local Node headers), then builds every package.
# Idempotent; sourced by scripts/test.sh and scripts/demo.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
export npm_config_nodedir=${npm_config_nodedir:-/usr}
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "[setup] installing pnpm $PNPM_VERSION" >&2
  npm install -g --silent "pnpm@$PNPM_VERSION" >&2
fi
echo "[setup] installing dependencies" >&2
pnpm install --frozen-lockfile --reporter=silent >&2
echo "[setup] building" >&2
pnpm exec turbo run build --output-logs=errors-only >&2
