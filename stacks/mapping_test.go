package stacks

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/identity"
	"github.com/portkey-eks/portkey-eks/components/logstore"
	"github.com/portkey-eks/portkey-eks/components/network"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// The mapping functions are tested with component values built from literals: no mocks,
// no engine. Each case checks one decision the function makes.

func testConfig(change func(c *Config)) Config {
	c := Defaults()
	c.Region = "us-east-1"
	c.Cluster.Name = "portkey-test"
	c.Gateway.OrganisationID = "org-1234"
	c.Cluster.NodeGroups = []NodeGroupConfig{{Name: "general", InstanceTypes: []string{"t4g.medium"}, MinSize: 2, DesiredSize: 2, MaxSize: 4}}
	if change != nil {
		change(&c)
	}
	return c
}

func str(s string) pulumi.StringOutput { return pulumi.String(s).ToStringOutput() }

func testNetwork() *network.Network {
	return &network.Network{
		VpcID: str("vpc-1"), VpcCidr: str("10.0.0.0/16"),
		PrivateSubnetIDs: pulumi.ToStringArray([]string{"subnet-private"}).ToStringArrayOutput(),
		PublicSubnetIDs:  pulumi.ToStringArray([]string{"subnet-public"}).ToStringArrayOutput(),
	}
}

func testCluster() *cluster.Cluster {
	return &cluster.Cluster{
		ClusterName: str("portkey-test"), ClusterSecurityGroupID: str("sg-cluster"),
		NodeGroups: []pulumi.Resource{&pulumi.ResourceState{}},
		Addons:     map[string]pulumi.Resource{cluster.AddonPodIdentityAgent: &pulumi.ResourceState{}},
	}
}

func TestNetworkArgs(t *testing.T) {
	n := networkArgs(testConfig(nil), nil)
	assert.Nil(t, n.Existing)
	assert.Equal(t, "10.0.0.0/16", n.Cidr)
	assert.True(t, n.S3GatewayEndpoint, "a new VPC gets the S3 gateway endpoint by default")

	e := networkArgs(testConfig(func(c *Config) {
		c.Network.Mode = ModeExisting
		c.Network.VpcID = "vpc-0123456789abcdef0"
	}), nil)
	require.NotNil(t, e.Existing)
	assert.Equal(t, "vpc-0123456789abcdef0", e.Existing.VpcID)
	assert.Empty(t, e.Cidr, "none of the new-VPC settings apply to an existing VPC")
	assert.Zero(t, e.AzCount)
	assert.False(t, e.S3GatewayEndpoint, "an existing VPC's route tables are not touched")
}

func TestClusterArgs(t *testing.T) {
	probe := func(string) error { return nil }
	for _, tc := range []struct {
		name        string
		change      func(c *Config)
		existing    bool
		podIdentity bool
	}{
		{"new, IRSA", func(c *Config) { c.Identity.Mode = vocab.IRSA }, false, false},
		{"new, Pod Identity", func(c *Config) { c.Identity.Mode = vocab.PodIdentity }, false, true},
		{"existing", func(c *Config) { c.Cluster.Mode = ModeExisting }, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := clusterArgs(testConfig(tc.change), map[string]string{"k": "v"}, testNetwork(), probe)
			assert.NotNil(t, a.CheckAPIReachable, "the API probe applies to every cluster")
			assert.Equal(t, map[string]string{"k": "v"}, a.Tags)
			if tc.existing {
				require.NotNil(t, a.Existing)
				assert.Equal(t, "portkey-test", a.Existing.Name)
				assert.Empty(t, a.NodeGroups, "an existing cluster is only looked up")
				assert.Nil(t, a.VpcID)
				return
			}
			assert.Nil(t, a.Existing)
			assert.Equal(t, tc.podIdentity, a.PodIdentity)
			require.Len(t, a.NodeGroups, 1)
			assert.Equal(t, cluster.NodeGroup{Name: "general", InstanceTypes: []string{"t4g.medium"}, MinSize: 2, DesiredSize: 2, MaxSize: 4}, a.NodeGroups[0])
		})
	}

	withTaint := testConfig(func(c *Config) {
		c.Cluster.NodeGroups[0].Taints = []TaintConfig{{Key: "dedicated", Value: "gateway", Effect: "NO_SCHEDULE"}}
	})
	a := clusterArgs(withTaint, nil, testNetwork(), nil)
	assert.Equal(t, []cluster.Taint{{Key: "dedicated", Value: "gateway", Effect: "NO_SCHEDULE"}}, a.NodeGroups[0].Taints)
}

func TestCacheArgsAuthToken(t *testing.T) {
	secrets := Secrets{CacheAuthToken: str("a-token-of-16-chars-or-more")}
	for _, tc := range []struct {
		name      string
		mode      vocab.CacheMode
		auth      vocab.CacheAuth
		wantToken bool
	}{
		{"elasticache with a token", vocab.CacheElastiCache, vocab.CacheAuthToken, true},
		{"elasticache with IAM", vocab.CacheElastiCache, vocab.CacheAuthIAM, false},
		{"built in", vocab.CacheBuiltin, vocab.CacheAuthToken, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(func(c *Config) { c.Cache.Mode, c.Cache.AuthMode = tc.mode, tc.auth })
			a := cacheArgs(cfg, secrets, nil, testNetwork(), testCluster())
			assert.Equal(t, tc.wantToken, a.AuthToken != nil)
			assert.Len(t, a.ClientSecurityGroupIDs, 1, "the cluster security group, which the pods carry")
		})
	}
}

func TestGatewayPolicyArgs(t *testing.T) {
	logs := &logstore.LogBucket{BucketArn: str("arn:aws:s3:::logs"), KmsKeyArn: str("arn:aws:kms:us-east-1:111122223333:key/k")}
	kv := &cache.Cache{ReplicationGroupArn: str("rg-arn"), UserArn: str("user-arn")}
	for _, tc := range []struct {
		name             string
		change           func(c *Config)
		wantKMS, wantIAM bool
	}{
		{"kms encryption", func(c *Config) { c.LogStore.Encryption = vocab.EncryptionKMS }, true, false},
		{"sse-s3", func(c *Config) { c.LogStore.Encryption = vocab.EncryptionSSES3 }, false, false},
		{"cache IAM auth", func(c *Config) {
			c.LogStore.Encryption = vocab.EncryptionAWSKMS
			c.Cache.Mode, c.Cache.AuthMode = vocab.CacheElastiCache, vocab.CacheAuthIAM
		}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := gatewayPolicyArgs(testConfig(tc.change), logs, kv)
			assert.Equal(t, tc.wantKMS, a.KmsKeyArn != nil)
			assert.Equal(t, tc.wantIAM, a.ElastiCacheReplicationGroupArn != nil)
			assert.Equal(t, tc.wantIAM, a.ElastiCacheUserArn != nil)
		})
	}
}

func TestGatewayRoleArgs(t *testing.T) {
	a := gatewayRoleArgs(testConfig(nil), nil, testCluster(), nil)
	assert.Equal(t, []string{"gateway-sa"}, a.ServiceAccounts)
	assert.NotContains(t, a.Description, "Bedrock")

	b := gatewayRoleArgs(testConfig(func(c *Config) {
		c.Gateway.DataService.Enabled = true
		c.Identity.Bedrock.Enabled = true
	}), nil, testCluster(), nil)
	assert.Equal(t, []string{"gateway-sa", b.ServiceAccounts[1]}, b.ServiceAccounts, "the data service's account too")
	assert.NotEqual(t, "gateway-sa", b.ServiceAccounts[1])
	assert.Contains(t, b.Description, ", Bedrock")
}

func TestWorkloadDependencies(t *testing.T) {
	cl := testCluster()
	assoc := &pulumi.ResourceState{}
	role := &identity.ServiceAccountRole{Associations: []pulumi.Resource{assoc}}
	irsa := workloadDependencies(testConfig(func(c *Config) { c.Identity.Mode = vocab.IRSA }), cl, role)
	assert.Equal(t, []pulumi.Resource{cl.NodeGroups[0], role, assoc}, irsa)
	pod := workloadDependencies(testConfig(func(c *Config) { c.Identity.Mode = vocab.PodIdentity }), cl, role)
	assert.Equal(t, []pulumi.Resource{cl.NodeGroups[0], role, assoc, cl.Addons[cluster.AddonPodIdentityAgent]}, pod,
		"with Pod Identity, pods wait for the agent")
}

func TestGatewayTeardownDependencies(t *testing.T) {
	for _, tc := range []struct {
		name   string
		addons []string
		want   []string
	}{
		{"new cluster", []string{cluster.AddonVpcCni, cluster.AddonKubeProxy, cluster.AddonCoreDNS, cluster.AddonPodIdentityAgent},
			[]string{cluster.AddonVpcCni, cluster.AddonCoreDNS, cluster.AddonKubeProxy}},
		{"existing cluster", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl := &cluster.Cluster{Addons: map[string]pulumi.Resource{}}
			for _, a := range tc.addons {
				cl.Addons[a] = &pulumi.ResourceState{}
			}
			var want []pulumi.Resource
			for _, a := range tc.want {
				want = append(want, cl.Addons[a])
			}
			got := gatewayTeardownDependencies(cl)
			assert.Len(t, got, len(tc.want))
			for i := range want {
				assert.Same(t, want[i], got[i], "the %s add-on outlives the gateway", tc.want[i])
			}
		})
	}
}

func TestLoadBalancerController(t *testing.T) {
	assert.True(t, installsLoadBalancerController(testConfig(nil)))
	assert.False(t, installsLoadBalancerController(testConfig(func(c *Config) { c.Cluster.Mode = ModeExisting })),
		"an existing cluster brings its own controller")
	assert.False(t, installsLoadBalancerController(testConfig(func(c *Config) { c.Cluster.LoadBalancerController.Install = false })))

	role := &identity.ServiceAccountRole{RoleArn: str("arn:aws:iam::111122223333:role/lbc")}
	irsa := lbControllerArgs(testConfig(func(c *Config) { c.Identity.Mode = vocab.IRSA }), testNetwork(), testCluster(), role)
	assert.NotNil(t, irsa.IRSARoleArn)
	pod := lbControllerArgs(testConfig(func(c *Config) { c.Identity.Mode = vocab.PodIdentity }), testNetwork(), testCluster(), role)
	assert.Nil(t, pod.IRSARoleArn, "Pod Identity names the role in its association, not on the service account")
}

func TestNLBArgs(t *testing.T) {
	net := testNetwork()
	internal := nlbArgs(testConfig(func(c *Config) { c.Exposure.Scheme = vocab.SchemeInternal }), nil, net, testCluster())
	assert.True(t, internal.Internal)
	assert.Equal(t, net.PrivateSubnetIDs, internal.SubnetIDs)
	public := nlbArgs(testConfig(func(c *Config) { c.Exposure.Scheme = vocab.SchemeInternetFacing }), nil, net, testCluster())
	assert.False(t, public.Internal)
	assert.Equal(t, net.PublicSubnetIDs, public.SubnetIDs)
	assert.Equal(t, vocab.GatewayPort, public.TargetPort)
}

func TestAdmittedCidrs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(c *Config)
		want   []string
	}{
		{"configured", func(c *Config) { c.Exposure.AllowedCidrs = []string{"10.1.0.0/16"} }, []string{"10.1.0.0/16"}},
		{"ALB in a new VPC defaults to the VPC", func(c *Config) { c.Exposure.Type = vocab.ExposureALB }, []string{"10.0.0.0/16"}},
		{"NLB without CIDRs stays empty", func(c *Config) { c.Exposure.Type = vocab.ExposureNLB }, []string{}},
		{"allow-list adds the control plane once", func(c *Config) {
			c.Inbound.Mode = InboundIPAllowlist
			c.Inbound.AllowlistCidrs = []string{"54.81.226.149/32", "10.1.0.0/16"}
			c.Exposure.AllowedCidrs = []string{"10.1.0.0/16"}
		}, []string{"10.1.0.0/16", "54.81.226.149/32"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, admittedCidrs(testConfig(tc.change)))
		})
	}
}

// TestGatewayTakesTheCacheEnvironmentUnchanged: the release gets the cache component's own
// outputs, not values rebuilt from the configuration.
func TestGatewayTakesTheCacheEnvironmentUnchanged(t *testing.T) {
	kv := &cache.Cache{
		Mode:              vocab.CacheElastiCache,
		Environment:       pulumi.StringMap{"REDIS_URL": pulumi.String("rediss://h:6379")}.ToStringMapOutput(),
		SecretEnvironment: pulumi.StringMap{}.ToStringMapOutput(),
	}
	g := gatewayCacheArgs(kv)
	assert.Equal(t, kv.Mode, g.Mode)
	assert.Equal(t, kv.Environment, g.Environment)
	assert.Equal(t, kv.SecretEnvironment, g.SecretEnvironment)

	args := gatewayReleaseArgs(testConfig(func(c *Config) { c.ControlPlane.Connectivity = ConnectivityPrivateLink }),
		Secrets{}, testCluster(), kv, &logstore.LogBucket{}, &identity.ServiceAccountRole{}, exposureArgs(testConfig(nil)), nil)
	assert.Equal(t, g, args.Cache)
	assert.True(t, args.ControlPlanePrivateLink)
}

// The autoscaler gets the cluster's Kubernetes version and the config's options; the role
// ARN goes on its service account only with IRSA.
func TestAutoscalerArgs(t *testing.T) {
	role := &identity.ServiceAccountRole{RoleArn: str("arn:aws:iam::111122223333:role/cas")}
	for _, mode := range []vocab.IdentityMode{vocab.IRSA, vocab.PodIdentity} {
		cfg := testConfig(func(c *Config) {
			c.Identity.Mode = mode
			c.Cluster.Autoscaler.Enabled = true
			c.Cluster.Autoscaler.Expander = "random"
			c.Cluster.Autoscaler.ScaleDownEnabled = false
		})
		a := autoscalerArgs(cfg, testCluster(), role)
		assert.Equal(t, cfg.Cluster.Version, a.KubernetesVersion)
		assert.Equal(t, "random", a.Expander)
		assert.True(t, a.ScaleDownDisabled)
		assert.Equal(t, ClusterAutoscalerServiceAccount, a.ServiceAccountName)
		assert.Equal(t, mode == vocab.IRSA, a.IRSARoleArn != nil, mode)
		ra := autoscalerRoleArgs(cfg, nil, testCluster(), "{}")
		assert.Equal(t, []string{"cluster-autoscaler"}, ra.ServiceAccounts)
		assert.Equal(t, "kube-system", ra.Namespace)
		assert.Equal(t, "portkey-test-cluster-autoscaler", ra.RoleName)
	}
	assert.False(t, installsAutoscaler(testConfig(func(c *Config) { c.Cluster.Autoscaler.Enabled = true; c.Cluster.Mode = ModeExisting })))
}
