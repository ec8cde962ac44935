package lbcontroller_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

type dependency struct{ pulumi.CustomResourceState }

// run installs the controller with a cluster provider and a stand-in node group to
// depend on; change adjusts the arguments.
func run(t *testing.T, change func(a *lbcontroller.LoadBalancerControllerArgs)) (*synth.Result, error) {
	t.Helper()
	res, _, err := synth.Component(onCluster, "lbc", change, nil, synth.Options{Stack: "dev"})
	return res, err
}

// onCluster creates a cluster provider and a node group, then the controller with arguments
// that use them, adjusted by change.
func onCluster(ctx *pulumi.Context, name string, change func(a *lbcontroller.LoadBalancerControllerArgs), opts ...pulumi.ResourceOption) (*lbcontroller.LoadBalancerController, error) {
	provider, err := kubernetes.NewProvider(ctx, "cluster", &kubernetes.ProviderArgs{
		Kubeconfig: pulumi.ToSecret(pulumi.String(`{"apiVersion":"v1","kind":"Config"}`)).(pulumi.StringOutput),
	})
	if err != nil {
		return nil, err
	}
	ng := &dependency{}
	if err := ctx.RegisterResource("aws:eks/nodeGroup:NodeGroup", "general", pulumi.Map{"clusterName": pulumi.String("portkey-dev")}, ng); err != nil {
		return nil, err
	}
	args := &lbcontroller.LoadBalancerControllerArgs{
		ClusterName: pulumi.String("portkey-dev"),
		Region:      "us-east-1",
		VpcID:       pulumi.String("vpc-0123456789abcdef0"),
		IRSARoleArn: pulumi.String("arn:aws:iam::123456789012:role/portkey-dev-lbc"),
		Provider:    provider,
		DependsOn:   []pulumi.Resource{ng},
	}
	if change != nil {
		change(args)
	}
	return lbcontroller.NewLoadBalancerController(ctx, name, args, opts...)
}

func release(t *testing.T, res *synth.Result) *synth.Resource {
	t.Helper()
	r := res.Find("kubernetes:helm.sh/v3:Release", "lbc")
	require.NotNil(t, r)
	return r
}

func TestRelease(t *testing.T) {
	res, err := run(t, nil)
	require.NoError(t, err)
	r := release(t, res)
	in := r.Inputs
	assert.Equal(t, "aws-load-balancer-controller", in["chart"])
	assert.Equal(t, "3.5.0", in["version"], "pinned by default")
	assert.Equal(t, true, in["skipCrds"], "the program applies the CRDs, for install and upgrade")
	assert.Equal(t, "https://aws.github.io/eks-charts", synth.Get(in, "repositoryOpts.repo"))
	assert.Equal(t, "kube-system", in["namespace"])
	assert.Equal(t, "aws-load-balancer-controller", in["name"])
	assert.Equal(t, true, in["atomic"])

	assert.Equal(t, "portkey-dev", synth.Get(in, "values.clusterName"))
	assert.Equal(t, "us-east-1", synth.Get(in, "values.region"))
	assert.Equal(t, "vpc-0123456789abcdef0", synth.Get(in, "values.vpcId"))
	assert.EqualValues(t, 2, synth.Get(in, "values.replicaCount"))
	assert.EqualValues(t, 1, synth.Get(in, "values.podDisruptionBudget.maxUnavailable"))
	// The service account the role trusts, created by the chart with the IRSA annotation.
	assert.Equal(t, true, synth.Get(in, "values.serviceAccount.create"))
	assert.Equal(t, "aws-load-balancer-controller", synth.Get(in, "values.serviceAccount.name"))
	assert.Equal(t, "arn:aws:iam::123456789012:role/portkey-dev-lbc", synth.Get(in, "values.serviceAccount.annotations").(map[string]any)["eks.amazonaws.com/role-arn"])

	// It waits for the nodes it runs on.
	ng := res.Find("aws:eks/nodeGroup:NodeGroup", "general")
	require.NotNil(t, ng)
	assert.Contains(t, r.Dependencies, ng.URN)
}

// TestCRDs: the chart's CRDs are the program's resources, applied before the release
// (which waits on each) and taking over the fields a Helm install owned.
func TestCRDs(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *lbcontroller.LoadBalancerControllerArgs)
		names  []string
		retain bool
	}{
		{"default chart, owned cluster", nil, []string{"targetgroupbindings", "ingressclassparams", "albtargetcontrolconfigs", "globalaccelerators"}, false},
		{"chart 1.14.0, shared cluster", func(a *lbcontroller.LoadBalancerControllerArgs) {
			a.ChartVersion = "1.14.0"
			a.RetainCRDsOnDelete = true
		}, []string{"targetgroupbindings", "ingressclassparams"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, tt.change)
			require.NoError(t, err)
			r := release(t, res)
			var got []string
			for _, c := range res.Resources {
				if c.Type != "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition" {
					continue
				}
				plural := strings.TrimPrefix(c.Name, "lbc-crd-")
				got = append(got, plural)
				assert.True(t, strings.HasPrefix(synth.Get(c.Inputs, "metadata.name").(string), plural+"."), c.Name)
				assert.Equal(t, "true", synth.Get(c.Inputs, "metadata.annotations").(map[string]any)["pulumi.com/patchForce"])
				assert.Equal(t, synth.Get(c.Inputs, "metadata.name"), plural+"."+synth.Get(c.Inputs, "spec.group").(string))
				assert.Contains(t, r.Dependencies, c.URN, "the release waits on %s", c.Name)
				assert.Equal(t, tt.retain, c.RetainOnDelete, c.Name)
			}
			assert.ElementsMatch(t, tt.names, got)
		})
	}
}

func TestEveryKubernetesResourceUsesTheClusterProvider(t *testing.T) {
	res, err := run(t, nil)
	require.NoError(t, err)
	provider := res.Find("pulumi:providers:kubernetes", "cluster")
	require.NotNil(t, provider)
	var n int
	for _, r := range res.Resources {
		if strings.HasPrefix(r.Type, "kubernetes:") {
			n++
			assert.True(t, strings.HasPrefix(r.Provider, provider.URN+"::"), "%s %s uses provider %q", r.Type, r.Name, r.Provider)
		}
	}
	assert.Equal(t, 5, n, "the release and four CRDs")
}

func TestPodIdentityAndOptions(t *testing.T) {
	res, err := run(t, func(a *lbcontroller.LoadBalancerControllerArgs) {
		a.IRSARoleArn = nil
		a.ServiceAccountName = "lbc"
		a.ChartVersion = "1.14.0"
		a.Replicas = 1
	})
	require.NoError(t, err)
	in := release(t, res).Inputs
	assert.Equal(t, "lbc", synth.Get(in, "values.serviceAccount.name"))
	assert.Nil(t, synth.Get(in, "values.serviceAccount.annotations"), "no IRSA annotation with Pod Identity")
	assert.Equal(t, "1.14.0", in["version"])
	assert.EqualValues(t, 1, synth.Get(in, "values.replicaCount"))
	assert.Nil(t, synth.Get(in, "values.podDisruptionBudget"), "no PDB for a single replica")
}

func TestInvalidArgs(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *lbcontroller.LoadBalancerControllerArgs)
		err    string
	}{
		{"no provider", func(a *lbcontroller.LoadBalancerControllerArgs) { a.Provider = nil }, "Provider is required"},
		{"no region", func(a *lbcontroller.LoadBalancerControllerArgs) { a.Region = "" }, "Region"},
		{"no cluster name", func(a *lbcontroller.LoadBalancerControllerArgs) { a.ClusterName = nil }, "ClusterName"},
		{"unpinned chart", func(a *lbcontroller.LoadBalancerControllerArgs) { a.ChartVersion = "latest" }, "pin a chart version"},
		{"chart without known CRDs", func(a *lbcontroller.LoadBalancerControllerArgs) { a.ChartVersion = "1.13.4" }, "its CRDs are not known"},
		{"too many replicas", func(a *lbcontroller.LoadBalancerControllerArgs) { a.Replicas = 50 }, "Replicas"},
		{"bad service account", func(a *lbcontroller.LoadBalancerControllerArgs) { a.ServiceAccountName = "LBC_sa" }, "ServiceAccountName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, tt.change)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
			assert.Nil(t, res.Find("kubernetes:helm.sh/v3:Release", "lbc"))
		})
	}
}

// TestChartFromAMirror: an HTTP mirror is the release's repository; an oci:// registry
// becomes the chart reference itself, with no repository.
func TestChartFromAMirror(t *testing.T) {
	res, err := run(t, func(a *lbcontroller.LoadBalancerControllerArgs) { a.ChartRepository = "http://127.0.0.1:8879" })
	require.NoError(t, err)
	in := release(t, res).Inputs
	assert.Equal(t, "aws-load-balancer-controller", in["chart"])
	assert.Equal(t, "http://127.0.0.1:8879", synth.Get(in, "repositoryOpts.repo"))

	res, err = run(t, func(a *lbcontroller.LoadBalancerControllerArgs) {
		a.ChartRepository = "oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts"
	})
	require.NoError(t, err)
	in = release(t, res).Inputs
	assert.Equal(t, "oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts/aws-load-balancer-controller", in["chart"])
	assert.Nil(t, synth.Get(in, "repositoryOpts.repo"))

	_, err = run(t, func(a *lbcontroller.LoadBalancerControllerArgs) { a.ChartRepository = "s3://charts" })
	assert.ErrorContains(t, err, "ChartRepository")
}
