#!/usr/bin/env bash
# Memory against other teams' namespaces: the operator jar at the chart's heap, running DliJobs in one
# namespace on a ClusterDliConnection that selects it by label, then 2,000 unrelated namespaces.
# Prints the Namespace objects the operator holds and its live heap before and after; exits 1 when
# it holds more namespaces after, or a job ended wrong.
# Usage: bench/namespaces.sh [count]
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/build-k8s.sh
# Built in the reactor, not installed: the harness runs on the modules' own target/ jars.
mvn -B -ntp -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cd operator # the harness reads the generated CRDs and the operator jar from target/ here
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "../bench/target/classes:$(cat ../bench/target/classpath.txt)" \
  dev.operator.dli.bench.NamespacesBench "$@"
