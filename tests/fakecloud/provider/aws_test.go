package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func urn(typ, name string) resource.URN {
	return resource.NewURN("dev", "proj", "", tokens.Type(typ), name)
}

func configured(t *testing.T, region string) *AWS {
	t.Helper()
	p := NewAWS()
	_, err := p.Configure(context.Background(), plugin.ConfigureRequest{Inputs: resource.PropertyMap{"region": resource.NewStringProperty(region)}})
	require.NoError(t, err)
	return p
}

func create(t *testing.T, p *AWS, typ, name string, inputs map[string]any) plugin.CreateResponse {
	t.Helper()
	resp, err := p.Create(context.Background(), plugin.CreateRequest{
		URN: urn(typ, name), Name: name, Type: tokens.Type(typ), Properties: resource.NewPropertyMapFromMap(inputs),
	})
	require.NoError(t, err)
	return resp
}

func strOf(t *testing.T, m resource.PropertyMap, k string) string {
	t.Helper()
	v, ok := m[resource.PropertyKey(k)]
	require.True(t, ok, "no %q in %v", k, m)
	require.True(t, v.IsString(), "%q is %v", k, v)
	return v.StringValue()
}

func TestCheckRefusesUnknownType(t *testing.T) {
	p := configured(t, "us-east-1")
	_, err := p.Check(context.Background(), plugin.CheckRequest{URN: urn("aws:foo/bar:Bar", "x"), Type: "aws:foo/bar:Bar"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `resource type "aws:foo/bar:Bar" is not supported by the fake AWS provider`)
	_, err = p.Create(context.Background(), plugin.CreateRequest{URN: urn("aws:foo/bar:Bar", "x"), Type: "aws:foo/bar:Bar"})
	assert.Error(t, err)
}

func TestCheckReportsMissingRequiredInputs(t *testing.T) {
	p := configured(t, "us-east-1")
	typ := "aws:eks/nodeGroup:NodeGroup"
	resp, err := p.Check(context.Background(), plugin.CheckRequest{
		URN: urn(typ, "ng"), Type: tokens.Type(typ),
		News: resource.NewPropertyMapFromMap(map[string]any{"clusterName": "c", "subnetIds": []any{"subnet-1"}}),
	})
	require.NoError(t, err)
	var props []string
	for _, f := range resp.Failures {
		props = append(props, string(f.Property))
		assert.Contains(t, f.Reason, "missing required argument")
	}
	sort.Strings(props)
	assert.Equal(t, []string{"nodeRoleArn", "scalingConfig"}, props)

	// An unknown value (a preview) is accepted.
	resp, err = p.Check(context.Background(), plugin.CheckRequest{
		URN: urn("aws:iam/role:Role", "r"), Type: "aws:iam/role:Role",
		News: resource.PropertyMap{"assumeRolePolicy": resource.MakeComputed(resource.NewStringProperty(""))},
	})
	require.NoError(t, err)
	assert.Empty(t, resp.Failures)
}

func TestCreateIsDeterministic(t *testing.T) {
	p := configured(t, "us-west-2")
	in := map[string]any{"cidrBlock": "10.0.0.0/16"}
	a := create(t, p, "aws:ec2/vpc:Vpc", "main", in)
	b := create(t, configured(t, "us-west-2"), "aws:ec2/vpc:Vpc", "main", in)
	other := create(t, p, "aws:ec2/vpc:Vpc", "other", in)

	assert.Regexp(t, regexp.MustCompile(`^vpc-[0-9a-f]{17}$`), string(a.ID))
	assert.Equal(t, a.ID, b.ID)
	assert.True(t, a.Properties.DeepEquals(b.Properties))
	assert.NotEqual(t, a.ID, other.ID)
	assert.Equal(t, "arn:aws:ec2:us-west-2:123456789012:vpc/"+string(a.ID), strOf(t, a.Properties, "arn"))
	assert.Regexp(t, `^sg-[0-9a-f]{17}$`, strOf(t, a.Properties, "defaultSecurityGroupId"))
	assert.Regexp(t, `^rtb-[0-9a-f]{17}$`, strOf(t, a.Properties, "mainRouteTableId"))
	assert.Equal(t, "10.0.0.0/16", strOf(t, a.Properties, "cidrBlock"))
}

func TestCreateComputesWellKnownAttributes(t *testing.T) {
	p := configured(t, "us-east-1")

	sub := create(t, p, "aws:ec2/subnet:Subnet", "a", map[string]any{"vpcId": "vpc-1", "availabilityZone": "us-east-1b"})
	assert.Regexp(t, `^subnet-[0-9a-f]{17}$`, string(sub.ID))
	assert.Equal(t, "use1-az2", strOf(t, sub.Properties, "availabilityZoneId"))

	bucket := create(t, p, "aws:s3/bucketV2:BucketV2", "Logs", map[string]any{})
	name := string(bucket.ID)
	assert.Regexp(t, `^logs-[0-9a-f]{7}$`, name)
	assert.Equal(t, name, strOf(t, bucket.Properties, "bucket"))
	assert.Equal(t, "arn:aws:s3:::"+name, strOf(t, bucket.Properties, "arn"))
	assert.Equal(t, name+".s3.us-east-1.amazonaws.com", strOf(t, bucket.Properties, "bucketRegionalDomainName"))

	key := create(t, p, "aws:kms/key:Key", "k", map[string]any{})
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$`, strOf(t, key.Properties, "keyId"))
	assert.Equal(t, "arn:aws:kms:us-east-1:123456789012:key/"+strOf(t, key.Properties, "keyId"), strOf(t, key.Properties, "arn"))

	role := create(t, p, "aws:iam/role:Role", "r", map[string]any{"assumeRolePolicy": "{}", "namePrefix": "gw-"})
	assert.Regexp(t, `^gw-[0-9]{26}$`, strOf(t, role.Properties, "name"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/"+strOf(t, role.Properties, "name"), strOf(t, role.Properties, "arn"))
	assert.Regexp(t, `^AROA[0-9A-F]{17}$`, strOf(t, role.Properties, "uniqueId"))

	nlb := create(t, p, "aws:lb/loadBalancer:LoadBalancer", "gw", map[string]any{"loadBalancerType": "network", "internal": true})
	assert.Equal(t, strOf(t, nlb.Properties, "arn"), string(nlb.ID))
	assert.Regexp(t, `^internal-gw-[0-9a-f]{7}-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$`, strOf(t, nlb.Properties, "dnsName"))
	assert.Regexp(t, `^net/gw-[0-9a-f]{7}/[0-9a-f]{16}$`, strOf(t, nlb.Properties, "arnSuffix"))
	assert.Equal(t, "Z26RNL4JYFTOTI", strOf(t, nlb.Properties, "zoneId"))

	tg := create(t, p, "aws:lb/targetGroup:TargetGroup", "gw", map[string]any{"port": 8787})
	assert.Regexp(t, `^targetgroup/gw-[0-9a-f]{7}/[0-9a-f]{16}$`, strOf(t, tg.Properties, "arnSuffix"))

	rg := create(t, p, "aws:elasticache/replicationGroup:ReplicationGroup", "cache", map[string]any{
		"description": "d", "replicationGroupId": "pk-cache", "engine": "valkey", "engineVersion": "8.0", "numCacheClusters": 3,
	})
	assert.Equal(t, "pk-cache", string(rg.ID))
	assert.Regexp(t, `^master\.pk-cache\.[0-9a-f]{6}\.us-east-1\.cache\.amazonaws\.com$`, strOf(t, rg.Properties, "primaryEndpointAddress"))
	assert.Equal(t, []any{"pk-cache-001", "pk-cache-002", "pk-cache-003"}, rg.Properties["memberClusters"].Mappable())

	vpce := create(t, p, "aws:ec2/vpcEndpoint:VpcEndpoint", "cp", map[string]any{
		"vpcId": "vpc-1", "serviceName": "com.amazonaws.vpce.us-east-1.vpce-svc-0abc", "vpcEndpointType": "Interface", "subnetIds": []any{"subnet-1", "subnet-2"},
	})
	assert.Equal(t, "available", strOf(t, vpce.Properties, "state"))
	assert.Len(t, vpce.Properties["networkInterfaceIds"].ArrayValue(), 2)
	assert.Len(t, vpce.Properties["dnsEntries"].ArrayValue(), 1)

	svc := create(t, p, "aws:ec2/vpcEndpointService:VpcEndpointService", "eps", map[string]any{"acceptanceRequired": true, "privateDnsName": "gw.example.com"})
	assert.Equal(t, "com.amazonaws.vpce.us-east-1."+string(svc.ID), strOf(t, svc.Properties, "serviceName"))
	assert.Len(t, svc.Properties["privateDnsNameConfigurations"].ArrayValue(), 1)
}

// Every type in the table creates with only its required inputs.
func TestEveryTypeCreatesWithItsRequiredInputs(t *testing.T) {
	p := configured(t, "eu-west-1")
	for typ, s := range Types {
		in := map[string]any{}
		for _, k := range s.Required {
			in[k] = "x"
		}
		resp, err := p.Create(context.Background(), plugin.CreateRequest{URN: urn(typ, "r"), Name: "r", Type: tokens.Type(typ), Properties: resource.NewPropertyMapFromMap(in)})
		if assert.NoError(t, err, typ) {
			assert.NotEmpty(t, resp.ID, typ)
			assert.Equal(t, string(resp.ID), strOf(t, resp.Properties, "id"), typ)
		}
	}
}

func TestSecretsStaySecret(t *testing.T) {
	p := configured(t, "us-east-1")
	typ := "aws:elasticache/replicationGroup:ReplicationGroup"
	in := resource.PropertyMap{
		"description": resource.NewStringProperty("d"),
		"authToken":   resource.MakeSecret(resource.NewStringProperty("tok-very-secret")),
	}
	resp, err := p.Create(context.Background(), plugin.CreateRequest{URN: urn(typ, "c"), Type: tokens.Type(typ), Properties: in})
	require.NoError(t, err)
	tok := resp.Properties["authToken"]
	require.True(t, tok.IsSecret())
	assert.Equal(t, "tok-very-secret", tok.SecretValue().Element.StringValue())
	for k, v := range resp.Properties {
		if k != "authToken" && v.IsString() {
			assert.NotContains(t, v.StringValue(), "tok-very-secret", k)
		}
	}
	// tagsAll keeps a secret tag secret; an attribute computed from a secret is secret.
	b, err := p.Create(context.Background(), plugin.CreateRequest{URN: urn("aws:s3/bucketV2:BucketV2", "b"), Type: "aws:s3/bucketV2:BucketV2", Properties: resource.PropertyMap{
		"bucket": resource.MakeSecret(resource.NewStringProperty("secret-bucket-name")),
		"tags":   resource.NewObjectProperty(resource.PropertyMap{"token": resource.MakeSecret(resource.NewStringProperty("tag-secret"))}),
	}})
	require.NoError(t, err)
	assert.True(t, b.Properties["tagsAll"].ObjectValue()["token"].IsSecret())
	assert.True(t, b.Properties["arn"].IsSecret())
	assert.True(t, b.Properties["bucketRegionalDomainName"].IsSecret())
	assert.False(t, b.Properties["hostedZoneId"].IsSecret())

	up, err := p.Update(context.Background(), plugin.UpdateRequest{URN: urn(typ, "c"), Type: tokens.Type(typ), ID: resp.ID, OldInputs: in, NewInputs: in})
	require.NoError(t, err)
	assert.True(t, up.Properties["authToken"].IsSecret())
}

func TestCreatePreviewLeavesComputedAttributesUnknown(t *testing.T) {
	p := configured(t, "us-east-1")
	resp, err := p.Create(context.Background(), plugin.CreateRequest{
		URN: urn("aws:ec2/vpc:Vpc", "v"), Type: "aws:ec2/vpc:Vpc", Preview: true,
		Properties: resource.NewPropertyMapFromMap(map[string]any{"cidrBlock": "10.0.0.0/16"}),
	})
	require.NoError(t, err)
	assert.Empty(t, resp.ID)
	assert.True(t, resp.Properties["arn"].IsComputed())
	assert.Equal(t, "10.0.0.0/16", resp.Properties["cidrBlock"].StringValue())
}

func TestDiff(t *testing.T) {
	p := configured(t, "us-east-1")
	typ := "aws:ec2/vpc:Vpc"
	old := resource.NewPropertyMapFromMap(map[string]any{"cidrBlock": "10.0.0.0/16", "tags": map[string]any{"a": "1"}})
	diff := func(news map[string]any) plugin.DiffResult {
		d, err := p.Diff(context.Background(), plugin.DiffRequest{URN: urn(typ, "v"), Type: tokens.Type(typ), ID: "vpc-1",
			OldInputs: old, OldOutputs: old, NewInputs: resource.NewPropertyMapFromMap(news)})
		require.NoError(t, err)
		return d
	}
	assert.Equal(t, plugin.DiffNone, diff(map[string]any{"cidrBlock": "10.0.0.0/16", "tags": map[string]any{"a": "1"}}).Changes)

	d := diff(map[string]any{"cidrBlock": "10.0.0.0/16", "tags": map[string]any{"a": "2"}})
	assert.Equal(t, plugin.DiffSome, d.Changes)
	assert.Equal(t, []resource.PropertyKey{"tags"}, d.ChangedKeys)
	assert.Empty(t, d.ReplaceKeys)

	d = diff(map[string]any{"cidrBlock": "10.1.0.0/16", "tags": map[string]any{"a": "1"}})
	assert.Equal(t, []resource.PropertyKey{"cidrBlock"}, d.ReplaceKeys)
}

func TestReadAndUpdateChangeNothing(t *testing.T) {
	p := configured(t, "us-east-1")
	typ := "aws:iam/role:Role"
	in := map[string]any{"assumeRolePolicy": "{}"}
	c := create(t, p, typ, "r", in)
	r, err := p.Read(context.Background(), plugin.ReadRequest{URN: urn(typ, "r"), Type: tokens.Type(typ), ID: c.ID,
		Inputs: resource.NewPropertyMapFromMap(in), State: c.Properties})
	require.NoError(t, err)
	assert.Equal(t, c.ID, r.ID)
	assert.True(t, c.Properties.DeepEquals(r.Outputs))

	u, err := p.Update(context.Background(), plugin.UpdateRequest{URN: urn(typ, "r"), Type: tokens.Type(typ), ID: c.ID,
		OldInputs: resource.NewPropertyMapFromMap(in), NewInputs: resource.NewPropertyMapFromMap(in)})
	require.NoError(t, err)
	assert.True(t, c.Properties.DeepEquals(u.Properties))
}

func TestInvokes(t *testing.T) {
	p := configured(t, "us-west-2")
	call := func(tok string, args map[string]any) (resource.PropertyMap, error) {
		resp, err := p.Invoke(context.Background(), plugin.InvokeRequest{Tok: tokens.ModuleMember(tok), Args: resource.NewPropertyMapFromMap(args)})
		return resp.Properties, err
	}
	r, err := call("aws:index/getRegion:getRegion", nil)
	require.NoError(t, err)
	assert.Equal(t, "us-west-2", strOf(t, r, "name"))

	id, err := call("aws:index/getCallerIdentity:getCallerIdentity", nil)
	require.NoError(t, err)
	assert.Equal(t, Account, strOf(t, id, "accountId"))
	sess, err := call("aws:iam/getSessionContext:getSessionContext", map[string]any{"arn": strOf(t, id, "arn")})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:iam::123456789012:role/"+DeployerRole, strOf(t, sess, "issuerArn"))

	azs, err := call("aws:index/getAvailabilityZones:getAvailabilityZones", nil)
	require.NoError(t, err)
	assert.Equal(t, "us-west-2a", azs["names"].ArrayValue()[0].StringValue())
	assert.Equal(t, "usw2-az1", azs["zoneIds"].ArrayValue()[0].StringValue())

	_, err = call("aws:foo/getBar:getBar", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `function "aws:foo/getBar:getBar" is not supported by the fake AWS provider`)
}

func TestKubeconfig(t *testing.T) {
	t.Setenv(KubeconfigEnv, "")
	k, err := LoadKubeconfig()
	require.NoError(t, err)
	assert.Equal(t, UnreachableServer, k.Server)
	assert.False(t, k.Loopback)

	path := filepath.Join(t.TempDir(), "kubeconfig")
	require.NoError(t, os.WriteFile(path, []byte(`apiVersion: v1
kind: Config
current-context: loop
clusters:
- name: other
  cluster: {server: "https://10.0.0.1"}
- name: loop
  cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: Q0E=}
contexts:
- name: loop
  context: {cluster: loop, user: admin}
users:
- name: admin
  user: {token: t}
`), 0o600))
	t.Setenv(KubeconfigEnv, path)
	k, err = LoadKubeconfig()
	require.NoError(t, err)
	assert.True(t, k.Loopback)
	assert.Equal(t, "https://127.0.0.1:6443", k.Server)
	assert.Equal(t, "Q0E=", k.CAData)
	assert.Contains(t, k.JSON, `"current-context":"loop"`)

	// The cluster's endpoint and CA follow the loopback API server.
	c := create(t, configured(t, "us-east-1"), "aws:eks/cluster:Cluster", "c", map[string]any{"roleArn": "arn", "vpcConfig": map[string]any{}})
	assert.Equal(t, "https://127.0.0.1:6443", strOf(t, c.Properties, "endpoint"))

	t.Setenv(KubeconfigEnv, filepath.Join(t.TempDir(), "missing"))
	_, err = LoadKubeconfig()
	assert.Error(t, err)
}
