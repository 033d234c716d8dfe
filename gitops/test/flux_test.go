package gitopstest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/fluxcd/pkg/apis/kustomize"
	fluxcel "github.com/fluxcd/pkg/runtime/cel"
	"sigs.k8s.io/yaml"
)

// readmeHealthCheckExprs takes the DliJob healthCheckExprs from the Flux Kustomization in the
// README's GitOps section, so that what users copy is what is tested.
func readmeHealthCheckExprs(t *testing.T) kustomize.CustomHealthCheck {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(readme, -1)
	for _, block := range blocks {
		var doc struct {
			Kind string `json:"kind"`
			Spec struct {
				HealthCheckExprs []kustomize.CustomHealthCheck `json:"healthCheckExprs"`
			} `json:"spec"`
		}
		if yaml.Unmarshal(block[1], &doc) != nil || doc.Kind != "Kustomization" {
			continue
		}
		for _, check := range doc.Spec.HealthCheckExprs {
			if check.Kind == "DliJob" {
				return check
			}
		}
	}
	t.Fatal("README.md has no Flux Kustomization with healthCheckExprs for DliJob")
	return kustomize.CustomHealthCheck{}
}

// TestFluxHealthCheckExprs evaluates the README's expressions with Flux's own evaluator.
func TestFluxHealthCheckExprs(t *testing.T) {
	check := readmeHealthCheckExprs(t)
	if check.APIVersion != "dli.operator.dev/v1alpha1" {
		t.Errorf("healthCheckExprs apiVersion is %q", check.APIVersion)
	}
	evaluator, err := fluxcel.NewStatusEvaluator(&check.HealthCheckExpressions)
	if err != nil {
		t.Fatal(err)
	}
	for name, obj := range dliJob.testdata(t) {
		t.Run(name, func(t *testing.T) {
			result, err := evaluator.Evaluate(context.Background(), obj)
			if err != nil {
				t.Fatalf("Flux CEL: %v", err)
			}
			if string(result.Status) != dliJob.expected[name] {
				t.Errorf("Flux says %s, want %s", result.Status, dliJob.expected[name])
			}
		})
	}
}
