package lbcontroller

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValues(t *testing.T) {
	tests := []struct {
		name string
		in   ValuesInput
		want map[string]any
	}{
		{
			name: "IRSA, two replicas",
			in:   ValuesInput{ClusterName: "portkey-dev", Region: "us-east-1", VpcID: "vpc-1", ServiceAccountName: "aws-load-balancer-controller", RoleArn: "arn:aws:iam::123456789012:role/lbc", Replicas: 2},
			want: map[string]any{
				"clusterName":  "portkey-dev",
				"region":       "us-east-1",
				"vpcId":        "vpc-1",
				"replicaCount": 2,
				"serviceAccount": map[string]any{
					"create":      true,
					"name":        "aws-load-balancer-controller",
					"annotations": map[string]any{"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/lbc"},
				},
				"podDisruptionBudget": map[string]any{"maxUnavailable": 1},
			},
		},
		{
			name: "Pod Identity, one replica",
			in:   ValuesInput{ClusterName: "c", Region: "eu-west-1", VpcID: "vpc-2", ServiceAccountName: "lbc", Replicas: 1},
			want: map[string]any{
				"clusterName":    "c",
				"region":         "eu-west-1",
				"vpcId":          "vpc-2",
				"replicaCount":   1,
				"serviceAccount": map[string]any{"create": true, "name": "lbc"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Values(tt.in))
		})
	}
}
