#!/usr/bin/env bash
# Runs every test on a fresh machine: installs pnpm and the dependencies, installs MariaDB (apt)
# if missing, starts (or reuses) MariaDB and PostgreSQL on loopback with their own data
# directories (scripts/dbs.sh), plus the fail-over pairs (scripts/dbs-replicas.sh: two MariaDB
# nodes replicating master-master, two PostgreSQL servers), exports their connection settings,
# runs lint, typecheck and every package's tests, and stops the servers it started. Extra arguments go to `turbo run test` (e.g. --filter=...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

# Each start records only the servers it started; the trap stops exactly those.
export AUTHSTATE_DBS_RECORD AUTHSTATE_REPLICAS_RECORD
AUTHSTATE_DBS_RECORD=$(mktemp)
AUTHSTATE_REPLICAS_RECORD=$(mktemp)
trap 'bash scripts/dbs-replicas.sh stop; bash scripts/dbs.sh stop' EXIT
eval "$(bash scripts/dbs.sh start)"
eval "$(bash scripts/dbs-replicas.sh start)"
eval "$(bash scripts/browser.sh)" # Chromium for the web page's browser tests (AUTHSTATE_CHROMIUM)
bash scripts/python-libs.sh # Zato's own Python libraries, for sso-backup's cross-checks

echo "[test] lint" >&2
pnpm exec biome check .
echo "[test] typecheck" >&2
pnpm exec turbo run typecheck --output-logs=errors-only
echo "[test] tests" >&2
log=$(mktemp)
status=0
pnpm exec turbo run test --concurrency=1 "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole repo, summed from every package's jest summary.
node scripts/sum-jest.mjs "$log"
rm -f "$log"
exit "$status"
