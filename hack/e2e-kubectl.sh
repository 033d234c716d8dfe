#!/usr/bin/env bash
# User-level test with the real kubectl: the local environment of `make run` (control plane, DLI
# simulator, operator jar), then apply examples/ (a SQL job, a Flink SQL job and a DliCronJob), wait
# for Running, cancel, wait for Cancelled, delete; the DliCronJob's columns, a run-now run to
# Succeeded, and its deletion taking the run with it (garbage collector);
# the metrics the chart's alerts and dashboard use, and the README's Argo CD block as written.
# Also checks the standalone simulator jar. Needs `make tools` and the Maven build done.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
STATE="$(mktemp -d)"
KUBECTL="$ROOT/.local/bin/kubectl"
export KUBECONFIG="$STATE/kubeconfig"
passed=0
failed=0
ENV_PID=""
SIM_PID=""

cleanup() {
  [[ -n "$SIM_PID" ]] && kill "$SIM_PID" 2>/dev/null || true
  if [[ -n "$ENV_PID" ]]; then
    kill -TERM "$ENV_PID" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$ENV_PID" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$STATE"
}
trap cleanup EXIT

check() { # name, command...
  local name="$1"; shift
  if "$@" > "$STATE/check.log" 2>&1; then
    echo "e2e: ok     $name"; passed=$((passed + 1))
  else
    echo "e2e: FAILED $name"; sed 's/^/    /' "$STATE/check.log"; failed=$((failed + 1))
  fi
}

wide_cell_is() { # DliJob, column header, expected cell (an extended regular expression) of `kubectl get -o wide`
  "$KUBECTL" get dlij "$1" -o wide | tee /dev/stderr \
    | awk -v h="$2" 'NR == 1 {at = index($0, h); next} {c = substr($0, at); sub(/ .*/, "", c); print c}' | grep -xE "$3"
}

sql_job() { # name, statement, [DliConnection]: a DliJob manifest
  printf 'apiVersion: dli.operator.dev/v1alpha1\nkind: DliJob\nmetadata: {name: %s, namespace: default}\nspec:\n' "$1"
  [[ -z "${3:-}" ]] || printf '  connectionRef: {name: %s}\n' "$3"
  printf '  sql: {statement: "%s"}\n' "$2"
}

apply_one_by_one() { # names of manifests in $STATE: one kubectl apply each, so that they start at moments apart
  local name
  for name in "$@"; do "$KUBECTL" apply -f "$STATE/$name.yaml" || return 1; done
}

event_reasons() { # DliJob: the reasons of its Events in the order `kubectl describe` lists them
  "$KUBECTL" describe dlij "$1" | sed -n '/^Events:/,$p' | awk 'NR > 3 {printf "%s ", $2}'
}

events_are() { # DliJob, its Events' reasons as `kubectl describe` lists them
  [[ "$(event_reasons "$1" | tee /dev/stderr)" == "$2 " ]]
}

# A job's Submitted and Running Events come under a second apart: kubectl describe must list them in that order,
# also when their timestamps, whole seconds, are equal (how many were, is written to $STATE/same-second).
events_in_order() { # DliJobs
  local job same=0
  for job in "$@"; do
    for _ in $(seq 60); do [[ "$(event_reasons "$job")" == *Running* ]] && break; sleep 0.5; done
    events_are "$job" "Submitted Running" || return 1
    "$KUBECTL" get events --field-selector "involvedObject.name=$job" \
      -o jsonpath='{range .items[*]}{.lastTimestamp}{"\n"}{end}' | sort -u | wc -l | grep -qx 1 && same=$((same + 1))
  done
  echo "$same of $#" > "$STATE/same-second"
}

echo "e2e: starting the local environment (as make run does)"
java -jar local-env/target/dli-local-env.jar "$ROOT" "$STATE" > "$STATE/env.log" 2>&1 &
ENV_PID=$!
for _ in $(seq 240); do
  grep -q "ready. In another shell" "$STATE/env.log" && break
  kill -0 "$ENV_PID" 2>/dev/null || { cat "$STATE/env.log"; echo "e2e: the local environment died"; exit 1; }
  sleep 0.5
done
grep -q "ready. In another shell" "$STATE/env.log" || { cat "$STATE/env.log"; echo "e2e: not ready in 120 s"; exit 1; }

check "the CRD is served"                "$KUBECTL" get crd dlijobs.dli.operator.dev
# The API server publishes a new CRD's OpenAPI schema a few seconds after it is established.
check "kubectl explain reads descriptions" bash -c "for i in \$(seq 60); do '$KUBECTL' explain dlijob.spec.deletionPolicy 2>/dev/null | grep -q Orphan && exit 0; sleep 1; done; exit 1"
check "apply examples/"                   "$KUBECTL" apply -f examples/
check "the job runs"                      "$KUBECTL" wait dlijob/daily-report --for=jsonpath='{.status.phase}'=Running --timeout=90s
check "kubectl get shows the columns"     bash -c "'$KUBECTL' get dlij daily-report | grep -E 'PHASE +READY +JOB ID' && '$KUBECTL' get dlij daily-report | grep -E 'Running +False'"
check "the wide view's Stalled column is empty while it runs" wide_cell_is daily-report STALLED ''
check "kubectl explain describes the kind" bash -c "'$KUBECTL' explain dlijob | grep -q 'Data Lake Insight' && '$KUBECTL' explain dlijob.status | grep -q 'written only by the operator'"
check "waiting for Reconciling=false does not end while it runs" bash -c "! '$KUBECTL' wait dlijob/daily-report --for=condition=Reconciling=false --timeout=3s"
check "cancel it"                         "$KUBECTL" patch dlijob daily-report --type merge -p '{"spec":{"cancel":true}}'
check "kubectl wait --for=condition=Reconciling=false waits until it is over" "$KUBECTL" wait dlijob/daily-report --for=condition=Reconciling=false --timeout=60s
check "it ended Cancelled, and is Ready (cancelled on request)" bash -c "[[ \$('$KUBECTL' get dlijob daily-report -o jsonpath='{.status.phase} {.status.conditions[?(@.type==\"Ready\")].status}') == 'Cancelled True' ]]"
check "the outcome is in status"          bash -c "[[ \$('$KUBECTL' get dlijob daily-report -o jsonpath='{.status.cancellation.outcome}') == Cancelled ]]"
check "the wide view shows its run time as kubectl writes ages" \
  wide_cell_is daily-report DURATION '[0-9]+(ms|s)|[0-9]+m([0-9]+s)?'
check "cancel cannot be undone"           bash -c "'$KUBECTL' patch dlijob daily-report --type merge -p '{\"spec\":{\"cancel\":false}}' 2>&1 | grep -q 'spec.cancel is one-way: it cannot go back from true to false'"
check "Events tell the story"             bash -c "'$KUBECTL' get events --field-selector involvedObject.name=daily-report | grep -q CancelRequested"
check "kubectl describe tells it in order" events_are daily-report "Submitted Running CancelRequested Cancelled"
check "delete it"                         "$KUBECTL" delete dlijob daily-report --timeout=60s
sql_job no-secret "SELECT 1" missing > "$STATE/no-secret.yaml"
check "a DliJob whose DliConnection is missing" "$KUBECTL" apply -f "$STATE/no-secret.yaml"
check "is Stalled"                        "$KUBECTL" wait dlijob/no-secret --for=condition=Stalled --timeout=60s
check "the wide view's Stalled column says why" wide_cell_is no-secret STALLED ConnectionNotFound
check "delete it, never submitted"        "$KUBECTL" delete dlijob no-secret --timeout=60s
check "the default ClusterDliConnection is Ready" "$KUBECTL" wait cdlic/dli --for=condition=Ready --timeout=60s
check "kubectl get cdlic shows the columns" bash -c "'$KUBECTL' get cdlic dli | tee /dev/stderr | grep -E '^NAME +READY +ENDPOINT +PROJECT +BUDGET +JOBS +AGE\$' && '$KUBECTL' get cdlic dli | grep -E '^dli +True +https://'"
ORDERED=(ordered-{1..8})
for job in "${ORDERED[@]}"; do sql_job "$job" "SELECT 1 /* sim: run 5m */" > "$STATE/$job.yaml"; done
check "eight jobs, one after the other"   apply_one_by_one "${ORDERED[@]}"
check "kubectl describe lists their Events in the order they happened" events_in_order "${ORDERED[@]}"
echo "e2e:        ($(cat "$STATE/same-second" 2>/dev/null) with Submitted and Running in the same second)"
check "delete them"                       "$KUBECTL" delete dlijob "${ORDERED[@]}" --timeout=60s
check "the Flink SQL example runs"        "$KUBECTL" wait dlijob/orders-stream --for=jsonpath='{.status.dliStatus}'=job_running --timeout=90s
check "kubectl get shows it Running"      bash -c "'$KUBECTL' get dlij orders-stream | grep -E 'Running +False +[0-9]+ +job_running +streaming'"
check "cancel stops it"                   "$KUBECTL" patch dlijob orders-stream --type merge -p '{"spec":{"cancel":true}}'
check "it ends Cancelled, stopped by DLI" "$KUBECTL" wait dlijob/orders-stream --for=jsonpath='{.status.dliStatus}'=job_cancel_success --timeout=60s
check "delete it, definition and all"     "$KUBECTL" delete dlijob orders-stream --timeout=60s
check "the DliCronJob CRD is served"     "$KUBECTL" get crd dlicronjobs.dli.operator.dev
check "kubectl get dlicj shows the columns" bash -c "'$KUBECTL' get dlicj nightly-report | tee /dev/stderr | grep -E '^NAME +SCHEDULE +TIMEZONE +SUSPEND +ACTIVE +LAST SCHEDULE +AGE\$' && '$KUBECTL' get dlicj nightly-report | grep -E '^nightly-report +0 2 \* \* \* +Europe/Berlin +false +'"
check "kubectl explain describes the schedule" bash -c "for i in \$(seq 60); do '$KUBECTL' explain dlicronjob.spec.schedule 2>/dev/null | grep -q 'Five-field cron' && exit 0; sleep 1; done; exit 1"
check "run-now starts a run"              "$KUBECTL" annotate dlicj nightly-report dli.operator.dev/run-now=e2e
check "the run is a DliJob labelled with its cron" bash -c "for i in \$(seq 60); do '$KUBECTL' get dlij -l dli.operator.dev/cronjob=nightly-report -o name | grep . > '$STATE/cron-run' && exit 0; sleep 0.5; done; exit 1"
CRON_RUN="$(cat "$STATE/cron-run" 2>/dev/null || echo dlijob/none)"
check "the run succeeds"                  "$KUBECTL" wait "$CRON_RUN" --for=jsonpath='{.status.phase}'=Succeeded --timeout=90s
check "the cron says how its newest run ended" "$KUBECTL" wait dlicj/nightly-report --for=jsonpath='{.status.lastRunResult}'=Succeeded --timeout=30s
check "delete the cron"                   "$KUBECTL" delete dlicj nightly-report --timeout=60s
# The garbage collector takes up a new resource type at its discovery resync (every 30 s).
check "the garbage collector deletes its run" "$KUBECTL" wait "$CRON_RUN" --for=delete --timeout=90s
HEALTH="$(sed -n 's#.*health on \(http://localhost:[0-9]*\)/readyz.*#\1#p' "$STATE/env.log" | head -1)"
check "the operator is ready"             curl -sf "$HEALTH/readyz"
check "it serves Prometheus metrics"      bash -c "curl -sf '$HEALTH/metrics' | grep -q '^operator_sdk_reconciliations_'"
check "DLI requests are measured"         bash -c "curl -sf '$HEALTH/metrics' | grep -q '^dli_requests_seconds_count{connection=\"ClusterDliConnection/dli\",method=\"POST\",status=\"200\"}'"
check "the connection's budget is a metric"  bash -c "curl -sf '$HEALTH/metrics' | grep -q '^dli_connection_budget_requests_per_second{connection=\"ClusterDliConnection/dli\"}'"
check "the job metrics count what happened" bash -c "curl -sf '$HEALTH/metrics' | grep -q '^dli_job_cancellations_total{outcome=\"Cancelled\",reason=\"Requested\"} 2.0'"
curl -sf "$HEALTH/metrics" > "$STATE/metrics.txt" || true
"$ROOT/.local/bin/helm" template dli-operator helm/dli-operator -n dli-system \
  --set metrics.prometheusRule.enabled=true --set metrics.grafanaDashboard.enabled=true > "$STATE/chart.yaml"
check "every metric the chart's alerts and dashboard use is served" python3 hack/prometheus/names-are-served.py "$STATE/metrics.txt" "$STATE/chart.yaml"

echo "e2e: the README's Argo CD block, as written"
"$KUBECTL" create namespace argocd > /dev/null
"$KUBECTL" create configmap argocd-cm -n argocd --from-literal=url=https://argocd.example > /dev/null
awk '/<!-- hack\/e2e-kubectl.sh runs this block -->/ {found=1; next} found && /^```bash/ {inside=1; next} inside && /^```/ {exit} inside' README.md > "$STATE/readme-argocd.sh"
check "the README block is there"         test -s "$STATE/readme-argocd.sh"
check "it runs"                           env PATH="$ROOT/.local/bin:$PATH" bash -euo pipefail "$STATE/readme-argocd.sh"
check "argocd-cm holds health.lua and keeps its other keys" bash -c "diff <('$KUBECTL' get configmap argocd-cm -n argocd -o jsonpath='{.data.resource\.customizations\.health\.dli\.operator\.dev_DliJob}') gitops/argocd/dli.operator.dev/DliJob/health.lua && [[ \$('$KUBECTL' get configmap argocd-cm -n argocd -o jsonpath='{.data.url}') == https://argocd.example ]]"
check "argocd-cm holds the DliCronJob health.lua too" bash -c "diff <('$KUBECTL' get configmap argocd-cm -n argocd -o jsonpath='{.data.resource\.customizations\.health\.dli\.operator\.dev_DliCronJob}') gitops/argocd/dli.operator.dev/DliCronJob/health.lua"
check "argocd-cm holds the connections' health.lua for both kinds" bash -c "for k in DliConnection ClusterDliConnection; do diff <('$KUBECTL' get configmap argocd-cm -n argocd -o jsonpath=\"{.data.resource\\.customizations\\.health\\.dli\\.operator\\.dev_\$k}\") gitops/argocd/dli.operator.dev/DliConnection/health.lua || exit 1; done"

echo "e2e: the standalone simulator jar"
java -jar dli-simulator/target/dli-simulator.jar --port 0 --info-file "$STATE/sim.json" --throttle-rate 1 --retry-after 7 \
  > "$STATE/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 60); do [[ -s "$STATE/sim.json" ]] && break; sleep 0.5; done
check "it writes its info file" python3 -c "
import json, sys
info = json.load(open('$STATE/sim.json'))
keys = {'url', 'caFile', 'projectId', 'accessKey', 'secretKey', 'iamUser', 'iamPassword', 'iamDomain'}
missing = keys - info.keys()
assert not missing, missing
assert info['url'].startswith('https://'), info['url']
assert open(info['caFile']).read().startswith('-----BEGIN CERTIFICATE-----')
"
SIM_URL="$(python3 -c "import json; print(json.load(open('$STATE/sim.json'))['url'])")"
SIM_CA="$(python3 -c "import json; print(json.load(open('$STATE/sim.json'))['caFile'])")"
check "its fault flags work (--throttle-rate 1 --retry-after 7)" bash -c "curl -s -D - -o /dev/null --cacert '$SIM_CA' '$SIM_URL/v1.0/p/jobs' | tr -d '\r' | grep -qi '^retry-after: 7$'"
check "it answers /_sim/journal over verified TLS" bash -c "curl -sf --cacert \$(python3 -c \"import json; print(json.load(open('$STATE/sim.json'))['caFile'])\") \$(python3 -c \"import json; print(json.load(open('$STATE/sim.json'))['url'])\")/_sim/journal | grep -q '\\['"

echo "e2e: stopping the local environment"
CHILDREN="$(pgrep -P "$ENV_PID" | tr '\n' ' ')"   # etcd, kube-apiserver and the operator
kill -TERM "$ENV_PID"
for _ in $(seq 60); do kill -0 "$ENV_PID" 2>/dev/null || break; sleep 0.5; done
check "Ctrl-C/SIGTERM leaves nothing running" bash -c "[[ -n '$CHILDREN' ]] && ! kill -0 $ENV_PID 2>/dev/null && for p in $CHILDREN; do ! kill -0 \$p 2>/dev/null || exit 1; done"
ENV_PID=""

echo "e2e: $passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
