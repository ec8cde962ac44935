package synth

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Options configures Run. Zero values give project "portkey-eks", stack "dev" and region
// "us-east-1".
type Options struct {
	Project string
	Stack   string
	// Config holds fully qualified config keys ("aws:region", "portkey-eks:network") and
	// their string values (objects as JSON), as Pulumi passes them to a program.
	Config map[string]string
	// SecretKeys lists the Config keys whose values are secret.
	SecretKeys []string
}

// Result is what one mocked run registered.
type Result struct {
	Project, Stack, Region string
	// Resources sorted by URN.
	Resources []Resource
	// Outputs are the stack outputs with secrets replaced by Masked.
	Outputs map[string]any
	// SecretOutputs names the stack outputs that are secret.
	SecretOutputs []string
	// PlainOutputs are the stack outputs with secrets revealed; for tests only.
	PlainOutputs map[string]any
	// Warnings are what the mocks could not stand in for.
	Warnings []string
	// secretValues are the plain values of the secret config keys, for masking values
	// that a resource holds as one whole secret (see HelmValues).
	secretValues []string
}

// Run runs program under mocks with the given configuration and returns what it
// registered. The program's own error is returned as is (wrapped by nothing), after the
// resources registered up to that point are recorded in the Result.
func Run(program pulumi.RunFunc, opts Options) (*Result, error) {
	if opts.Project == "" {
		opts.Project = "portkey-eks"
	}
	if opts.Stack == "" {
		opts.Stack = "dev"
	}
	region := opts.Config["aws:region"]
	if region == "" {
		region = "us-east-1"
	}
	m := NewMocks(opts.Project, opts.Stack, region)
	res := &Result{Project: opts.Project, Stack: opts.Stack, Region: region, Outputs: map[string]any{}, PlainOutputs: map[string]any{}}
	for _, k := range opts.SecretKeys {
		if v := opts.Config[k]; v != "" && v != Masked {
			res.secretValues = append(res.secretValues, v)
		}
	}
	setConfig := func(info *pulumi.RunInfo) {
		info.Config = opts.Config
		info.ConfigSecretKeys = opts.SecretKeys
	}
	var awaitErr error
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		m.setContext(ctx)
		if err := program(ctx); err != nil {
			return err
		}
		for name, in := range ctx.GetCurrentExportMap() {
			r, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(in))
			if err != nil {
				awaitErr = fmt.Errorf("stack output %q: %w", name, err)
				continue
			}
			plain := deepPlain(r.Value)
			res.PlainOutputs[name] = plain
			if r.Secret {
				res.Outputs[name] = Masked
				res.SecretOutputs = append(res.SecretOutputs, name)
			} else {
				res.Outputs[name] = plain
			}
		}
		return nil
	}, pulumi.WithMocks(opts.Project, opts.Stack, m), setConfig)
	// Registrations are asynchronous, so their order varies between runs: sort by URN so
	// the same program always gives the same inventory.
	res.Resources = m.Resources()
	sort.SliceStable(res.Resources, func(i, j int) bool { return res.Resources[i].URN < res.Resources[j].URN })
	res.Warnings = m.warnings
	sort.Strings(res.SecretOutputs)
	if err == nil {
		err = awaitErr
	}
	return res, err
}

// deepPlain turns awaited output values (which may hold pulumi types) into plain values.
func deepPlain(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepPlain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepPlain(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case map[string]string:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = e
		}
		return out
	case pulumi.Resource:
		return fmt.Sprintf("[resource %T]", x)
	}
	// Named scalar types (pulumi.ID, pulumi.URN, ...) become their plain kind.
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int32, reflect.Int64:
		return float64(rv.Int())
	case reflect.Float64, reflect.Float32:
		return rv.Float()
	}
	return v
}

// ByType returns the resources of one type token, sorted by URN.
func (r *Result) ByType(typeToken string) []Resource {
	var out []Resource
	for _, res := range r.Resources {
		if res.Type == typeToken {
			out = append(out, res)
		}
	}
	return out
}

// Find returns the resource of the given type and logical name, or nil.
func (r *Result) Find(typeToken, name string) *Resource {
	for i := range r.Resources {
		if r.Resources[i].Type == typeToken && r.Resources[i].Name == name {
			return &r.Resources[i]
		}
	}
	return nil
}

// ByURN returns the resource with the given URN, or nil.
func (r *Result) ByURN(urn string) *Resource {
	for i := range r.Resources {
		if r.Resources[i].URN == urn {
			return &r.Resources[i]
		}
	}
	return nil
}

// Types counts resources per type token.
func (r *Result) Types() map[string]int {
	n := map[string]int{}
	for _, res := range r.Resources {
		n[res.Type]++
	}
	return n
}

// DependsOn reports whether resource a waits on b, directly or through other resources.
func (r *Result) DependsOn(a, b string) bool {
	seen := map[string]bool{}
	var walk func(u string) bool
	walk = func(u string) bool {
		if seen[u] {
			return false
		}
		seen[u] = true
		res := r.ByURN(u)
		if res == nil {
			return false
		}
		deps := slices.Clone(res.Dependencies)
		if res.Parent != "" && !strings.Contains(res.Parent, "pulumi:pulumi:Stack") {
			deps = append(deps, res.Parent)
		}
		for _, d := range deps {
			if d == b || walk(d) {
				return true
			}
		}
		return false
	}
	return walk(a)
}

// Get walks a dotted path ("vpcConfig.endpointPrivateAccess", "tags.Name",
// "subnetIds[1]") through plain values and returns what it finds, or nil.
func Get(v any, path string) any {
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		name, idx := part, -1
		if i := strings.Index(part, "["); i >= 0 && strings.HasSuffix(part, "]") {
			name = part[:i]
			fmt.Sscanf(part[i+1:len(part)-1], "%d", &idx)
		}
		if name != "" {
			obj, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = obj[name]
		}
		if idx >= 0 {
			arr, ok := v.([]any)
			if !ok || idx >= len(arr) {
				return nil
			}
			v = arr[idx]
		}
	}
	return v
}
