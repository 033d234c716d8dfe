#!/usr/bin/env bash
# Measures the operator with many DliJobs on a real API server and the simulator; prints a report.
# Usage: bench/run.sh [jobs] [runSeconds] [listPollingThreshold]   (defaults 200, 20 and 20; 0 = no list polling).
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/build-k8s.sh
mvn -B -ntp -q -DskipTests install
cd operator # the harness reads the generated CRD from target/
mvn -B -ntp -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.operator.dli.bench.ManyJobsBench \
  -Djobs="${1:-200}" -DrunSeconds="${2:-20}" -DlistPollingThreshold="${3:-20}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
