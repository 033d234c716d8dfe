// Package gitopstest runs the GitOps tools' own evaluators over the resources of each kind in the
// states a tool must read right (gitops/argocd/dli.operator.dev/<Kind>/testdata, captured from the
// real API server by GitOpsTestdataIT): Argo CD's Lua VM over health.lua and the
// DliJob cancel action, kstatus (Flux's default health reading) and Flux's CEL evaluator over the
// healthCheckExprs that the README tells users to configure for DliJobs.
package gitopstest

import (
	"os"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// kind is one resource kind with an Argo CD resource customization, in Argo CD's own layout.
type kind struct {
	name string
	dir  string
	// expected is what each testdata state must read as in kstatus (and, for DliJobs, in Flux with
	// the README's healthCheckExprs): Current, InProgress or Failed. kstatus calls any object being
	// deleted Terminating (see deletingInKstatus), which Flux waits on as it does on InProgress.
	expected map[string]string
	// suspendable says whether health.lua may answer Suspended: never for a DliJob, on which an
	// Argo CD hook would wait forever; for a DliCronJob while spec.suspend is true.
	suspendable bool
	// script is the health.lua that reads the kind, when it is not the one in dir.
	script string
}

func (k kind) healthScript() string {
	if k.script != "" {
		return k.script
	}
	return filepath.Join(k.dir, "health.lua")
}

func customization(name string) string {
	return filepath.Join("..", "argocd", "dli.operator.dev", name)
}

var dliJob = kind{
	name: "DliJob",
	dir:  customization("DliJob"),
	expected: map[string]string{
		"pending":                "InProgress",
		"submitting":             "InProgress",
		"running":                "InProgress",
		"cancelling":             "InProgress",
		"succeeded":              "Current",
		"failed":                 "Failed",
		"retrying":               "InProgress",
		"cancelled-on-request":   "Current",
		"suspended":              "Current",
		"cancelled-by-deadline":  "Failed",
		"stalled-missing-secret": "Failed",
		"stale-generation":       "InProgress",
		"deleting":               "InProgress",
	},
}

// dliCronJob reads Current in kstatus whenever the operator has observed it and it is not Stalled:
// a schedule that runs, waits or is suspended is what Git asked for, and a failed run is the run's
// DliJob's failure (Argo CD's health.lua shows it as Degraded; Flux sees it on the DliJob).
var dliCronJob = kind{
	name: "DliCronJob",
	dir:  customization("DliCronJob"),
	expected: map[string]string{
		"pending":                    "InProgress",
		"scheduled":                  "Current",
		"running":                    "Current",
		"last-succeeded":             "Current",
		"last-failed":                "Current",
		"last-cancelled":             "Current",
		"suspended":                  "Current",
		"suspended-after-failed-run": "Current",
		"stalled-unknown-time-zone":  "Failed",
		"stale-generation":           "InProgress",
		"deleting":                   "InProgress",
	},
	suspendable: true,
}

// A connection reads Current in kstatus once DLI accepted its credentials, and Failed when Stalled.
var dliConnection = kind{
	name: "DliConnection",
	dir:  customization("DliConnection"),
	expected: map[string]string{
		"pending":             "InProgress",
		"ready":               "Current",
		"credentials-refused": "Failed",
		"secret-missing":      "Failed",
		"deleting-in-use":     "InProgress",
	},
}

// clusterDliConnection is read by the DliConnection's health.lua (one script under both keys).
var clusterDliConnection = kind{
	name:   "ClusterDliConnection",
	dir:    customization("ClusterDliConnection"),
	script: filepath.Join(customization("DliConnection"), "health.lua"),
	expected: map[string]string{
		"ready": "Current",
	},
}

var kinds = []kind{dliJob, dliCronJob, dliConnection, clusterDliConnection}

const deletingInKstatus = "Terminating"

func readYAML(t *testing.T, path string, into any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
}

// readObject decodes a manifest as the Kubernetes client libraries do (whole numbers as int64).
func readObject(t *testing.T, path string) *unstructured.Unstructured {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	json, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(json); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return obj
}

// testdata returns every testdata object of the kind by state name, and fails when the
// expectations and the files name different states or a file holds another kind.
func (k kind) testdata(t *testing.T) map[string]*unstructured.Unstructured {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(k.dir, "testdata", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata in %s: %v", k.dir, err)
	}
	objects := map[string]*unstructured.Unstructured{}
	for _, file := range files {
		name := filepath.Base(file[:len(file)-len(".yaml")])
		if _, ok := k.expected[name]; !ok {
			t.Errorf("testdata %s of %s has no expected status here", name, k.name)
		}
		objects[name] = readObject(t, file)
		if got := objects[name].GetKind(); got != k.name {
			t.Errorf("testdata %s of %s holds a %s", name, k.name, got)
		}
	}
	for name := range k.expected {
		if _, ok := objects[name]; !ok {
			t.Errorf("expected %s testdata %s.yaml", k.name, name)
		}
	}
	return objects
}
