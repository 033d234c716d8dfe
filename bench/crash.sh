#!/usr/bin/env bash
# Crash safety under an eventually consistent DLI: many DliJobs through the operator jar, SIGKILLed
# several times, while DLI's list lags and its submit answers late. Prints a report; exits 1 when a
# resource got two DLI jobs, left one running after a cancel or deletion, or kept its finalizer.
# Usage: bench/crash.sh [jobs] [kills]   (defaults 200 and 6)
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/build-k8s.sh
mvn -B -ntp -q -DskipTests install
cd operator # the harness (module bench/) reads the generated CRD and the operator jar from target/ here
mvn -B -ntp -q -f ../bench/pom.xml exec:java -Dexec.mainClass=dev.operator.dli.bench.CrashBench \
  -Djobs="${1:-200}" -Dkills="${2:-6}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
