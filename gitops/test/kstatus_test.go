package gitopstest

import (
	"testing"

	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

// TestKstatus reads every testdata object as Flux does by default (kstatus), without
// healthCheckExprs.
func TestKstatus(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			for name, obj := range k.testdata(t) {
				t.Run(name, func(t *testing.T) {
					result, err := status.Compute(obj)
					if err != nil {
						t.Fatalf("kstatus: %v", err)
					}
					want := k.expected[name]
					if obj.GetDeletionTimestamp() != nil {
						want = deletingInKstatus
					}
					if string(result.Status) != want {
						t.Errorf("kstatus says %s (%s), want %s", result.Status, result.Message, want)
					}
				})
			}
		})
	}
}
