package privatelink

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

const (
	serviceType      = "aws:ec2/vpcEndpointService:VpcEndpointService"
	verificationType = "aws:vpc/endpointServicePrivateDnsVerification:EndpointServicePrivateDnsVerification"
	principalType    = "aws:ec2/vpcEndpointServiceAllowedPrinciple:VpcEndpointServiceAllowedPrinciple"
	serviceComp      = "portkey-eks:privatelink:GatewayEndpointService"
)

// runService creates a network load balancer and an endpoint service in front of it.
func runService(t *testing.T, args *GatewayEndpointServiceArgs) (*synth.Result, *GatewayEndpointService) {
	t.Helper()
	res, svc, err := synth.Component(behindNLB, "inbound", args, func(svc *GatewayEndpointService) map[string]pulumi.Input {
		return map[string]pulumi.Input{
			"serviceName":       svc.ServiceName,
			"serviceId":         svc.ServiceID,
			"dnsNames":          svc.DNSNames,
			"privateDnsName":    svc.PrivateDNSName,
			"verificationName":  svc.PrivateDNSVerificationName,
			"verificationValue": svc.PrivateDNSVerificationValue,
		}
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)
	return res, svc
}

// behindNLB creates an internal network load balancer, then the endpoint service in front
// of it.
func behindNLB(ctx *pulumi.Context, name string, args *GatewayEndpointServiceArgs, opts ...pulumi.ResourceOption) (*GatewayEndpointService, error) {
	nlb, err := lb.NewLoadBalancer(ctx, "nlb", &lb.LoadBalancerArgs{
		LoadBalancerType: pulumi.String("network"),
		Internal:         pulumi.Bool(true),
	})
	if err != nil {
		return nil, err
	}
	args.LoadBalancerArn = nlb.Arn
	return NewGatewayEndpointService(ctx, name, args, opts...)
}

func TestEndpointServiceDefaults(t *testing.T) {
	res, svc := runService(t, &GatewayEndpointServiceArgs{Tags: map[string]string{"Project": "portkey-eks"}})
	nlb := find(t, res, "aws:lb/loadBalancer:LoadBalancer", "nlb")
	r := find(t, res, serviceType, "inbound")
	assert.Equal(t, find(t, res, serviceComp, "inbound").URN, r.Parent)

	// It fronts the NLB, by reference.
	assert.Equal(t, []any{nlb.Outputs["arn"]}, r.Inputs["networkLoadBalancerArns"])
	assert.True(t, res.DependsOn(r.URN, nlb.URN))
	assert.NotContains(t, r.Inputs, "gatewayLoadBalancerArns")
	// Only Portkey's control plane may connect, and each connection waits for acceptance.
	assert.Equal(t, []any{"arn:aws:iam::299329113195:root"}, r.Inputs["allowedPrincipals"])
	assert.Empty(t, res.ByType(principalType), "principals are not also managed as separate resources")
	assert.Equal(t, true, r.Inputs["acceptanceRequired"])
	assert.True(t, svc.AcceptanceRequired)
	assert.Equal(t, []any{"ipv4"}, r.Inputs["supportedIpAddressTypes"])
	assert.NotContains(t, r.Inputs, "privateDnsName")
	assert.NotContains(t, r.Inputs, "supportedRegions")
	assert.Equal(t, "inbound", synth.Get(r.Inputs, "tags.Name"))
	assert.Empty(t, res.ByType(verificationType))

	// The outputs the guide says to send to Portkey.
	assert.Regexp(t, `^com\.amazonaws\.vpce\.eu-west-1\.vpce-svc-[0-9a-f]+$`, res.PlainOutputs["serviceName"])
	assert.Equal(t, r.Outputs["id"], res.PlainOutputs["serviceId"])
	assert.Equal(t, r.Outputs["baseEndpointDnsNames"], res.PlainOutputs["dnsNames"])
	assert.Equal(t, "", res.PlainOutputs["verificationName"])
	assert.Equal(t, "", res.PlainOutputs["verificationValue"])
}

func TestEndpointServiceConfiguredPrincipalsAndAcceptance(t *testing.T) {
	no := false
	res, svc := runService(t, &GatewayEndpointServiceArgs{
		AcceptanceRequired: &no,
		AllowedPrincipals:  []string{"arn:aws:iam::299329113195:root", "arn:aws:iam::111122223333:role/portkey-cp"},
		SupportedRegions:   []string{"us-east-1", "us-east-1"},
	})
	r := find(t, res, serviceType, "inbound")
	assert.Equal(t, false, r.Inputs["acceptanceRequired"])
	assert.False(t, svc.AcceptanceRequired)
	assert.Equal(t, []any{"arn:aws:iam::111122223333:role/portkey-cp", "arn:aws:iam::299329113195:root"}, r.Inputs["allowedPrincipals"])
	assert.Equal(t, []any{"us-east-1"}, r.Inputs["supportedRegions"])
}

func TestEndpointServicePrivateDNSVerificationRecord(t *testing.T) {
	for _, verify := range []bool{false, true} {
		res, _ := runService(t, &GatewayEndpointServiceArgs{PrivateDNSName: "gateway.example.com", VerifyPrivateDNS: verify})
		r := find(t, res, serviceType, "inbound")
		assert.Equal(t, "gateway.example.com", r.Inputs["privateDnsName"])
		cfg := synth.Get(r.Outputs, "privateDnsNameConfigurations[0]")
		require.NotNil(t, cfg)
		assert.Equal(t, "gateway.example.com", res.PlainOutputs["privateDnsName"])
		assert.Equal(t, synth.Get(cfg, "name"), res.PlainOutputs["verificationName"])
		assert.Equal(t, synth.Get(cfg, "value"), res.PlainOutputs["verificationValue"])
		assert.Regexp(t, `^vpce:`, res.PlainOutputs["verificationValue"])
		if verify {
			v := find(t, res, verificationType, "inbound-dns-verification")
			assert.Equal(t, r.Outputs["id"], v.Inputs["serviceId"])
		} else {
			assert.Empty(t, res.ByType(verificationType))
		}
	}
}

func TestEndpointServiceInvalidArgs(t *testing.T) {
	for _, tc := range []struct {
		name string
		args GatewayEndpointServiceArgs
		want string
	}{
		{"no load balancer", GatewayEndpointServiceArgs{}, "LoadBalancerArn is required"},
		{"an ALB", GatewayEndpointServiceArgs{LoadBalancerArn: pulumi.String("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/gw/abc")}, "not a Network Load Balancer"},
		{"everyone", GatewayEndpointServiceArgs{LoadBalancerArn: pulumi.String("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/gw/abc"), AllowedPrincipals: []string{"*"}}, "every AWS account"},
		{"bad DNS name", GatewayEndpointServiceArgs{LoadBalancerArn: pulumi.String("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/gw/abc"), PrivateDNSName: "gateway"}, "fully qualified"},
		{"verify without a name", GatewayEndpointServiceArgs{LoadBalancerArn: pulumi.String("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/gw/abc"), VerifyPrivateDNS: true}, "needs a PrivateDNSName"},
		{"bad region", GatewayEndpointServiceArgs{LoadBalancerArn: pulumi.String("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/gw/abc"), SupportedRegions: []string{"virginia"}}, `"virginia" is not a region`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			res, _, err := synth.Component(NewGatewayEndpointService, "inbound", &args, nil, synth.Options{})
			require.ErrorContains(t, err, tc.want)
			assert.ErrorContains(t, err, `privatelink endpoint service "inbound"`)
			assert.Empty(t, res.ByType(serviceComp), "nothing is registered on invalid args")
		})
	}
}
