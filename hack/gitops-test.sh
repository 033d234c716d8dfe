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

PROMTOOL="$ROOT/.local/bin/promtool"
HELM="$ROOT/.local/bin/helm"
OUT="$ROOT/target/prometheus"
mkdir -p "$OUT"
log "promtool: the chart's PrometheusRule (release dli-operator in dli-system), checked and unit-tested"
"$HELM" template dli-operator "$ROOT/helm/dli-operator" -n dli-system \
    --set metrics.prometheusRule.enabled=true --show-only templates/prometheusrule.yaml \
  | python3 -c 'import sys, yaml; yaml.safe_dump(yaml.safe_load(sys.stdin)["spec"], sys.stdout, sort_keys=False)' \
  > "$OUT/dli-operator-rules.yaml"
cp "$ROOT/hack/prometheus/rules_test.yaml" "$OUT/"
"$PROMTOOL" check rules "$OUT/dli-operator-rules.yaml"
"$PROMTOOL" test rules "$OUT/rules_test.yaml"
