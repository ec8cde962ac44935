package autoscaler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReleaseFor(t *testing.T) {
	tests := []struct {
		version, chart, tag, err string
	}{
		{version: "1.35", chart: "9.56.0", tag: "v1.35.0"},
		{version: "1.34", chart: "9.53.0", tag: "v1.34.2"},
		{version: "1.33", chart: "9.51.0", tag: "v1.33.0"},
		{version: "1.32", chart: "9.46.6", tag: "v1.32.0"},
		{version: "1.35.2", chart: "9.56.0", tag: "v1.35.0"},
		{version: "1.29", err: "no Cluster Autoscaler release is pinned for Kubernetes \"1.29\" (known: 1.32, 1.33, 1.34, 1.35)"},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			r, err := ReleaseFor(tt.version)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.chart, r.ChartVersion)
			assert.Equal(t, tt.tag, r.ImageTag)
		})
	}
}

// Every row's image is of its own Kubernetes minor: the rule the table exists for.
func TestReleasesMatchTheirMinor(t *testing.T) {
	for _, r := range Releases {
		assert.NoError(t, CheckImageTag(r.ImageTag, r.KubernetesMinor), r.KubernetesMinor)
	}
}

func TestCheckImageTag(t *testing.T) {
	tests := []struct{ tag, k8s, err string }{
		{"v1.35.0", "1.35", ""},
		{"v1.34.2", "1.35", "is for Kubernetes 1.34, not 1.35"},
		{"latest", "1.35", "is not a cluster-autoscaler version tag"},
		{"1.35.0", "1.35", "is not a cluster-autoscaler version tag"},
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			err := CheckImageTag(tt.tag, tt.k8s)
			if tt.err == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.err)
			}
		})
	}
}

func TestCheckDuration(t *testing.T) {
	for d, ok := range map[string]bool{"10m": true, "1h30m": true, "90s": true, "10": false, "ten minutes": false, "": false} {
		assert.Equal(t, ok, CheckDuration(d) == nil, d)
	}
}
