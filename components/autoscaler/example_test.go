package autoscaler_test

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/autoscaler"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// The autoscaler for a Kubernetes 1.35 cluster with Pod Identity (the association, made
// elsewhere, names the service account).
func ExampleNewClusterAutoscaler() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		provider, err := kubernetes.NewProvider(ctx, "eks", &kubernetes.ProviderArgs{
			Kubeconfig: pulumi.ToSecret(pulumi.String("{}")).(pulumi.StringOutput),
		})
		if err != nil {
			return err
		}
		_, err = autoscaler.NewClusterAutoscaler(ctx, "cas", &autoscaler.ClusterAutoscalerArgs{
			ClusterName:       pulumi.String("portkey-prod"),
			Region:            "us-west-2",
			KubernetesVersion: "1.35",
			Provider:          provider,
		})
		return err
	}, synth.Options{Stack: "prod"})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.Find("kubernetes:helm.sh/v3:Release", "cas")
	fmt.Println(r.Inputs["chart"], r.Inputs["version"], "in", r.Inputs["namespace"])
	fmt.Println("image:", synth.Get(r.Inputs, "values.image.tag"))
	fmt.Println("discovers:", synth.Get(r.Inputs, "values.autoDiscovery.clusterName"))
	// Output:
	// cluster-autoscaler 9.56.0 in kube-system
	// image: v1.35.0
	// discovers: portkey-prod
}
