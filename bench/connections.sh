#!/usr/bin/env bash
# Threads and memory against the number of DLI connections: the operator jar at its defaults, N
# connections with 5 DliJobs each, for each N given (default 1 40 200), on a real API server with
# the simulator. Prints a table; exits 1 when a job did not succeed or was submitted twice.
# Usage: bench/connections.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/build-k8s.sh
# Built in the reactor, not installed: the harness runs on the modules' own target/ jars.
mvn -B -ntp -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cd operator # the harness reads the generated CRD and the operator jar from target/ here
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "../bench/target/classes:$(cat ../bench/target/classpath.txt)" \
  dev.operator.dli.bench.ConnectionsBench "$@"
