# dli-operator: `make run` starts the operator on a local environment, `make test` runs every test.
SHELL := /bin/bash
MVN ?= mvn -B -ntp
# The control plane's version is written once, in hack/k8s-version: the scripts and the tests read it there.

.PHONY: run test unit format tools build crds gitops-testdata clean

## run: build, start local etcd + kube-apiserver (+ the DLI simulator and the operator), stay in the foreground
run: tools build
	java -jar local-env/target/dli-local-env.jar "$(CURDIR)"

## test: build the control plane once (cached), then run every test
test: tools
	$(MVN) install
	bash hack/e2e-kubectl.sh
	bash hack/gitops-test.sh

## unit: the fast loop, the pure and HTTP tests (*Test) only, no control plane needed
unit:
	$(MVN) test

## format: apply google-java-format to every source (the build fails on unformatted code)
format:
	$(MVN) -q spotless:apply

## tools: kube-apiserver, etcd, kubectl, helm and promtool, built from Go modules (cached) and linked into .local/bin
tools:
	bash hack/build-k8s.sh
	bash hack/build-promtool.sh

build:
	$(MVN) -q -DskipTests install

## crds: copy the CRD generated from the model to crds/ and the Helm chart (a test fails when they differ)
crds:
	$(MVN) -q -pl operator -am -DskipTests process-classes
	cp operator/target/classes/META-INF/fabric8/*.dli.operator.dev-v1.yml crds/
	cp operator/target/classes/META-INF/fabric8/*.dli.operator.dev-v1.yml helm/dli-operator/crds/

## gitops-testdata: capture the DliJobs, DliCronJobs and connections of the GitOps health tests anew (after a meant change; review the diff)
gitops-testdata: tools
	$(MVN) -pl operator -am verify -Dit.test=GitOpsTestdataIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dgitops.testdata.update=true

clean:
	$(MVN) -q clean
