package lbcontroller

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// KubernetesSupport is the range of Kubernetes minor versions a chart version's controller
// is taken to support, both ends included, with where each end comes from.
type KubernetesSupport struct {
	// Controller is the controller version the chart ships (its appVersion).
	Controller string
	// Min and Max are Kubernetes minor versions such as "1.22".
	Min, Max string
	// Source says what the ends rest on, and what is not confirmed.
	Source string
}

// ChartKubernetesSupport is the table of chart versions and the Kubernetes versions their
// controller supports. Validation refuses a chart version that is not in it, or a cluster
// version outside its range: check the controller's release notes and add the row when
// moving to a new chart.
//
// The upstream project states a minimum per release line in its release notes and install
// docs (v2.4.0+ needs Kubernetes 1.19+; v2.5.0+ needs 1.22+, kubernetes-sigs/
// aws-load-balancer-controller issues #3259 and #3302) and publishes no maximum; no newer
// minimum was found for the v2.14 or v3 lines, so Min stays 1.22. Max is the newest
// Kubernetes minor released before the controller version, which is what its release could
// have been tested against; for v3.5.0 (2026-08-03) that is 1.36, and third-party
// distributions run v3.5.0 on Kubernetes 1.33 to 1.36 (sighupio/module-aws v5.4.0, PR #108).
// Neither end is confirmed by an upstream compatibility statement for these exact versions.
var ChartKubernetesSupport = map[string]KubernetesSupport{
	"1.14.0": {
		Controller: "v2.14.0", Min: "1.22", Max: "1.34",
		Source: "v2.5.0+ needs Kubernetes 1.22+ (upstream release notes); v2.14.0 was released 2025-10-02, after Kubernetes 1.34 (2025-08-27): upper end inferred, not confirmed upstream",
	},
	"3.5.0": {
		Controller: "v3.5.0", Min: "1.22", Max: "1.36",
		Source: "no newer minimum stated upstream since v2.5.0 (1.22+); v3.5.0 was released 2026-08-03 and runs on Kubernetes 1.33-1.36 in third-party distributions (sighupio/module-aws v5.4.0): upper end not confirmed upstream",
	},
}

// CheckKubernetesVersion reports whether the chart version's controller supports the
// Kubernetes minor version k8s (such as "1.35"). It fails for a chart version missing from
// ChartKubernetesSupport or from the CRD table (CRDs), and for a version outside the chart's range.
func CheckKubernetesVersion(chartVersion, k8s string) error {
	s, ok := ChartKubernetesSupport[chartVersion]
	if !ok {
		return fmt.Errorf("chart %s is not in the table of checked chart versions (%s) in components/lbcontroller/kubernetes.go", chartVersion, strings.Join(SupportedChartVersions(), ", "))
	}
	if _, ok := chartCRDs[chartVersion]; !ok {
		return fmt.Errorf("chart %s has no CRD set in components/lbcontroller/crds.go", chartVersion)
	}
	v, err := minor(k8s)
	if err != nil {
		return err
	}
	lo, _ := minor(s.Min)
	hi, _ := minor(s.Max)
	if v < lo || v > hi {
		return fmt.Errorf("chart %s (controller %s) supports Kubernetes %s to %s, not %s", chartVersion, s.Controller, s.Min, s.Max, k8s)
	}
	return nil
}

// SupportedChartVersions are the chart versions of ChartKubernetesSupport, sorted by version.
func SupportedChartVersions() []string {
	out := make([]string, 0, len(ChartKubernetesSupport))
	for k := range ChartKubernetesSupport {
		out = append(out, k)
	}
	sortVersions(out)
	return out
}

// sortVersions sorts dotted numeric versions by their numbers (1.14.0 before 3.5.0).
func sortVersions(v []string) {
	slices.SortFunc(v, func(a, b string) int {
		as, bs := strings.Split(a, "."), strings.Split(b, ".")
		for i := 0; i < len(as) && i < len(bs); i++ {
			x, _ := strconv.Atoi(as[i])
			y, _ := strconv.Atoi(bs[i])
			if x != y {
				return x - y
			}
		}
		return len(as) - len(bs)
	})
}

// minor parses "1.N" into N.
func minor(v string) (int, error) {
	major, rest, ok := strings.Cut(v, ".")
	n, err := strconv.Atoi(rest)
	if !ok || major != "1" || err != nil || strings.Contains(rest, ".") {
		return 0, fmt.Errorf("Kubernetes version %q: want a minor version such as 1.35", v)
	}
	return n, nil
}
