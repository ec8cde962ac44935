package autoscaler

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIAMPolicyDocument(t *testing.T) {
	doc, err := IAMPolicyDocument("portkey-prod")
	require.NoError(t, err)
	var parsed struct {
		Statement []struct {
			Effect    string
			Action    []string
			Resource  any
			Condition map[string]map[string]any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(doc), &parsed))
	require.Len(t, parsed.Statement, 3)

	read, nodegroups, scale := parsed.Statement[0], parsed.Statement[1], parsed.Statement[2]
	assert.ElementsMatch(t, []string{
		"autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
		"autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
		"autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
		"ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements",
	}, read.Action)
	assert.Equal(t, "*", read.Resource, "describe calls take no ARN")
	assert.Nil(t, read.Condition)

	assert.Equal(t, []string{"eks:DescribeNodegroup"}, nodegroups.Action)
	assert.Equal(t, "arn:aws:eks:*:*:nodegroup/portkey-prod/*/*", nodegroups.Resource, "only this cluster's node groups")

	assert.Equal(t, []string{"autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"}, scale.Action)
	assert.Equal(t, map[string]map[string]any{"StringEquals": {"aws:ResourceTag/k8s.io/cluster-autoscaler/portkey-prod": "owned"}}, scale.Condition,
		"mutations only on the groups EKS tagged as this cluster's")

	for i, s := range parsed.Statement {
		assert.Equal(t, "Allow", s.Effect)
		for _, a := range s.Action {
			assert.NotContains(t, a, "*", "statement %d names every action", i)
		}
	}
}

func TestIAMPolicyDocumentRefusesABadClusterName(t *testing.T) {
	_, err := IAMPolicyDocument("bad name/*")
	assert.ErrorContains(t, err, "cluster name")
}
