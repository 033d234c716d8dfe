#!/usr/bin/env bash
# The GitOps checks of `make test`, after the Maven build (whose GitOpsTestdataIT keeps the captured
# DliJobs in gitops/argocd/.../testdata true to the API server):
#   1. gitops/test: Argo CD's Lua VM, kstatus and Flux's CEL evaluator over those DliJobs;
#   2. promtool: the chart's PrometheusRule checked and unit-tested.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { printf '[gitops-test] %s\n' "$*" >&2; }

log "Argo CD health.lua and cancel action (gopher-lua), kstatus, Flux healthCheckExprs (first run fetches Go modules)"
(cd "$ROOT/gitops/test" && go test -count=1 ./...)
