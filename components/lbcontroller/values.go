package lbcontroller

import "github.com/portkey-eks/portkey-eks/vocab"

// ValuesInput is what the controller's chart values are made of.
type ValuesInput struct {
	ClusterName, Region, VpcID string
	// ServiceAccountName is the service account the chart creates in kube-system.
	ServiceAccountName string
	// RoleArn is the controller's IAM role for IRSA; empty with Pod Identity (the
	// association names the service account instead).
	RoleArn string
	// Replicas is the controller's replica count.
	Replicas int
}

// Values returns the aws-load-balancer-controller chart values: the cluster name, and the
// region and VPC ID given explicitly so the controller does not need the instance
// metadata service (the nodes allow it no hop beyond the node), the service account
// (created, with the IRSA annotation when RoleArn is set) and the replicas, with a
// PodDisruptionBudget of one unavailable pod when there are several.
func Values(in ValuesInput) map[string]any {
	sa := map[string]any{
		"create": true,
		"name":   in.ServiceAccountName,
	}
	if in.RoleArn != "" {
		sa["annotations"] = map[string]any{vocab.IRSARoleAnnotation: in.RoleArn}
	}
	v := map[string]any{
		"clusterName":    in.ClusterName,
		"region":         in.Region,
		"vpcId":          in.VpcID,
		"replicaCount":   in.Replicas,
		"serviceAccount": sa,
	}
	if in.Replicas > 1 {
		v["podDisruptionBudget"] = map[string]any{"maxUnavailable": 1}
	}
	return v
}
