package network_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/network"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

const (
	tSubnet = "aws:ec2/subnet:Subnet"
	tNat    = "aws:ec2/natGateway:NatGateway"
	tRoute  = "aws:ec2/route:Route"
)

// run creates one Network under mocks and exports its outputs.
func run(t *testing.T, args *network.NetworkArgs) (*synth.Result, error) {
	t.Helper()
	res, _, err := synth.Component(network.NewNetwork, "main", args, func(n *network.Network) map[string]pulumi.Input {
		return map[string]pulumi.Input{
			"vpcId":                n.VpcID,
			"vpcCidr":              n.VpcCidr,
			"publicSubnetIds":      n.PublicSubnetIDs,
			"privateSubnetIds":     n.PrivateSubnetIDs,
			"availabilityZones":    n.AvailabilityZones,
			"privateRouteTableIds": n.PrivateRouteTableIDs,
			"natPublicIps":         n.NatPublicIPs,
			"s3GatewayEndpointId":  n.S3GatewayEndpointID,
		}
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	return res, err
}

func strs(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

func TestNewVPCPerAzNat(t *testing.T) {
	res, err := run(t, &network.NetworkArgs{
		Cidr:                  "10.0.0.0/16",
		AzCount:               3,
		NatGateways:           network.NatPerAz,
		FlowLogs:              true,
		FlowLogsRetentionDays: 90,
		ClusterName:           "portkey-prod",
		Tags:                  map[string]string{"Project": "portkey-eks"},
	})
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)

	azs := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	assert.Equal(t, azs, strs(res.PlainOutputs["availabilityZones"]), "the first three AZs of the region")
	assert.Equal(t, "10.0.0.0/16", res.PlainOutputs["vpcCidr"])

	vpc := res.Find("aws:ec2/vpc:Vpc", "main-vpc")
	require.NotNil(t, vpc)
	assert.Equal(t, true, vpc.Inputs["enableDnsHostnames"])
	assert.Equal(t, "portkey-eks", synth.Get(vpc.Inputs, "tags.Project"))

	wantPrivate := []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"}
	wantPublic := []string{"10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"}
	require.Len(t, res.ByType(tSubnet), 6)
	var privateIDs, publicIDs []string
	for i, az := range azs {
		priv := res.Find(tSubnet, "main-private-"+az)
		pub := res.Find(tSubnet, "main-public-"+az)
		require.NotNil(t, priv, az)
		require.NotNil(t, pub, az)
		privateIDs = append(privateIDs, priv.Outputs["id"].(string))
		publicIDs = append(publicIDs, pub.Outputs["id"].(string))

		assert.Equal(t, wantPrivate[i], priv.Inputs["cidrBlock"])
		assert.Equal(t, wantPublic[i], pub.Inputs["cidrBlock"])
		assert.Equal(t, az, priv.Inputs["availabilityZone"])
		assert.Equal(t, az, pub.Inputs["availabilityZone"])
		for _, s := range []*synth.Resource{priv, pub} {
			assert.Equal(t, false, s.Inputs["mapPublicIpOnLaunch"], "%s gives no public IPs", s.Name)
			assert.Equal(t, "shared", synth.Get(s.Inputs, "tags").(map[string]any)["kubernetes.io/cluster/portkey-prod"])
		}
		assert.Equal(t, "1", synth.Get(priv.Inputs, "tags").(map[string]any)[network.InternalELBTag])
		assert.Equal(t, "1", synth.Get(pub.Inputs, "tags").(map[string]any)[network.PublicELBTag])
		assert.NotContains(t, synth.Get(priv.Inputs, "tags"), network.PublicELBTag)
	}
	assert.Equal(t, privateIDs, strs(res.PlainOutputs["privateSubnetIds"]))
	assert.Equal(t, publicIDs, strs(res.PlainOutputs["publicSubnetIds"]))

	// One NAT per AZ, in that AZ's public subnet, and each private route table routes
	// through the NAT of its own AZ.
	nats := res.ByType(tNat)
	require.Len(t, nats, 3)
	igw := res.Find("aws:ec2/internetGateway:InternetGateway", "main-igw")
	require.NotNil(t, igw)
	for i, az := range azs {
		nat := res.Find(tNat, "main-"+az)
		require.NotNil(t, nat)
		assert.Equal(t, publicIDs[i], nat.Inputs["subnetId"])
		assert.Contains(t, nat.Dependencies, igw.URN, "a NAT gateway waits for the internet gateway")
		route := res.Find(tRoute, "main-private-"+az+"-nat")
		require.NotNil(t, route)
		assert.Equal(t, "0.0.0.0/0", route.Inputs["destinationCidrBlock"])
		assert.Equal(t, nat.Outputs["id"], route.Inputs["natGatewayId"])
		rt := res.Find("aws:ec2/routeTable:RouteTable", "main-private-"+az)
		require.NotNil(t, rt)
		assert.Equal(t, rt.Outputs["id"], route.Inputs["routeTableId"])
	}
	assert.Len(t, strs(res.PlainOutputs["natPublicIps"]), 3)
	assert.Len(t, strs(res.PlainOutputs["privateRouteTableIds"]), 3)
	publicRoute := res.Find(tRoute, "main-public-internet")
	require.NotNil(t, publicRoute)
	assert.Equal(t, igw.Outputs["id"], publicRoute.Inputs["gatewayId"])

	sg := res.Find("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "main-default-sg")
	require.NotNil(t, sg)
	assert.Nil(t, sg.Inputs["ingress"], "the default security group keeps no ingress rule")
	assert.Nil(t, sg.Inputs["egress"], "the default security group keeps no egress rule")

	// Flow logs: all traffic to a log group with the retention asked for, through a role
	// that only VPC flow logs of this account can assume and that writes only there.
	fl := res.Find("aws:ec2/flowLog:FlowLog", "main")
	require.NotNil(t, fl)
	assert.Equal(t, "ALL", fl.Inputs["trafficType"])
	assert.Equal(t, vpc.Outputs["id"], fl.Inputs["vpcId"])
	group := res.Find("aws:cloudwatch/logGroup:LogGroup", "main-flow-logs")
	require.NotNil(t, group)
	assert.EqualValues(t, 90, group.Inputs["retentionInDays"])
	assert.Equal(t, group.Outputs["arn"], fl.Inputs["logDestination"])
	role := res.Find("aws:iam/role:Role", "main-flow-logs")
	require.NotNil(t, role)
	assert.Contains(t, role.Inputs["assumeRolePolicy"], "vpc-flow-logs.amazonaws.com")
	assert.Contains(t, role.Inputs["assumeRolePolicy"], synth.Account)
	policy := res.Find("aws:iam/rolePolicy:RolePolicy", "main-flow-logs")
	require.NotNil(t, policy)
	var doc struct{ Statement []struct{ Resource []string } }
	require.NoError(t, json.Unmarshal([]byte(policy.Inputs["policy"].(string)), &doc))
	assert.Equal(t, []string{group.Outputs["arn"].(string), group.Outputs["arn"].(string) + ":*"}, doc.Statement[0].Resource)
	assert.True(t, res.DependsOn(fl.URN, policy.URN), "the flow log waits for the role's permissions")
}

func TestNewVPCSingleNat(t *testing.T) {
	res, err := run(t, &network.NetworkArgs{
		Cidr:              "10.1.0.0/16",
		AvailabilityZones: []string{"eu-west-1b", "eu-west-1c"},
		NatGateways:       network.NatSingle,
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"eu-west-1b", "eu-west-1c"}, strs(res.PlainOutputs["availabilityZones"]))
	nats := res.ByType(tNat)
	require.Len(t, nats, 1)
	require.Len(t, res.ByType("aws:ec2/eip:Eip"), 1)
	for _, az := range []string{"eu-west-1b", "eu-west-1c"} {
		route := res.Find(tRoute, "main-private-"+az+"-nat")
		require.NotNil(t, route)
		assert.Equal(t, nats[0].Outputs["id"], route.Inputs["natGatewayId"], "every private subnet uses the one NAT")
	}
	assert.Nil(t, res.Find("aws:ec2/flowLog:FlowLog", "main"), "no flow logs unless asked")
	for _, s := range res.ByType(tSubnet) {
		for k := range synth.Get(s.Inputs, "tags").(map[string]any) {
			assert.False(t, strings.HasPrefix(k, "kubernetes.io/cluster/"), "no cluster tag without a cluster name")
		}
	}
}

func TestExistingVPCCreatesNothing(t *testing.T) {
	res, err := run(t, &network.NetworkArgs{
		Existing: &network.ExistingVpc{
			VpcID:            "vpc-0123456789abcdef0",
			PrivateSubnetIDs: []string{"subnet-00000000000000000", "subnet-00000000000000001"},
			PublicSubnetIDs:  []string{"subnet-0000000000000000a"},
		},
	})
	require.NoError(t, err)
	for _, r := range res.Resources {
		assert.False(t, r.Custom, "existing mode creates nothing, got %s %s", r.Type, r.Name)
	}
	assert.Equal(t, "vpc-0123456789abcdef0", res.PlainOutputs["vpcId"])
	assert.Equal(t, synth.ExistingVpcCidr, res.PlainOutputs["vpcCidr"])
	assert.Equal(t, []string{"subnet-00000000000000000", "subnet-00000000000000001"}, strs(res.PlainOutputs["privateSubnetIds"]))
	assert.Equal(t, []string{"subnet-0000000000000000a"}, strs(res.PlainOutputs["publicSubnetIds"]))
	assert.Equal(t, []string{"eu-west-1a", "eu-west-1b"}, strs(res.PlainOutputs["availabilityZones"]))

	_, err = run(t, &network.NetworkArgs{Existing: &network.ExistingVpc{
		VpcID:            "vpc-0123456789abcdef0",
		PrivateSubnetIDs: []string{"subnet-00000000000000000", "subnet-00000000000000003"},
	}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at least two availability zones")
}

func TestInvalidArgs(t *testing.T) {
	valid := func() *network.NetworkArgs {
		return &network.NetworkArgs{Cidr: "10.0.0.0/16", AzCount: 2, NatGateways: network.NatSingle}
	}
	tests := []struct {
		name   string
		change func(a *network.NetworkArgs)
		err    string
	}{
		{"CIDR too large", func(a *network.NetworkArgs) { a.Cidr = "10.0.0.0/8" }, "/16 to /24"},
		{"one AZ", func(a *network.NetworkArgs) { a.AzCount = 1 }, "want 2 to 6"},
		{"AZ list and count disagree", func(a *network.NetworkArgs) { a.AvailabilityZones = []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"} }, "disagrees"},
		{"bad AZ name", func(a *network.NetworkArgs) { a.AzCount = 0; a.AvailabilityZones = []string{"eu-west-1a", "west"} }, "not an availability zone"},
		{"NAT layout", func(a *network.NetworkArgs) { a.NatGateways = "none" }, "NatGateways"},
		{"flow logs without retention", func(a *network.NetworkArgs) { a.FlowLogs = true }, "FlowLogsRetentionDays"},
		{"existing with an S3 endpoint", func(a *network.NetworkArgs) {
			*a = network.NetworkArgs{S3GatewayEndpoint: true, Existing: &network.ExistingVpc{VpcID: "vpc-0123456789abcdef0", PrivateSubnetIDs: []string{"subnet-00000000000000000", "subnet-00000000000000001"}}}
		}, "S3GatewayEndpoint"},
		{"existing with new-VPC fields", func(a *network.NetworkArgs) {
			a.Existing = &network.ExistingVpc{VpcID: "vpc-0123456789abcdef0", PrivateSubnetIDs: []string{"subnet-00000000000000000", "subnet-00000000000000001"}}
		}, "leave Cidr"},
		{"existing with one subnet", func(a *network.NetworkArgs) {
			*a = network.NetworkArgs{Existing: &network.ExistingVpc{VpcID: "vpc-0123456789abcdef0", PrivateSubnetIDs: []string{"subnet-00000000000000000"}}}
		}, "at least two private subnets"},
		{"existing with a bad subnet ID", func(a *network.NetworkArgs) {
			*a = network.NetworkArgs{Existing: &network.ExistingVpc{VpcID: "vpc-0123456789abcdef0", PrivateSubnetIDs: []string{"subnet-00000000000000000", "sn-1"}}}
		}, "not a subnet ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := valid()
			tt.change(args)
			res, err := run(t, args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
			assert.Empty(t, res.Resources, "nothing is registered for invalid arguments")
		})
	}
}

// TestS3GatewayEndpoint: with S3GatewayEndpoint the private route tables (and only those)
// route S3 through a gateway endpoint of the VPC's region, with AWS's open default policy so
// ECR layer pulls keep working; without it there is none.
func TestS3GatewayEndpoint(t *testing.T) {
	const tEndpoint = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tests := []struct {
		name string
		args network.NetworkArgs
		// want is the number of private route tables on the endpoint, 0 for no endpoint.
		want int
	}{
		{"per-AZ NAT, three AZs", network.NetworkArgs{Cidr: "10.0.0.0/16", AzCount: 3, NatGateways: network.NatPerAz, S3GatewayEndpoint: true}, 3},
		{"single NAT, two AZs", network.NetworkArgs{Cidr: "10.1.0.0/16", AzCount: 2, NatGateways: network.NatSingle, S3GatewayEndpoint: true}, 2},
		{"off", network.NetworkArgs{Cidr: "10.1.0.0/16", AzCount: 2, NatGateways: network.NatSingle}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, &tt.args)
			require.NoError(t, err)
			eps := res.ByType(tEndpoint)
			if tt.want == 0 {
				assert.Empty(t, eps)
				assert.Equal(t, "", res.PlainOutputs["s3GatewayEndpointId"])
				return
			}
			require.Len(t, eps, 1)
			ep := eps[0]
			assert.Equal(t, "main-s3", ep.Name)
			assert.Equal(t, "Gateway", ep.Inputs["vpcEndpointType"])
			assert.Equal(t, "com.amazonaws.eu-west-1.s3", ep.Inputs["serviceName"])
			assert.Equal(t, network.S3ServiceName("eu-west-1"), ep.Inputs["serviceName"])
			assert.Equal(t, res.Find("aws:ec2/vpc:Vpc", "main-vpc").Outputs["id"], ep.Inputs["vpcId"])
			assert.Nil(t, ep.Inputs["policy"], "the default (open) endpoint policy, so ECR's layer buckets stay reachable")
			assert.Equal(t, strs(res.PlainOutputs["privateRouteTableIds"]), strs(ep.Inputs["routeTableIds"]), "every private route table, in AZ order")
			assert.Len(t, strs(ep.Inputs["routeTableIds"]), tt.want)
			public := res.Find("aws:ec2/routeTable:RouteTable", "main-public")
			require.NotNil(t, public)
			assert.NotContains(t, strs(ep.Inputs["routeTableIds"]), public.Outputs["id"], "not the public route table")
			assert.Equal(t, "main-s3", synth.Get(ep.Inputs, "tags.Name"))
			assert.Equal(t, ep.Outputs["id"], res.PlainOutputs["s3GatewayEndpointId"])
		})
	}
}
