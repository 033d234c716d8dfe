#!/usr/bin/env bash
# Scheduling at scale: N DliCronJobs (default 500) firing in the same minute, through the operator jar
# at its defaults. Prints when runs were created and submitted against their goals; exits 1 when a run
# is missing or did not cause exactly one DLI job.
# Usage: bench/cron.sh [cronjobs]
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/build-k8s.sh
# Built in the reactor, not installed: the harness runs on the modules' own target/ jars.
mvn -B -ntp -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt"
cd operator # the harness reads the generated CRDs and the operator jar from target/ here
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "../bench/target/classes:$(cat ../bench/target/classpath.txt)" \
  dev.operator.dli.bench.CronBench "$@"
