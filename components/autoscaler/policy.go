package autoscaler

import (
	"fmt"

	"github.com/portkey-eks/portkey-eks/iampolicy"
	"github.com/portkey-eks/portkey-eks/validate"
)

// PolicySource is the upstream description of the permissions the Cluster Autoscaler
// needs on AWS, which PolicyDocument follows (its "Full Cluster Autoscaler Features
// Policy" for auto-discovery with managed node groups, narrowed as that page recommends).
const PolicySource = "https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#iam-policy"

// OwnedTagKey returns the Auto Scaling group tag EKS puts on a managed node group's group
// of the cluster, k8s.io/cluster-autoscaler/<cluster> (value "owned"); with
// k8s.io/cluster-autoscaler/enabled it is what auto-discovery looks for.
func OwnedTagKey(clusterName string) string { return "k8s.io/cluster-autoscaler/" + clusterName }

// EnabledTagKey is the other Auto Scaling group tag EKS puts on a managed node group's group.
const EnabledTagKey = "k8s.io/cluster-autoscaler/enabled"

// PolicyDocument returns the autoscaler's least-privilege IAM policy for the cluster:
//
//   - the read-only calls auto-discovery and scale-up simulation make (the Auto Scaling
//     group, instance, launch configuration, scaling activity and tag descriptions; the
//     launch template versions, instance types, images and instance-requirement lookups of
//     EC2), on Resource "*" because these calls take no resource ARN;
//   - eks:DescribeNodegroup (labels and taints of a managed node group scaled from zero),
//     only on the cluster's node groups;
//   - autoscaling:SetDesiredCapacity and TerminateInstanceInAutoScalingGroup only on groups
//     tagged k8s.io/cluster-autoscaler/<cluster> = owned, so it cannot resize another
//     cluster's or anything else's groups.
//
// Every action is named (no wildcard).
func PolicyDocument(clusterName string) (iampolicy.Document, error) {
	if err := validate.ClusterName(clusterName); err != nil {
		return iampolicy.Document{}, fmt.Errorf("cluster name %w", err)
	}
	doc := iampolicy.New(
		iampolicy.Statement{
			Sid:    "DescribeForDiscoveryAndSimulation",
			Effect: iampolicy.Allow,
			Action: iampolicy.List(
				"autoscaling:DescribeAutoScalingGroups",
				"autoscaling:DescribeAutoScalingInstances",
				"autoscaling:DescribeLaunchConfigurations",
				"autoscaling:DescribeScalingActivities",
				"autoscaling:DescribeTags",
				"ec2:DescribeImages",
				"ec2:DescribeInstanceTypes",
				"ec2:DescribeLaunchTemplateVersions",
				"ec2:GetInstanceTypesFromInstanceRequirements",
			),
			Resource: iampolicy.One("*"),
		},
		iampolicy.Statement{
			Sid:      "DescribeTheClustersNodeGroups",
			Effect:   iampolicy.Allow,
			Action:   iampolicy.List("eks:DescribeNodegroup"),
			Resource: iampolicy.One("arn:aws:eks:*:*:nodegroup/" + clusterName + "/*/*"),
		},
		iampolicy.Statement{
			Sid:      "ScaleOnlyTheClustersGroups",
			Effect:   iampolicy.Allow,
			Action:   iampolicy.List("autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"),
			Resource: iampolicy.One("*"),
			Condition: map[string]map[string]iampolicy.Strings{
				"StringEquals": {"aws:ResourceTag/" + OwnedTagKey(clusterName): iampolicy.One("owned")},
			},
		},
	)
	if err := doc.Validate(); err != nil {
		return iampolicy.Document{}, err
	}
	return doc, nil
}

// IAMPolicyDocument returns PolicyDocument as JSON, for the autoscaler's role.
func IAMPolicyDocument(clusterName string) (string, error) {
	doc, err := PolicyDocument(clusterName)
	if err != nil {
		return "", err
	}
	return doc.JSON()
}
