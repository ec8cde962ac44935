package privatelink

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// GatewayEndpointServiceArgs configures the VPC endpoint service through which the Portkey
// control plane reaches the gateway.
type GatewayEndpointServiceArgs struct {
	// LoadBalancerArn is the ARN of the gateway's Network Load Balancer. Required.
	LoadBalancerArn pulumi.StringInput
	// AcceptanceRequired makes each connection request wait for your acceptance; nil means
	// true.
	AcceptanceRequired *bool
	// AllowedPrincipals may connect to the service; empty means PortkeyControlPlanePrincipal.
	// "*" is refused.
	AllowedPrincipals []string
	// PrivateDNSName is an optional private DNS name for the service (such as
	// gateway.example.com). AWS lets consumers use it once you prove you own the domain with
	// the TXT record named PrivateDNSVerificationName holding PrivateDNSVerificationValue.
	PrivateDNSName string
	// VerifyPrivateDNS starts the domain ownership verification of PrivateDNSName (the
	// console's "Verify domain ownership for private DNS name"). Set it once the TXT record
	// exists; it requires PrivateDNSName.
	VerifyPrivateDNS bool
	// SupportedRegions are regions other consumers may connect from through cross-region
	// PrivateLink, besides the service's own; empty means its own region only.
	SupportedRegions []string
	// Tags are added to every AWS resource created (with a Name tag).
	Tags map[string]string
}

// GatewayEndpointService is a VPC endpoint service in front of the gateway's Network Load
// Balancer, open to the allowed principals only. Its outputs are what the install guide
// says to send to Portkey.
type GatewayEndpointService struct {
	pulumi.ResourceState

	// ServiceName is the endpoint service's name (com.amazonaws.vpce.<region>.vpce-svc-...).
	ServiceName pulumi.StringOutput
	// ServiceID is the endpoint service's ID (vpce-svc-...).
	ServiceID pulumi.StringOutput
	// DNSNames are the service's base DNS names.
	DNSNames pulumi.StringArrayOutput
	// PrivateDNSName is the service's private DNS name, empty when none.
	PrivateDNSName pulumi.StringOutput
	// PrivateDNSVerificationName and PrivateDNSVerificationValue are the name and value of
	// the TXT record that proves ownership of PrivateDNSName; empty when none.
	PrivateDNSVerificationName  pulumi.StringOutput
	PrivateDNSVerificationValue pulumi.StringOutput

	// AcceptanceRequired and AllowedPrincipals are the settings applied, after defaults.
	AcceptanceRequired bool
	AllowedPrincipals  []string
}

// NewGatewayEndpointService creates the VPC endpoint service in front of the gateway's
// Network Load Balancer. It returns an error, before registering anything, when args are
// invalid.
func NewGatewayEndpointService(ctx *pulumi.Context, name string, args *GatewayEndpointServiceArgs, opts ...pulumi.ResourceOption) (*GatewayEndpointService, error) {
	if args == nil {
		return nil, errors.New("privatelink: args are required")
	}
	principals, err := validateService(args)
	if err != nil {
		return nil, fmt.Errorf("privatelink endpoint service %q: %w", name, err)
	}
	acceptance := args.AcceptanceRequired == nil || *args.AcceptanceRequired
	c := &GatewayEndpointService{AcceptanceRequired: acceptance, AllowedPrincipals: principals}
	if err := ctx.RegisterComponentResource("portkey-eks:privatelink:GatewayEndpointService", name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)

	svcArgs := &ec2.VpcEndpointServiceArgs{
		NetworkLoadBalancerArns: pulumi.StringArray{args.LoadBalancerArn},
		AcceptanceRequired:      pulumi.Bool(acceptance),
		AllowedPrincipals:       pulumi.ToStringArray(principals),
		SupportedIpAddressTypes: pulumi.StringArray{pulumi.String("ipv4")},
		Tags:                    pulumi.ToStringMap(withName(args.Tags, name)),
	}
	if args.PrivateDNSName != "" {
		svcArgs.PrivateDnsName = pulumi.String(args.PrivateDNSName)
	}
	if len(args.SupportedRegions) > 0 {
		regions := slices.Sorted(slices.Values(args.SupportedRegions))
		svcArgs.SupportedRegions = pulumi.ToStringArray(slices.Compact(regions))
	}
	svc, err := ec2.NewVpcEndpointService(ctx, name, svcArgs, parent)
	if err != nil {
		return nil, err
	}
	if args.VerifyPrivateDNS {
		if _, err := vpc.NewEndpointServicePrivateDnsVerification(ctx, name+"-dns-verification", &vpc.EndpointServicePrivateDnsVerificationArgs{
			ServiceId: svc.ID(),
		}, parent); err != nil {
			return nil, err
		}
	}

	firstConfig := func(field func(ec2.VpcEndpointServicePrivateDnsNameConfiguration) *string) pulumi.StringOutput {
		return svc.PrivateDnsNameConfigurations.ApplyT(func(cs []ec2.VpcEndpointServicePrivateDnsNameConfiguration) string {
			if len(cs) == 0 || field(cs[0]) == nil {
				return ""
			}
			return *field(cs[0])
		}).(pulumi.StringOutput)
	}
	c.ServiceName = svc.ServiceName
	c.ServiceID = svc.ID().ToStringOutput()
	c.DNSNames = svc.BaseEndpointDnsNames
	c.PrivateDNSName = svc.PrivateDnsName
	c.PrivateDNSVerificationName = firstConfig(func(x ec2.VpcEndpointServicePrivateDnsNameConfiguration) *string { return x.Name })
	c.PrivateDNSVerificationValue = firstConfig(func(x ec2.VpcEndpointServicePrivateDnsNameConfiguration) *string { return x.Value })
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"serviceName":                 c.ServiceName,
		"serviceId":                   c.ServiceID,
		"dnsNames":                    c.DNSNames,
		"privateDnsName":              c.PrivateDNSName,
		"privateDnsVerificationName":  c.PrivateDNSVerificationName,
		"privateDnsVerificationValue": c.PrivateDNSVerificationValue,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// validateService checks args and returns the allowed principals after defaults.
func validateService(args *GatewayEndpointServiceArgs) ([]string, error) {
	if args.LoadBalancerArn == nil {
		return nil, errors.New("LoadBalancerArn is required (the gateway's Network Load Balancer)")
	}
	if s, ok := args.LoadBalancerArn.(pulumi.String); ok && !strings.Contains(string(s), ":loadbalancer/net/") {
		return nil, fmt.Errorf("LoadBalancerArn %q is not a Network Load Balancer's ARN: an endpoint service needs an NLB", string(s))
	}
	principals, err := AllowedPrincipals(args.AllowedPrincipals)
	if err != nil {
		return nil, err
	}
	if args.PrivateDNSName != "" && !ValidPrivateDNSName(args.PrivateDNSName) {
		return nil, fmt.Errorf("PrivateDNSName %q is not a lower-case fully qualified domain name", args.PrivateDNSName)
	}
	if args.VerifyPrivateDNS && args.PrivateDNSName == "" {
		return nil, errors.New("VerifyPrivateDNS needs a PrivateDNSName to verify")
	}
	for _, r := range args.SupportedRegions {
		if !ValidRegion(r) {
			return nil, fmt.Errorf("SupportedRegions: %q is not a region name", r)
		}
	}
	return principals, nil
}
