package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// HelmReleaseType is the type token of a Helm release (helm.sh/v3 Release).
const HelmReleaseType = "kubernetes:helm.sh/v3:Release"

// policyInputs names, per resource type, the inputs that hold IAM documents (trust,
// permission and resource policies).
var policyInputs = map[string][]string{
	"aws:iam/role:Role":                         {"assumeRolePolicy"},
	"aws:iam/rolePolicy:RolePolicy":             {"policy"},
	"aws:iam/policy:Policy":                     {"policy"},
	"aws:s3/bucketPolicy:BucketPolicy":          {"policy"},
	"aws:kms/key:Key":                           {"policy"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":           {"policy"},
	"aws:ecr/repositoryPolicy:RepositoryPolicy": {"policy"},
}

// Files lists what Write wrote, relative to its directory.
type Files struct {
	Inventory string
	Values    []string
	IAM       []string
	Graph     string
}

// Write writes the synthesised stack under dir: inventory.json (one object per resource),
// values/<release>.yaml (each Helm release's values), iam/<name>.json (every IAM document)
// and graph.mmd (a Mermaid flowchart of the components and their dependencies). Secrets
// are masked everywhere. Stale files from an earlier run are removed first.
func Write(res *Result, dir string) (Files, error) {
	var f Files
	for _, sub := range []string{"values", "iam"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			return f, err
		}
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return f, err
		}
	}
	inv, err := json.MarshalIndent(res.Resources, "", "  ")
	if err != nil {
		return f, err
	}
	f.Inventory = "inventory.json"
	if err := os.WriteFile(filepath.Join(dir, f.Inventory), append(inv, '\n'), 0o644); err != nil {
		return f, err
	}
	for _, r := range res.ByType(HelmReleaseType) {
		name := r.Name
		if n, ok := r.Inputs["name"].(string); ok && n != "" {
			name = n
		}
		b, err := ValuesYAML(res.HelmValues(r))
		if err != nil {
			return f, fmt.Errorf("values of %s: %w", r.URN, err)
		}
		rel := filepath.Join("values", fileName(name)+".yaml")
		if err := os.WriteFile(filepath.Join(dir, rel), b, 0o644); err != nil {
			return f, err
		}
		f.Values = append(f.Values, rel)
	}
	docs := IAMDocuments(res)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rel := filepath.Join("iam", n+".json")
		if err := os.WriteFile(filepath.Join(dir, rel), docs[n], 0o644); err != nil {
			return f, err
		}
		f.IAM = append(f.IAM, rel)
	}
	f.Graph = "graph.mmd"
	if err := os.WriteFile(filepath.Join(dir, f.Graph), []byte(Graph(res)), 0o644); err != nil {
		return f, err
	}
	return f, nil
}

// HelmValues returns a Helm release's values as synth shows them. A component may pass the
// whole values map as one secret (so state never holds a secret leaf in plain text); then
// the plain values are shown with every string that carries a secret config value
// replaced by Masked, so reviewers still see every key.
func (res *Result) HelmValues(r Resource) any {
	v := r.Inputs["values"]
	if v != Masked {
		return v
	}
	return maskSecrets(r.PlainInputs["values"], res.secretValues)
}

func maskSecrets(v any, secrets []string) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = maskSecrets(e, secrets)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = maskSecrets(e, secrets)
		}
		return out
	case string:
		for _, s := range secrets {
			if strings.Contains(x, s) {
				return Masked
			}
		}
	}
	return v
}

// ValuesYAML renders Helm values (as recorded, secrets masked) as YAML with sorted keys.
func ValuesYAML(values any) ([]byte, error) {
	if values == nil {
		values = map[string]any{}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(values); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// IAMDocuments returns every IAM document the resources carry, pretty-printed, keyed by a
// file name: the resource's name plus the input when a resource has several
// ("<role>.trust" for a role's trust policy).
func IAMDocuments(res *Result) map[string][]byte {
	out := map[string][]byte{}
	for _, r := range res.Resources {
		for _, in := range policyInputs[r.Type] {
			v, ok := r.Inputs[in]
			if !ok || v == nil {
				continue
			}
			name := fileName(r.Name)
			if r.Type == "aws:iam/role:Role" {
				name += ".trust"
			}
			if _, dup := out[name]; dup {
				name = fileName(r.Name + "." + lastPart(r.Type))
			}
			out[name] = prettyJSON(v)
		}
	}
	return out
}

func prettyJSON(v any) []byte {
	if s, ok := v.(string); ok {
		var doc any
		if json.Unmarshal([]byte(s), &doc) == nil {
			v = doc
		}
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return []byte(fmt.Sprintf("%q\n", fmt.Sprint(v)))
	}
	return append(b, '\n')
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(s string) string {
	return unsafeChars.ReplaceAllString(s, "_")
}

// topComponent returns the URN of the outermost component (below the stack) that owns u.
func topComponent(res *Result, u string) string {
	top := ""
	for cur := res.ByURN(u); cur != nil; cur = res.ByURN(cur.Parent) {
		if !cur.Custom || cur.Remote {
			top = cur.URN
		}
		if cur.Parent == "" || strings.Contains(cur.Parent, "::pulumi:pulumi:Stack::") {
			break
		}
	}
	return top
}

// Graph renders a Mermaid flowchart: one node per top-level component (and per resource
// outside any component), one edge from a component to each component it waits on.
func Graph(res *Result) string {
	nodes := map[string]string{}
	edges := map[[2]string]bool{}
	owner := func(u string) string {
		if t := topComponent(res, u); t != "" {
			return t
		}
		return u
	}
	for _, r := range res.Resources {
		if r.Type == "pulumi:providers:kubernetes" || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		from := owner(r.URN)
		nodes[from] = label(res, from)
		for _, d := range r.Dependencies {
			if dr := res.ByURN(d); dr == nil || strings.HasPrefix(dr.Type, "pulumi:providers:") {
				continue
			}
			to := owner(d)
			if to != from {
				nodes[to] = label(res, to)
				edges[[2]string{from, to}] = true
			}
		}
	}
	ids := map[string]string{}
	var urns []string
	for u := range nodes {
		urns = append(urns, u)
	}
	sort.Strings(urns)
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for i, u := range urns {
		ids[u] = fmt.Sprintf("n%d", i)
		fmt.Fprintf(&b, "  %s[\"%s\"]\n", ids[u], nodes[u])
	}
	var lines []string
	for e := range edges {
		lines = append(lines, fmt.Sprintf("  %s --> %s\n", ids[e[0]], ids[e[1]]))
	}
	sort.Strings(lines)
	for _, l := range lines {
		b.WriteString(l)
	}
	return b.String()
}

func label(res *Result, u string) string {
	r := res.ByURN(u)
	if r == nil {
		return u
	}
	return fmt.Sprintf("%s<br/>%s", r.Name, r.Type)
}

// Summary renders the counts of resources per type and the warnings, for a terminal.
func Summary(res *Result) string {
	var b strings.Builder
	types := res.Types()
	keys := make([]string, 0, len(types))
	for k := range types {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(&b, "%d resources in stack %s (%s):\n", len(res.Resources), res.Stack, res.Region)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %4d  %s\n", types[k], k)
	}
	if len(res.Warnings) > 0 {
		fmt.Fprintf(&b, "%d warning(s):\n", len(res.Warnings))
		for _, w := range res.Warnings {
			fmt.Fprintf(&b, "  - %s\n", w)
		}
	}
	return b.String()
}
