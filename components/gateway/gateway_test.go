package gateway_test

import (
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	helm "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

const (
	tReleaseType = "kubernetes:helm.sh/v3:Release"
	tNamespace   = "kubernetes:core/v1:Namespace"
	tNetPol      = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
	tPDB         = "kubernetes:policy/v1:PodDisruptionBudget"
	tTGB         = "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding"
	tComponent   = "portkey-eks:gateway:GatewayRelease"
	tgARN        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/portkey-gw/0123456789abcdef"
	nlbDNS       = "portkey-gw-0123456789.elb.eu-west-1.amazonaws.com"
	vpcID        = "vpc-0123456789abcdef0"
	license      = "fake-license-key-0001"
	regPassword  = "fake-registry-password-0001"
	cacheToken   = "fake-cache-token-0123456789"
)

// devArgs are the dev stack's arguments; the secrets are given as plain strings on purpose
// (the component must make them secret itself).
func devArgs() gateway.GatewayReleaseArgs {
	return gateway.GatewayReleaseArgs{
		OrganisationID:   "org-dev-0000",
		ClientAuthKey:    pulumi.String(license),
		RegistryUsername: pulumi.String("fake-registry-user"),
		RegistryPassword: pulumi.String(regPassword),
		// What the cache component emits for the chart's built-in Redis.
		Cache:    gateway.CacheArgs{Mode: vocab.CacheBuiltin, Environment: pulumi.ToStringMap(cache.GatewayEnvironment(nil))},
		LogStore: gateway.LogStoreArgs{Bucket: pulumi.String("portkey-logs-dev"), Region: pulumi.String("eu-west-1")},
		Identity: gateway.IdentityArgs{
			Mode: vocab.IRSA, RoleArn: pulumi.String("arn:aws:iam::123456789012:role/portkey-gateway"),
			GatewayServiceAccount: "gateway-sa", DataServiceServiceAccount: "dataservice-sa",
		},
		Replicas: 2,
		Exposure: gateway.ExposureArgs{
			Type: vocab.ExposureNLB, Scheme: vocab.SchemeInternal,
			TargetGroupArn: pulumi.String(tgARN), LoadBalancerDNSName: pulumi.String(nlbDNS),
			VpcID: pulumi.String(vpcID),
		},
	}
}

func prodArgs() gateway.GatewayReleaseArgs {
	a := devArgs()
	a.Cache = gateway.CacheArgs{
		Mode: vocab.CacheElastiCache,
		Environment: pulumi.ToStringMap(cache.GatewayEnvironment(&cache.Endpoint{
			Host: "clustercfg.portkey.abc.euw1.cache.amazonaws.com", Port: 6379, TLS: true, Cluster: true,
		})),
		SecretEnvironment: pulumi.ToSecret(pulumi.StringMap{cache.EnvRedisPassword: pulumi.String(cacheToken)}).(pulumi.StringMapOutput),
	}
	a.Identity = gateway.IdentityArgs{Mode: vocab.PodIdentity, GatewayServiceAccount: "gateway-sa", DataServiceServiceAccount: "dataservice-sa"}
	a.ControlPlanePrivateLink = true
	a.DataService = gateway.DataService{Enabled: true, Replicas: 2}
	a.Autoscaling = gateway.Autoscaling{Enabled: true, MinReplicas: 3, MaxReplicas: 9}
	return a
}

// run creates a Kubernetes provider, a stand-in for the LB controller release, and the
// gateway, and exports the gateway's outputs.
func run(t *testing.T, mutate func(a *gateway.GatewayReleaseArgs)) (*synth.Result, error) {
	t.Helper()
	return synth.Run(func(ctx *pulumi.Context) error {
		k8s, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("{}")})
		if err != nil {
			return err
		}
		lbc, err := helm.NewRelease(ctx, "lb-controller", &helm.ReleaseArgs{Chart: pulumi.String("aws-load-balancer-controller")}, pulumi.Provider(k8s))
		if err != nil {
			return err
		}
		a := devArgs()
		a.Provider = k8s
		a.DependsOn = []pulumi.Resource{lbc}
		if mutate != nil {
			mutate(&a)
		}
		gw, err := gateway.NewGatewayRelease(ctx, "gateway", &a)
		if err != nil {
			return err
		}
		ctx.Export("url", gw.GatewayURL)
		ctx.Export("namespace", gw.Namespace)
		ctx.Export("release", gw.ReleaseName)
		ctx.Export("service", gw.ServiceName)
		ctx.Export("serviceAccount", gw.ServiceAccountName)
		ctx.Export("values", gw.Values)
		ctx.Export("redactedValues", gw.RedactedValues)
		return nil
	}, synth.Options{Stack: "dev", Config: map[string]string{"aws:region": "eu-west-1"}})
}

func mustRun(t *testing.T, mutate func(a *gateway.GatewayReleaseArgs)) *synth.Result {
	t.Helper()
	res, err := run(t, mutate)
	require.NoError(t, err)
	return res
}

func one(t *testing.T, res *synth.Result, typ string) synth.Resource {
	t.Helper()
	rs := res.ByType(typ)
	require.Len(t, rs, 1, typ)
	return rs[0]
}

func gatewayRelease(t *testing.T, res *synth.Result) synth.Resource {
	t.Helper()
	r := res.Find(tReleaseType, "gateway-release")
	require.NotNil(t, r)
	return *r
}

func TestRelease(t *testing.T) {
	res := mustRun(t, nil)
	rel := gatewayRelease(t, res)
	in := rel.Inputs
	assert.Equal(t, "portkey-ai", in["name"])
	assert.Equal(t, "gateway", in["chart"])
	assert.Equal(t, "1.7.7", in["version"])
	assert.Equal(t, "https://portkey-ai.github.io/helm", synth.Get(in, "repositoryOpts.repo"))
	assert.Equal(t, "portkeyai", in["namespace"])
	assert.Equal(t, true, in["atomic"])
	assert.Equal(t, true, in["cleanupOnFail"])
	assert.Equal(t, false, in["createNamespace"])
	assert.Equal(t, float64(600), in["timeout"])
	assert.Equal(t, []string{"values"}, rel.AdditionalSecretOutputs)

	comp := one(t, res, tComponent)
	assert.Equal(t, comp.URN, rel.Parent)
	lbc := res.Find(tReleaseType, "lb-controller")
	ns := one(t, res, tNamespace)
	assert.Contains(t, rel.Dependencies, lbc.URN, "the release waits on DependsOn")
	assert.Contains(t, rel.Dependencies, ns.URN, "the release waits on its namespace")

	// Exported outputs.
	assert.Equal(t, "http://"+nlbDNS+":8787", res.Outputs["url"])
	assert.Equal(t, "portkeyai", res.Outputs["namespace"])
	assert.Equal(t, "portkey-ai", res.Outputs["release"])
	assert.Equal(t, "portkey-ai-gateway", res.Outputs["service"])
	assert.Equal(t, "gateway-sa", res.Outputs["serviceAccount"])
}

func TestEveryKubernetesChildUsesTheProvider(t *testing.T) {
	res := mustRun(t, func(a *gateway.GatewayReleaseArgs) { a.DataService = gateway.DataService{Enabled: true, Replicas: 2} })
	prov := res.Find("pulumi:providers:kubernetes", "k8s")
	require.NotNil(t, prov)
	comp := one(t, res, tComponent)
	n := 0
	for _, r := range res.Resources {
		if r.Parent != comp.URN {
			continue
		}
		n++
		assert.True(t, strings.HasPrefix(r.Provider, prov.URN+"::"), "%s %s has provider %q", r.Type, r.Name, r.Provider)
	}
	assert.Equal(t, 6, n, "namespace, release, network policy, two PDBs, TargetGroupBinding")
}

func TestSecretsStaySecret(t *testing.T) {
	for name, mutate := range map[string]func(a *gateway.GatewayReleaseArgs){
		"dev (plain inputs)": nil,
		"prod (cache token)": func(a *gateway.GatewayReleaseArgs) { *a = withProvider(prodArgs(), a) },
	} {
		t.Run(name, func(t *testing.T) {
			res := mustRun(t, mutate)
			rel := gatewayRelease(t, res)
			// Recorded inputs: the values are masked, and their plain form holds the secrets.
			assert.Equal(t, synth.Masked, rel.Inputs["values"])
			assert.Contains(t, rel.SecretInputs, "values")
			assert.Equal(t, license, synth.Get(rel.PlainInputs, "values.environment.data.PORTKEY_CLIENT_AUTH"))
			assert.Equal(t, regPassword, synth.Get(rel.PlainInputs, "values.imageCredentials[0].password"))
			for _, r := range res.Resources {
				s := strings.Join([]string{dump(r.Inputs), dump(r.Outputs)}, " ")
				for _, secret := range []string{license, regPassword, cacheToken} {
					assert.NotContains(t, s, secret, "%s %s shows a secret", r.Type, r.Name)
				}
			}
			// Stack outputs: the values are secret, the redacted copy is not and hides them.
			assert.Contains(t, res.SecretOutputs, "values")
			assert.NotContains(t, res.SecretOutputs, "redactedValues")
			red := res.Outputs["redactedValues"]
			assert.Equal(t, synth.Masked, synth.Get(red, "environment.data.PORTKEY_CLIENT_AUTH"))
			assert.Equal(t, synth.Masked, synth.Get(red, "imageCredentials[0].password"))
			assert.Equal(t, synth.Masked, synth.Get(red, "imageCredentials[0].username"))
			assert.Equal(t, "control_plane", synth.Get(red, "environment.data.ANALYTICS_STORE"))
			assert.NotContains(t, dump(red), license)
			assert.NotContains(t, dump(red), regPassword)
			assert.NotContains(t, dump(red), cacheToken)
		})
	}
}

func withProvider(a gateway.GatewayReleaseArgs, from *gateway.GatewayReleaseArgs) gateway.GatewayReleaseArgs {
	a.Provider, a.DependsOn = from.Provider, from.DependsOn
	return a
}

func dump(v any) string {
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				b.WriteString(k + "=")
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			b.WriteString(x + " ")
		}
	}
	walk(v)
	return b.String()
}

func TestValuesFollowInputs(t *testing.T) {
	res := mustRun(t, func(a *gateway.GatewayReleaseArgs) { *a = withProvider(prodArgs(), a) })
	v := gatewayRelease(t, res).PlainInputs["values"]
	assert.Equal(t, "aws-elastic-cache", synth.Get(v, "environment.data.CACHE_STORE"), "ElastiCache never renders the built-in Redis")
	assert.Equal(t, "rediss://clustercfg.portkey.abc.euw1.cache.amazonaws.com:6379", synth.Get(v, "environment.data.REDIS_URL"))
	assert.Equal(t, cacheToken, synth.Get(v, "environment.data.REDIS_PASSWORD"))
	assert.Equal(t, "portkey-logs-dev", synth.Get(v, "environment.data.LOG_STORE_GENERATIONS_BUCKET"))
	assert.Equal(t, "https://aws-cp.portkey.ai/api/v1", synth.Get(v, "environment.data.CONTROL_PLANE_BASEPATH"))
	assert.Equal(t, map[string]any{}, synth.Get(v, "serviceAccount.annotations"))

	res = mustRun(t, nil)
	v = gatewayRelease(t, res).PlainInputs["values"]
	ann := synth.Get(v, "serviceAccount.annotations").(map[string]any)
	assert.Equal(t, "arn:aws:iam::123456789012:role/portkey-gateway", ann[vocab.IRSARoleAnnotation])
}

func TestTargetGroupBinding(t *testing.T) {
	res := mustRun(t, nil)
	tgb := one(t, res, tTGB)
	assert.Equal(t, "elbv2.k8s.aws/v1beta1", tgb.Inputs["apiVersion"])
	assert.Equal(t, "TargetGroupBinding", tgb.Inputs["kind"])
	assert.Equal(t, "portkeyai", synth.Get(tgb.Inputs, "metadata.namespace"))
	assert.Equal(t, map[string]any{
		"serviceRef":     map[string]any{"name": "portkey-ai-gateway", "port": float64(8787)},
		"targetGroupARN": tgARN,
		"targetType":     "ip",
		// What the controller's webhook would otherwise default: server-side apply owns it.
		"vpcID":         vpcID,
		"ipAddressType": "ipv4",
	}, tgb.Inputs["spec"])
	// targetGroupARN is immutable in the webhook: a new target group replaces the binding,
	// the old binding deleted first.
	assert.Equal(t, []string{"spec.targetGroupARN"}, tgb.ReplaceOnChanges)
	assert.True(t, tgb.DeleteBeforeReplace)
	rel := gatewayRelease(t, res)
	lbc := res.Find(tReleaseType, "lb-controller")
	assert.Contains(t, tgb.Dependencies, rel.URN, "the Service exists first; on destroy the binding goes first")
	assert.Contains(t, tgb.Dependencies, lbc.URN, "the controller (CRD, finalizer) outlives the binding")

	// The chart names the Service after the release: a release called *gateway* keeps its name.
	res = mustRun(t, func(a *gateway.GatewayReleaseArgs) { a.ReleaseName = "portkey-gateway" })
	assert.Equal(t, "portkey-gateway", synth.Get(one(t, res, tTGB).Inputs, "spec.serviceRef.name"))

	for _, typ := range []vocab.ExposureType{vocab.ExposureALB, vocab.ExposureNone} {
		res = mustRun(t, func(a *gateway.GatewayReleaseArgs) {
			a.Exposure = gateway.ExposureArgs{Type: typ, AllowedCidrs: []string{"10.0.0.0/16"}}
		})
		assert.Empty(t, res.ByType(tTGB), typ)
	}
}

func TestNetworkPolicy(t *testing.T) {
	for _, tc := range []struct {
		name          string
		mutate        func(a *gateway.GatewayReleaseArgs)
		internalPorts []float64
	}{
		{"dev: built-in Redis", nil, []float64{6379}},
		{"prod: data service", func(a *gateway.GatewayReleaseArgs) { *a = withProvider(prodArgs(), a) }, []float64{8081}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustRun(t, tc.mutate)
			np := one(t, res, tNetPol)
			spec := np.Inputs["spec"].(map[string]any)
			assert.Equal(t, map[string]any{"app.kubernetes.io/instance": "portkey-ai"}, synth.Get(spec, "podSelector.matchLabels"))
			assert.ElementsMatch(t, []any{"Ingress", "Egress"}, spec["policyTypes"])

			// Egress: IMDS is excepted from the only ipBlock, and no rule allows everything.
			imds := net.ParseIP("169.254.169.254")
			podIdentityAgent := net.ParseIP("169.254.170.23")
			blocks := 0
			for _, r := range spec["egress"].([]any) {
				to, _ := r.(map[string]any)["to"].([]any)
				require.NotEmpty(t, to, "an egress rule without 'to' allows every destination, IMDS included")
				for _, peer := range to {
					ib, ok := peer.(map[string]any)["ipBlock"].(map[string]any)
					if !ok {
						continue
					}
					blocks++
					_, cidr, err := net.ParseCIDR(ib["cidr"].(string))
					require.NoError(t, err)
					if !cidr.Contains(imds) {
						continue
					}
					excepted := func(ip net.IP) bool {
						for _, e := range ib["except"].([]any) {
							_, ex, err := net.ParseCIDR(e.(string))
							require.NoError(t, err)
							if ex.Contains(ip) {
								return true
							}
						}
						return false
					}
					assert.True(t, excepted(imds), "ipBlock %v reaches IMDS", ib)
					assert.False(t, excepted(podIdentityAgent), "the Pod Identity agent must stay reachable")
				}
			}
			assert.Equal(t, 1, blocks)

			// Ingress: 8787 from anywhere; internal ports only from the release's pods.
			var open, internal []float64
			for _, r := range spec["ingress"].([]any) {
				rule := r.(map[string]any)
				for _, p := range rule["ports"].([]any) {
					port := p.(map[string]any)["port"].(float64)
					if rule["from"] == nil {
						open = append(open, port)
						continue
					}
					internal = append(internal, port)
					assert.Equal(t, map[string]any{"app.kubernetes.io/instance": "portkey-ai"}, synth.Get(rule, "from[0].podSelector.matchLabels"))
				}
			}
			assert.Equal(t, []float64{8787}, open)
			assert.Equal(t, tc.internalPorts, internal)
		})
	}
}

func TestPodDisruptionBudgets(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mutate  func(a *gateway.GatewayReleaseArgs)
		gateway bool
		ds      string // "", "minAvailable" or "maxUnavailable"
	}{
		{"two replicas", nil, true, ""},
		{"one replica", func(a *gateway.GatewayReleaseArgs) { a.Replicas = 1 }, false, ""},
		{"autoscaling from one", func(a *gateway.GatewayReleaseArgs) {
			a.Replicas, a.Autoscaling = 3, gateway.Autoscaling{Enabled: true, MinReplicas: 1, MaxReplicas: 4}
		}, false, ""},
		{"autoscaling from three", func(a *gateway.GatewayReleaseArgs) {
			a.Replicas, a.Autoscaling = 1, gateway.Autoscaling{Enabled: true, MinReplicas: 3, MaxReplicas: 6}
		}, true, ""},
		{"data service, two replicas", func(a *gateway.GatewayReleaseArgs) { a.DataService = gateway.DataService{Enabled: true, Replicas: 2} }, true, "minAvailable"},
		{"data service, one replica", func(a *gateway.GatewayReleaseArgs) { a.DataService = gateway.DataService{Enabled: true} }, true, "maxUnavailable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustRun(t, tc.mutate)
			gw := res.Find(tPDB, "gateway-pdb")
			if assert.Equal(t, tc.gateway, gw != nil) && gw != nil {
				assert.Equal(t, float64(1), synth.Get(gw.Inputs, "spec.minAvailable"))
				assert.Equal(t, map[string]any{"app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey-ai"},
					synth.Get(gw.Inputs, "spec.selector.matchLabels"))
			}
			ds := res.Find(tPDB, "gateway-dataservice-pdb")
			if assert.Equal(t, tc.ds != "", ds != nil) && ds != nil {
				assert.Equal(t, float64(1), synth.Get(ds.Inputs, "spec."+tc.ds))
				assert.Equal(t, map[string]any{
					"app.kubernetes.io/name": "dataservice", "app.kubernetes.io/instance": "portkey-ai",
					"app.kubernetes.io/component": "portkey-ai-gateway-dataservice",
				}, synth.Get(ds.Inputs, "spec.selector.matchLabels"))
			}
		})
	}
}

// TestNamespace also covers trap 8 (docs/gateway-chart.md): the release gets a namespace of its own.
func TestNamespace(t *testing.T) {
	res := mustRun(t, nil)
	ns := one(t, res, tNamespace)
	assert.Equal(t, "portkeyai", synth.Get(ns.Inputs, "metadata.name"))
	labels := synth.Get(ns.Inputs, "metadata.labels").(map[string]any)
	assert.Equal(t, "baseline", labels["pod-security.kubernetes.io/enforce"], "the built-in Redis pod is not restricted")
	assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/warn"])
	assert.Equal(t, "enabled", labels["elbv2.k8s.aws/pod-readiness-gate-inject"])
	for _, typ := range []string{tNetPol, tPDB, tTGB} {
		for _, r := range res.ByType(typ) {
			assert.Contains(t, r.Dependencies, ns.URN, "%s waits on the namespace", typ)
		}
	}

	res = mustRun(t, func(a *gateway.GatewayReleaseArgs) { *a = withProvider(prodArgs(), a) })
	assert.Equal(t, "restricted", synth.Get(one(t, res, tNamespace).Inputs, "metadata.labels").(map[string]any)["pod-security.kubernetes.io/enforce"])

	no := false
	res = mustRun(t, func(a *gateway.GatewayReleaseArgs) { a.CreateNamespace, a.Namespace = &no, "shared-gw" })
	assert.Empty(t, res.ByType(tNamespace))
	assert.Equal(t, "shared-gw", gatewayRelease(t, res).Inputs["namespace"])
	assert.Equal(t, "shared-gw", synth.Get(one(t, res, tNetPol).Inputs, "metadata.namespace"))
}

func TestArgsValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(a *gateway.GatewayReleaseArgs)
		err    string
	}{
		{"no provider", func(a *gateway.GatewayReleaseArgs) { a.Provider = nil }, "Provider is required"},
		{"kube-system", func(a *gateway.GatewayReleaseArgs) { a.Namespace = "kube-system" }, "reserved"},
		{"bad namespace", func(a *gateway.GatewayReleaseArgs) { a.Namespace = "Portkey" }, "DNS label"},
		{"no license", func(a *gateway.GatewayReleaseArgs) { a.ClientAuthKey = nil }, "ClientAuthKey is required"},
		{"NLB without target group", func(a *gateway.GatewayReleaseArgs) { a.Exposure.TargetGroupArn = nil }, "TargetGroupArn"},
		{"NLB without VPC", func(a *gateway.GatewayReleaseArgs) { a.Exposure.VpcID = nil }, "Exposure.VpcID"},
		{"IRSA without role", func(a *gateway.GatewayReleaseArgs) { a.Identity.RoleArn = nil }, "IAM role ARN"},
		{"no cache environment", func(a *gateway.GatewayReleaseArgs) { a.Cache = gateway.CacheArgs{Mode: vocab.CacheElastiCache} }, "Cache.Environment is required"},
		{"ALB without CIDRs", func(a *gateway.GatewayReleaseArgs) { a.Exposure = gateway.ExposureArgs{Type: vocab.ExposureALB} }, "AllowedCidrs"},
		{"bucket without region", func(a *gateway.GatewayReleaseArgs) { a.LogStore.Region = nil }, "LogStore.Region"},
		{"unpinned chart", func(a *gateway.GatewayReleaseArgs) { a.ChartVersion = "latest" }, "pin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := run(t, tc.mutate)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
			assert.Empty(t, res.ByType(tComponent), "nothing is registered before validation")
			assert.Nil(t, res.Find(tReleaseType, "gateway-release"))
		})
	}
}

func TestALBExposure(t *testing.T) {
	res := mustRun(t, func(a *gateway.GatewayReleaseArgs) {
		a.Exposure = gateway.ExposureArgs{
			Type: vocab.ExposureALB, Scheme: vocab.SchemeInternal, AllowedCidrs: []string{"10.0.0.0/16"},
			CertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc", Hostname: "gw.internal.example.com",
		}
	})
	v := gatewayRelease(t, res).PlainInputs["values"]
	assert.Equal(t, true, synth.Get(v, "ingress.enabled"))
	assert.Equal(t, "alb", synth.Get(v, "ingress.ingressClassName"))
	ann := synth.Get(v, "ingress.annotations").(map[string]any)
	assert.Equal(t, "10.0.0.0/16", ann["alb.ingress.kubernetes.io/inbound-cidrs"])
	assert.Equal(t, "https://gw.internal.example.com:443", res.Outputs["url"])
	// The release (and so its Ingress) waits on the LB controller, which therefore outlives it.
	lbc := res.Find(tReleaseType, "lb-controller")
	assert.True(t, res.DependsOn(gatewayRelease(t, res).URN, lbc.URN))
	assert.Equal(t, "enabled", synth.Get(one(t, res, tNamespace).Inputs, "metadata.labels").(map[string]any)["elbv2.k8s.aws/pod-readiness-gate-inject"])
}

func TestNoExposure(t *testing.T) {
	res := mustRun(t, func(a *gateway.GatewayReleaseArgs) { a.Exposure = gateway.ExposureArgs{Type: vocab.ExposureNone} })
	assert.Equal(t, "http://portkey-ai-gateway.portkeyai.svc.cluster.local:8787", res.Outputs["url"])
	v := gatewayRelease(t, res).PlainInputs["values"]
	assert.Equal(t, "ClusterIP", synth.Get(v, "service.type"))
	labels := synth.Get(one(t, res, tNamespace).Inputs, "metadata.labels").(map[string]any)
	assert.NotContains(t, labels, "elbv2.k8s.aws/pod-readiness-gate-inject")
	assert.False(t, slices.ContainsFunc(res.Resources, func(r synth.Resource) bool { return r.Type == tTGB }))
}

// TestOwnedObjectsForceTheirFields: every object the component applies itself (not the
// chart's) carries pulumi.com/patchForce, so up repairs a field edited out of band instead
// of failing on a server-side apply conflict.
func TestOwnedObjectsForceTheirFields(t *testing.T) {
	res := mustRun(t, func(a *gateway.GatewayReleaseArgs) { a.DataService = gateway.DataService{Enabled: true, Replicas: 2} })
	comp := one(t, res, tComponent)
	n := 0
	for _, r := range res.Resources {
		if r.Parent != comp.URN || r.Type == "kubernetes:helm.sh/v3:Release" {
			continue
		}
		n++
		annotations, _ := synth.Get(r.Inputs, "metadata.annotations").(map[string]any)
		assert.Equal(t, "true", annotations[gateway.PatchForceAnnotation], "%s %s", r.Type, r.Name)
	}
	assert.Equal(t, 5, n, "namespace, network policy, two PDBs, TargetGroupBinding")
}
