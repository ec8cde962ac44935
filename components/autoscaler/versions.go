package autoscaler

import (
	"fmt"
	"slices"
	"strings"
)

// Release is the Cluster Autoscaler for one Kubernetes minor version: the chart version
// and the image tag installed together.
type Release struct {
	// KubernetesMinor is the cluster's Kubernetes version, such as "1.35".
	KubernetesMinor string
	// ChartVersion is the kubernetes/autoscaler cluster-autoscaler chart version.
	ChartVersion string
	// ImageTag is the cluster-autoscaler image tag; its minor is KubernetesMinor.
	ImageTag string
}

// ReleasesSource is where the Releases table comes from.
const ReleasesSource = "the chart repository's index, https://kubernetes.github.io/autoscaler/index.yaml " +
	"(kubernetes/autoscaler, gh-pages branch), read 2026-12; the compatibility table of " +
	"https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/README.md#releases"

// Releases pins one chart version and image tag per Kubernetes minor version. The Cluster
// Autoscaler simulates the scheduler with the scheduler code of its own minor version, and
// upstream tests each release only against the Kubernetes minor of the same number, so the
// autoscaler's minor must equal the cluster's (README, "Releases").
//
// Each row is the newest chart of that minor in the repository index with its appVersion,
// which is the image tag the chart ships (v + appVersion). All four rows were read from
// the index (ReleasesSource): 9.56.0 ships 1.35.0 (2026-03-02), 9.53.0 ships 1.34.2
// (2025-12-04), 9.51.0 ships 1.33.0 (2025-10-10), 9.46.6 ships 1.32.0 (2025-03-31). Newer
// patch images exist for some minors (for example v1.33.1 and v1.32.3, used by kops); they
// are not pinned here because no chart of the index ships them: set ImageTag to move to
// one. Add a row when SupportedKubernetesVersions gains a version.
var Releases = []Release{
	{KubernetesMinor: "1.35", ChartVersion: "9.56.0", ImageTag: "v1.35.0"},
	{KubernetesMinor: "1.34", ChartVersion: "9.53.0", ImageTag: "v1.34.2"},
	{KubernetesMinor: "1.33", ChartVersion: "9.51.0", ImageTag: "v1.33.0"},
	{KubernetesMinor: "1.32", ChartVersion: "9.46.6", ImageTag: "v1.32.0"},
}

// ReleaseFor returns the pinned release for a Kubernetes version ("1.35", or "1.35.2" whose
// minor is used), and an error naming the known versions when there is none.
func ReleaseFor(kubernetesVersion string) (Release, error) {
	minor := Minor(kubernetesVersion)
	for _, r := range Releases {
		if r.KubernetesMinor == minor {
			return r, nil
		}
	}
	return Release{}, fmt.Errorf("no Cluster Autoscaler release is pinned for Kubernetes %q (known: %s)", kubernetesVersion, strings.Join(KnownKubernetesVersions(), ", "))
}

// KnownKubernetesVersions lists the Kubernetes minor versions Releases covers, sorted.
func KnownKubernetesVersions() []string {
	var out []string
	for _, r := range Releases {
		out = append(out, r.KubernetesMinor)
	}
	slices.Sort(out)
	return out
}

// Minor returns the "major.minor" of a Kubernetes version or image tag: "v1.35.0" and
// "1.35" both give "1.35"; a value without two numbers is returned unchanged.
func Minor(version string) string {
	v := strings.TrimPrefix(version, "v")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return version
	}
	return parts[0] + "." + parts[1]
}
