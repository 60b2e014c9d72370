#!/usr/bin/env bash
# The main job on the embedded defaults (SQLite + file system; no server to install):
# sets the repo up, then runs `authstate demo`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
pnpm exec authstate demo "$@"
