package lbcontroller

import (
	"embed"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// The controller's CustomResourceDefinitions, one file per CRD (crds/<plural>.yaml), written
// for this program from the facts in /work/shared/docs/lbc-notes.md (group, names, versions and
// TargetGroupBinding's spec fields of chart 3.5.0's crds/crds.yaml); no upstream text is copied.
//
//go:embed crds/*.yaml
var crdFiles embed.FS

// chartCRDs lists, per chart version, the CRD files (by plural) that version's crds/ holds.
// The program applies them itself (Helm applies crds/ only on first install, never on
// upgrade), so a chart version needs a row here before it can be installed. Add a new file
// when a CRD's schema changes, rather than editing one an older row still uses.
var chartCRDs = map[string][]string{
	// Chart 1.14.0 (controller v2.14.0): TargetGroupBinding and IngressClassParams.
	"1.14.0": {"targetgroupbindings", "ingressclassparams"},
	// Chart 3.5.0 (controller v3.5.0) adds ALBTargetControlConfig and GlobalAccelerator; the
	// TargetGroupBinding spec has the same fields as in 1.14.0.
	"3.5.0": {"targetgroupbindings", "ingressclassparams", "albtargetcontrolconfigs", "globalaccelerators"},
}

// CRD is one CustomResourceDefinition the program applies.
type CRD struct {
	// Name is metadata.name, <plural>.<group>.
	Name string
	// Spec is the CRD's spec, as decoded from its file.
	Spec map[string]any
}

// CRDs returns the CustomResourceDefinitions of the chart version, in a stable order, or an
// error for a chart version with no row in the table.
func CRDs(chartVersion string) ([]CRD, error) {
	files, ok := chartCRDs[chartVersion]
	if !ok {
		return nil, fmt.Errorf("chart %s: its CRDs are not known to this program (known: %s); add the version's CRD files to components/lbcontroller/crds", chartVersion, strings.Join(CRDChartVersions(), ", "))
	}
	out := make([]CRD, 0, len(files))
	for _, f := range files {
		c, err := readCRD(f)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// CRDChartVersions are the chart versions whose CRDs the program knows, sorted.
func CRDChartVersions() []string {
	v := make([]string, 0, len(chartCRDs))
	for k := range chartCRDs {
		v = append(v, k)
	}
	sortVersions(v)
	return v
}

// readCRD decodes crds/<plural>.yaml and checks it is a v1 CustomResourceDefinition whose
// name is <plural>.<group>.
func readCRD(plural string) (CRD, error) {
	b, err := crdFiles.ReadFile("crds/" + plural + ".yaml")
	if err != nil {
		return CRD{}, err
	}
	var doc struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string `yaml:"kind"`
		Metadata   struct {
			Name string `yaml:"name"`
		} `yaml:"metadata"`
		Spec map[string]any `yaml:"spec"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return CRD{}, fmt.Errorf("crds/%s.yaml: %w", plural, err)
	}
	group, _ := doc.Spec["group"].(string)
	if doc.APIVersion != "apiextensions.k8s.io/v1" || doc.Kind != "CustomResourceDefinition" || doc.Metadata.Name != plural+"."+group {
		return CRD{}, fmt.Errorf("crds/%s.yaml: want an apiextensions.k8s.io/v1 CustomResourceDefinition named %s.<group>, got %s %s %q", plural, plural, doc.APIVersion, doc.Kind, doc.Metadata.Name)
	}
	return CRD{Name: doc.Metadata.Name, Spec: doc.Spec}, nil
}

// StorageVersion is the name of the CRD's storage version, or "" when none is marked.
func (c CRD) StorageVersion() string {
	for _, v := range c.versions() {
		if s, _ := v["storage"].(bool); s {
			name, _ := v["name"].(string)
			return name
		}
	}
	return ""
}

// SpecFields lists the properties of the spec in the schema of the given version, sorted.
func (c CRD) SpecFields(version string) []string {
	for _, v := range c.versions() {
		if v["name"] != version {
			continue
		}
		schema, _ := v["schema"].(map[string]any)
		root, _ := schema["openAPIV3Schema"].(map[string]any)
		props, _ := root["properties"].(map[string]any)
		spec, _ := props["spec"].(map[string]any)
		fields, _ := spec["properties"].(map[string]any)
		out := make([]string, 0, len(fields))
		for k := range fields {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	return nil
}

func (c CRD) versions() []map[string]any {
	raw, _ := c.Spec["versions"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, v := range raw {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
