package estimate

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Resource is one entry of synth's inventory.json: the fields the estimates read, under
// the same JSON names.
type Resource struct {
	URN    string `json:"urn"`
	Type   string `json:"type"`
	Name   string `json:"name"`
	Parent string `json:"parent"`
	// Custom is true for provider-managed resources, false for components.
	Custom bool `json:"custom"`
	// Provider is the explicit provider reference ("<urn>::<id>"), empty for the default.
	Provider     string         `json:"provider"`
	Dependencies []string       `json:"dependencies"`
	Inputs       map[string]any `json:"inputs"`
	// Remote marks a remote component (pulumi-eks's Cluster, ManagedNodeGroup) whose
	// children synth's mocks stand in for.
	Remote bool `json:"remote,omitempty"`
}

// ParseInventory decodes an inventory.json.
func ParseInventory(b []byte) ([]Resource, error) {
	var rs []Resource
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("inventory: %w", err)
	}
	return rs, nil
}

// isComponent reports whether r is a component that is not created itself (a local
// ComponentResource such as portkey-eks:network:Network).
func (r Resource) isComponent() bool { return !r.Custom && !r.Remote }

// input walks a dotted path through r's inputs ("scalingConfig.desiredSize").
func (r Resource) input(path string) any {
	var v any = r.Inputs
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

func (r Resource) str(path string) string {
	s, _ := r.input(path).(string)
	return s
}

func (r Resource) num(path string) (float64, bool) {
	switch x := r.input(path).(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

func (r Resource) list(path string) []any {
	l, _ := r.input(path).([]any)
	return l
}

func (r Resource) boolean(path string) (bool, bool) {
	switch x := r.input(path).(type) {
	case bool:
		return x, true
	case string:
		return x == "true", x == "true" || x == "false"
	}
	return false, false
}

// label is how a resource is named in tables and paths: its logical name and type.
func (r Resource) label() string { return r.Name + " (" + r.Type + ")" }
