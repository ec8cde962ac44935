package lbcontroller

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tgbSpecFields are TargetGroupBinding's spec fields in charts 1.14.0 and 3.5.0, as
// /work/shared/docs/lbc-notes.md lists them.
var tgbSpecFields = []string{
	"assumeRoleExternalId", "iamRoleArnToAssume", "ipAddressType", "multiClusterTargetGroup",
	"networking", "nodeSelector", "serviceRef", "targetGroupARN", "targetGroupName",
	"targetGroupProtocol", "targetType", "vpcID",
}

func TestCRDSets(t *testing.T) {
	tests := []struct {
		chart string
		names []string
	}{
		{"1.14.0", []string{"targetgroupbindings.elbv2.k8s.aws", "ingressclassparams.elbv2.k8s.aws"}},
		{"3.5.0", []string{
			"targetgroupbindings.elbv2.k8s.aws", "ingressclassparams.elbv2.k8s.aws",
			"albtargetcontrolconfigs.elbv2.k8s.aws", "globalaccelerators.aga.k8s.aws",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.chart, func(t *testing.T) {
			crds, err := CRDs(tt.chart)
			require.NoError(t, err)
			var names []string
			for _, c := range crds {
				names = append(names, c.Name)
				assert.Equal(t, "v1beta1", c.StorageVersion(), "%s stores v1beta1", c.Name)
			}
			assert.Equal(t, tt.names, names)
		})
	}
	_, err := CRDs("1.13.4")
	assert.ErrorContains(t, err, "not known")
}

func TestTargetGroupBindingCRD(t *testing.T) {
	crds, err := CRDs(DefaultChartVersion)
	require.NoError(t, err)
	tgb := crds[0]
	require.Equal(t, "targetgroupbindings.elbv2.k8s.aws", tgb.Name)
	assert.Equal(t, "Namespaced", tgb.Spec["scope"])
	assert.Equal(t, tgbSpecFields, tgb.SpecFields("v1beta1"), "the v1beta1 spec has exactly the fields of lbc-notes.md")
	// v1alpha1 stays served (objects an old controller stored still read back) and is a
	// subset of v1beta1.
	alpha := tgb.SpecFields("v1alpha1")
	require.NotEmpty(t, alpha)
	assert.Subset(t, tgbSpecFields, alpha)
	var versions []string
	for _, v := range tgb.versions() {
		versions = append(versions, v["name"].(string))
		assert.Equal(t, true, v["served"])
	}
	assert.Equal(t, []string{"v1alpha1", "v1beta1"}, versions)
}

// TestCRDFilesAreUsed: every embedded file belongs to a chart's set, and the two sets share
// the TargetGroupBinding file (its schema did not change).
func TestCRDFilesAreUsed(t *testing.T) {
	entries, err := crdFiles.ReadDir("crds")
	require.NoError(t, err)
	used := map[string]bool{}
	for _, files := range chartCRDs {
		for _, f := range files {
			used[f+".yaml"] = true
		}
	}
	for _, e := range entries {
		assert.True(t, used[e.Name()], "crds/%s is in no chart's set", e.Name())
	}
	assert.Len(t, entries, len(used))
	assert.Equal(t, SupportedChartVersions(), CRDChartVersions(), "every checked chart has its CRDs and the reverse")
}
