package cluster

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInstanceArchitecture(t *testing.T) {
	tests := []struct{ instance, arch string }{
		{"t4g.medium", ArchArm64},
		{"m7g.large", ArchArm64},
		{"c7gn.xlarge", ArchArm64},
		{"r8gd.2xlarge", ArchArm64},
		{"t3.medium", ArchX86},
		{"m5a.large", ArchX86},
		{"g4dn.xlarge", ArchX86},
		{"g5.xlarge", ArchX86},
		{"medium", ""},
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
