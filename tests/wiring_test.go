package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// TestCacheStartsWithTheVPC: the replication group (6-15 minutes to create) must not wait
// for the EKS cluster; only its ingress rules do.
func TestCacheStartsWithTheVPC(t *testing.T) {
	res := synthVariant(t, variant{Name: "prod", Stack: "prod"}, nil, nil)
	rgs := res.ByType(tReplGroup)
	require.Len(t, rgs, 1)
	clusters := res.ByType(tEKSCluster)
	require.NotEmpty(t, clusters)
	for _, c := range append(clusters, res.ByType("eks:index:Cluster")...) {
		assert.False(t, res.DependsOn(rgs[0].URN, c.URN), "the replication group waits on %s", c.URN)
	}
	vpcs := res.ByType("aws:ec2/vpc:Vpc")
	require.Len(t, vpcs, 1)
	assert.True(t, res.DependsOn(rgs[0].URN, vpcs[0].URN))

	// The cache's ingress rules are what wait for the cluster's security group.
	var fromCluster int
	for _, r := range res.ByType(tIngressRule) {
		if strings.Contains(r.URN, "cache") && in(r, "referencedSecurityGroupId") != nil {
			fromCluster++
			assert.Equal(t, 6379.0, in(r, "fromPort"))
		}
	}
	assert.Positive(t, fromCluster)
}

// TestGatewayWaitsForItsPermissions: pods must never start without nodes, the controller or
// their IAM role.
func TestGatewayWaitsForItsPermissions(t *testing.T) {
	for _, v := range []variant{{Name: "dev", Stack: "dev"}, {Name: "prod", Stack: "prod"}} {
		t.Run(v.Name, func(t *testing.T) {
			res := synthVariant(t, v, nil, nil)
			var gw *synth.Resource
			for _, r := range res.ByType(tRelease) {
				if in(r, "chart") == "gateway" {
					gw = &r
				}
			}
			require.NotNil(t, gw, "no gateway release")
			for _, typ := range []string{"eks:index:ManagedNodeGroup", "aws:iam/rolePolicy:RolePolicy"} {
				for _, dep := range res.ByType(typ) {
					if typ == "aws:iam/rolePolicy:RolePolicy" && !strings.Contains(dep.URN, "gateway-role") {
						continue
					}
					assert.True(t, res.DependsOn(gw.URN, dep.URN), "the gateway release does not wait for %s", dep.URN)
				}
			}
			var lbc *synth.Resource
			for _, r := range res.ByType(tRelease) {
				if in(r, "chart") == "aws-load-balancer-controller" {
					lbc = &r
				}
			}
			require.NotNil(t, lbc)
			assert.True(t, res.DependsOn(gw.URN, lbc.URN), "the gateway must be created after (and destroyed before) the LB controller")
			for _, a := range res.ByType("aws:eks/podIdentityAssociation:PodIdentityAssociation") {
				if in(a, "namespace") == "portkeyai" {
					assert.True(t, res.DependsOn(gw.URN, a.URN))
				}
			}
		})
	}
}

// TestLoadBalancerControllerRoleTrustsItsServiceAccount checks both identity mechanisms.
func TestLoadBalancerControllerRoleTrustsItsServiceAccount(t *testing.T) {
	for _, v := range []variant{{Name: "dev", Stack: "dev"}, {Name: "dev-podidentity", Stack: "dev", Overrides: map[string]string{"identity": `{"mode": "podIdentity"}`}}} {
		t.Run(v.Name, func(t *testing.T) {
			res := synthVariant(t, v, nil, nil)
			var role *synth.Resource
			for _, r := range res.ByType("aws:iam/role:Role") {
				if strings.Contains(r.URN, "lb-controller-role") {
					role = &r
				}
			}
			require.NotNil(t, role)
			trust, _ := in(*role, "assumeRolePolicy").(string)
			if v.Name == "dev" {
				assert.Contains(t, trust, `"system:serviceaccount:kube-system:aws-load-balancer-controller"`)
				assert.Contains(t, trust, "sts:AssumeRoleWithWebIdentity")
				return
			}
			assert.Contains(t, trust, "pods.eks.amazonaws.com")
			var found bool
			for _, a := range res.ByType("aws:eks/podIdentityAssociation:PodIdentityAssociation") {
				if in(a, "namespace") == "kube-system" && in(a, "serviceAccount") == "aws-load-balancer-controller" {
					found = true
				}
			}
			assert.True(t, found, "no pod identity association for the controller")
		})
	}
}

// TestKubernetesResourcesUseTheClusterProvider: nothing may land in whatever cluster the
// operator's kubeconfig happens to point at.
func TestKubernetesResourcesUseTheClusterProvider(t *testing.T) {
	for _, v := range allVariants {
		t.Run(v.Name, func(t *testing.T) {
			res := synthVariant(t, v, nil, nil)
			var n int
			for _, r := range res.Resources {
				if !r.Custom || !strings.HasPrefix(r.Type, "kubernetes:") {
					continue
				}
				n++
				require.NotEmpty(t, r.Provider, "%s uses the default provider", r.URN)
				assert.Contains(t, r.Provider, "pulumi:providers:kubernetes", r.URN)
			}
			assert.Positive(t, n)
		})
	}
}

// TestStackOutputsTellPortkeyWhatItNeeds: with inbound PrivateLink the outputs carry what the
// guide says to send to Portkey.
func TestStackOutputsTellPortkeyWhatItNeeds(t *testing.T) {
	res := synthVariant(t, variant{Name: "prod", Stack: "prod", Overrides: map[string]string{"inbound": `{"privateDnsName": "gateway.example.com"}`}}, nil, nil)
	for _, k := range []string{"endpointServiceName", "endpointServiceId", "endpointServicePort", "privateDnsVerificationName", "privateDnsVerificationValue", "region", "gatewayUrl"} {
		assert.Contains(t, res.Outputs, k)
	}
	assert.Equal(t, synth.Masked, res.Outputs["kubeconfig"])
	b, _ := json.Marshal(res.Outputs)
	assert.NotContains(t, string(b), "synth-placeholder-")
}

// TestProdFirstUpDoesNotWaitForPortkey: the control-plane endpoint stays pendingAcceptance
// until Portkey accepts it, so on prod's first up nothing may wait for it (the gateway
// release least of all) and private DNS is deferred; the second up turns it on.
func TestProdFirstUpDoesNotWaitForPortkey(t *testing.T) {
	res := synthVariant(t, variant{Name: "prod", Stack: "prod"}, nil, nil)
	endpoints := res.ByType("aws:ec2/vpcEndpoint:VpcEndpoint")
	require.NotEmpty(t, endpoints)
	var cp *synth.Resource
	for i, e := range endpoints {
		if e.Inputs["vpcEndpointType"] == "Interface" && strings.Contains(e.URN, "control-plane") {
			cp = &endpoints[i]
		}
	}
	require.NotNil(t, cp, "prod has the control-plane interface endpoint")
	for _, r := range res.Resources {
		if r.URN != cp.URN && r.Parent != cp.URN && !strings.Contains(r.URN, "ControlPlaneEndpoint") {
			assert.False(t, res.DependsOn(r.URN, cp.URN), "%s waits on the control-plane endpoint", r.URN)
		}
	}
	assert.Empty(t, res.ByType("aws:vpc/endpointPrivateDns:EndpointPrivateDns"), "first up: private DNS deferred")
	assert.Contains(t, res.Outputs, "controlPlaneEndpointState", "the state to watch before the second up")

	second := synthVariant(t, variant{Name: "prod-second-up", Stack: "prod", Overrides: map[string]string{"controlPlane": `{"deferPrivateDns": false}`}}, nil, nil)
	dns := second.ByType("aws:vpc/endpointPrivateDns:EndpointPrivateDns")
	require.Len(t, dns, 1)
	assert.Equal(t, true, dns[0].Inputs["privateDnsEnabled"])
}

// TestAvailabilityZonesByID: subnets go to zones EKS supports, chosen by zone ID: in the
// mocks us-east-1c is use1-az3, where EKS cannot place a control plane.
func TestAvailabilityZonesByID(t *testing.T) {
	zones := func(res *synth.Result) []string {
		var out []string
		for _, s := range res.ByType("aws:ec2/subnet:Subnet") {
			if az, ok := s.Inputs["availabilityZone"].(string); ok && !contains(out, az) {
				out = append(out, az)
			}
		}
		return out
	}
	prod := synthVariant(t, variant{Name: "prod", Stack: "prod"}, nil, nil)
	assert.ElementsMatch(t, []string{"us-west-2a", "us-west-2b", "us-west-2c"}, zones(prod))
	dev3 := synthVariant(t, variant{Name: "dev-3az", Stack: "dev", Overrides: map[string]string{"network": `{"azCount": 3}`}}, nil, nil)
	assert.ElementsMatch(t, []string{"us-east-1a", "us-east-1b", "us-east-1d"}, zones(dev3), "us-east-1c (use1-az3) is skipped")
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
