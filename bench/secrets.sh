#!/usr/bin/env bash
# Memory against Secrets the operator has no business with: the operator jar at the chart's heap,
# running DliJobs each on a connection Secret of its own (threads at 20 and at 60 watched Secrets),
# then 300 unrelated Secrets of 256 KiB (75 MiB, as Helm's release Secrets) in another namespace.
# Prints RSS and threads before and after; exits 1 when RSS grew by more than 10 % of their size or
# a job ended wrong.
# Usage: bench/secrets.sh [count [KiB]]
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/build-k8s.sh
# Built in the reactor, not installed: the harness runs on the modules' own target/ jars.
mvn -B -ntp -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cd operator # the harness reads the generated CRD and the operator jar from target/ here
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "../bench/target/classes:$(cat ../bench/target/classpath.txt)" \
  dev.operator.dli.bench.SecretsBench "$@"
