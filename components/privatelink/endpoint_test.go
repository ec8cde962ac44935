package privatelink

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

const (
	endpointType   = "aws:ec2/vpcEndpoint:VpcEndpoint"
	privateDNSType = "aws:vpc/endpointPrivateDns:EndpointPrivateDns"
	sgType         = "aws:ec2/securityGroup:SecurityGroup"
	ingressType    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	egressType     = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	endpointComp   = "portkey-eks:privatelink:ControlPlaneEndpoint"
)

func endpointArgs(region string) *ControlPlaneEndpointArgs {
	return &ControlPlaneEndpointArgs{
		Region:                 region,
		VpcID:                  pulumi.String("vpc-0abc"),
		SubnetIDs:              pulumi.ToStringArray([]string{"subnet-a", "subnet-b", "subnet-c"}),
		ClientSecurityGroupIDs: []pulumi.StringInput{pulumi.String("sg-0nodes"), pulumi.String("sg-0cluster")},
		Tags:                   map[string]string{"Project": "portkey-eks"},
	}
}

func runEndpoint(t *testing.T, region string, args *ControlPlaneEndpointArgs) (*synth.Result, *ControlPlaneEndpoint) {
	t.Helper()
	res, ep, err := synth.Component(NewControlPlaneEndpoint, "cp", args, func(ep *ControlPlaneEndpoint) map[string]pulumi.Input {
		return map[string]pulumi.Input{"id": ep.EndpointID, "dns": ep.DNSEntries, "state": ep.State, "sg": ep.SecurityGroupID}
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": region}})
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)
	return res, ep
}

func find(t *testing.T, res *synth.Result, typ, name string) *synth.Resource {
	t.Helper()
	r := res.Find(typ, name)
	require.NotNil(t, r, "no %s %q in %v", typ, name, res.Types())
	return r
}

func TestEndpointIsCrossRegionExactlyWhenRegionDiffers(t *testing.T) {
	for _, tc := range []struct {
		region string
		cross  bool
	}{
		{"us-east-1", false},
		{"eu-west-1", true},
		{"ap-southeast-1", true},
	} {
		t.Run(tc.region, func(t *testing.T) {
			res, ep := runEndpoint(t, tc.region, endpointArgs(tc.region))
			r := find(t, res, endpointType, "cp")
			assert.Equal(t, DefaultControlPlaneServiceName, r.Inputs["serviceName"])
			assert.Equal(t, "Interface", r.Inputs["vpcEndpointType"])
			assert.Equal(t, tc.cross, ep.CrossRegion)
			if tc.cross {
				assert.Equal(t, "us-east-1", r.Inputs["serviceRegion"])
			} else {
				assert.NotContains(t, r.Inputs, "serviceRegion")
			}
		})
	}
}

func TestEndpointPlacementAndOutputs(t *testing.T) {
	res, ep := runEndpoint(t, "eu-west-1", endpointArgs("eu-west-1"))
	comp := find(t, res, endpointComp, "cp")
	r := find(t, res, endpointType, "cp")
	sg := find(t, res, sgType, "cp-sg")
	assert.Equal(t, comp.URN, r.Parent)
	assert.Equal(t, comp.URN, sg.Parent)
	assert.Equal(t, "vpc-0abc", r.Inputs["vpcId"])
	assert.Equal(t, []any{"subnet-a", "subnet-b", "subnet-c"}, r.Inputs["subnetIds"])
	assert.Equal(t, []any{sg.Outputs["id"]}, r.Inputs["securityGroupIds"], "the endpoint has its own security group only")
	assert.Equal(t, "cp", synth.Get(r.Inputs, "tags.Name"))
	assert.Equal(t, "portkey-eks", synth.Get(r.Inputs, "tags.Project"))

	assert.Equal(t, r.Outputs["id"], res.PlainOutputs["id"])
	assert.Regexp(t, `^vpce-[0-9a-f]+$`, res.PlainOutputs["id"])
	dns := res.PlainOutputs["dns"].([]any)
	require.Len(t, dns, 1)
	assert.Contains(t, dns[0], ".vpce-svc-0c2c1c323d9f56d95.eu-west-1.vpce.amazonaws.com")
	assert.Equal(t, "available", res.PlainOutputs["state"])
	assert.Equal(t, sg.Outputs["id"], res.PlainOutputs["sg"])
	assert.Equal(t, "us-east-1", ep.ServiceRegion)
}

func TestEndpointSecurityGroupAdmitsOnlyHTTPSFromClients(t *testing.T) {
	res, _ := runEndpoint(t, "eu-west-1", endpointArgs("eu-west-1"))
	sg := find(t, res, sgType, "cp-sg")
	assert.Nil(t, sg.Inputs["ingress"], "no inline rules")
	assert.Nil(t, sg.Inputs["egress"], "no inline rules")
	assert.Empty(t, res.ByType(egressType), "an interface endpoint needs no egress")

	rules := res.ByType(ingressType)
	require.Len(t, rules, 2, "one rule per client security group")
	var sources []any
	for _, r := range rules {
		assert.Equal(t, sg.Outputs["id"], r.Inputs["securityGroupId"], r.Name)
		assert.Equal(t, "tcp", r.Inputs["ipProtocol"], r.Name)
		assert.Equal(t, float64(443), r.Inputs["fromPort"], r.Name)
		assert.Equal(t, float64(443), r.Inputs["toPort"], r.Name)
		assert.NotContains(t, r.Inputs, "cidrIpv4", r.Name)
		assert.NotContains(t, r.Inputs, "cidrIpv6", r.Name)
		assert.NotContains(t, r.Inputs, "prefixListId", r.Name)
		sources = append(sources, r.Inputs["referencedSecurityGroupId"])
	}
	assert.ElementsMatch(t, []any{"sg-0nodes", "sg-0cluster"}, sources)
}

func TestPrivateDNSIsOn(t *testing.T) {
	res, ep := runEndpoint(t, "eu-west-1", endpointArgs("eu-west-1"))
	r := find(t, res, endpointType, "cp")
	dns := find(t, res, privateDNSType, "cp-private-dns")
	assert.True(t, ep.PrivateDNS)
	assert.Equal(t, true, dns.Inputs["privateDnsEnabled"])
	assert.Equal(t, r.Outputs["id"], dns.Inputs["vpcEndpointId"])
	assert.True(t, res.DependsOn(dns.URN, r.URN), "private DNS is turned on after the endpoint exists")
	// The endpoint leaves private DNS to that resource.
	assert.NotContains(t, r.Inputs, "privateDnsEnabled")
	assert.Equal(t, []string{"privateDnsEnabled"}, r.IgnoreChanges)
}

func TestPrivateDNSDeferred(t *testing.T) {
	args := endpointArgs("eu-west-1")
	args.DeferPrivateDNS = true
	res, ep := runEndpoint(t, "eu-west-1", args)
	assert.False(t, ep.PrivateDNS)
	assert.Empty(t, res.ByType(privateDNSType))
	assert.NotNil(t, res.Find(endpointType, "cp"))
}

func TestEndpointCustomService(t *testing.T) {
	args := endpointArgs("eu-central-1")
	args.ServiceName = "com.amazonaws.vpce.eu-central-1.vpce-svc-0123456789abcdef0"
	res, ep := runEndpoint(t, "eu-central-1", args)
	r := find(t, res, endpointType, "cp")
	assert.Equal(t, args.ServiceName, r.Inputs["serviceName"])
	assert.Equal(t, "eu-central-1", ep.ServiceRegion, "the region comes from the service name")
	assert.NotContains(t, r.Inputs, "serviceRegion")
}

func TestEndpointInvalidArgs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(a *ControlPlaneEndpointArgs)
		want   string
	}{
		{"no region", func(a *ControlPlaneEndpointArgs) { a.Region = "" }, "Region"},
		{"service region contradicts the name", func(a *ControlPlaneEndpointArgs) { a.ServiceRegion = "eu-west-1" }, "is in us-east-1, but ServiceRegion is eu-west-1"},
		{"bad service name", func(a *ControlPlaneEndpointArgs) { a.ServiceName = "portkey" }, "not an endpoint service name"},
		{"bad service region", func(a *ControlPlaneEndpointArgs) {
			a.ServiceName = "com.amazonaws.partner.svc"
			a.ServiceRegion = "east"
		}, `ServiceRegion "east"`},
		{"no VPC", func(a *ControlPlaneEndpointArgs) { a.VpcID = nil }, "VpcID is required"},
		{"no subnets", func(a *ControlPlaneEndpointArgs) { a.SubnetIDs = nil }, "SubnetIDs is required"},
		{"one subnet", func(a *ControlPlaneEndpointArgs) { a.SubnetIDs = pulumi.StringArray{pulumi.String("subnet-a")} }, "at least two availability zones"},
		{"no clients", func(a *ControlPlaneEndpointArgs) { a.ClientSecurityGroupIDs = nil }, "admit no one"},
		{"nil client", func(a *ControlPlaneEndpointArgs) { a.ClientSecurityGroupIDs = []pulumi.StringInput{nil} }, "ClientSecurityGroupIDs[0] is nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := endpointArgs("eu-west-1")
			tc.change(args)
			res, _, err := synth.Component(NewControlPlaneEndpoint, "cp", args, nil, synth.Options{})
			require.ErrorContains(t, err, tc.want)
			assert.ErrorContains(t, err, `privatelink endpoint "cp"`)
			assert.Empty(t, res.ByType(endpointComp), "nothing is registered on invalid args")
		})
	}
}
