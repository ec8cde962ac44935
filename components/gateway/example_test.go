package gateway_test

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// The gateway on its own: a cluster's Kubernetes provider, the secrets from config, the
// built-in Redis and a ClusterIP Service only (reach it with kubectl port-forward).
func ExampleNewGatewayRelease() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "portkey-eks")
		k8s, err := kubernetes.NewProvider(ctx, "cluster", &kubernetes.ProviderArgs{
			Kubeconfig: cfg.RequireSecret("kubeconfig"),
		})
		if err != nil {
			return err
		}
		// The chart's built-in Redis: the cache component creates nothing and makes the
		// gateway's cache environment, which the release takes unchanged.
		kv, err := cache.NewCache(ctx, "cache", &cache.CacheArgs{Mode: vocab.CacheBuiltin})
		if err != nil {
			return err
		}
		gw, err := gateway.NewGatewayRelease(ctx, "gateway", &gateway.GatewayReleaseArgs{
			Provider:         k8s,
			OrganisationID:   cfg.Require("organisationId"),
			ClientAuthKey:    cfg.RequireSecret("clientAuthKey"),
			RegistryUsername: cfg.RequireSecret("registryUsername"),
			RegistryPassword: cfg.RequireSecret("registryPassword"),
			Cache:            gateway.CacheArgs{Mode: kv.Mode, Environment: kv.Environment, SecretEnvironment: kv.SecretEnvironment},
			Identity: gateway.IdentityArgs{
				Mode:                      vocab.PodIdentity,
				GatewayServiceAccount:     "gateway-sa",
				DataServiceServiceAccount: "dataservice-sa",
			},
			Exposure: gateway.ExposureArgs{Type: vocab.ExposureNone},
		})
		if err != nil {
			return err
		}
		ctx.Export("gatewayUrl", gw.GatewayURL)
		ctx.Export("values", gw.Values)
		return nil
	}, synth.Options{
		Config: map[string]string{
			"portkey-eks:kubeconfig":       "{}",
			"portkey-eks:organisationId":   "org-0000",
			"portkey-eks:clientAuthKey":    "fake-license",
			"portkey-eks:registryUsername": "fake-user",
			"portkey-eks:registryPassword": "fake-password",
		},
		SecretKeys: []string{"portkey-eks:kubeconfig", "portkey-eks:clientAuthKey", "portkey-eks:registryUsername", "portkey-eks:registryPassword"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var lines []string
	for _, r := range res.Resources {
		lines = append(lines, r.Type+" "+r.Name)
	}
	sort.Strings(lines) // registration order depends on when inputs resolve
	fmt.Println(strings.Join(lines, "\n"))
	fmt.Println(res.Outputs["gatewayUrl"])
	fmt.Println(res.Outputs["values"])
	// Output:
	// kubernetes:core/v1:Namespace gateway-ns
	// kubernetes:helm.sh/v3:Release gateway-release
	// kubernetes:networking.k8s.io/v1:NetworkPolicy gateway-netpol
	// kubernetes:policy/v1:PodDisruptionBudget gateway-pdb
	// portkey-eks:cache:Cache cache
	// portkey-eks:gateway:GatewayRelease gateway
	// pulumi:providers:kubernetes cluster
	// http://portkey-ai-gateway.portkeyai.svc.cluster.local:8787
	// [secret]
}
