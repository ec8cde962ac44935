package autoscaler

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValues(t *testing.T) {
	tests := []struct {
		name         string
		in           ValuesInput
		annotations  map[string]any
		scaleDown    bool
		expander     string
		unneededTime string
	}{
		{
			name:        "IRSA",
			in:          ValuesInput{ClusterName: "portkey-prod", Region: "us-west-2", ImageRepository: DefaultImageRepository, ImageTag: "v1.35.0", ServiceAccountName: "cluster-autoscaler", RoleArn: "arn:aws:iam::123456789012:role/cas", Replicas: 1, Expander: "least-waste", ScaleDownEnabled: true, ScaleDownUnneededTime: "10m"},
			annotations: map[string]any{"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/cas"},
			scaleDown:   true, expander: "least-waste", unneededTime: "10m",
		},
		{
			name:        "Pod Identity, scale-up only",
			in:          ValuesInput{ClusterName: "c", Region: "eu-west-1", ImageRepository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/cas", ImageTag: "v1.34.2", ServiceAccountName: "cas", Replicas: 2, Expander: "random", ScaleDownUnneededTime: "20m"},
			annotations: map[string]any{},
			expander:    "random", unneededTime: "20m",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Values(tt.in)
			assert.Equal(t, "aws", v["cloudProvider"])
			assert.Equal(t, tt.in.Region, v["awsRegion"], "region given: pods cannot read instance metadata")
			assert.Equal(t, map[string]any{"clusterName": tt.in.ClusterName}, v["autoDiscovery"], "the chart's default tags: enabled and <cluster>")
			assert.Equal(t, "cluster-autoscaler", v["fullnameOverride"])
			assert.Equal(t, map[string]any{"repository": tt.in.ImageRepository, "tag": tt.in.ImageTag, "pullPolicy": "IfNotPresent"}, v["image"])
			assert.Equal(t, tt.in.Replicas, v["replicaCount"])
			assert.Equal(t, "system-cluster-critical", v["priorityClassName"])
			assert.Equal(t, map[string]any{"create": true, "serviceAccount": map[string]any{"create": true, "name": tt.in.ServiceAccountName, "annotations": tt.annotations}}, v["rbac"])
			assert.Equal(t, map[string]any{"requests": map[string]any{"cpu": "100m", "memory": "300Mi"}, "limits": map[string]any{"memory": "600Mi"}}, v["resources"])
			args := v["extraArgs"].(map[string]any)
			assert.Equal(t, true, args["balance-similar-node-groups"])
			assert.Equal(t, false, args["skip-nodes-with-local-storage"], "gateway pods mount emptyDir")
			assert.Equal(t, tt.scaleDown, args["scale-down-enabled"])
			assert.Equal(t, tt.expander, args["expander"])
			assert.Equal(t, tt.unneededTime, args["scale-down-unneeded-time"])
		})
	}
}
