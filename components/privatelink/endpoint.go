package privatelink

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ControlPlaneEndpointArgs configures the interface endpoint from the gateway's VPC to the
// Portkey control plane.
type ControlPlaneEndpointArgs struct {
	// ServiceName is the control plane's endpoint service; empty means
	// DefaultControlPlaneServiceName.
	ServiceName string
	// ServiceRegion is the region of that endpoint service; empty means the region in the
	// service name, else DefaultControlPlaneRegion.
	ServiceRegion string
	// Region is the stack's region, where the endpoint is created. Required.
	Region string
	// VpcID is the gateway's VPC.
	VpcID pulumi.StringInput
	// SubnetIDs are private subnets in at least two availability zones; the endpoint gets a
	// network interface in each.
	SubnetIDs pulumi.StringArrayInput
	// ClientSecurityGroupIDs are the security groups of the gateway's nodes or pods: each
	// gets its own rule admitting HTTPS (443) to the endpoint. At least one.
	ClientSecurityGroupIDs []pulumi.StringInput
	// DeferPrivateDNS leaves private DNS off. Set it on a first deployment if Portkey has
	// not yet accepted the connection (the endpoint then stays pendingAcceptance and AWS
	// refuses to turn on private DNS); clear it and deploy again once the endpoint is
	// available. The gateway's aws-cp.portkey.ai base paths resolve only with private DNS on.
	DeferPrivateDNS bool
	// Tags are added to every AWS resource created (with a Name tag per resource).
	Tags map[string]string
}

// ControlPlaneEndpoint is an interface VPC endpoint to Portkey's control plane, with its own
// security group, and private DNS so the gateway reaches https://aws-cp.portkey.ai through
// it.
type ControlPlaneEndpoint struct {
	pulumi.ResourceState

	// EndpointID is the VPC endpoint's ID.
	EndpointID pulumi.StringOutput
	// DNSEntries are the endpoint's own DNS names, as AWS lists them (the regional name,
	// then one per availability zone).
	DNSEntries pulumi.StringArrayOutput
	// State is the endpoint's state: pendingAcceptance until Portkey accepts it, then
	// available.
	State pulumi.StringOutput
	// SecurityGroupID is the endpoint's security group.
	SecurityGroupID pulumi.StringOutput

	// ServiceName and ServiceRegion are the endpoint service reached, after defaults.
	ServiceName   string
	ServiceRegion string
	// CrossRegion is true when the endpoint reaches the service in another region.
	CrossRegion bool
	// PrivateDNS is true when this component turns on the endpoint's private DNS.
	PrivateDNS bool
}

// NewControlPlaneEndpoint creates the interface endpoint to the Portkey control plane, its
// security group and rules, and (unless deferred) turns its private DNS on. It returns an
// error, before registering anything, when args are invalid.
func NewControlPlaneEndpoint(ctx *pulumi.Context, name string, args *ControlPlaneEndpointArgs, opts ...pulumi.ResourceOption) (*ControlPlaneEndpoint, error) {
	if args == nil {
		return nil, errors.New("privatelink: args are required")
	}
	serviceName, serviceRegion, err := validateEndpoint(args)
	if err != nil {
		return nil, fmt.Errorf("privatelink endpoint %q: %w", name, err)
	}
	c := &ControlPlaneEndpoint{
		ServiceName:   serviceName,
		ServiceRegion: serviceRegion,
		CrossRegion:   IsCrossRegion(args.Region, serviceRegion),
		PrivateDNS:    !args.DeferPrivateDNS,
	}
	if err := ctx.RegisterComponentResource("portkey-eks:privatelink:ControlPlaneEndpoint", name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(n string) pulumi.StringMap { return pulumi.ToStringMap(withName(args.Tags, n)) }

	// No egress rule: an interface endpoint only answers connections.
	sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       args.VpcID,
		Description: pulumi.String("Portkey control plane interface endpoint"),
		Tags:        tags(name + "-sg"),
	}, parent)
	if err != nil {
		return nil, err
	}
	for i, client := range args.ClientSecurityGroupIDs {
		rn := fmt.Sprintf("%s-https-from-%d", name, i)
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, rn, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           sg.ID(),
			Description:               pulumi.String("HTTPS from the gateway to the Portkey control plane"),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(HTTPSPort),
			ToPort:                    pulumi.Int(HTTPSPort),
			ReferencedSecurityGroupId: client,
			Tags:                      tags(rn),
		}, parent); err != nil {
			return nil, err
		}
	}

	epArgs := &ec2.VpcEndpointArgs{
		VpcId:            args.VpcID,
		VpcEndpointType:  pulumi.String("Interface"),
		ServiceName:      pulumi.String(serviceName),
		SubnetIds:        args.SubnetIDs,
		SecurityGroupIds: pulumi.StringArray{sg.ID()},
		Tags:             tags(name),
	}
	if c.CrossRegion {
		epArgs.ServiceRegion = pulumi.String(serviceRegion)
	}
	// Private DNS is owned by the EndpointPrivateDns resource below (the guide's "Modify
	// private DNS name" after creation), so the endpoint leaves it unset and ignores it.
	ep, err := ec2.NewVpcEndpoint(ctx, name, epArgs, parent, pulumi.IgnoreChanges([]string{"privateDnsEnabled"}))
	if err != nil {
		return nil, err
	}
	if !args.DeferPrivateDNS {
		if _, err := vpc.NewEndpointPrivateDns(ctx, name+"-private-dns", &vpc.EndpointPrivateDnsArgs{
			VpcEndpointId:     ep.ID(),
			PrivateDnsEnabled: pulumi.Bool(true),
		}, parent); err != nil {
			return nil, err
		}
	}

	c.EndpointID = ep.ID().ToStringOutput()
	c.DNSEntries = ep.DnsEntries.ApplyT(func(entries []ec2.VpcEndpointDnsEntry) []string {
		out := []string{}
		for _, e := range entries {
			if e.DnsName != nil {
				out = append(out, *e.DnsName)
			}
		}
		return out
	}).(pulumi.StringArrayOutput)
	c.State = ep.State
	c.SecurityGroupID = sg.ID().ToStringOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"endpointId":      c.EndpointID,
		"dnsEntries":      c.DNSEntries,
		"state":           c.State,
		"securityGroupId": c.SecurityGroupID,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// validateEndpoint checks args and returns the service name and region after defaults.
func validateEndpoint(args *ControlPlaneEndpointArgs) (string, string, error) {
	serviceName := strings.TrimSpace(args.ServiceName)
	if serviceName == "" {
		serviceName = DefaultControlPlaneServiceName
	}
	nameRegion, named := ServiceNameRegion(serviceName)
	if !named && !strings.HasPrefix(serviceName, "com.amazonaws.") {
		return "", "", fmt.Errorf("ServiceName %q is not an endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-<id>)", serviceName)
	}
	serviceRegion := strings.TrimSpace(args.ServiceRegion)
	switch {
	case serviceRegion == "" && named:
		serviceRegion = nameRegion
	case serviceRegion == "":
		serviceRegion = DefaultControlPlaneRegion
	}
	if !ValidRegion(serviceRegion) {
		return "", "", fmt.Errorf("ServiceRegion %q is not a region name", serviceRegion)
	}
	if named && nameRegion != serviceRegion {
		return "", "", fmt.Errorf("ServiceName %q is in %s, but ServiceRegion is %s", serviceName, nameRegion, serviceRegion)
	}
	if !ValidRegion(args.Region) {
		return "", "", fmt.Errorf("Region %q is not a region name (the stack's region, such as eu-west-1)", args.Region)
	}
	if args.VpcID == nil {
		return "", "", errors.New("VpcID is required")
	}
	if args.SubnetIDs == nil {
		return "", "", errors.New("SubnetIDs is required")
	}
	if ids, ok := args.SubnetIDs.(pulumi.StringArray); ok && len(ids) < 2 {
		return "", "", fmt.Errorf("SubnetIDs has %d subnet(s): give private subnets in at least two availability zones", len(ids))
	}
	if len(args.ClientSecurityGroupIDs) == 0 {
		return "", "", errors.New("ClientSecurityGroupIDs is empty: the endpoint would admit no one (give the gateway's node or pod security group)")
	}
	for i, sg := range args.ClientSecurityGroupIDs {
		if sg == nil {
			return "", "", fmt.Errorf("ClientSecurityGroupIDs[%d] is nil", i)
		}
	}
	return serviceName, serviceRegion, nil
}
