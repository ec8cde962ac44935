package fakecloud_test

// Real-engine tests of the fake AWS and EKS providers: the pulumi CLI built by
// tools/pulumi/build.sh into <repo>/bin/pulumi, the fake plugins built by fakecloud.Build
// first on PATH, the Automation API with inline programs, a file:// backend and a
// passphrase secrets provider in temp directories. No cloud, no network: automatic plugin
// downloads are disabled, so a plugin the fakes do not provide fails instead of being
// fetched. Without bin/pulumi the tests are skipped loudly; with CI=true they fail.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/tests/fakecloud"
	"github.com/portkey-eks/portkey-eks/tests/fakecloud/provider"
)

const (
	project    = "fakecloud-test"
	stackName  = "dev"
	passphrase = "correct horse battery staple"
	secretTag  = "tag-5ecret-never-in-clear"
)

// engineSkip is the loud reason real-engine tests skip, empty when they can run.
var engineSkip string

func TestMain(m *testing.M) {
	root, err := fakecloud.RepoRoot()
	if err == nil {
		_, err = os.Stat(filepath.Join(root, "bin", "pulumi"))
	}
	if err == nil {
		var fake string
		fake, err = fakecloud.BuildDir()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// The fakes first, then the pulumi CLI: the Automation API runs `pulumi` from
		// PATH and the engine takes pulumi-resource-<name> from PATH.
		os.Setenv("PATH", strings.Join([]string{fake, filepath.Join(root, "bin"), os.Getenv("PATH")}, string(os.PathListSeparator)))
	} else {
		engineSkip = fmt.Sprintf("\n%[1]s\n!!! REAL-ENGINE TESTS OF tests/fakecloud SKIPPED: no pulumi CLI (%[2]v).\n"+
			"!!! Build it with tools/pulumi/build.sh (or make), then rerun.\n%[1]s\n", strings.Repeat("!", 78), err)
		fmt.Fprint(os.Stderr, engineSkip)
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "CI=true: failing instead of skipping")
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// newStack creates the stack dev of project with an inline program, its own backend and
// PULUMI_HOME, aws:region us-west-2 and the given extra environment.
func newStack(t *testing.T, program pulumi.RunFunc, env map[string]string) auto.Stack {
	t.Helper()
	if engineSkip != "" {
		t.Skip(engineSkip)
	}
	root := t.TempDir()
	work, backend, home := filepath.Join(root, "project"), filepath.Join(root, "state"), filepath.Join(root, "home")
	for _, d := range []string{work, backend, home} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	vars := map[string]string{
		"PULUMI_BACKEND_URL":       "file://" + backend,
		"PULUMI_CONFIG_PASSPHRASE": passphrase,
		"PULUMI_HOME":              home,
		"PULUMI_SKIP_UPDATE_CHECK": "true",
		// Never download a plugin: what the fakes do not provide must fail here.
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		provider.KubeconfigEnv:                        "",
	}
	for k, v := range env {
		vars[k] = v
	}
	ctx := context.Background()
	s, err := auto.UpsertStackInlineSource(ctx, stackName, project, program, auto.WorkDir(work), auto.EnvVars(vars))
	require.NoError(t, err)
	require.NoError(t, s.SetConfig(ctx, "aws:region", auto.ConfigValue{Value: "us-west-2"}))
	return s
}

// backendFiles returns the contents of every file of the stack's file:// backend.
func backendFiles(t *testing.T, s auto.Stack) string {
	t.Helper()
	url := s.Workspace().GetEnvVars()["PULUMI_BACKEND_URL"]
	require.True(t, strings.HasPrefix(url, "file://"), url)
	var b strings.Builder
	err := filepath.WalkDir(strings.TrimPrefix(url, "file://"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		b.Write(data)
		return err
	})
	require.NoError(t, err)
	return b.String()
}

// fakeURN is the URN of a top-level resource of the test stack.
func fakeURN(typ, name string) string {
	return fmt.Sprintf("urn:pulumi:%s::%s::%s::%s", stackName, project, typ, name)
}

// onlySame asserts that a summary's changes are all "same".
func onlySame(t *testing.T, changes map[string]int, what string) {
	t.Helper()
	for op, n := range changes {
		if op != "same" {
			assert.Zero(t, n, "%s: %d resource(s) %s, want none: %v", what, n, op, changes)
		}
	}
	assert.Positive(t, changes["same"], "%s: %v", what, changes)
}

// awsAndEKSProgram creates a few aws resources and an EKS cluster with a managed node
// group through the pulumi-eks SDK, as components/cluster does, and no Kubernetes
// resource.
func awsAndEKSProgram(ctx *pulumi.Context) error {
	tagSecret := config.RequireSecret(ctx, "tagSecret")
	vpc, err := ec2.NewVpc(ctx, "main", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
	if err != nil {
		return err
	}
	var subnets pulumi.StringArray
	var first *ec2.Subnet
	for i, az := range []string{"us-west-2a", "us-west-2b"} {
		s, err := ec2.NewSubnet(ctx, fmt.Sprintf("private-%d", i), &ec2.SubnetArgs{
			VpcId: vpc.ID(), CidrBlock: pulumi.Sprintf("10.0.%d.0/24", i), AvailabilityZone: pulumi.String(az),
		})
		if err != nil {
			return err
		}
		if first == nil {
			first = s
		}
		subnets = append(subnets, s.ID())
	}
	bucket, err := s3.NewBucketV2(ctx, "logs", &s3.BucketV2Args{
		Tags: pulumi.StringMap{"purpose": pulumi.String("logs"), "token": tagSecret},
	})
	if err != nil {
		return err
	}
	nodeRole, err := iam.NewRole(ctx, "nodes", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
	})
	if err != nil {
		return err
	}
	sg, err := ec2.NewSecurityGroup(ctx, "clients", &ec2.SecurityGroupArgs{VpcId: vpc.ID(), Description: pulumi.String("cache clients")})
	if err != nil {
		return err
	}
	api := eks.AuthenticationModeApi
	cl, err := eks.NewCluster(ctx, "pk", &eks.ClusterArgs{
		Name:               pulumi.String("portkey-dev"),
		Version:            pulumi.String("1.34"),
		VpcId:              vpc.ID().ToStringOutput().ToStringPtrOutput(),
		PrivateSubnetIds:   subnets,
		AuthenticationMode: &api,
		AccessEntries: map[string]eks.AccessEntryArgs{
			"admin": {
				PrincipalArn: pulumi.String("arn:aws:iam::123456789012:role/admins"),
				Type:         eks.AccessEntryTypeStandard,
				AccessPolicies: map[string]eks.AccessPolicyAssociationInput{
					"clusterAdmin": eks.AccessPolicyAssociationArgs{
						PolicyArn:   pulumi.String("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"),
						AccessScope: awseks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
					},
				},
			},
		},
		CreateOidcProvider:    pulumi.Bool(true),
		EndpointPrivateAccess: pulumi.Bool(true),
		EndpointPublicAccess:  pulumi.Bool(false),
		SkipDefaultNodeGroup:  pulumi.BoolRef(true),
		UseDefaultVpcCni:      pulumi.BoolRef(true),
		Tags:                  pulumi.StringMap{"app": pulumi.String("portkey")},
	})
	if err != nil {
		return err
	}
	mng, err := eks.NewManagedNodeGroup(ctx, "pk-general", &eks.ManagedNodeGroupArgs{
		Cluster:             cl,
		NodeGroupNamePrefix: pulumi.String("general-"),
		NodeRoleArn:         nodeRole.Arn,
		SubnetIds:           subnets,
		AmiType:             pulumi.String("AL2023_ARM_64_STANDARD"),
		InstanceTypes:       pulumi.StringArray{pulumi.String("t4g.medium")},
		ScalingConfig: awseks.NodeGroupScalingConfigArgs{
			MinSize: pulumi.Int(1), DesiredSize: pulumi.Int(2), MaxSize: pulumi.Int(3),
		},
	})
	if err != nil {
		return err
	}
	ctx.Export("vpcId", vpc.ID())
	ctx.Export("vpcArn", vpc.Arn)
	ctx.Export("defaultSecurityGroupId", vpc.DefaultSecurityGroupId)
	ctx.Export("subnetAzId", first.AvailabilityZoneId)
	ctx.Export("bucket", bucket.Bucket)
	ctx.Export("bucketArn", bucket.Arn)
	ctx.Export("bucketRegionalDomainName", bucket.BucketRegionalDomainName)
	ctx.Export("nodeRoleName", nodeRole.Name)
	ctx.Export("nodeRoleArn", nodeRole.Arn)
	ctx.Export("securityGroupId", sg.ID())
	ctx.Export("clusterName", cl.EksCluster.Name())
	ctx.Export("clusterEndpoint", cl.EksCluster.Endpoint())
	ctx.Export("clusterSecurityGroupId", cl.EksCluster.VpcConfig().ClusterSecurityGroupId())
	ctx.Export("issuer", cl.EksCluster.Identities().Index(pulumi.Int(0)).Oidcs().Index(pulumi.Int(0)).Issuer())
	ctx.Export("oidcProviderArn", cl.Core.OidcProvider().Arn())
	ctx.Export("nodeSecurityGroupArn", cl.NodeSecurityGroup.Arn())
	ctx.Export("componentSecurityGroupArn", cl.ClusterSecurityGroup.Arn())
	ctx.Export("kubeconfigJson", cl.KubeconfigJson)
	ctx.Export("nodeGroupName", mng.NodeGroup.NodeGroupName())
	ctx.Export("nodeGroupCluster", mng.NodeGroup.ClusterName())
	return nil
}

func out(t *testing.T, outs auto.OutputMap, k string) string {
	t.Helper()
	o, ok := outs[k]
	require.True(t, ok, "no output %q in %v", k, outs)
	s, ok := o.Value.(string)
	require.True(t, ok, "output %q is %T %v", k, o.Value, o.Value)
	return s
}

func TestAWSAndEKSLifecycle(t *testing.T) {
	t.Parallel()
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	require.NoError(t, os.WriteFile(kubeconfig, []byte(`apiVersion: v1
kind: Config
current-context: loop
clusters: [{name: loop, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: RkFLRQ==}}]
contexts: [{name: loop, context: {cluster: loop, user: admin}}]
users: [{name: admin, user: {token: loopback-token}}]
`), 0o600))
	// The child Kubernetes provider needs pulumi-resource-kubernetes: not in this test.
	s := newStack(t, awsAndEKSProgram, map[string]string{provider.KubeconfigEnv: kubeconfig, provider.K8sProviderEnv: "false"})
	ctx := context.Background()
	require.NoError(t, s.SetConfig(ctx, "tagSecret", auto.ConfigValue{Value: secretTag, Secret: true}))

	var log strings.Builder
	up, err := s.Up(ctx, optup.ProgressStreams(&log))
	require.NoError(t, err, "up:\n%s", log.String())
	require.Contains(t, log.String(), "using pulumi-resource-aws from $PATH", "the engine must run the fake, not a real plugin")
	outs := up.Outputs

	// IDs are derived from the URN, so they are known in advance.
	vpcID := "vpc-" + provider.Hex(fakeURN("aws:ec2/vpc:Vpc", "main")+"#id", 17)
	assert.Equal(t, vpcID, out(t, outs, "vpcId"))
	assert.Equal(t, "arn:aws:ec2:us-west-2:123456789012:vpc/"+vpcID, out(t, outs, "vpcArn"))
	assert.Regexp(t, `^sg-[0-9a-f]{17}$`, out(t, outs, "defaultSecurityGroupId"))
	assert.Equal(t, "usw2-az1", out(t, outs, "subnetAzId"))
	bucket := out(t, outs, "bucket")
	assert.Equal(t, "logs-"+provider.Hex(fakeURN("aws:s3/bucketV2:BucketV2", "logs")+"#autoname", 7), bucket)
	assert.Equal(t, "arn:aws:s3:::"+bucket, out(t, outs, "bucketArn"))
	assert.Equal(t, bucket+".s3.us-west-2.amazonaws.com", out(t, outs, "bucketRegionalDomainName"))
	assert.Regexp(t, `^nodes-[0-9a-f]{7}$`, out(t, outs, "nodeRoleName"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/"+out(t, outs, "nodeRoleName"), out(t, outs, "nodeRoleArn"))
	assert.Regexp(t, `^sg-[0-9a-f]{17}$`, out(t, outs, "securityGroupId"))

	// The EKS component: its children were created by the fake aws provider and its
	// resource outputs are references to them.
	assert.Equal(t, "portkey-dev", out(t, outs, "clusterName"))
	assert.Equal(t, "https://127.0.0.1:6443", out(t, outs, "clusterEndpoint"))
	assert.Equal(t, provider.EKSClusterSecurityGroupID("portkey-dev", "us-west-2"), out(t, outs, "clusterSecurityGroupId"))
	issuer := out(t, outs, "issuer")
	assert.Equal(t, provider.EKSIssuer("portkey-dev", "us-west-2"), issuer)
	assert.Equal(t, "arn:aws:iam::123456789012:oidc-provider/"+strings.TrimPrefix(issuer, "https://"), out(t, outs, "oidcProviderArn"))
	sgARN := `^arn:aws:ec2:us-west-2:123456789012:security-group/sg-[0-9a-f]{17}$`
	assert.Regexp(t, sgARN, out(t, outs, "nodeSecurityGroupArn"))
	assert.Regexp(t, sgARN, out(t, outs, "componentSecurityGroupArn"))
	assert.NotEqual(t, out(t, outs, "nodeSecurityGroupArn"), out(t, outs, "componentSecurityGroupArn"))
	assert.True(t, outs["kubeconfigJson"].Secret, "the kubeconfig is secret")
	assert.Contains(t, out(t, outs, "kubeconfigJson"), `"server":"https://127.0.0.1:6443"`)
	assert.Contains(t, out(t, outs, "kubeconfigJson"), "loopback-token")
	assert.Regexp(t, regexp.MustCompile(`^general-[0-9]{26}$`), out(t, outs, "nodeGroupName"))
	assert.Equal(t, "portkey-dev", out(t, outs, "nodeGroupCluster"))

	// The children are in the state, under their components.
	dep, err := s.Export(ctx)
	require.NoError(t, err)
	state := string(dep.Deployment)
	for _, u := range []string{
		"eks:index:Cluster$aws:eks/cluster:Cluster::pk-eksCluster",
		"eks:index:Cluster$aws:iam/openIdConnectProvider:OpenIdConnectProvider::pk-oidcProvider",
		"eks:index:Cluster$aws:ec2/securityGroup:SecurityGroup::pk-nodeSecurityGroup",
		"eks:index:Cluster$aws:eks/accessEntry:AccessEntry::pk-admin",
		"eks:index:Cluster$aws:eks/accessEntry:AccessEntry$aws:eks/accessPolicyAssociation:AccessPolicyAssociation::pk-admin-clusterAdmin",
		"eks:index:ManagedNodeGroup$aws:eks/nodeGroup:NodeGroup::pk-general",
	} {
		assert.Contains(t, state, u)
	}
	// Export shows secrets in clear; the state file on disk must not.
	raw := backendFiles(t, s)
	assert.Contains(t, raw, "pk-eksCluster")
	assert.NotContains(t, raw, secretTag, "a secret input must stay encrypted in the state")
	assert.NotContains(t, raw, "loopback-token", "the kubeconfig must stay encrypted in the state")

	// A second up changes nothing, and so does a refresh.
	log.Reset()
	_, err = s.Preview(ctx, optpreview.ExpectNoChanges(), optpreview.ProgressStreams(&log))
	require.NoError(t, err, "preview of an unchanged program:\n%s", log.String())
	log.Reset()
	up2, err := s.Up(ctx, optup.ProgressStreams(&log))
	require.NoError(t, err, "second up:\n%s", log.String())
	require.NotNil(t, up2.Summary.ResourceChanges)
	onlySame(t, *up2.Summary.ResourceChanges, "second up")
	for k := range outs {
		assert.Equal(t, outs[k].Value, up2.Outputs[k].Value, "output %s after a second up", k)
	}
	log.Reset()
	ref, err := s.Refresh(ctx, optrefresh.ExpectNoChanges(), optrefresh.ProgressStreams(&log))
	require.NoError(t, err, "refresh:\n%s", log.String())
	require.NotNil(t, ref.Summary.ResourceChanges)
	onlySame(t, *ref.Summary.ResourceChanges, "refresh")

	log.Reset()
	_, err = s.Destroy(ctx, optdestroy.ProgressStreams(&log))
	require.NoError(t, err, "destroy:\n%s", log.String())
	dep, err = s.Export(ctx)
	require.NoError(t, err)
	assert.NotContains(t, string(dep.Deployment), "aws:", "nothing is left in the state")
}

// rawResource is a custom resource registered by type token, bypassing the SDKs' own checks.
type rawResource struct{ pulumi.CustomResourceState }

func TestUnknownTypeAndMissingInputFailClearly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, tc := range map[string]struct {
		program pulumi.RunFunc
		want    string
	}{
		"unknown type": {
			program: func(ctx *pulumi.Context) error {
				return ctx.RegisterResource("aws:foo/bar:Bar", "x", pulumi.Map{}, &rawResource{})
			},
			want: `resource type "aws:foo/bar:Bar" is not supported by the fake AWS provider`,
		},
		"missing required input": {
			program: func(ctx *pulumi.Context) error {
				return ctx.RegisterResource("aws:iam/role:Role", "r", pulumi.Map{"description": pulumi.String("no trust policy")}, &rawResource{})
			},
			want: `missing required argument "assumeRolePolicy" of aws:iam/role:Role`,
		},
		"unknown function": {
			program: func(ctx *pulumi.Context) error {
				var r map[string]any
				return ctx.Invoke("aws:foo/getBar:getBar", map[string]any{}, &r)
			},
			want: `function "aws:foo/getBar:getBar" is not supported by the fake AWS provider`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, tc.program, nil)
			var log strings.Builder
			_, err := s.Up(ctx, optup.ProgressStreams(&log))
			require.Error(t, err)
			assert.Contains(t, err.Error()+log.String(), tc.want)
		})
	}
}
