#!/usr/bin/env bash
# Makes sure /usr/bin/python3 has the libraries Zato 3.2 itself uses (ujson, passlib, cryptography),
# installing Debian's packages when missing, for sso-backup's cross-checks against them
# (packages/sso-backup/test/zato/python-interop.test.ts). Those tests skip visibly without them.
# Usage: bash scripts/python-libs.sh
set -euo pipefail
log() { echo "[python-libs] $*" >&2; }
if /usr/bin/python3 -c 'import ujson, passlib, cryptography' 2>/dev/null; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "installing python3-ujson python3-passlib python3-cryptography (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get install -y -qq --no-install-recommends python3-ujson python3-passlib python3-cryptography >&2 || log "apt failed; the Python cross-checks will skip"
else
  log "not root or no apt: the Python cross-checks will skip"
fi
