#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed (apt, when missing) for the browser tests of the web
# page (apps/authstate/test/ui-browser.test.ts), and prints `export AUTHSTATE_CHROMIUM=PATH` for
# the tests (eval it). No browser is downloaded by npm: playwright-core drives this one.
# Usage: eval "$(bash scripts/browser.sh)"
# When it cannot be installed (no apt, not root, no network) it says so on stderr, prints nothing
# on stdout and exits 0; the browser tests then skip with a loud message.
set -euo pipefail

log() { echo "[browser] $*" >&2; }

find_chromium() { command -v chromium || command -v chromium-browser || true; }

path=$(find_chromium)
if [ -z "$path" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing chromium (apt)"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends chromium >&2; then
      path=$(find_chromium)
    fi
  fi
fi
if [ -z "$path" ]; then
  log "Chromium is not installed and could not be installed (needs root and apt); the browser tests will skip"
  exit 0
fi
# `chromium --version` starts no browser; a broken installation shows up here rather than in the tests.
log "$("$path" --version 2>/dev/null || echo "$path (version unknown)")"
printf 'export AUTHSTATE_CHROMIUM=%q\n' "$path"
