package lbcontroller_test

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// The controller on an existing cluster's provider, with an IRSA role made elsewhere.
func ExampleNewLoadBalancerController() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		provider, err := kubernetes.NewProvider(ctx, "eks", &kubernetes.ProviderArgs{
			Kubeconfig: pulumi.ToSecret(pulumi.String("{}")).(pulumi.StringOutput),
		})
		if err != nil {
			return err
		}
		_, err = lbcontroller.NewLoadBalancerController(ctx, "lbc", &lbcontroller.LoadBalancerControllerArgs{
			ClusterName: pulumi.String("portkey-prod"),
			Region:      "eu-west-1",
			VpcID:       pulumi.String("vpc-0123456789abcdef0"),
			IRSARoleArn: pulumi.String("arn:aws:iam::123456789012:role/portkey-prod-lbc"),
			Provider:    provider,
		})
		return err
	}, synth.Options{Stack: "prod"})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.Find("kubernetes:helm.sh/v3:Release", "lbc")
	fmt.Println(r.Inputs["chart"], r.Inputs["version"], "in", r.Inputs["namespace"])
	fmt.Println("service account:", synth.Get(r.Inputs, "values.serviceAccount.name"))
	fmt.Println("role:", synth.Get(r.Inputs, "values.serviceAccount.annotations").(map[string]any)[vocab.IRSARoleAnnotation])
	fmt.Println("replicas:", synth.Get(r.Inputs, "values.replicaCount"))
	// Output:
	// aws-load-balancer-controller 3.5.0 in kube-system
	// service account: aws-load-balancer-controller
	// role: arn:aws:iam::123456789012:role/portkey-prod-lbc
	// replicas: 2
}
