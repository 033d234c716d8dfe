#!/usr/bin/env bash
# The operator jar at its default settings, on a real API server with the simulator, measured at the
# API server's watch stream. One run per call:
#   bench/scale.sh scale [jobs]     1,000 DliJobs: submit, reads per running job, 300 cancels at once, staleness
#   bench/scale.sh flink [jobs]     300 Flink SQL DliJobs: calls per second and per submit, reads per
#                                   running job, 100 stopped at once, staleness
#   bench/scale.sh burst [jobs]     1,000 SQL DliJobs at once, 700 ending 90 s after their submit:
#                                   the submits' pace, staleness during the burst and after
#   bench/scale.sh gateway [jobs]   200 SQL and 50 Flink SQL DliJobs behind a gateway that allows 60
#                                   calls a minute per user
#   bench/scale.sh memory [jobs]    10,000 DliJobs with the JVM as under the chart's 768 MiB limit
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/build-k8s.sh
mvn -B -ntp -q -DskipTests install
cd operator # the harness (module bench/) reads the generated CRD and the operator jar from target/ here
mvn -B -ntp -q -f ../bench/pom.xml exec:java -Dexec.mainClass=dev.operator.dli.bench.ScaleBench \
  -Dexec.args="${1:-scale} ${2:-}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
