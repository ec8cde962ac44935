package loadbalancer

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/portkey-eks/portkey-eks/vocab"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NetworkLoadBalancerArgs configures the gateway's Network Load Balancer.
type NetworkLoadBalancerArgs struct {
	// Internal makes the load balancer internal (private addresses only); false makes it
	// internet-facing.
	Internal bool
	// VpcID is the VPC of the load balancer, its security group and its target group.
	VpcID pulumi.StringInput
	// SubnetIDs are the subnets the load balancer has a node in, one per AZ: public subnets
	// for an internet-facing load balancer, private ones for an internal one. The caller
	// picks them.
	SubnetIDs pulumi.StringArrayInput
	// VpcCidr is the VPC's IPv4 CIDR, admitted on the listener when AllowedCidrs is empty.
	VpcCidr pulumi.StringInput
	// AllowedCidrs are the IPv4 CIDRs admitted on the listener port: the client CIDRs plus,
	// in IP allow-list mode, the control plane's /32s (the caller merges them). Empty admits
	// VpcCidr only. 0.0.0.0/0 is never added unless it is in this list.
	AllowedCidrs []string
	// Port is the listener port; 0 means 443 with a certificate, else 8787.
	Port int
	// CertificateArn is an ACM certificate ARN. When set the listener is TLS with the
	// TLSPolicy security policy and the load balancer terminates TLS; when empty it is TCP.
	CertificateArn string
	// TargetPort is the gateway pods' port, the target group's port and health-check port;
	// 0 means 8787.
	TargetPort int
	// NodeSecurityGroupID is the security group of the gateway's pods (the cluster's node
	// or pod security group): it gets an ingress rule admitting TargetPort from the load
	// balancer's security group.
	NodeSecurityGroupID pulumi.StringInput
	// DeletionProtection turns on the load balancer's deletion protection (AWS refuses to
	// delete it until it is turned off again).
	DeletionProtection bool
	// ExemptPrivateLinkTraffic stops the load balancer's security group from filtering
	// traffic that arrives through a VPC endpoint service (AWS PrivateLink). Set it when the
	// load balancer fronts an endpoint service: that traffic comes from the consumer's
	// private addresses, which are unknown here, and the endpoint service's allowed
	// principals and connection acceptance control it instead.
	ExemptPrivateLinkTraffic bool
	// Tags are added to every AWS resource created (with a Name tag per resource).
	Tags map[string]string
}

// NetworkLoadBalancer is the gateway's Network Load Balancer: the load balancer (cross-zone,
// with its own security group), a TCP or TLS listener, an "ip" target group on the
// gateway's port with an HTTP health check on /v1/health, and the security-group rules
// between clients, the load balancer and the gateway's pods. The gateway's Service is bound
// to TargetGroupArn by a TargetGroupBinding of the AWS Load Balancer Controller.
type NetworkLoadBalancer struct {
	pulumi.ResourceState

	// LoadBalancerArn is the load balancer's ARN (for a VPC endpoint service).
	LoadBalancerArn pulumi.StringOutput
	// DNSName is the load balancer's DNS name.
	DNSName pulumi.StringOutput
	// ZoneID is the Route 53 hosted zone ID of DNSName, for alias records.
	ZoneID pulumi.StringOutput
	// TargetGroupArn is the target group's ARN, for the TargetGroupBinding.
	TargetGroupArn pulumi.StringOutput
	// SecurityGroupID is the load balancer's security group.
	SecurityGroupID pulumi.StringOutput
	// ListenerArn is the listener's ARN.
	ListenerArn pulumi.StringOutput
	// ListenerPort is the listener's port, as an output of the listener.
	ListenerPort pulumi.IntOutput

	// Port and Protocol are the listener's port and protocol (TCP or TLS), known when the
	// component is constructed.
	Port     int
	Protocol string
	// IngressCidrs are the CIDRs admitted on the listener (empty: the VPC CIDR only).
	IngressCidrs []string
}

// NewNetworkLoadBalancer creates the gateway's Network Load Balancer and its security
// groups rules. It returns an error, before registering anything, when args are invalid.
func NewNetworkLoadBalancer(ctx *pulumi.Context, name string, args *NetworkLoadBalancerArgs, opts ...pulumi.ResourceOption) (*NetworkLoadBalancer, error) {
	if args == nil {
		return nil, errors.New("loadbalancer: args are required")
	}
	cidrs, err := validate(args)
	if err != nil {
		return nil, fmt.Errorf("loadbalancer %q: %w", name, err)
	}
	targetPort := args.TargetPort
	if targetPort == 0 {
		targetPort = vocab.GatewayPort
	}
	port := ListenerPort(args.Port, args.CertificateArn)
	protocol := ListenerProtocol(args.CertificateArn)

	c := &NetworkLoadBalancer{Port: port, Protocol: protocol, IngressCidrs: cidrs}
	if err := ctx.RegisterComponentResource("portkey-eks:loadbalancer:NetworkLoadBalancer", name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(n string) pulumi.StringMap { return pulumi.ToStringMap(withName(args.Tags, n)) }

	sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       args.VpcID,
		Description: pulumi.String("Portkey gateway network load balancer"),
		Tags:        tags(name + "-sg"),
	}, parent)
	if err != nil {
		return nil, err
	}

	// Clients: one rule per admitted CIDR on the listener port, named after the CIDR so a
	// change to the list touches only the rules it changes.
	if len(cidrs) == 0 {
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, name+"-in-vpc", &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String("Clients in the VPC to the gateway listener"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        args.VpcCidr,
			Tags:            tags(name + "-in-vpc"),
		}, parent); err != nil {
			return nil, err
		}
	}
	for _, cidr := range cidrs {
		rn := name + "-in-" + cidrSlug(cidr)
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, rn, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(),
			Description:     pulumi.String("Allowed clients to the gateway listener"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        pulumi.String(cidr),
			Tags:            tags(rn),
		}, parent); err != nil {
			return nil, err
		}
	}
	// Load balancer to pods: traffic and health checks (health checks obey outbound rules
	// only), and the matching ingress on the pods' security group.
	if _, err := vpc.NewSecurityGroupEgressRule(ctx, name+"-to-pods", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId:           sg.ID(),
		Description:               pulumi.String("Gateway traffic and health checks to the pods"),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(targetPort),
		ToPort:                    pulumi.Int(targetPort),
		ReferencedSecurityGroupId: args.NodeSecurityGroupID,
		Tags:                      tags(name + "-to-pods"),
	}, parent); err != nil {
		return nil, err
	}
	if _, err := vpc.NewSecurityGroupIngressRule(ctx, name+"-pods-from-nlb", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId:           args.NodeSecurityGroupID,
		Description:               pulumi.String("Gateway traffic and health checks from its network load balancer"),
		IpProtocol:                pulumi.String("tcp"),
		FromPort:                  pulumi.Int(targetPort),
		ToPort:                    pulumi.Int(targetPort),
		ReferencedSecurityGroupId: sg.ID(),
		Tags:                      tags(name + "-pods-from-nlb"),
	}, parent); err != nil {
		return nil, err
	}

	privateLinkRules := "on"
	if args.ExemptPrivateLinkTraffic {
		privateLinkRules = "off"
	}
	nlb, err := lb.NewLoadBalancer(ctx, name, &lb.LoadBalancerArgs{
		LoadBalancerType:             pulumi.String("network"),
		Internal:                     pulumi.Bool(args.Internal),
		IpAddressType:                pulumi.String("ipv4"),
		Subnets:                      args.SubnetIDs,
		SecurityGroups:               pulumi.StringArray{sg.ID()},
		EnableCrossZoneLoadBalancing: pulumi.Bool(true),
		EnableDeletionProtection:     pulumi.Bool(args.DeletionProtection),
		EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: pulumi.String(privateLinkRules),
		Tags: tags(name),
	}, parent)
	if err != nil {
		return nil, err
	}

	tg, err := lb.NewTargetGroup(ctx, name+"-tg", &lb.TargetGroupArgs{
		TargetType:    pulumi.String("ip"),
		Protocol:      pulumi.String("TCP"),
		Port:          pulumi.Int(targetPort),
		IpAddressType: pulumi.String("ipv4"),
		VpcId:         args.VpcID,
		// Drain for vocab.DeregistrationDelaySeconds (not the default 300 s): the gateway's
		// preStop sleep outlasts it, so a terminating pod serves until the NLB lets go.
		DeregistrationDelay: pulumi.Int(vocab.DeregistrationDelaySeconds),
		HealthCheck: &lb.TargetGroupHealthCheckArgs{
			Enabled:            pulumi.Bool(true),
			Protocol:           pulumi.String("HTTP"),
			Path:               pulumi.String(vocab.HealthPath),
			Port:               pulumi.String(strconv.Itoa(targetPort)),
			Matcher:            pulumi.String("200"),
			Interval:           pulumi.Int(10),
			Timeout:            pulumi.Int(5),
			HealthyThreshold:   pulumi.Int(3),
			UnhealthyThreshold: pulumi.Int(3),
		},
		Tags: tags(name + "-tg"),
	}, parent)
	if err != nil {
		return nil, err
	}

	listenerArgs := &lb.ListenerArgs{
		LoadBalancerArn: nlb.Arn,
		Port:            pulumi.Int(port),
		Protocol:        pulumi.String(protocol),
		DefaultActions: lb.ListenerDefaultActionArray{
			&lb.ListenerDefaultActionArgs{Type: pulumi.String("forward"), TargetGroupArn: tg.Arn},
		},
		Tags: tags(name + "-listener"),
	}
	if protocol == ProtocolTLS {
		listenerArgs.CertificateArn = pulumi.String(args.CertificateArn)
		listenerArgs.SslPolicy = pulumi.String(vocab.TLSPolicy)
	}
	listener, err := lb.NewListener(ctx, name+"-listener", listenerArgs, parent)
	if err != nil {
		return nil, err
	}

	c.LoadBalancerArn = nlb.Arn
	c.DNSName = nlb.DnsName
	c.ZoneID = nlb.ZoneId
	c.TargetGroupArn = tg.Arn
	c.SecurityGroupID = sg.ID().ToStringOutput()
	c.ListenerArn = listener.Arn
	c.ListenerPort = listener.Port.Elem()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"loadBalancerArn": c.LoadBalancerArn,
		"dnsName":         c.DNSName,
		"zoneId":          c.ZoneID,
		"targetGroupArn":  c.TargetGroupArn,
		"securityGroupId": c.SecurityGroupID,
		"listenerArn":     c.ListenerArn,
		"listenerPort":    c.ListenerPort,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// validate checks args and returns the normalised client CIDRs.
func validate(args *NetworkLoadBalancerArgs) ([]string, error) {
	if args.VpcID == nil {
		return nil, errors.New("VpcID is required")
	}
	if args.SubnetIDs == nil {
		return nil, errors.New("SubnetIDs is required")
	}
	if ids, ok := args.SubnetIDs.(pulumi.StringArray); ok && len(ids) == 0 {
		return nil, errors.New("SubnetIDs is empty: give one subnet per availability zone")
	}
	if args.NodeSecurityGroupID == nil {
		return nil, errors.New("NodeSecurityGroupID is required: the gateway pods' security group must admit the load balancer")
	}
	if args.Port != 0 && !validPort(args.Port) {
		return nil, fmt.Errorf("Port %d is not a TCP port (1 to 65535)", args.Port)
	}
	if args.TargetPort != 0 && !validPort(args.TargetPort) {
		return nil, fmt.Errorf("TargetPort %d is not a TCP port (1 to 65535)", args.TargetPort)
	}
	cidrs, err := IngressCidrs(args.AllowedCidrs)
	if err != nil {
		return nil, err
	}
	if len(cidrs) == 0 && args.VpcCidr == nil {
		return nil, errors.New("VpcCidr is required when AllowedCidrs is empty (the VPC CIDR is then the only client range)")
	}
	return cidrs, nil
}
