package network

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/validate"
)

// NAT gateway layouts.
const (
	// NatSingle is one NAT gateway, in the first AZ, shared by every private subnet
	// (cheaper; the private subnets lose egress if that AZ fails).
	NatSingle = "single"
	// NatPerAz is one NAT gateway per AZ, each private subnet routed through its own.
	NatPerAz = "perAz"
)

// Subnet tags that the AWS Load Balancer Controller uses to discover subnets.
const (
	// PublicELBTag marks subnets for internet-facing load balancers.
	PublicELBTag = "kubernetes.io/role/elb"
	// InternalELBTag marks subnets for internal load balancers.
	InternalELBTag = "kubernetes.io/role/internal-elb"
)

// ExistingVpc names a VPC and subnets that already exist; the Network then creates nothing.
type ExistingVpc struct {
	// VpcID is the VPC's ID (vpc-...).
	VpcID string
	// PublicSubnetIDs are public subnets, one per AZ; needed only for internet-facing
	// load balancers (may be empty).
	PublicSubnetIDs []string
	// PrivateSubnetIDs are private subnets in at least two AZs, for the nodes.
	PrivateSubnetIDs []string
}

// NetworkArgs configures a Network. Either Existing is set (and nothing else), or the
// fields below it describe the new VPC.
type NetworkArgs struct {
	// Existing adopts an existing VPC instead of creating one.
	Existing *ExistingVpc

	// Cidr is the new VPC's IPv4 CIDR (/16 to /24), such as 10.0.0.0/16.
	Cidr string
	// AvailabilityZones lists the AZs explicitly (each checked against the zone IDs EKS
	// cannot use); empty takes the first AzCount AZs that EKS can use of
	// the region that need no opt-in.
	AvailabilityZones []string
	// AzCount is the number of AZs when AvailabilityZones is empty (2 to 6).
	AzCount int
	// NatGateways is NatSingle or NatPerAz.
	NatGateways string
	// FlowLogs sends the VPC's flow logs (all traffic) to a CloudWatch Logs group.
	FlowLogs bool
	// FlowLogsRetentionDays is the retention of that log group (required with FlowLogs).
	FlowLogsRetentionDays int
	// S3GatewayEndpoint adds an S3 gateway VPC endpoint (com.amazonaws.<region>.s3) to
	// the private route tables. It has no hourly or per-GB charge, and S3 traffic from the
	// private subnets (log writes, and ECR image layers, which ECR serves from S3) then
	// bypasses the NAT gateways and their per-GB processing charge.
	S3GatewayEndpoint bool
	// ClusterName, when set, adds the kubernetes.io/cluster/<ClusterName>=shared tag to
	// every subnet.
	ClusterName string
	// Tags are added to every resource.
	Tags map[string]string
}

// Network is a VPC for an EKS cluster: public and private subnets per AZ with the load
// balancer discovery tags, an internet gateway, NAT gateways, route tables, a default
// security group with no rules and, optionally, flow logs. With Existing it only reports
// the given IDs.
type Network struct {
	pulumi.ResourceState

	// VpcID is the VPC's ID.
	VpcID pulumi.StringOutput
	// VpcCidr is the VPC's primary IPv4 CIDR.
	VpcCidr pulumi.StringOutput
	// PublicSubnetIDs are the public subnets, in AZ order.
	PublicSubnetIDs pulumi.StringArrayOutput
	// PrivateSubnetIDs are the private subnets, in AZ order.
	PrivateSubnetIDs pulumi.StringArrayOutput
	// AvailabilityZones are the AZ names, in the order of the subnets (for an existing
	// VPC, the AZs of its private subnets).
	AvailabilityZones pulumi.StringArrayOutput
	// PrivateRouteTableIDs are the private subnets' route tables (for gateway VPC
	// endpoints); empty for an existing VPC.
	PrivateRouteTableIDs pulumi.StringArrayOutput
	// NatPublicIPs are the NAT gateways' public addresses: the VPC's egress addresses to
	// the internet; empty for an existing VPC.
	NatPublicIPs pulumi.StringArrayOutput
	// S3GatewayEndpointID is the S3 gateway endpoint's ID (vpce-...); empty without
	// S3GatewayEndpoint and for an existing VPC.
	S3GatewayEndpointID pulumi.StringOutput
}

// NewNetwork creates the VPC described by args, or adopts args.Existing. In existing mode
// it creates no resource; it looks up the VPC's CIDR and the private subnets' AZs and
// checks that the subnets are in the VPC.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	if err := args.validate(); err != nil {
		return nil, fmt.Errorf("network %q: %w", name, err)
	}
	var azs []string
	if args.Existing == nil {
		var err error
		if azs, err = availabilityZones(ctx, args); err != nil {
			return nil, fmt.Errorf("network %q: %w", name, err)
		}
	}
	comp := &Network{}
	if err := ctx.RegisterComponentResource("portkey-eks:network:Network", name, comp, opts...); err != nil {
		return nil, err
	}
	var err error
	if args.Existing != nil {
		err = comp.adopt(ctx, args.Existing)
	} else {
		err = comp.create(ctx, name, args, azs)
	}
	if err != nil {
		return nil, fmt.Errorf("network %q: %w", name, err)
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"vpcId":                comp.VpcID,
		"vpcCidr":              comp.VpcCidr,
		"publicSubnetIds":      comp.PublicSubnetIDs,
		"privateSubnetIds":     comp.PrivateSubnetIDs,
		"availabilityZones":    comp.AvailabilityZones,
		"privateRouteTableIds": comp.PrivateRouteTableIDs,
		"natPublicIps":         comp.NatPublicIPs,
		"s3GatewayEndpointId":  comp.S3GatewayEndpointID,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

func (a *NetworkArgs) validate() error {
	if a == nil {
		return fmt.Errorf("no arguments")
	}
	if e := a.Existing; e != nil {
		if a.Cidr != "" || a.AzCount != 0 || len(a.AvailabilityZones) > 0 || a.NatGateways != "" || a.FlowLogs || a.S3GatewayEndpoint {
			return fmt.Errorf("Existing adopts a VPC: leave Cidr, AzCount, AvailabilityZones, NatGateways, FlowLogs and S3GatewayEndpoint empty")
		}
		if err := validate.VpcID(e.VpcID); err != nil {
			return fmt.Errorf("existing VPC ID %w", err)
		}
		if len(e.PrivateSubnetIDs) < 2 {
			return fmt.Errorf("an existing VPC needs at least two private subnets in different AZs, got %d", len(e.PrivateSubnetIDs))
		}
		seen := map[string]bool{}
		for _, id := range slices.Concat(e.PrivateSubnetIDs, e.PublicSubnetIDs) {
			if err := validate.SubnetID(id); err != nil {
				return fmt.Errorf("subnet %w", err)
			}
			if seen[id] {
				return fmt.Errorf("subnet %s is listed twice", id)
			}
			seen[id] = true
		}
		return nil
	}
	p, err := netip.ParsePrefix(a.Cidr)
	if err != nil || !p.Addr().Is4() {
		return fmt.Errorf("Cidr %q is not an IPv4 CIDR such as 10.0.0.0/16", a.Cidr)
	}
	if p.Bits() < 16 || p.Bits() > 24 {
		return fmt.Errorf("Cidr %q: a VPC's prefix length must be /16 to /24", a.Cidr)
	}
	if n := len(a.AvailabilityZones); n > 0 {
		if a.AzCount != 0 && a.AzCount != n {
			return fmt.Errorf("AzCount %d disagrees with the %d AvailabilityZones listed; set one of them", a.AzCount, n)
		}
		if n < 2 || n > 6 {
			return fmt.Errorf("AvailabilityZones lists %d zones, want 2 to 6", n)
		}
		seen := map[string]bool{}
		for _, az := range a.AvailabilityZones {
			if err := validate.AvailabilityZone(az); err != nil {
				return fmt.Errorf("availability zone %w", err)
			}
			if seen[az] {
				return fmt.Errorf("availability zone %s is listed twice", az)
			}
			seen[az] = true
		}
	} else if a.AzCount < 2 || a.AzCount > 6 {
		return fmt.Errorf("AzCount %d: want 2 to 6 availability zones", a.AzCount)
	}
	if _, _, err := SubnetCidrs(a.Cidr, a.azCount()); err != nil {
		return err
	}
	if a.NatGateways != NatSingle && a.NatGateways != NatPerAz {
		return fmt.Errorf("NatGateways %q: want %q or %q", a.NatGateways, NatSingle, NatPerAz)
	}
	if a.FlowLogs && a.FlowLogsRetentionDays <= 0 {
		return fmt.Errorf("FlowLogsRetentionDays must be set (days) when FlowLogs is on")
	}
	return nil
}

func (a *NetworkArgs) azCount() int {
	if len(a.AvailabilityZones) > 0 {
		return len(a.AvailabilityZones)
	}
	return a.AzCount
}

// availabilityZones returns the explicit AZs (checked against their zone IDs) or the
// region's first AzCount AZs that EKS can use (see PickZones).
func availabilityZones(ctx *pulumi.Context, args *NetworkArgs) ([]string, error) {
	available := "available"
	res, err := aws.GetAvailabilityZones(ctx, &aws.GetAvailabilityZonesArgs{
		State:   &available,
		Filters: []aws.GetAvailabilityZonesFilter{{Name: "opt-in-status", Values: []string{"opt-in-not-required"}}},
	})
	if err != nil {
		return nil, fmt.Errorf("listing availability zones: %w", err)
	}
	return PickZones(res.Names, res.ZoneIds, args.AzCount, args.AvailabilityZones)
}

// tags returns the common tags plus the given ones (which win).
func tags(common map[string]string, extra map[string]string) pulumi.StringMap {
	t := maps.Clone(common)
	if t == nil {
		t = map[string]string{}
	}
	maps.Copy(t, extra)
	return pulumi.ToStringMap(t)
}

func (n *Network) create(ctx *pulumi.Context, name string, args *NetworkArgs, azs []string) error {
	parent := pulumi.Parent(n)
	publicCidrs, privateCidrs, err := SubnetCidrs(args.Cidr, len(azs))
	if err != nil {
		return err
	}
	named := func(s string) pulumi.StringMap { return tags(args.Tags, map[string]string{"Name": s}) }

	vpc, err := ec2.NewVpc(ctx, name+"-vpc", &ec2.VpcArgs{
		CidrBlock:          pulumi.String(args.Cidr),
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true),
		Tags:               named(name),
	}, parent)
	if err != nil {
		return err
	}
	// Adopt the VPC's default security group and leave it without rules, so nothing that
	// falls back to it gets any traffic.
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  named(name + "-default-no-rules"),
	}, parent); err != nil {
		return err
	}
	igw, err := ec2.NewInternetGateway(ctx, name+"-igw", &ec2.InternetGatewayArgs{
		VpcId: vpc.ID(),
		Tags:  named(name),
	}, parent)
	if err != nil {
		return err
	}
	publicRT, err := ec2.NewRouteTable(ctx, name+"-public", &ec2.RouteTableArgs{
		VpcId: vpc.ID(),
		Tags:  named(name + "-public"),
	}, parent)
	if err != nil {
		return err
	}
	if _, err := ec2.NewRoute(ctx, name+"-public-internet", &ec2.RouteArgs{
		RouteTableId:         publicRT.ID(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
		GatewayId:            igw.ID(),
	}, parent); err != nil {
		return err
	}

	clusterTag := map[string]string{}
	if args.ClusterName != "" {
		clusterTag["kubernetes.io/cluster/"+args.ClusterName] = "shared"
	}
	var publicIDs, privateIDs, privateRTs, natIPs pulumi.StringArray
	var nats []*ec2.NatGateway
	for i, az := range azs {
		sub, err := ec2.NewSubnet(ctx, fmt.Sprintf("%s-public-%s", name, az), &ec2.SubnetArgs{
			VpcId:            vpc.ID(),
			CidrBlock:        pulumi.String(publicCidrs[i]),
			AvailabilityZone: pulumi.String(az),
			// Only load balancers and NAT gateways live here; they get their addresses
			// explicitly, so nothing is given a public IP by default.
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                tags(args.Tags, merge(clusterTag, map[string]string{"Name": name + "-public-" + az, PublicELBTag: "1"})),
		}, parent)
		if err != nil {
			return err
		}
		publicIDs = append(publicIDs, sub.ID())
		if _, err := ec2.NewRouteTableAssociation(ctx, fmt.Sprintf("%s-public-%s", name, az), &ec2.RouteTableAssociationArgs{
			SubnetId:     sub.ID(),
			RouteTableId: publicRT.ID(),
		}, parent); err != nil {
			return err
		}
		if args.NatGateways == NatPerAz || i == 0 {
			eip, err := ec2.NewEip(ctx, fmt.Sprintf("%s-nat-%s", name, az), &ec2.EipArgs{
				Domain: pulumi.String("vpc"),
				Tags:   named(name + "-nat-" + az),
			}, parent)
			if err != nil {
				return err
			}
			// A public NAT gateway only works once the VPC has an internet gateway; that
			// order is not visible in the data, hence the explicit dependency.
			nat, err := ec2.NewNatGateway(ctx, fmt.Sprintf("%s-%s", name, az), &ec2.NatGatewayArgs{
				AllocationId:     eip.ID(),
				SubnetId:         sub.ID(),
				ConnectivityType: pulumi.String("public"),
				Tags:             named(name + "-" + az),
			}, parent, pulumi.DependsOn([]pulumi.Resource{igw}))
			if err != nil {
				return err
			}
			nats = append(nats, nat)
			natIPs = append(natIPs, eip.PublicIp)
		}
	}
	for i, az := range azs {
		sub, err := ec2.NewSubnet(ctx, fmt.Sprintf("%s-private-%s", name, az), &ec2.SubnetArgs{
			VpcId:               vpc.ID(),
			CidrBlock:           pulumi.String(privateCidrs[i]),
			AvailabilityZone:    pulumi.String(az),
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                tags(args.Tags, merge(clusterTag, map[string]string{"Name": name + "-private-" + az, InternalELBTag: "1"})),
		}, parent)
		if err != nil {
			return err
		}
		privateIDs = append(privateIDs, sub.ID())
		rt, err := ec2.NewRouteTable(ctx, fmt.Sprintf("%s-private-%s", name, az), &ec2.RouteTableArgs{
			VpcId: vpc.ID(),
			Tags:  named(name + "-private-" + az),
		}, parent)
		if err != nil {
			return err
		}
		privateRTs = append(privateRTs, rt.ID())
		nat := nats[0]
		if args.NatGateways == NatPerAz {
			nat = nats[i]
		}
		if _, err := ec2.NewRoute(ctx, fmt.Sprintf("%s-private-%s-nat", name, az), &ec2.RouteArgs{
			RouteTableId:         rt.ID(),
			DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
			NatGatewayId:         nat.ID(),
		}, parent); err != nil {
			return err
		}
		if _, err := ec2.NewRouteTableAssociation(ctx, fmt.Sprintf("%s-private-%s", name, az), &ec2.RouteTableAssociationArgs{
			SubnetId:     sub.ID(),
			RouteTableId: rt.ID(),
		}, parent); err != nil {
			return err
		}
	}

	if args.FlowLogs {
		if err := n.flowLogs(ctx, name, args, vpc); err != nil {
			return err
		}
	}
	n.S3GatewayEndpointID = pulumi.String("").ToStringOutput()
	if args.S3GatewayEndpoint {
		id, err := n.s3GatewayEndpoint(ctx, name, args, vpc, privateRTs)
		if err != nil {
			return err
		}
		n.S3GatewayEndpointID = id
	}

	n.VpcID = vpc.ID().ToStringOutput()
	n.VpcCidr = vpc.CidrBlock
	n.PublicSubnetIDs = publicIDs.ToStringArrayOutput()
	n.PrivateSubnetIDs = privateIDs.ToStringArrayOutput()
	n.AvailabilityZones = pulumi.ToStringArray(azs).ToStringArrayOutput()
	n.PrivateRouteTableIDs = privateRTs.ToStringArrayOutput()
	n.NatPublicIPs = natIPs.ToStringArrayOutput()
	return nil
}

// flowLogs sends the VPC's flow logs to a new CloudWatch Logs group through a role that
// only flow logs of this account can assume and that may only write to that group.
func (n *Network) flowLogs(ctx *pulumi.Context, name string, args *NetworkArgs, vpc *ec2.Vpc) error {
	parent := pulumi.Parent(n)
	partition, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{})
	if err != nil {
		return fmt.Errorf("flow logs: %w", err)
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{})
	if err != nil {
		return fmt.Errorf("flow logs: %w", err)
	}
	caller, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{})
	if err != nil {
		return fmt.Errorf("flow logs: %w", err)
	}
	trust, err := FlowLogsTrustPolicy(partition.Partition, region.Name, caller.AccountId)
	if err != nil {
		return err
	}
	named := func(s string) pulumi.StringMap { return tags(args.Tags, map[string]string{"Name": s}) }
	group, err := cloudwatch.NewLogGroup(ctx, name+"-flow-logs", &cloudwatch.LogGroupArgs{
		NamePrefix:      pulumi.String("/aws/vpc-flow-logs/" + name + "-"),
		RetentionInDays: pulumi.Int(args.FlowLogsRetentionDays),
		Tags:            named(name + "-flow-logs"),
	}, parent)
	if err != nil {
		return err
	}
	role, err := iam.NewRole(ctx, name+"-flow-logs", &iam.RoleArgs{
		Description:      pulumi.String("VPC flow logs of " + name + " write to CloudWatch Logs"),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             named(name + "-flow-logs"),
	}, parent)
	if err != nil {
		return err
	}
	policy, err := iam.NewRolePolicy(ctx, name+"-flow-logs", &iam.RolePolicyArgs{
		Role: role.Name,
		Policy: group.Arn.ApplyT(func(arn string) (string, error) {
			return FlowLogsPolicy(arn)
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return err
	}
	// The role is passed through the policy's name so the flow log waits until the role
	// may write (a data dependency instead of DependsOn).
	roleArn := pulumi.All(role.Arn, policy.Name).ApplyT(func(v []any) string { return v[0].(string) }).(pulumi.StringOutput)
	_, err = ec2.NewFlowLog(ctx, name, &ec2.FlowLogArgs{
		VpcId:                  vpc.ID(),
		TrafficType:            pulumi.String("ALL"),
		LogDestinationType:     pulumi.String("cloud-watch-logs"),
		LogDestination:         group.Arn,
		IamRoleArn:             roleArn,
		MaxAggregationInterval: pulumi.Int(60),
		Tags:                   named(name + "-flow-logs"),
	}, parent)
	return err
}

// S3ServiceName is the service name of S3's gateway endpoint in region.
func S3ServiceName(region string) string { return "com.amazonaws." + region + ".s3" }

// s3GatewayEndpoint adds the S3 gateway endpoint to the private route tables (the public
// subnets hold only NAT gateways and load balancers, which do not call S3).
func (n *Network) s3GatewayEndpoint(ctx *pulumi.Context, name string, args *NetworkArgs, vpc *ec2.Vpc, privateRTs pulumi.StringArray) (pulumi.StringOutput, error) {
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{})
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("S3 gateway endpoint: %w", err)
	}
	// No Policy: the endpoint keeps AWS's default policy, which allows every S3 request
	// through it. An endpoint policy only narrows what IAM and bucket policies already
	// allow, and a narrow one breaks things outside this stack: ECR serves image layers
	// from AWS-owned buckets (prod-<region>-starport-layer-bucket) that no policy here
	// can list exhaustively, and EKS add-ons, SSM and the nodes' own tooling read other
	// AWS buckets. Access to the log bucket is controlled by its bucket policy and the
	// gateway's IAM role, not by this route.
	ep, err := ec2.NewVpcEndpoint(ctx, name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           vpc.ID(),
		ServiceName:     pulumi.String(S3ServiceName(region.Name)),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   privateRTs,
		Tags:            tags(args.Tags, map[string]string{"Name": name + "-s3"}),
	}, pulumi.Parent(n))
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return ep.ID().ToStringOutput(), nil
}

// adopt fills the outputs from an existing VPC after checking it with lookups.
func (n *Network) adopt(ctx *pulumi.Context, e *ExistingVpc) error {
	vpc, err := ec2.LookupVpc(ctx, &ec2.LookupVpcArgs{Id: &e.VpcID})
	if err != nil {
		return fmt.Errorf("looking up VPC %s: %w", e.VpcID, err)
	}
	var azs []string
	seen := map[string]bool{}
	for _, id := range slices.Concat(e.PrivateSubnetIDs, e.PublicSubnetIDs) {
		// Filtering on the VPC makes a subnet of another VPC an error here.
		sub, err := ec2.LookupSubnet(ctx, &ec2.LookupSubnetArgs{Id: &id, VpcId: &e.VpcID})
		if err != nil {
			return fmt.Errorf("looking up subnet %s in VPC %s: %w", id, e.VpcID, err)
		}
		if sub.VpcId != e.VpcID {
			return fmt.Errorf("subnet %s is in %s, not in VPC %s", id, sub.VpcId, e.VpcID)
		}
		if slices.Contains(e.PrivateSubnetIDs, id) {
			azs = append(azs, sub.AvailabilityZone)
			seen[sub.AvailabilityZone] = true
		}
	}
	if len(seen) < 2 {
		return fmt.Errorf("the private subnets %v are all in %v: the nodes need at least two availability zones", e.PrivateSubnetIDs, azs)
	}
	n.VpcID = pulumi.String(vpc.Id).ToStringOutput()
	n.VpcCidr = pulumi.String(vpc.CidrBlock).ToStringOutput()
	n.PublicSubnetIDs = pulumi.ToStringArray(e.PublicSubnetIDs).ToStringArrayOutput()
	n.PrivateSubnetIDs = pulumi.ToStringArray(e.PrivateSubnetIDs).ToStringArrayOutput()
	n.AvailabilityZones = pulumi.ToStringArray(azs).ToStringArrayOutput()
	n.PrivateRouteTableIDs = pulumi.StringArray{}.ToStringArrayOutput()
	n.NatPublicIPs = pulumi.StringArray{}.ToStringArrayOutput()
	n.S3GatewayEndpointID = pulumi.String("").ToStringOutput()
	return nil
}

func merge(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}
