package cluster_test

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// A private cluster with one group of t4g.medium nodes over two AZs, used alone: the VPC
// and subnets are given as plain IDs.
func ExampleNewCluster() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		c, err := cluster.NewCluster(ctx, "eks", &cluster.ClusterArgs{
			Name:             "portkey-dev",
			Version:          "1.35",
			VpcID:            pulumi.String("vpc-0123456789abcdef0"),
			PrivateSubnetIDs: pulumi.ToStringArray([]string{"subnet-00000000000000001", "subnet-00000000000000002"}),
			LogTypes:         cluster.RequiredLogTypes,
			LogRetentionDays: 30,
			NodeGroups: []cluster.NodeGroup{{
				Name:          "general",
				InstanceTypes: []string{"t4g.medium"},
				MinSize:       2, DesiredSize: 2, MaxSize: 4,
				DiskSizeGiB: 50,
			}},
		})
		if err != nil {
			return err
		}
		ctx.Export("oidcIssuer", c.OidcIssuer)
		return nil
	}, synth.Options{Stack: "dev", Config: map[string]string{"aws:region": "us-east-1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	eks := res.Find("aws:eks/cluster:Cluster", "eks-eksCluster")
	fmt.Println("public endpoint:", synth.Get(eks.Inputs, "vpcConfig.endpointPublicAccess"))
	fmt.Println("logs:", eks.Inputs["enabledClusterLogTypes"])
	for _, ng := range res.ByType("aws:eks/nodeGroup:NodeGroup") {
		fmt.Println("node group:", ng.Name, ng.Inputs["amiType"], ng.Inputs["instanceTypes"], ng.Inputs["subnetIds"])
	}
	lt := res.Find("aws:ec2/launchTemplate:LaunchTemplate", "eks-general")
	fmt.Println("IMDS:", synth.Get(lt.Inputs, "metadataOptions.httpTokens"), "hop limit", synth.Get(lt.Inputs, "metadataOptions.httpPutResponseHopLimit"))
	for _, a := range res.ByType("aws:eks/addon:Addon") {
		fmt.Println("add-on:", a.Inputs["addonName"], a.Inputs["addonVersion"])
	}
	// Output:
	// public endpoint: false
	// logs: [api audit authenticator]
	// node group: eks-general AL2023_ARM_64_STANDARD [t4g.medium] [subnet-00000000000000001 subnet-00000000000000002]
	// IMDS: required hop limit 1
	// add-on: coredns v1.14.2-eksbuild.4
	// add-on: kube-proxy v1.35.3-eksbuild.13
	// add-on: vpc-cni v1.20.1-eksbuild.3
}
