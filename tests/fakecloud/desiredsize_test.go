package fakecloud_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/tests/fakecloud/provider"
)

// nodeGroupProgram is a cluster with one pulumi-eks ManagedNodeGroup whose desired size is
// the config key "desired", given cluster.IgnoreDesiredSize through pulumi.Transforms when
// ignore is set (as components/cluster does).
func nodeGroupProgram(ignore bool) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		desired := config.RequireInt(ctx, "desired")
		vpc, err := ec2.NewVpc(ctx, "main", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")})
		if err != nil {
			return err
		}
		var subnets pulumi.StringArray
		for i, az := range []string{"us-west-2a", "us-west-2b"} {
			s, err := ec2.NewSubnet(ctx, "private-"+az, &ec2.SubnetArgs{
				VpcId: vpc.ID(), CidrBlock: pulumi.Sprintf("10.0.%d.0/24", i), AvailabilityZone: pulumi.String(az),
			})
			if err != nil {
				return err
			}
			subnets = append(subnets, s.ID())
		}
		role, err := iam.NewRole(ctx, "nodes", &iam.RoleArgs{
			AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
		})
		if err != nil {
			return err
		}
		api := eks.AuthenticationModeApi
		cl, err := eks.NewCluster(ctx, "pk", &eks.ClusterArgs{
			Name: pulumi.String("portkey-dev"), Version: pulumi.String("1.35"),
			VpcId: vpc.ID().ToStringOutput().ToStringPtrOutput(), PrivateSubnetIds: subnets,
			AuthenticationMode: &api, CreateOidcProvider: pulumi.Bool(true), InstanceRoles: iam.RoleArray{},
			EndpointPrivateAccess: pulumi.Bool(true), EndpointPublicAccess: pulumi.Bool(false),
			SkipDefaultNodeGroup: pulumi.BoolRef(true), UseDefaultVpcCni: pulumi.BoolRef(true),
		})
		if err != nil {
			return err
		}
		var opts []pulumi.ResourceOption
		if ignore {
			opts = append(opts, pulumi.Transforms([]pulumi.ResourceTransform{cluster.IgnoreDesiredSize}))
		}
		_, err = eks.NewManagedNodeGroup(ctx, "pk-general", &eks.ManagedNodeGroupArgs{
			Cluster: cl, NodeGroupNamePrefix: pulumi.String("general-"), NodeRoleArn: role.Arn, SubnetIds: subnets,
			AmiType: pulumi.String("AL2023_ARM_64_STANDARD"), InstanceTypes: pulumi.StringArray{pulumi.String("t4g.medium")},
			ScalingConfig: awseks.NodeGroupScalingConfigArgs{MinSize: pulumi.Int(1), DesiredSize: pulumi.Int(desired), MaxSize: pulumi.Int(9)},
		}, opts...)
		return err
	}
}

// TestDesiredSizeIsLeftToTheAutoscaler: on the real engine, the transform reaches the
// remote ManagedNodeGroup's aws:eks/nodeGroup child, so after the first up a different
// desired size (what the Cluster Autoscaler sets, or an edited config) changes nothing;
// without the transform the same edit updates the node group (the test can fail).
func TestDesiredSizeIsLeftToTheAutoscaler(t *testing.T) {
	t.Parallel()
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	require.NoError(t, os.WriteFile(kubeconfig, []byte(`apiVersion: v1
kind: Config
current-context: loop
clusters: [{name: loop, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: RkFLRQ==}}]
contexts: [{name: loop, context: {cluster: loop, user: admin}}]
users: [{name: admin, user: {token: loopback-token}}]
`), 0o600))
	for _, ignore := range []bool{true, false} {
		name := "without the transform"
		if ignore {
			name = "with cluster.IgnoreDesiredSize"
		}
		t.Run(name, func(t *testing.T) {
			s := newStack(t, nodeGroupProgram(ignore), map[string]string{provider.KubeconfigEnv: kubeconfig, provider.K8sProviderEnv: "false"})
			ctx := context.Background()
			require.NoError(t, s.SetConfig(ctx, "desired", auto.ConfigValue{Value: "2"}))
			var log strings.Builder
			_, err := s.Up(ctx, optup.ProgressStreams(&log))
			require.NoError(t, err, "up:\n%s", log.String())
			dep, err := s.Export(ctx)
			require.NoError(t, err)
			assert.Contains(t, string(dep.Deployment), `"desiredSize": 2`, "created at the configured size")

			require.NoError(t, s.SetConfig(ctx, "desired", auto.ConfigValue{Value: "5"}))
			log.Reset()
			pre, err := s.Preview(ctx, optpreview.ProgressStreams(&log))
			require.NoError(t, err, "preview:\n%s", log.String())
			updates := pre.ChangeSummary["update"]
			if ignore {
				assert.Zero(t, updates, "the node group's desired size is ignored after creation:\n%s", log.String())
			} else {
				assert.Equal(t, 1, updates, "without the transform the node group would be resized:\n%s", log.String())
			}
		})
	}
}
