package estimate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func times(t *testing.T) *TimeTable {
	t.Helper()
	tt, err := Times()
	require.NoError(t, err)
	return tt
}

func pathNames(p *Plan) []string {
	var out []string
	for _, s := range p.Path {
		out = append(out, s.Name)
	}
	return out
}

func slowTypes(p *Plan) []string {
	var out []string
	for _, s := range p.SlowOnPath() {
		out = append(out, s.Type)
	}
	return out
}

func TestTimeTableHasSources(t *testing.T) {
	tt := times(t)
	assert.Positive(t, tt.DefaultMinutes)
	assert.Positive(t, tt.SlowMinutes)
	for typ, ct := range tt.Types {
		assert.NotEmpty(t, ct.Label, typ)
		assert.NotEmpty(t, ct.Source, typ)
	}
	for typ, why := range tt.MustNotGate.Types {
		assert.Contains(t, tt.Types, typ, "mustNotGate type has a create time")
		assert.NotEmpty(t, why, typ)
	}
}

// stackInv is a small stack shaped like the real one: network, a remote EKS cluster with
// its mock children beside it, a node group, the LB controller and the gateway, and an
// ElastiCache group. cacheDeps are what the replication group waits on.
func stackInv(cacheDeps ...string) []Resource {
	b := newInv().
		component("portkey-eks:network:Network", "network").
		child("network", "aws:ec2/vpc:Vpc", "vpc", nil).
		child("network", "aws:ec2/subnet:Subnet", "subnet", nil, "vpc").
		child("network", "aws:ec2/eip:Eip", "nat-ip", nil).
		child("network", "aws:ec2/natGateway:NatGateway", "nat", nil, "nat-ip", "subnet").
		component("portkey-eks:cluster:Cluster", "cluster-c").
		child("cluster-c", "aws:kms/key:Key", "cluster-secrets", nil).
		child("cluster-c", "aws:ec2/securityGroup:SecurityGroup", "cluster-eksClusterSecurityGroup", nil, "vpc").
		remote("cluster-c", "eks:index:Cluster", "cluster", "cluster-secrets", "subnet", "vpc").
		child("cluster-c", "aws:eks/cluster:Cluster", "cluster-eksCluster", nil, "cluster-eksClusterSecurityGroup", "cluster-secrets", "subnet").
		child("cluster-c", "pulumi:providers:kubernetes", "cluster-eks-k8s", nil, "cluster-eksCluster").
		child("cluster-c", "aws:ec2/launchTemplate:LaunchTemplate", "general", nil, "cluster-eksCluster", "cluster").
		remote("cluster-c", "eks:index:ManagedNodeGroup", "general-mng", "general", "subnet").
		child("cluster-c", "aws:eks/nodeGroup:NodeGroup", "general-mng", nil, "general", "cluster-eksCluster", "subnet").
		component("portkey-eks:cache:Cache", "cache-c").
		child("cache-c", "aws:elasticache/subnetGroup:SubnetGroup", "cache-subnets", nil, "subnet")
	b.child("cache-c", "aws:elasticache/replicationGroup:ReplicationGroup", "cache", nil, append([]string{"cache-subnets"}, cacheDeps...)...)
	b.component("portkey-eks:lbcontroller:LoadBalancerController", "lbc-c").
		child("lbc-c", "kubernetes:helm.sh/v3:Release", "lb-controller", nil, "cluster-eksCluster", "general-mng")
	b.component("portkey-eks:gateway:GatewayRelease", "gateway").
		child("gateway", "kubernetes:helm.sh/v3:Release", "gateway-release", nil, "cache", "lbc-c")
	rs := b.build()
	// The gateway's resources use the cluster's provider.
	for i := range rs {
		if rs[i].Name == "gateway-release" || rs[i].Name == "lb-controller" {
			rs[i].Provider = b.urn("cluster-eks-k8s") + "::provider-id"
		}
	}
	return rs
}

var expectedSlowChain = []string{"eks:index:Cluster", "eks:index:ManagedNodeGroup", "kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v3:Release"}

func TestCriticalPath(t *testing.T) {
	p, err := DeployTime(times(t), stackInv())
	require.NoError(t, err)
	// vpc 0.2 -> SG 0.1 -> cluster 10 -> launch template 0.1 -> node group 3 -> LB controller 1 -> gateway 1.
	assert.Equal(t, []string{"vpc", "cluster-eksClusterSecurityGroup", "cluster", "general", "general-mng", "lb-controller", "gateway-release"}, pathNames(p))
	assert.InDelta(t, 15.4, p.TotalMinutes, 1e-9)
	assert.Equal(t, expectedSlowChain, slowTypes(p))
	assert.Empty(t, p.Gating)

	// The remote components stand for their mock children.
	assert.ElementsMatch(t, []string{"cluster-eksCluster"}, p.Path[2].Merged)
	assert.Equal(t, "EKS cluster", p.Path[2].Label)
	assert.ElementsMatch(t, []string{"general-mng"}, p.Path[4].Merged)

	// The cache runs beside the path: subnet at 0.3, subnet group 0.1, cache 12 -> 12.4; the
	// gateway starts at 14.4, so 2 minutes of slack.
	var cache *Step
	for i := range p.Beside {
		if p.Beside[i].Name == "cache" {
			cache = &p.Beside[i]
		}
	}
	require.NotNil(t, cache, "the cache is a slow resource beside the path: %+v", p.Beside)
	assert.InDelta(t, 12.4, cache.Finish, 1e-9)
	assert.InDelta(t, 2.0, cache.Slack, 1e-9)
	assert.Contains(t, p.String(), "critical path: VPC vpc -> SecurityGroup cluster-eksClusterSecurityGroup -> EKS cluster cluster (~10 min) -> LaunchTemplate general -> node group general-mng (~3 min) -> Helm release lb-controller (~1 min) -> Helm release gateway-release (~1 min): ~15.4 min")
	assert.Contains(t, p.String(), "beside it: ElastiCache cache (~12 min, range 6-15) runs from 0.4 to 12.4 min, 2 min before the deploy would wait on it")
}

// A cache that waits on the cluster it does not need puts itself on the critical path;
// the plan flags it and the slow chain no longer matches.
func TestCacheWaitingOnTheClusterIsCaught(t *testing.T) {
	p, err := DeployTime(times(t), stackInv("cluster-eksCluster"))
	require.NoError(t, err)
	assert.Contains(t, pathNames(p), "cache")
	assert.NotEqual(t, expectedSlowChain, slowTypes(p))
	require.Len(t, p.Gating, 1)
	assert.Equal(t, "cache", p.Gating[0].Step.Name)
	// cluster finishes at 10.3, the cache at 22.3, the gateway at 23.3.
	assert.InDelta(t, 23.3, p.TotalMinutes, 1e-9)
	assert.Contains(t, p.String(), "WARNING: ElastiCache cache is on the critical path")
}

// A dependency on a component is a dependency on everything below it; a component's
// children do not wait for it, and a parent does not delay its children.
func TestComponentDependencies(t *testing.T) {
	inv := newInv().
		component("portkey-eks:x:X", "comp").
		child("comp", "aws:ec2/natGateway:NatGateway", "slow-child", nil).
		child("comp", "aws:iam/role:Role", "fast-child", nil).
		add("aws:iam/role:Role", "waiter", nil, "comp").
		add("aws:iam/role:Role", "independent", nil).build()
	p, err := DeployTime(times(t), inv)
	require.NoError(t, err)
	// waiter starts after the NAT (2 min) and takes the default 0.1.
	assert.InDelta(t, 2.1, p.TotalMinutes, 1e-9)
	assert.Equal(t, []string{"slow-child", "waiter"}, pathNames(p))
}

func TestProviderIsWaitedOn(t *testing.T) {
	b := newInv().add("aws:eks/cluster:Cluster", "eks", nil).add("pulumi:providers:kubernetes", "k8s", nil, "eks")
	rs := b.add("kubernetes:core/v1:Namespace", "ns", nil).build()
	rs[2].Provider = b.urn("k8s") + "::04da6b54-80e4-46f7-96ec-b56ff0331ba9"
	p, err := DeployTime(times(t), rs)
	require.NoError(t, err)
	assert.Equal(t, []string{"eks", "k8s", "ns"}, pathNames(p))
	assert.InDelta(t, 10.05, p.TotalMinutes, 1e-9)
}

func TestCycleIsAnError(t *testing.T) {
	rs := newInv().add("aws:iam/role:Role", "a", nil).add("aws:iam/role:Role", "b", nil, "a").build()
	rs[0].Dependencies = []string{rs[1].URN}
	_, err := DeployTime(times(t), rs)
	assert.ErrorContains(t, err, "dependency cycle")
}
