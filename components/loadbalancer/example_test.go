package loadbalancer_test

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/loadbalancer"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// An internet-facing NLB that admits only the Portkey control plane's addresses, with TLS
// ended at the load balancer.
func ExampleNewNetworkLoadBalancer() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		nlb, err := loadbalancer.NewNetworkLoadBalancer(ctx, "gateway", &loadbalancer.NetworkLoadBalancerArgs{
			Internal:            false,
			VpcID:               pulumi.String("vpc-0123456789abcdef0"),
			SubnetIDs:           pulumi.ToStringArray([]string{"subnet-public-a", "subnet-public-b"}),
			VpcCidr:             pulumi.String("10.0.0.0/16"),
			AllowedCidrs:        []string{"54.81.226.149/32", "34.200.113.35/32", "44.221.117.129/32"},
			CertificateArn:      "arn:aws:acm:eu-west-1:123456789012:certificate/example",
			NodeSecurityGroupID: pulumi.String("sg-0nodes"),
			DeletionProtection:  true,
		})
		if err != nil {
			return err
		}
		ctx.Export("url", pulumi.Sprintf("https://%s:%d", nlb.DNSName, nlb.ListenerPort))
		return nil
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.PlainOutputs["url"])
	listener := res.Find("aws:lb/listener:Listener", "gateway-listener")
	fmt.Println(listener.Inputs["protocol"], listener.Inputs["port"], listener.Inputs["sslPolicy"])
	for _, r := range res.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
		if cidr, ok := r.Inputs["cidrIpv4"]; ok {
			fmt.Println("admits", cidr, "on", r.Inputs["fromPort"])
		}
	}
	// Output:
	// https://gateway-37f6a0c118af3f32.elb.eu-west-1.amazonaws.com:443
	// TLS 443 ELBSecurityPolicy-TLS13-1-2-2021-06
	// admits 34.200.113.35/32 on 443
	// admits 44.221.117.129/32 on 443
	// admits 54.81.226.149/32 on 443
}
