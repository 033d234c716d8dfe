package gitopstest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

type healthTests struct {
	Tests []struct {
		InputPath    string `json:"inputPath"`
		HealthStatus struct {
			Status  string `json:"status"`
			Message string `json:"message"`
		} `json:"healthStatus"`
	} `json:"tests"`
}

type actionTests struct {
	DiscoveryTests []struct {
		InputPath string `json:"inputPath"`
		Result    []struct {
			Name     string `json:"name"`
			Disabled bool   `json:"disabled"`
		} `json:"result"`
	} `json:"discoveryTests"`
	ActionTests []struct {
		Action    string `json:"action"`
		InputPath string `json:"inputPath"`
	} `json:"actionTests"`
}

// runLua runs a script the way Argo CD runs a health check or action configured in argocd-cm:
// standard libraries skipped, then only package, base and table opened, a one-second limit, and
// the resource as the global obj. It returns the table the script returned.
func runLua(t *testing.T, scriptPath string, obj *unstructured.Unstructured) *lua.LTable {
	t.Helper()
	script, err := os.ReadFile(scriptPath)
	if err != nil {
		t.Fatalf("read %s: %v", scriptPath, err)
	}
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			t.Fatalf("open %s: %v", lib.name, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, obj.Object))
	if err := l.DoString(string(script)); err != nil {
		t.Fatalf("%s failed: %v", scriptPath, err)
	}
	result, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		t.Fatalf("%s returned %s, not a table", scriptPath, l.Get(-1).Type())
	}
	return result
}

// toLua converts a decoded object as Argo CD does: numbers to LNumber, maps and lists to tables.
func toLua(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case int64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case []any:
		table := l.CreateTable(len(v), 0)
		for _, item := range v {
			table.Append(toLua(l, item))
		}
		return table
	case map[string]any:
		table := l.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetH(lua.LString(key), toLua(l, item))
		}
		return table
	}
	return lua.LNil
}

// fromLua converts a returned table back, as Argo CD's JSON round trip does.
func fromLua(value lua.LValue) any {
	switch v := value.(type) {
	case lua.LBool:
		return bool(v)
	case lua.LNumber:
		return float64(v)
	case lua.LString:
		return string(v)
	case *lua.LTable:
		if v.MaxN() > 0 {
			list := []any{}
			v.ForEach(func(_, item lua.LValue) { list = append(list, fromLua(item)) })
			return list
		}
		object := map[string]any{}
		v.ForEach(func(key, item lua.LValue) { object[key.String()] = fromLua(item) })
		return object
	}
	return nil
}

func TestArgoCDHealth(t *testing.T) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			var tests healthTests
			readYAML(t, filepath.Join(k.dir, "health_test.yaml"), &tests)
			covered := map[string]bool{}
			for _, tc := range tests.Tests {
				t.Run(tc.InputPath, func(t *testing.T) {
					covered[filepath.Base(tc.InputPath)] = true
					obj := readObject(t, filepath.Join(k.dir, tc.InputPath))
					result := runLua(t, k.healthScript(), obj)
					status := result.RawGetString("status").String()
					message := result.RawGetString("message").String()
					if status != tc.HealthStatus.Status || message != tc.HealthStatus.Message {
						t.Errorf("got %s %q, want %s %q", status, message, tc.HealthStatus.Status, tc.HealthStatus.Message)
					}
					if status == "Suspended" && !k.suspendable {
						t.Errorf("Suspended keeps an Argo CD hook waiting forever")
					}
				})
			}
			for name := range k.testdata(t) {
				if !covered[name+".yaml"] {
					t.Errorf("health_test.yaml has no test for testdata/%s.yaml", name)
				}
			}
		})
	}
}

func TestArgoCDCancelAction(t *testing.T) {
	actionsDir := filepath.Join(dliJob.dir, "actions")
	var tests actionTests
	readYAML(t, filepath.Join(actionsDir, "action_test.yaml"), &tests)
	for _, tc := range tests.DiscoveryTests {
		t.Run("discovery "+tc.InputPath, func(t *testing.T) {
			obj := readObject(t, filepath.Join(actionsDir, tc.InputPath))
			found := fromLua(runLua(t, filepath.Join(actionsDir, "discovery.lua"), obj))
			want := map[string]any{}
			for _, action := range tc.Result {
				want[action.Name] = map[string]any{"disabled": action.Disabled}
			}
			if list, ok := found.([]any); ok && len(list) == 0 {
				found = map[string]any{} // an empty Lua table reads as no actions
			}
			if !reflect.DeepEqual(found, want) {
				t.Errorf("got %v, want %v", found, want)
			}
		})
	}
	for _, tc := range tests.ActionTests {
		t.Run(tc.Action+" "+tc.InputPath, func(t *testing.T) {
			obj := readObject(t, filepath.Join(actionsDir, tc.InputPath))
			got := fromLua(runLua(t, filepath.Join(actionsDir, tc.Action, "action.lua"), obj))
			want := readObject(t, filepath.Join(actionsDir, tc.InputPath))
			if err := unstructured.SetNestedField(want.Object, true, "spec", "cancel"); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normalize(got), normalize(want.Object)) {
				t.Errorf("the action changed more than spec.cancel:\n got %v\nwant %v", got, want.Object)
			}
		})
	}
}

// normalize makes numbers comparable after the round trip through Lua.
func normalize(value any) any {
	switch v := value.(type) {
	case int64:
		return float64(v)
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = normalize(item)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for key, item := range v {
			out[key] = normalize(item)
		}
		return out
	}
	return value
}
