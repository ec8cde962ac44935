package autoscaler

import "github.com/portkey-eks/portkey-eks/vocab"

// Requests and limits of the autoscaler's container. Stack validation counts the requests
// against the nodes' allocatable (stacks/capacity.go), so they are exported.
const (
	CPURequest    = "100m"
	MemoryRequest = "300Mi"
	MemoryLimit   = "600Mi"
)

// PriorityClassName keeps the autoscaler scheduled (and not preempted) when the nodes are
// full, which is exactly when it is needed.
const PriorityClassName = "system-cluster-critical"

// ValuesInput is what the cluster-autoscaler chart's values are made of.
type ValuesInput struct {
	// ClusterName is the EKS cluster: auto-discovery finds the Auto Scaling groups tagged
	// k8s.io/cluster-autoscaler/enabled and k8s.io/cluster-autoscaler/<ClusterName>.
	ClusterName string
	// Region is the cluster's AWS region, given explicitly: the nodes' IMDSv2 hop limit of 1
	// keeps pods from the instance metadata the autoscaler would read it from.
	Region string
	// ImageRepository and ImageTag are the autoscaler's image.
	ImageRepository, ImageTag string
	// ServiceAccountName is the service account the chart creates in kube-system.
	ServiceAccountName string
	// RoleArn is the IAM role for IRSA (annotated on the service account); empty with Pod
	// Identity, whose association names the service account instead.
	RoleArn string
	// Replicas is the replica count (one leader; more are standbys).
	Replicas int
	// Expander picks the group to grow when several could take the pending pods.
	Expander string
	// ScaleDownEnabled lets the autoscaler remove unneeded nodes.
	ScaleDownEnabled bool
	// ScaleDownUnneededTime is how long a node must be unneeded before it is removed.
	ScaleDownUnneededTime string
}

// Values returns the cluster-autoscaler chart values: the AWS provider with
// auto-discovery of the cluster's tagged groups, the region, fullnameOverride so objects
// are called cluster-autoscaler, the image pinned, the service account (created, with the
// IRSA annotation when RoleArn is set), system-cluster-critical priority, requests, a
// PodDisruptionBudget, restricted security contexts and these arguments:
// balance-similar-node-groups (grow node groups of the same shape evenly, so one per AZ stay
// balanced), skip-nodes-with-local-storage=false (the gateway's pods mount emptyDir
// volumes, which would otherwise keep every gateway node from ever being scaled down),
// the expander and the scale-down settings.
func Values(in ValuesInput) map[string]any {
	sa := map[string]any{"create": true, "name": in.ServiceAccountName}
	if in.RoleArn != "" {
		sa["annotations"] = map[string]any{vocab.IRSARoleAnnotation: in.RoleArn}
	} else {
		sa["annotations"] = map[string]any{}
	}
	return map[string]any{
		"cloudProvider":    "aws",
		"awsRegion":        in.Region,
		"autoDiscovery":    map[string]any{"clusterName": in.ClusterName},
		"fullnameOverride": ReleaseName,
		"image": map[string]any{
			"repository": in.ImageRepository,
			"tag":        in.ImageTag,
			"pullPolicy": "IfNotPresent",
		},
		"replicaCount":      in.Replicas,
		"priorityClassName": PriorityClassName,
		"rbac":              map[string]any{"create": true, "serviceAccount": sa},
		"resources": map[string]any{
			"requests": map[string]any{"cpu": CPURequest, "memory": MemoryRequest},
			"limits":   map[string]any{"memory": MemoryLimit},
		},
		"podDisruptionBudget": map[string]any{"maxUnavailable": 1},
		"securityContext": map[string]any{
			"runAsNonRoot": true, "runAsUser": 65534, "runAsGroup": 65534,
			"seccompProfile": map[string]any{"type": "RuntimeDefault"},
		},
		"containerSecurityContext": map[string]any{
			"allowPrivilegeEscalation": false,
			"readOnlyRootFilesystem":   true,
			"capabilities":             map[string]any{"drop": []any{"ALL"}},
		},
		"extraArgs": map[string]any{
			"logtostderr":                   true,
			"stderrthreshold":               "info",
			"v":                             4,
			"balance-similar-node-groups":   true,
			"skip-nodes-with-local-storage": false,
			"skip-nodes-with-system-pods":   true,
			"expander":                      in.Expander,
			"scale-down-enabled":            in.ScaleDownEnabled,
			"scale-down-unneeded-time":      in.ScaleDownUnneededTime,
		},
	}
}
