#!/usr/bin/env bash
# Builds promtool from the Prometheus Go module (cached) into ~/.cache/dli-operator/bin and links it
# into .local/bin/ of the checkout. The tests check the chart's alerting rules with it.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Prometheus publishes its Go module as v0.<minor><patch>.x for release 3.<minor>.<patch>.
PROMETHEUS_MODULE_VERSION="${PROMETHEUS_MODULE_VERSION:-0.316.0}"
BIN="${XDG_CACHE_HOME:-$HOME/.cache}/dli-operator/bin"
PROMTOOL="$BIN/promtool-v$PROMETHEUS_MODULE_VERSION"

log() { printf '[build-promtool] %s\n' "$*" >&2; }

link() { mkdir -p "$ROOT/.local/bin" && ln -sf "$PROMTOOL" "$ROOT/.local/bin/promtool"; }

if [[ -x "$PROMTOOL" ]]; then
  link
  log "up to date (prometheus module v$PROMETHEUS_MODULE_VERSION) in $PROMTOOL"
  exit 0
fi
command -v go >/dev/null || { log "ERROR: go is not on PATH"; exit 1; }
mkdir -p "$BIN"
log "prometheus module v$PROMETHEUS_MODULE_VERSION: fetching and compiling promtool (~5 min on 2 cores, once)"
start=$(date +%s)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOBIN="$tmp" \
  go install -trimpath "github.com/prometheus/prometheus/cmd/promtool@v$PROMETHEUS_MODULE_VERSION" 2>&1 \
  | { grep -vE '^go: (downloading|finding) ' || true; }
[[ -x "$tmp/promtool" ]] || { log "ERROR: building promtool failed"; exit 1; }
mv "$tmp/promtool" "$PROMTOOL"
link
log "done in $(( $(date +%s) - start ))s: $("$PROMTOOL" --version 2>&1 | head -1)"
