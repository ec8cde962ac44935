package lbcontroller

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testdata/iam_policy.json is the upstream reference policy as published (see
// PolicySource), typed from the upstream file, not generated from this package.
func TestIAMPolicyDocumentMatchesUpstream(t *testing.T) {
	golden, err := os.ReadFile("testdata/iam_policy.json")
	require.NoError(t, err)
	doc, err := IAMPolicyDocument()
	require.NoError(t, err)
	assert.JSONEq(t, string(golden), doc)
}

func TestIAMPolicyDocumentHasNoWildcardAction(t *testing.T) {
	doc, err := IAMPolicyDocument()
	require.NoError(t, err)
	var parsed struct {
		Statement []struct {
			Action   []string
			Resource any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &parsed))
	require.Len(t, parsed.Statement, 16)
	var starResource []int
	for i, s := range parsed.Statement {
		require.NotEmpty(t, s.Action)
		for _, a := range s.Action {
			assert.NotEqual(t, "*", a, "statement %d", i)
			assert.False(t, strings.HasSuffix(a, ":*"), "statement %d: %s", i, a)
			assert.NotContains(t, a, "*", "statement %d: %s", i, a)
		}
		if s.Resource == "*" {
			starResource = append(starResource, i)
		}
	}
	// Resource "*" only where upstream has it: describe/list calls, the ACM/WAF/Shield
	// lookups, the service-linked role (limited to elasticloadbalancing by a condition),
	// security-group and load-balancer creation and tag-conditioned changes, listener and
	// rule management.
	assert.Equal(t, []int{0, 1, 2, 3, 4, 7, 8, 9, 12, 15}, starResource)
}

// TestPolicyUnchangedForEveryChart: the policy data did not change from controller v2.14.0
// to v3.5.0 (lbc-notes.md), and every chart version the program knows ships a controller
// whose published policy was checked to be this one.
func TestPolicyUnchangedForEveryChart(t *testing.T) {
	assert.Contains(t, PolicySource, "/v3.5.0/", "the policy is checked against the default chart's controller")
	for _, chart := range SupportedChartVersions() {
		s := ChartKubernetesSupport[chart]
		assert.Contains(t, PolicyControllers, s.Controller, "chart %s: re-check the IAM policy of controller %s and add it to PolicyControllers", chart, s.Controller)
	}
	assert.Equal(t, "v3.5.0", ChartKubernetesSupport[DefaultChartVersion].Controller)
}
