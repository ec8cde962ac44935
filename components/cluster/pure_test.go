package cluster

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLookupInstanceType(t *testing.T) {
	// Sizes as EC2 DescribeInstanceTypes reports them.
	tests := []struct {
		name       string
		vcpus, mib int
	}{
		{"t4g.medium", 2, 4096},
		{"t4g.small", 2, 2048},
		{"t3.xlarge", 4, 16384},
		{"c7g.large", 2, 4096},
		{"c7g.medium", 1, 2048},
		{"m7g.large", 2, 8192},
		{"r7g.large", 2, 16384},
		{"m6i.24xlarge", 96, 393216},
	}
	for _, tt := range tests {
		it, ok := LookupInstanceType(tt.name)
		require.True(t, ok, tt.name)
		assert.Equal(t, tt.vcpus, it.VCPUs, tt.name)
		assert.Equal(t, tt.mib, it.MemoryMiB, tt.name)
	}
	for _, bad := range []string{"t4g.huge", "m5.medium", "x9.large", "t4g", ""} {
		_, ok := LookupInstanceType(bad)
		assert.False(t, ok, bad)
	}
	_, err := ValidateInstanceType("t4g.mediun")
	assert.ErrorContains(t, err, `did you mean "t4g.medium"?`)
	_, err = ValidateInstanceType("zz9.enormous")
	assert.ErrorContains(t, err, "not an EC2 instance type this program knows")
}

func TestInstanceArchitecture(t *testing.T) {
	tests := []struct{ instance, arch string }{
		{"t4g.medium", ArchArm64},
		{"m7g.large", ArchArm64},
		{"c7gn.xlarge", ArchArm64},
		{"r8gd.2xlarge", ArchArm64},
		{"t3.medium", ArchX86},
		{"m5a.large", ArchX86},
		{"m6id.large", ArchX86},
		{"c7i.2xlarge", ArchX86},
		{"medium", ""},
		{"t4g.mediun", ""},
		{"g5.xlarge", ""}, // GPU families are not offered for the gateway's node groups
	}
	for _, tt := range tests {
		t.Run(tt.instance, func(t *testing.T) {
			arch, err := InstanceArchitecture(tt.instance)
			if tt.arch == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.arch, arch)
		})
	}
}

func TestAmiArchitectureAndRootDevice(t *testing.T) {
	tests := []struct{ ami, arch, device string }{
		{AmiAL2023Arm64, ArchArm64, "/dev/xvda"},
		{AmiAL2023X86, ArchX86, "/dev/xvda"},
		{AmiBottlerocketArm64, ArchArm64, "/dev/xvdb"},
		{AmiBottlerocketX86, ArchX86, "/dev/xvdb"},
	}
	for _, tt := range tests {
		t.Run(tt.ami, func(t *testing.T) {
			arch, err := AmiArchitecture(tt.ami)
			require.NoError(t, err)
			assert.Equal(t, tt.arch, arch)
			assert.Equal(t, tt.device, RootDeviceName(tt.ami))
		})
	}
	_, err := AmiArchitecture("AL2_x86_64")
	assert.Error(t, err, "AL2 is not supported")
}

func TestAccessEntryKey(t *testing.T) {
	a := AccessEntryKey("arn:aws:iam::123456789012:role/platform-admin")
	assert.Regexp(t, `^admin-[0-9a-f]{8}$`, a)
	assert.Equal(t, a, AccessEntryKey("arn:aws:iam::123456789012:role/platform-admin"), "stable")
	assert.NotEqual(t, a, AccessEntryKey("arn:aws:iam::123456789012:role/other"))
}

func TestIdentityHelpers(t *testing.T) {
	assert.True(t, IsAssumedRoleArn("arn:aws:sts::123456789012:assumed-role/deployer/ci"))
	assert.False(t, IsAssumedRoleArn("arn:aws:iam::123456789012:user/alice"))
	assert.False(t, IsAssumedRoleArn("arn:aws:iam::123456789012:role/deployer"))

	issuer := "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"
	assert.Equal(t, "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF", IssuerHost(issuer))
	assert.Equal(t, "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF", OidcProviderArn("aws", "123456789012", issuer))
	assert.Equal(t, "arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy", ManagedPolicyArn("aws-cn", "AmazonEKS_CNI_Policy"))
	assert.Equal(t, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", AccessPolicyArn("aws", ClusterAdminAccessPolicy))
}

func TestNodeTrustPolicy(t *testing.T) {
	doc, err := NodeTrustPolicy()
	require.NoError(t, err)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"EC2AssumeNodeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole"]}]}`, doc)
}

func TestKubeconfig(t *testing.T) {
	cfg, err := Kubeconfig("portkey-prod", "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "Q0E=", "eu-west-1")
	require.NoError(t, err)
	var got struct {
		Clusters []struct {
			Cluster struct {
				Server string `json:"server"`
				CA     string `json:"certificate-authority-data"`
			} `json:"cluster"`
		} `json:"clusters"`
		CurrentContext string `json:"current-context"`
		Users          []struct {
			User struct {
				Exec struct {
					Command string   `json:"command"`
					Args    []string `json:"args"`
				} `json:"exec"`
			} `json:"user"`
		} `json:"users"`
	}
	require.NoError(t, json.Unmarshal([]byte(cfg), &got))
	require.Len(t, got.Clusters, 1)
	assert.Equal(t, "https://ABC.gr7.eu-west-1.eks.amazonaws.com", got.Clusters[0].Cluster.Server)
	assert.Equal(t, "Q0E=", got.Clusters[0].Cluster.CA)
	assert.Equal(t, "portkey-prod", got.CurrentContext)
	require.Len(t, got.Users, 1)
	assert.Equal(t, "aws", got.Users[0].User.Exec.Command)
	assert.Equal(t, []string{"--region", "eu-west-1", "eks", "get-token", "--cluster-name", "portkey-prod", "--output", "json"}, got.Users[0].User.Exec.Args)

	_, err = Kubeconfig("portkey-prod", "", "Q0E=", "eu-west-1")
	assert.Error(t, err)
}
