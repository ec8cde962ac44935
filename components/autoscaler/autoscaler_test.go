package autoscaler_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/autoscaler"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

type dependency struct{ pulumi.CustomResourceState }

func run(t *testing.T, change func(a *autoscaler.ClusterAutoscalerArgs)) (*synth.Result, error) {
	t.Helper()
	res, _, err := synth.Component(onCluster, "cas", change, nil, synth.Options{Stack: "prod"})
	return res, err
}

// onCluster creates a cluster provider and a node group, then the autoscaler with
// arguments that use them, adjusted by change.
func onCluster(ctx *pulumi.Context, name string, change func(a *autoscaler.ClusterAutoscalerArgs), opts ...pulumi.ResourceOption) (*autoscaler.ClusterAutoscaler, error) {
	provider, err := kubernetes.NewProvider(ctx, "cluster", &kubernetes.ProviderArgs{
		Kubeconfig: pulumi.ToSecret(pulumi.String(`{"apiVersion":"v1","kind":"Config"}`)).(pulumi.StringOutput),
	})
	if err != nil {
		return nil, err
	}
	ng := &dependency{}
	if err := ctx.RegisterResource("aws:eks/nodeGroup:NodeGroup", "general", pulumi.Map{"clusterName": pulumi.String("portkey-prod")}, ng); err != nil {
		return nil, err
	}
	args := &autoscaler.ClusterAutoscalerArgs{
		ClusterName:       pulumi.String("portkey-prod"),
		Region:            "us-west-2",
		KubernetesVersion: "1.35",
		IRSARoleArn:       pulumi.String("arn:aws:iam::123456789012:role/portkey-prod-cluster-autoscaler"),
		Provider:          provider,
		DependsOn:         []pulumi.Resource{ng},
	}
	if change != nil {
		change(args)
	}
	return autoscaler.NewClusterAutoscaler(ctx, name, args, opts...)
}

func release(t *testing.T, res *synth.Result) *synth.Resource {
	t.Helper()
	r := res.Find("kubernetes:helm.sh/v3:Release", "cas")
	require.NotNil(t, r)
	return r
}

func TestRelease(t *testing.T) {
	res, err := run(t, nil)
	require.NoError(t, err)
	r := release(t, res)
	in := r.Inputs
	assert.Equal(t, "cluster-autoscaler", in["chart"])
	assert.Equal(t, "9.56.0", in["version"], "pinned for Kubernetes 1.35")
	assert.Equal(t, "https://kubernetes.github.io/autoscaler", synth.Get(in, "repositoryOpts.repo"))
	assert.Equal(t, "kube-system", in["namespace"])
	assert.Equal(t, "cluster-autoscaler", in["name"])
	assert.Equal(t, true, in["atomic"])
	assert.Equal(t, "v1.35.0", synth.Get(in, "values.image.tag"))
	assert.Equal(t, "registry.k8s.io/autoscaling/cluster-autoscaler", synth.Get(in, "values.image.repository"))
	assert.Equal(t, "portkey-prod", synth.Get(in, "values.autoDiscovery.clusterName"))
	assert.Equal(t, "us-west-2", synth.Get(in, "values.awsRegion"))
	assert.Equal(t, "system-cluster-critical", synth.Get(in, "values.priorityClassName"))
	assert.Equal(t, "100m", synth.Get(in, "values.resources.requests.cpu"))
	assert.Equal(t, "cluster-autoscaler", synth.Get(in, "values.rbac.serviceAccount.name"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/portkey-prod-cluster-autoscaler", synth.Get(in, "values.rbac.serviceAccount.annotations").(map[string]any)["eks.amazonaws.com/role-arn"])
	assert.Equal(t, true, synth.Get(in, "values.extraArgs.balance-similar-node-groups"))
	assert.Equal(t, "least-waste", synth.Get(in, "values.extraArgs.expander"))
	ng := res.Find("aws:eks/nodeGroup:NodeGroup", "general")
	require.NotNil(t, ng)
	assert.Contains(t, r.Dependencies, ng.URN, "its pod needs a node")

	provider := res.Find("pulumi:providers:kubernetes", "cluster")
	require.NotNil(t, provider)
	assert.True(t, strings.HasPrefix(r.Provider, provider.URN+"::"))
}

func TestPodIdentityVersionsAndOptions(t *testing.T) {
	res, err := run(t, func(a *autoscaler.ClusterAutoscalerArgs) {
		a.IRSARoleArn = nil
		a.KubernetesVersion = "1.34"
		a.ImageRepository = "123456789012.dkr.ecr.us-west-2.amazonaws.com/cluster-autoscaler"
		a.Expander = "random"
		a.ScaleDownDisabled = true
		a.ChartRepository = "oci://123456789012.dkr.ecr.us-west-2.amazonaws.com/charts"
	})
	require.NoError(t, err)
	in := release(t, res).Inputs
	assert.Equal(t, map[string]any{}, synth.Get(in, "values.rbac.serviceAccount.annotations"), "no IRSA annotation with Pod Identity")
	assert.Equal(t, "9.53.0", in["version"])
	assert.Equal(t, "v1.34.2", synth.Get(in, "values.image.tag"))
	assert.Equal(t, "123456789012.dkr.ecr.us-west-2.amazonaws.com/cluster-autoscaler", synth.Get(in, "values.image.repository"))
	assert.Equal(t, "random", synth.Get(in, "values.extraArgs.expander"))
	assert.Equal(t, false, synth.Get(in, "values.extraArgs.scale-down-enabled"))
	assert.Equal(t, "oci://123456789012.dkr.ecr.us-west-2.amazonaws.com/charts/cluster-autoscaler", in["chart"])
	assert.Nil(t, synth.Get(in, "repositoryOpts.repo"))
}

func TestRefusedArguments(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *autoscaler.ClusterAutoscalerArgs)
		err    string
	}{
		{"no provider", func(a *autoscaler.ClusterAutoscalerArgs) { a.Provider = nil }, "Provider is required"},
		{"no cluster name", func(a *autoscaler.ClusterAutoscalerArgs) { a.ClusterName = nil }, "ClusterName is required"},
		{"no region", func(a *autoscaler.ClusterAutoscalerArgs) { a.Region = "" }, "Region"},
		{"unknown Kubernetes version", func(a *autoscaler.ClusterAutoscalerArgs) { a.KubernetesVersion = "1.29" }, "no Cluster Autoscaler release is pinned"},
		{"image of another minor", func(a *autoscaler.ClusterAutoscalerArgs) { a.ImageTag = "v1.34.2" }, "the autoscaler's minor must match the cluster's"},
		{"unpinned chart", func(a *autoscaler.ClusterAutoscalerArgs) { a.ChartVersion = "latest" }, "pin a chart version"},
		{"bad expander", func(a *autoscaler.ClusterAutoscalerArgs) { a.Expander = "priority" }, "Expander"},
		{"bad duration", func(a *autoscaler.ClusterAutoscalerArgs) { a.ScaleDownUnneededTime = "ten" }, "ScaleDownUnneededTime"},
		{"too many replicas", func(a *autoscaler.ClusterAutoscalerArgs) { a.Replicas = 5 }, "Replicas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, tt.change)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
			assert.Nil(t, res.Find("kubernetes:helm.sh/v3:Release", "cas"))
		})
	}
}
