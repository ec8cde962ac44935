package cluster

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/portkey-eks/portkey-eks/iampolicy"
)

// Values of NodeGroup.AmiType that NewCluster accepts.
const (
	AmiAL2023Arm64       = "AL2023_ARM_64_STANDARD"
	AmiAL2023X86         = "AL2023_x86_64_STANDARD"
	AmiBottlerocketArm64 = "BOTTLEROCKET_ARM_64"
	AmiBottlerocketX86   = "BOTTLEROCKET_x86_64"
)

// CPU architectures.
const (
	ArchArm64 = "arm64"
	ArchX86   = "x86_64"
)

// ClusterAdminAccessPolicy is the EKS access policy the admin access entries get.
const ClusterAdminAccessPolicy = "AmazonEKSClusterAdminPolicy"

// NodeManagedPolicies are the AWS managed policies the node role gets: join the cluster,
// pull images from ECR, and let the VPC CNI (which runs with the node's credentials)
// manage the pods' network interfaces.
var NodeManagedPolicies = []string{
	"AmazonEKSWorkerNodePolicy",
	"AmazonEC2ContainerRegistryReadOnly",
	"AmazonEKS_CNI_Policy",
}

// AmiArchitecture returns the CPU architecture of an EKS AMI type, or an error for a type
// this package does not support.
func AmiArchitecture(amiType string) (string, error) {
	switch amiType {
	case AmiAL2023Arm64, AmiBottlerocketArm64:
		return ArchArm64, nil
	case AmiAL2023X86, AmiBottlerocketX86:
		return ArchX86, nil
	}
	return "", fmt.Errorf("AMI type %q is not one of %s, %s, %s, %s", amiType, AmiAL2023Arm64, AmiAL2023X86, AmiBottlerocketArm64, AmiBottlerocketX86)
}

// InstanceArchitecture returns the CPU architecture of an EC2 instance type, from the
// table of LookupInstanceType; an unknown type is an error that suggests the closest one.
func InstanceArchitecture(instanceType string) (string, error) {
	it, err := ValidateInstanceType(instanceType)
	if err != nil {
		return "", err
	}
	return it.Arch, nil
}

// RootDeviceName is the block device that holds the node's data for an AMI type:
// /dev/xvda for Amazon Linux; /dev/xvdb for Bottlerocket, whose /dev/xvda is a small
// read-only OS volume.
func RootDeviceName(amiType string) string {
	if strings.HasPrefix(amiType, "BOTTLEROCKET") {
		return "/dev/xvdb"
	}
	return "/dev/xvda"
}

// NodeTrustPolicy returns the trust document of the node role: EC2 instances assume it.
func NodeTrustPolicy() (string, error) {
	return iampolicy.New(iampolicy.ServiceAssumeRole("EC2AssumeNodeRole", "ec2.amazonaws.com", iampolicy.List(iampolicy.ActionAssumeRole))).JSON()
}

// ManagedPolicyArn returns the ARN of an AWS managed IAM policy in a partition.
func ManagedPolicyArn(partition, policy string) string {
	return fmt.Sprintf("arn:%s:iam::aws:policy/%s", partition, policy)
}

// AccessPolicyArn returns the ARN of an EKS access policy in a partition.
func AccessPolicyArn(partition, policy string) string {
	return fmt.Sprintf("arn:%s:eks::aws:cluster-access-policy/%s", partition, policy)
}

// AccessEntryKey names the access entry of an IAM principal: "admin-" and 8 hex digits of
// the ARN's hash, so an entry keeps its name (and is not replaced) when the list of
// principals is reordered.
func AccessEntryKey(principalArn string) string {
	sum := sha256.Sum256([]byte(principalArn))
	return "admin-" + hex.EncodeToString(sum[:])[:8]
}

// IsAssumedRoleArn reports whether an STS caller ARN is an assumed-role session
// (arn:aws:sts::<account>:assumed-role/<role>/<session>), whose IAM role ARN has to be
// looked up (the role may have a path the session ARN does not show).
func IsAssumedRoleArn(arn string) bool {
	return strings.Contains(arn, ":sts::") && strings.Contains(arn, ":assumed-role/")
}

// IssuerHost strips the scheme from an OIDC issuer URL
// (https://oidc.eks.<region>.amazonaws.com/id/<id> -> oidc.eks.<region>.amazonaws.com/id/<id>).
func IssuerHost(issuer string) string {
	return strings.TrimPrefix(issuer, "https://")
}

// OidcProviderArn returns the ARN IAM gives the OIDC provider of an issuer.
func OidcProviderArn(partition, account, issuer string) string {
	return fmt.Sprintf("arn:%s:iam::%s:oidc-provider/%s", partition, account, IssuerHost(issuer))
}

// Kubeconfig returns a kubeconfig (as JSON, which kubectl and the Kubernetes provider
// read) for a cluster: its endpoint and certificate authority, and credentials from the
// exec plugin `aws eks get-token`, so no token is stored and the AWS CLI must be on PATH
// where it is used.
func Kubeconfig(clusterName, endpoint, caData, region string) (string, error) {
	if clusterName == "" || endpoint == "" || caData == "" || region == "" {
		return "", fmt.Errorf("kubeconfig: cluster name, endpoint, certificate authority and region are required")
	}
	cfg := map[string]any{
		"apiVersion": "v1",
		"kind":       "Config",
		"clusters": []any{map[string]any{
			"name":    clusterName,
			"cluster": map[string]any{"server": endpoint, "certificate-authority-data": caData},
		}},
		"contexts": []any{map[string]any{
			"name":    clusterName,
			"context": map[string]any{"cluster": clusterName, "user": clusterName},
		}},
		"current-context": clusterName,
		"users": []any{map[string]any{
			"name": clusterName,
			"user": map[string]any{"exec": map[string]any{
				"apiVersion": "client.authentication.k8s.io/v1beta1",
				"command":    "aws",
				"args":       []string{"--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json"},
			}},
		}},
	}
	b, err := json.Marshal(cfg)
	return string(b), err
}
