package automation

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// Masked replaces the value of a secret output in summaries.
const Masked = "[secret]"

// Summary is what one operation did. It is printed at the end of every operation that
// reached the engine, as text or, with Options.JSON, as one JSON line {"summary": {...}}.
type Summary struct {
	Operation Operation `json:"operation"`
	Stack     string    `json:"stack"`
	// Result is "succeeded", "failed", "canceled", "declined" or, for drift, "drift".
	Result string `json:"result"`
	// CreatedStack is true when the operation created the stack (Options.CreateStack).
	CreatedStack bool `json:"createdStack,omitempty"`
	// Changes counts resources by engine operation ("create", "update", "delete",
	// "replace", "same", ...). For drift: the preview's counts.
	Changes map[string]int `json:"changes"`
	// RefreshChanges counts the refresh preview's findings by operation (drift only):
	// "update" and "delete" are resources changed or deleted outside Pulumi.
	RefreshChanges map[string]int `json:"refreshChanges,omitempty"`
	// Duration is the wall-clock time of the whole operation.
	Duration time.Duration `json:"-"`
	// Outputs are the stack outputs after up, refresh and outputs, secret values replaced
	// by Masked.
	Outputs map[string]any `json:"outputs,omitempty"`
	// Drift lists what drifted (drift only).
	Drift []Change `json:"drift,omitempty"`
	// Error is the operation's error message, if it failed.
	Error string `json:"error,omitempty"`
}

// MarshalJSON adds durationSeconds.
func (s Summary) MarshalJSON() ([]byte, error) {
	type plain Summary
	return json.Marshal(struct {
		plain
		DurationSeconds float64 `json:"durationSeconds"`
	}{plain(s), s.Duration.Round(time.Millisecond).Seconds()})
}

// Change is one resource that drifted or would change.
type Change struct {
	// Phase is "refresh" (the cloud differs from the state) or "preview" (the program and
	// its configuration differ from the state).
	Phase string `json:"phase"`
	// Op is the engine operation: create, update, delete, replace, ...
	Op   string `json:"op"`
	URN  string `json:"urn"`
	Type string `json:"type"`
	// Diffs are the properties that differ, when the engine names them.
	Diffs []string `json:"diffs,omitempty"`
}

func (c Change) String() string {
	s := fmt.Sprintf("%-7s %-8s %s", c.Phase, c.Op, c.URN)
	if len(c.Diffs) > 0 {
		s += " [" + strings.Join(c.Diffs, ", ") + "]"
	}
	return s
}

// noChangeOps are the engine operations that change nothing.
var noChangeOps = map[string]bool{
	string(apitype.OpSame):    true,
	string(apitype.OpRead):    true,
	string(apitype.OpRefresh): true,
}

// countChanges returns the number of resources counts says would change.
func countChanges(counts map[string]int) int {
	n := 0
	for op, c := range counts {
		if !noChangeOps[op] {
			n += c
		}
	}
	return n
}

// maskOutputs returns outputs with each secret value replaced by Masked.
func maskOutputs(outs auto.OutputMap) map[string]any {
	m := make(map[string]any, len(outs))
	for k, v := range outs {
		if v.Secret {
			m[k] = Masked
		} else {
			m[k] = v.Value
		}
	}
	return m
}

// formatChanges renders counts as "2 create, 1 update, 5 same", changes first, by name.
func formatChanges(counts map[string]int) string {
	ops := make([]string, 0, len(counts))
	for op, n := range counts {
		if n > 0 {
			ops = append(ops, op)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		ci, cj := noChangeOps[ops[i]], noChangeOps[ops[j]]
		if ci != cj {
			return !ci
		}
		return ops[i] < ops[j]
	})
	parts := make([]string, len(ops))
	for i, op := range ops {
		parts[i] = fmt.Sprintf("%d %s", counts[op], op)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// writeText prints the summary for people.
func (s *Summary) writeText(w io.Writer) {
	fmt.Fprintf(w, "\nportkey-eks %s: stack %s %s in %s\n", s.Operation, s.Stack, s.Result, s.Duration.Round(100*time.Millisecond))
	if s.CreatedStack {
		fmt.Fprintf(w, "  stack %s was created\n", s.Stack)
	}
	if s.RefreshChanges != nil {
		fmt.Fprintf(w, "  refresh:   %s\n", formatChanges(s.RefreshChanges))
	}
	if s.Operation != OpOutputs {
		fmt.Fprintf(w, "  resources: %s\n", formatChanges(s.Changes))
	}
	if len(s.Drift) > 0 {
		fmt.Fprintf(w, "  drifted:\n")
		for _, c := range s.Drift {
			fmt.Fprintf(w, "    %s\n", c)
		}
	}
	if len(s.Outputs) > 0 {
		fmt.Fprintf(w, "  outputs:\n")
		names := make([]string, 0, len(s.Outputs))
		width := 0
		for k := range s.Outputs {
			names = append(names, k)
			width = max(width, len(k))
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Fprintf(w, "    %-*s  %s\n", width+1, k+":", renderValue(s.Outputs[k]))
		}
	}
	if s.Error != "" && len(s.Drift) == 0 {
		fmt.Fprintf(w, "  error: %s\n", strings.ReplaceAll(s.Error, "\n", "\n    "))
	}
}

// writeJSON prints the summary as one JSON line.
func (s *Summary) writeJSON(w io.Writer) error {
	b, err := json.Marshal(map[string]any{"summary": s})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func renderValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
