// Package gitopstest runs the GitOps tools' own evaluators over DliJobs captured from the real API
// server (gitops/argocd/dli.operator.dev/DliJob/testdata, written by GitOpsTestdataIT): Argo CD's
// Lua VM over health.lua and the cancel action, kstatus (Flux's default health reading) and Flux's
// CEL evaluator over the healthCheckExprs that the README tells users to configure.
package gitopstest

import (
	"os"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// dliJobDir is the Argo CD resource customization, in Argo CD's own layout.
var dliJobDir = filepath.Join("..", "argocd", "dli.operator.dev", "DliJob")

// expected is what each captured state must read as in kstatus and in Flux with the README's
// healthCheckExprs: Current, InProgress or Failed. kstatus calls any object being deleted
// Terminating (see deletingInKstatus), which Flux waits on as it does on InProgress.
var expected = map[string]string{
	"pending":                "InProgress",
	"submitting":             "InProgress",
	"running":                "InProgress",
	"cancelling":             "InProgress",
	"succeeded":              "Current",
	"failed":                 "Failed",
	"retrying":               "InProgress",
	"cancelled-on-request":   "Current",
	"cancelled-by-deadline":  "Failed",
	"stalled-missing-secret": "Failed",
	"stale-generation":       "InProgress",
	"deleting":               "InProgress",
}

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

// captured returns every captured DliJob by name, and fails when the expectations and the
// captures name different states.
func captured(t *testing.T) map[string]*unstructured.Unstructured {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dliJobDir, "testdata", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata in %s: %v", dliJobDir, err)
	}
	objects := map[string]*unstructured.Unstructured{}
	for _, file := range files {
		name := filepath.Base(file[:len(file)-len(".yaml")])
		if _, ok := expected[name]; !ok {
			t.Errorf("testdata %s has no expected status here", name)
		}
		objects[name] = readObject(t, file)
	}
	for name := range expected {
		if _, ok := objects[name]; !ok {
			t.Errorf("expected a capture %s.yaml in testdata", name)
		}
	}
	return objects
}
