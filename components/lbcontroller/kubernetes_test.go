package lbcontroller

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckKubernetesVersion(t *testing.T) {
	tests := []struct {
		chart, k8s string
		err        string
	}{
		{"3.5.0", "1.33", ""},
		{"3.5.0", "1.35", ""},
		{"3.5.0", "1.36", ""},
		{"3.5.0", "1.37", "supports Kubernetes 1.22 to 1.36, not 1.37"},
		{"1.14.0", "1.34", ""},
		{"1.14.0", "1.35", "supports Kubernetes 1.22 to 1.34, not 1.35"},
		{"1.14.0", "1.21", "not 1.21"},
		{"1.13.4", "1.33", "not in the table of checked chart versions (1.14.0, 3.5.0)"},
		{"3.5.0", "1.35.2", "want a minor version"},
		{"3.5.0", "", "want a minor version"},
	}
	for _, tt := range tests {
		t.Run(tt.chart+"/"+tt.k8s, func(t *testing.T) {
			err := CheckKubernetesVersion(tt.chart, tt.k8s)
			if tt.err == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.err)
		})
	}
}

func TestSupportedChartVersionsSorted(t *testing.T) {
	assert.Equal(t, []string{"1.14.0", "3.5.0"}, SupportedChartVersions())
	for chart, s := range ChartKubernetesSupport {
		assert.NotEmpty(t, s.Source, chart)
		assert.NoError(t, CheckKubernetesVersion(chart, s.Min))
		assert.NoError(t, CheckKubernetesVersion(chart, s.Max))
	}
}
