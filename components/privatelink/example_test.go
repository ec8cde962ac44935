package privatelink_test

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/privatelink"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// PrivateLink both ways from a gateway in eu-west-1: a cross-region endpoint to Portkey's
// control plane in us-east-1, and an endpoint service in front of the gateway's NLB that
// only Portkey's control plane may connect to.
func Example() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		out, err := privatelink.NewControlPlaneEndpoint(ctx, "control-plane", &privatelink.ControlPlaneEndpointArgs{
			Region:                 "eu-west-1",
			VpcID:                  pulumi.String("vpc-0123456789abcdef0"),
			SubnetIDs:              pulumi.ToStringArray([]string{"subnet-private-a", "subnet-private-b"}),
			ClientSecurityGroupIDs: []pulumi.StringInput{pulumi.String("sg-0nodes")},
		})
		if err != nil {
			return err
		}
		in, err := privatelink.NewGatewayEndpointService(ctx, "inbound", &privatelink.GatewayEndpointServiceArgs{
			LoadBalancerArn: pulumi.String("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/gateway/0123456789abcdef"),
			PrivateDNSName:  "gateway.example.com",
		})
		if err != nil {
			return err
		}
		fmt.Println("cross-region:", out.CrossRegion, out.ServiceRegion)
		ctx.Export("serviceName", in.ServiceName)
		ctx.Export("txtName", in.PrivateDNSVerificationName)
		return nil
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ep := res.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "control-plane")
	fmt.Println(ep.Inputs["serviceName"], "from", ep.Inputs["serviceRegion"])
	dns := res.Find("aws:vpc/endpointPrivateDns:EndpointPrivateDns", "control-plane-private-dns")
	fmt.Println("private DNS:", dns.Inputs["privateDnsEnabled"])
	svc := res.Find("aws:ec2/vpcEndpointService:VpcEndpointService", "inbound")
	fmt.Println("allowed:", svc.Inputs["allowedPrincipals"], "acceptance required:", svc.Inputs["acceptanceRequired"])
	fmt.Println("send to Portkey:", res.PlainOutputs["serviceName"])
	fmt.Println("TXT record:", res.PlainOutputs["txtName"])
	// Output:
	// cross-region: true us-east-1
	// com.amazonaws.vpce.us-east-1.vpce-svc-0c2c1c323d9f56d95 from us-east-1
	// private DNS: true
	// allowed: [arn:aws:iam::299329113195:root] acceptance required: true
	// send to Portkey: com.amazonaws.vpce.eu-west-1.vpce-svc-9f9416d0236d8c999
	// TXT record: _a13586d9841d6f1b1ef6
}
