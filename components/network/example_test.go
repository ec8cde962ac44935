package network_test

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/network"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// A dev-sized VPC: two AZs, one NAT gateway, subnets tagged for the cluster "portkey-dev".
func ExampleNewNetwork() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		vpc, err := network.NewNetwork(ctx, "dev", &network.NetworkArgs{
			Cidr:        "10.0.0.0/16",
			AzCount:     2,
			NatGateways: network.NatSingle,
			ClusterName: "portkey-dev",
		})
		if err != nil {
			return err
		}
		ctx.Export("privateSubnetIds", vpc.PrivateSubnetIDs)
		ctx.Export("availabilityZones", vpc.AvailabilityZones)
		return nil
	}, synth.Options{Stack: "dev", Config: map[string]string{"aws:region": "us-east-1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res.ByType("aws:ec2/subnet:Subnet") {
		fmt.Println(s.Name, s.Inputs["cidrBlock"])
	}
	fmt.Println("NAT gateways:", len(res.ByType("aws:ec2/natGateway:NatGateway")))
	fmt.Println("AZs:", res.PlainOutputs["availabilityZones"])
	// Output:
	// dev-private-us-east-1a 10.0.0.0/18
	// dev-private-us-east-1b 10.0.64.0/18
	// dev-public-us-east-1a 10.0.128.0/19
	// dev-public-us-east-1b 10.0.160.0/19
	// NAT gateways: 1
	// AZs: [us-east-1a us-east-1b]
}
