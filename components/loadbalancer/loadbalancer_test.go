package loadbalancer

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/vocab"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

const (
	lbType       = "aws:lb/loadBalancer:LoadBalancer"
	tgType       = "aws:lb/targetGroup:TargetGroup"
	listenerType = "aws:lb/listener:Listener"
	sgType       = "aws:ec2/securityGroup:SecurityGroup"
	ingressType  = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressType   = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	componentTyp = "portkey-eks:loadbalancer:NetworkLoadBalancer"
	nodeSG       = "sg-0nodes"
	testCert     = "arn:aws:acm:eu-west-1:123456789012:certificate/1234"
)

var controlPlane = []string{"54.81.226.149/32", "34.200.113.35/32", "44.221.117.129/32"}

// baseArgs are valid args for an internal NLB; tests change what they need.
func baseArgs() *NetworkLoadBalancerArgs {
	return &NetworkLoadBalancerArgs{
		Internal:            true,
		VpcID:               pulumi.String("vpc-0abc"),
		SubnetIDs:           pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
		VpcCidr:             pulumi.String("10.0.0.0/16"),
		NodeSecurityGroupID: pulumi.String(nodeSG),
		Tags:                map[string]string{"Project": "portkey-eks"},
	}
}

// run creates one NetworkLoadBalancer called "gw" under mocks and exports its outputs.
func run(t *testing.T, args *NetworkLoadBalancerArgs) (*synth.Result, *NetworkLoadBalancer) {
	t.Helper()
	res, nlb, err := synth.Component(NewNetworkLoadBalancer, "gw", args, func(nlb *NetworkLoadBalancer) map[string]pulumi.Input {
		return map[string]pulumi.Input{
			"arn":      nlb.LoadBalancerArn,
			"dns":      nlb.DNSName,
			"zone":     nlb.ZoneID,
			"tg":       nlb.TargetGroupArn,
			"sg":       nlb.SecurityGroupID,
			"port":     nlb.ListenerPort,
			"listener": nlb.ListenerArn,
		}
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)
	return res, nlb
}

func one(t *testing.T, res *synth.Result, typ, name string) *synth.Resource {
	t.Helper()
	r := res.Find(typ, name)
	require.NotNil(t, r, "no %s %q in %v", typ, name, res.Types())
	return r
}

func TestLoadBalancerDefaults(t *testing.T) {
	res, nlb := run(t, baseArgs())

	comp := one(t, res, componentTyp, "gw")
	lb := one(t, res, lbType, "gw")
	assert.Equal(t, comp.URN, lb.Parent)
	assert.Equal(t, "network", lb.Inputs["loadBalancerType"])
	assert.Equal(t, true, lb.Inputs["internal"])
	assert.Equal(t, true, lb.Inputs["enableCrossZoneLoadBalancing"])
	assert.Equal(t, false, lb.Inputs["enableDeletionProtection"])
	assert.Equal(t, "ipv4", lb.Inputs["ipAddressType"])
	assert.Equal(t, "on", lb.Inputs["enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"])
	assert.Equal(t, []any{"subnet-a", "subnet-b"}, lb.Inputs["subnets"])
	assert.Equal(t, "gw", synth.Get(lb.Inputs, "tags.Name"))
	assert.Equal(t, "portkey-eks", synth.Get(lb.Inputs, "tags.Project"))

	sg := one(t, res, sgType, "gw-sg")
	assert.Equal(t, comp.URN, sg.Parent)
	assert.Equal(t, []any{sg.Outputs["id"]}, lb.Inputs["securityGroups"], "the NLB has its own security group")
	assert.Nil(t, sg.Inputs["ingress"], "no inline rules")
	assert.Nil(t, sg.Inputs["egress"], "no inline rules")

	listener := one(t, res, listenerType, "gw-listener")
	assert.Equal(t, "TCP", listener.Inputs["protocol"])
	assert.Equal(t, float64(8787), listener.Inputs["port"])
	assert.Nil(t, listener.Inputs["sslPolicy"])
	assert.Nil(t, listener.Inputs["certificateArn"])
	assert.Equal(t, 8787, nlb.Port)
	assert.Equal(t, "TCP", nlb.Protocol)

	// Outputs come from the resources.
	assert.Equal(t, lb.Outputs["arn"], res.PlainOutputs["arn"])
	assert.Contains(t, res.PlainOutputs["arn"], ":loadbalancer/net/")
	assert.Equal(t, lb.Outputs["dnsName"], res.PlainOutputs["dns"])
	assert.Regexp(t, `^internal-gw-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com$`, res.PlainOutputs["dns"])
	assert.Equal(t, "Z2IFOLAFXWLO4F", res.PlainOutputs["zone"])
	assert.Equal(t, one(t, res, tgType, "gw-tg").Outputs["arn"], res.PlainOutputs["tg"])
	assert.Equal(t, sg.Outputs["id"], res.PlainOutputs["sg"])
	assert.Equal(t, float64(8787), res.PlainOutputs["port"])
	assert.Equal(t, listener.Outputs["arn"], res.PlainOutputs["listener"])
}

func TestTargetGroupIsIPOnGatewayPortWithHealthCheck(t *testing.T) {
	for _, tc := range []struct {
		name       string
		targetPort int
		want       float64
		hcPort     string
	}{
		{"default port", 0, 8787, "8787"},
		{"custom port", 9000, 9000, "9000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := baseArgs()
			args.TargetPort = tc.targetPort
			res, _ := run(t, args)
			tg := one(t, res, tgType, "gw-tg")
			assert.Equal(t, "ip", tg.Inputs["targetType"])
			assert.Equal(t, "TCP", tg.Inputs["protocol"])
			assert.Equal(t, tc.want, tg.Inputs["port"])
			assert.Equal(t, "vpc-0abc", tg.Inputs["vpcId"])
			hc := tg.Inputs["healthCheck"]
			assert.Equal(t, true, synth.Get(hc, "enabled"))
			assert.Equal(t, "HTTP", synth.Get(hc, "protocol"))
			assert.Equal(t, "/v1/health", synth.Get(hc, "path"))
			assert.Equal(t, "200", synth.Get(hc, "matcher"))
			assert.Equal(t, tc.hcPort, synth.Get(hc, "port"))

			// The listener forwards to this target group, and waits on it and on the NLB.
			listener := one(t, res, listenerType, "gw-listener")
			assert.Equal(t, "forward", synth.Get(listener.Inputs, "defaultActions[0].type"))
			assert.Equal(t, tg.Outputs["arn"], synth.Get(listener.Inputs, "defaultActions[0].targetGroupArn"))
			assert.Equal(t, one(t, res, lbType, "gw").Outputs["arn"], listener.Inputs["loadBalancerArn"])
			assert.True(t, res.DependsOn(listener.URN, tg.URN))
			assert.True(t, res.DependsOn(listener.URN, one(t, res, lbType, "gw").URN))

			// Pods admit the target port from the NLB's security group only.
			sgID := one(t, res, sgType, "gw-sg").Outputs["id"]
			in := one(t, res, ingressType, "gw-pods-from-nlb")
			assert.Equal(t, nodeSG, in.Inputs["securityGroupId"])
			assert.Equal(t, sgID, in.Inputs["referencedSecurityGroupId"])
			assert.Equal(t, tc.want, in.Inputs["fromPort"])
			assert.Equal(t, tc.want, in.Inputs["toPort"])
			assert.Nil(t, in.Inputs["cidrIpv4"])
			out := one(t, res, egressType, "gw-to-pods")
			assert.Equal(t, sgID, out.Inputs["securityGroupId"])
			assert.Equal(t, nodeSG, out.Inputs["referencedSecurityGroupId"])
			assert.Equal(t, tc.want, out.Inputs["fromPort"])
			assert.Equal(t, tc.want, out.Inputs["toPort"])
			assert.Len(t, res.ByType(egressType), 1, "the NLB may only reach the pods")
		})
	}
}

func TestTLSListenerUsesTLS13Policy(t *testing.T) {
	args := baseArgs()
	args.CertificateArn = testCert
	res, nlb := run(t, args)
	listener := one(t, res, listenerType, "gw-listener")
	assert.Equal(t, "TLS", listener.Inputs["protocol"])
	assert.Equal(t, "ELBSecurityPolicy-TLS13-1-2-2021-06", listener.Inputs["sslPolicy"])
	assert.Equal(t, testCert, listener.Inputs["certificateArn"])
	assert.Equal(t, float64(443), listener.Inputs["port"])
	assert.Equal(t, float64(443), res.PlainOutputs["port"])
	assert.Equal(t, 443, nlb.Port)
	// TLS ends at the load balancer: the targets stay plain TCP on 8787.
	tg := one(t, res, tgType, "gw-tg")
	assert.Equal(t, "TCP", tg.Inputs["protocol"])
	assert.Equal(t, float64(8787), tg.Inputs["port"])
	// Clients are admitted on the TLS port.
	assert.Equal(t, float64(443), one(t, res, ingressType, "gw-in-vpc").Inputs["fromPort"])
}

func TestDeletionProtectionWhenAsked(t *testing.T) {
	for _, on := range []bool{false, true} {
		args := baseArgs()
		args.DeletionProtection = on
		res, _ := run(t, args)
		assert.Equal(t, on, one(t, res, lbType, "gw").Inputs["enableDeletionProtection"])
	}
}

func TestPrivateLinkTrafficExemption(t *testing.T) {
	args := baseArgs()
	args.ExemptPrivateLinkTraffic = true
	res, _ := run(t, args)
	assert.Equal(t, "off", one(t, res, lbType, "gw").Inputs["enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"])
}

func TestClientIngressRules(t *testing.T) {
	for _, tc := range []struct {
		name     string
		internal bool
		allowed  []string
		wantCIDR map[string]string // rule name -> CIDR
	}{
		{
			name:     "no allowed CIDRs: the VPC only",
			internal: true,
			wantCIDR: map[string]string{"gw-in-vpc": "10.0.0.0/16"},
		},
		{
			name:    "ip allow-list: the control plane's three /32s",
			allowed: controlPlane,
			wantCIDR: map[string]string{
				"gw-in-54-81-226-149-32":  "54.81.226.149/32",
				"gw-in-34-200-113-35-32":  "34.200.113.35/32",
				"gw-in-44-221-117-129-32": "44.221.117.129/32",
			},
		},
		{
			name:    "allow-list plus client CIDRs, duplicates merged",
			allowed: append([]string{"198.51.100.0/24", "54.81.226.149/32"}, controlPlane...),
			wantCIDR: map[string]string{
				"gw-in-198-51-100-0-24":   "198.51.100.0/24",
				"gw-in-54-81-226-149-32":  "54.81.226.149/32",
				"gw-in-34-200-113-35-32":  "34.200.113.35/32",
				"gw-in-44-221-117-129-32": "44.221.117.129/32",
			},
		},
		{
			name:     "the internet when written out",
			allowed:  []string{"0.0.0.0/0"},
			wantCIDR: map[string]string{"gw-in-0-0-0-0-0": "0.0.0.0/0"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := baseArgs()
			args.Internal = tc.internal
			args.AllowedCidrs = tc.allowed
			res, _ := run(t, args)
			sgID := one(t, res, sgType, "gw-sg").Outputs["id"]
			got := map[string]string{}
			for _, r := range res.ByType(ingressType) {
				if r.Name == "gw-pods-from-nlb" {
					continue
				}
				assert.Equal(t, sgID, r.Inputs["securityGroupId"], r.Name)
				assert.Equal(t, "tcp", r.Inputs["ipProtocol"], r.Name)
				assert.Equal(t, float64(8787), r.Inputs["fromPort"], r.Name)
				assert.Equal(t, float64(8787), r.Inputs["toPort"], r.Name)
				got[r.Name] = r.Inputs["cidrIpv4"].(string)
			}
			assert.Equal(t, tc.wantCIDR, got)
		})
	}
}

func TestAllowListOpensNothingToTheInternet(t *testing.T) {
	args := baseArgs()
	args.Internal = false
	args.AllowedCidrs = controlPlane
	res, _ := run(t, args)
	assert.Equal(t, false, one(t, res, lbType, "gw").Inputs["internal"])
	for _, typ := range []string{ingressType, egressType} {
		for _, r := range res.ByType(typ) {
			assert.NotEqual(t, "0.0.0.0/0", r.Inputs["cidrIpv4"], r.Name)
			assert.Nil(t, r.Inputs["cidrIpv6"], r.Name)
		}
	}
	for _, r := range res.ByType(sgType) {
		assert.Nil(t, r.Inputs["ingress"], r.Name)
	}
}

func TestRulesDoNotWaitOnTheLoadBalancer(t *testing.T) {
	res, _ := run(t, baseArgs())
	lb := one(t, res, lbType, "gw")
	for _, typ := range []string{ingressType, egressType} {
		for _, r := range res.ByType(typ) {
			assert.False(t, res.DependsOn(r.URN, lb.URN), "%s must not wait on the load balancer", r.Name)
		}
	}
}

func TestInvalidArgs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(a *NetworkLoadBalancerArgs)
		want   string
	}{
		{"no VPC", func(a *NetworkLoadBalancerArgs) { a.VpcID = nil }, "VpcID is required"},
		{"no subnets", func(a *NetworkLoadBalancerArgs) { a.SubnetIDs = nil }, "SubnetIDs is required"},
		{"empty subnets", func(a *NetworkLoadBalancerArgs) { a.SubnetIDs = pulumi.StringArray{} }, "SubnetIDs is empty"},
		{"no node security group", func(a *NetworkLoadBalancerArgs) { a.NodeSecurityGroupID = nil }, "NodeSecurityGroupID is required"},
		{"bad port", func(a *NetworkLoadBalancerArgs) { a.Port = 70000 }, "Port 70000"},
		{"bad target port", func(a *NetworkLoadBalancerArgs) { a.TargetPort = -1 }, "TargetPort -1"},
		{"bad CIDR", func(a *NetworkLoadBalancerArgs) { a.AllowedCidrs = []string{"everyone"} }, `"everyone" is not a CIDR`},
		{"no VPC CIDR and no allowed CIDRs", func(a *NetworkLoadBalancerArgs) { a.VpcCidr = nil }, "VpcCidr is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := baseArgs()
			tc.change(args)
			res, _, err := synth.Component(NewNetworkLoadBalancer, "gw", args, nil, synth.Options{})
			require.ErrorContains(t, err, tc.want)
			assert.ErrorContains(t, err, `loadbalancer "gw"`)
			assert.Empty(t, res.ByType(componentTyp), "nothing is registered on invalid args")
		})
	}
	_, _, err := synth.Component(NewNetworkLoadBalancer, "gw", nil, nil, synth.Options{})
	require.ErrorContains(t, err, "args are required")
}

func TestVpcCidrNotNeededWithAllowedCidrs(t *testing.T) {
	args := baseArgs()
	args.VpcCidr = nil
	args.AllowedCidrs = []string{"10.20.0.0/16"}
	res, _ := run(t, args)
	assert.Nil(t, res.Find(ingressType, "gw-in-vpc"))
	assert.Equal(t, "10.20.0.0/16", one(t, res, ingressType, "gw-in-10-20-0-0-16").Inputs["cidrIpv4"])
}

// TestDeregistrationDelayDrainsBeforePodsStop: the target group drains for
// vocab.DeregistrationDelaySeconds (not the NLB's 300 s default), shorter than the gateway
// pods' preStop sleep, so a terminating pod still serves while the NLB lets go of it.
func TestDeregistrationDelayDrainsBeforePodsStop(t *testing.T) {
	res, _ := run(t, baseArgs())
	tg := one(t, res, tgType, "gw-tg")
	assert.Equal(t, float64(vocab.DeregistrationDelaySeconds), tg.Inputs["deregistrationDelay"])
	assert.Less(t, vocab.DeregistrationDelaySeconds, vocab.PreStopSleepSeconds)
}
