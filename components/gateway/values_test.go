package gateway

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/portkey-eks/portkey-eks/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite testdata golden files (read them before committing)")

// devInput is the dev stack: built-in Redis, IRSA, internal NLB, no data service.
func devInput() ValuesInput {
	return ValuesInput{
		ReleaseName:      "portkey-ai",
		ServiceName:      "gateway",
		OrganisationID:   "org-dev-0000",
		ClientAuthKey:    "fake-client-auth-dev",
		RegistryUsername: "fake-registry-user",
		RegistryPassword: "fake-registry-password",
		Images:           DefaultImages(),
		Cache:            builtinCache(),
		LogStore:         LogStoreValues{Bucket: "portkey-logs-dev-a1b2c3", Region: "eu-west-1"},
		Identity: IdentityValues{
			Mode:                      vocab.IRSA,
			RoleArn:                   "arn:aws:iam::123456789012:role/portkey-dev-portkey-gateway",
			GatewayServiceAccount:     "gateway-sa",
			DataServiceServiceAccount: "dataservice-sa",
		},
		Replicas: 2,
		Exposure: ExposureValues{Type: vocab.ExposureNLB, Scheme: vocab.SchemeInternal},
	}
}

// builtinCache is what the cache component emits for the chart's built-in Redis.
func builtinCache() CacheValues {
	return CacheValues{Mode: vocab.CacheBuiltin, Environment: map[string]string{
		"CACHE_STORE": "redis", "REDIS_URL": "redis://redis:6379", "REDIS_TLS_ENABLED": "false",
	}}
}

// prodInput is the prod stack: ElastiCache Valkey with TLS (cluster mode, AUTH token), Pod
// Identity, PrivateLink to the control plane, data service, autoscaling.
func prodInput() ValuesInput {
	in := devInput()
	in.OrganisationID = "org-prod-0000"
	in.ClientAuthKey = "fake-client-auth-prod"
	in.Cache = CacheValues{
		Mode: vocab.CacheElastiCache,
		// What the cache component emits for a cluster-mode cache with TLS and an AUTH token.
		Environment: map[string]string{
			"CACHE_STORE":       "aws-elastic-cache",
			"REDIS_URL":         "rediss://clustercfg.portkey-prod.abc123.euw1.cache.amazonaws.com:6379",
			"REDIS_TLS_ENABLED": "true",
			"REDIS_MODE":        "cluster",
		},
		SecretEnvironment: map[string]string{"REDIS_PASSWORD": "fake-cache-auth-token-0123456789"},
	}
	in.LogStore = LogStoreValues{Bucket: "portkey-logs-prod-d4e5f6", Region: "eu-west-1"}
	in.Identity = IdentityValues{Mode: vocab.PodIdentity, GatewayServiceAccount: "gateway-sa", DataServiceServiceAccount: "dataservice-sa"}
	in.ControlPlanePrivateLink = true
	in.DataService = DataService{Enabled: true, Replicas: 2}
	in.Autoscaling = Autoscaling{Enabled: true, MinReplicas: 3, MaxReplicas: 9, TargetCPUPercent: 70, TargetMemoryPercent: 80}
	in.Exposure = ExposureValues{Type: vocab.ExposureNLB, Scheme: vocab.SchemeInternal, CertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"}
	return in
}

// albInput is dev exposed through an internet-facing ALB with HTTPS.
func albInput() ValuesInput {
	in := devInput()
	in.Exposure = ExposureValues{
		Type: vocab.ExposureALB, Scheme: vocab.SchemeInternetFacing, AllowedCidrs: []string{"203.0.113.0/24", "198.51.100.7/32"},
		CertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-1111-1111-1111-111111111111",
		Hostname:       "gateway.example.com", LoadBalancerName: "portkey-gateway",
	}
	return in
}

func mustValues(t *testing.T, in ValuesInput) map[string]any {
	t.Helper()
	v, err := Values(in)
	require.NoError(t, err)
	return v
}

// get walks a path of map keys (no dots inside keys) and [i] indexes.
func get(v any, path ...string) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			var i int
			if _, err := fmt.Sscanf(p, "%d", &i); err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func env(v map[string]any) map[string]any {
	return get(v, "environment", "data").(map[string]any)
}

// flatten returns every leaf (and every empty map or list) by its dotted path.
func flatten(prefix string, v any, out map[string]any) map[string]any {
	if out == nil {
		out = map[string]any{}
	}
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			out[prefix] = "{}"
		}
		for k, e := range x {
			flatten(join(k), e, out)
		}
	case []any:
		if len(x) == 0 {
			out[prefix] = "[]"
		}
		for i, e := range x {
			flatten(fmt.Sprintf("%s[%d]", prefix, i), e, out)
		}
	default:
		out[prefix] = v
	}
	return out
}

func TestGoldenValues(t *testing.T) {
	for _, tc := range []struct {
		file string
		in   ValuesInput
	}{
		{"values-dev.yaml", devInput()},
		{"values-prod.yaml", prodInput()},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := yaml.Marshal(mustValues(t, tc.in))
			require.NoError(t, err)
			path := filepath.Join("testdata", tc.file)
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got), "values differ from %s (go test -run TestGoldenValues -update, then read the diff)", path)
		})
	}
}

// TestTraps has one case per trap of docs/gateway-chart.md; each fails if the
// values fall into the trap. Trap 10 (no PodDisruptionBudget and no NetworkPolicy in the
// chart) is about the component: see TestPodDisruptionBudgets and TestNetworkPolicy.
// Trap 11 (separate image version lines) is TestChartImagesTable.
func TestTraps(t *testing.T) {
	inputs := map[string]ValuesInput{"dev": devInput(), "prod": prodInput(), "alb": albInput()}
	traps := []struct {
		name  string
		check func(t *testing.T, in ValuesInput, v map[string]any)
	}{
		{"1 service accounts created with names", func(t *testing.T, in ValuesInput, v map[string]any) {
			assert.Equal(t, true, get(v, "serviceAccount", "create"))
			assert.Equal(t, in.Identity.GatewayServiceAccount, get(v, "serviceAccount", "name"))
			assert.Equal(t, true, get(v, "dataservice", "serviceAccount", "create"))
			assert.Equal(t, in.Identity.DataServiceServiceAccount, get(v, "dataservice", "serviceAccount", "name"))
		}},
		{"2 built-in Redis only when asked", func(t *testing.T, in ValuesInput, v map[string]any) {
			// The chart renders its Redis whenever CACHE_STORE is "redis".
			rendersRedis := env(v)["CACHE_STORE"] == "redis"
			assert.Equal(t, in.Cache.Mode == vocab.CacheBuiltin, rendersRedis)
			if in.Cache.Mode == vocab.CacheElastiCache {
				assert.Equal(t, "aws-elastic-cache", env(v)["CACHE_STORE"])
				assert.NotContains(t, env(v)["REDIS_URL"], "redis:6379")
			}
		}},
		{"3 real image credentials, no placeholder entry", func(t *testing.T, in ValuesInput, v map[string]any) {
			creds := get(v, "imageCredentials").([]any)
			require.Len(t, creds, 1)
			c := creds[0].(map[string]any)
			assert.Equal(t, PullSecretName, c["name"])
			assert.Equal(t, true, c["create"])
			assert.Equal(t, in.RegistryUsername, c["username"])
			assert.Equal(t, in.RegistryPassword, c["password"])
			assert.Equal(t, "", c["email"], "unset, the chart's template writes %!s(<nil>)")
			for _, s := range []string{"<docker-user>", "<docker-pwd>"} {
				assert.NotContains(t, fmt.Sprint(v), s)
			}
			assert.Equal(t, []any{}, get(v, "imagePullSecrets"))
		}},
		{"4 no autoRestart", func(t *testing.T, _ ValuesInput, v map[string]any) {
			assert.Equal(t, false, get(v, "autoRestart"))
			assert.Equal(t, false, get(v, "dataservice", "deployment", "autoRestart"))
		}},
		{"5 gateway selector does not match data service pods", func(t *testing.T, in ValuesInput, v map[string]any) {
			// The chart's dataservice.selectorLabels helper: each key from
			// dataservice.deployment.selectorLabels, else name=<chart>, instance=<release>,
			// component=<fullname>-<dataservice.name>.
			sel, _ := get(v, "dataservice", "deployment", "selectorLabels").(map[string]any)
			pod := map[string]string{
				"app.kubernetes.io/name":      ChartName,
				"app.kubernetes.io/instance":  in.ReleaseName,
				"app.kubernetes.io/component": FullName(in.ReleaseName) + "-" + get(v, "dataservice", "name").(string),
			}
			for k := range pod {
				if s, ok := sel[k].(string); ok {
					pod[k] = s
				}
			}
			matches := true
			for k, want := range GatewaySelectorLabels(in.ReleaseName) {
				matches = matches && pod[k] == want
			}
			assert.False(t, matches, "gateway selector matches data service pods %v", pod)
			assert.Equal(t, DataServiceSelectorLabels(in.ReleaseName), pod)
		}},
		{"6 environment created, SERVER_MODE never null", func(t *testing.T, _ ValuesInput, v map[string]any) {
			assert.Equal(t, true, get(v, "environment", "create"))
			assert.Equal(t, true, get(v, "environment", "secret"))
			mode, set := env(v)["SERVER_MODE"]
			assert.True(t, set)
			assert.Equal(t, "", mode)
		}},
		{"7 no load balancer annotations on the Service", func(t *testing.T, in ValuesInput, v map[string]any) {
			assert.Equal(t, map[string]any{}, get(v, "service", "annotations"))
			assert.Equal(t, "ClusterIP", get(v, "service", "type"))
			for path, val := range flatten("", v, nil) {
				if strings.HasPrefix(path, "ingress.annotations.") {
					continue
				}
				assert.NotContains(t, path, "aws-load-balancer", "LB annotation outside the Ingress at %s", path)
				assert.NotContains(t, path, "alb.ingress.kubernetes.io", "ALB annotation outside the Ingress at %s=%v", path, val)
			}
		}},
		{"8 fixed names: objects keyed to the release, Redis in its namespace", func(t *testing.T, in ValuesInput, v map[string]any) {
			assert.NotContains(t, v, "fullnameOverride")
			assert.NotContains(t, v, "nameOverride")
			if in.Cache.Mode == vocab.CacheBuiltin {
				// The built-in Redis Service is always called "redis", so REDIS_URL only
				// resolves inside the release's own namespace.
				assert.Equal(t, "redis://redis:6379", env(v)["REDIS_URL"])
			}
		}},
		{"9 writable /tmp and /home/node/.npm", func(t *testing.T, _ ValuesInput, v map[string]any) {
			for _, prefix := range [][]string{nil, {"dataservice", "deployment"}} {
				vols := map[string]bool{}
				for _, vol := range get(v, append(slices.Clone(prefix), "volumes")...).([]any) {
					m := vol.(map[string]any)
					if _, ok := m["emptyDir"]; ok {
						vols[m["name"].(string)] = true
					}
				}
				mounted := map[string]bool{}
				for _, mnt := range get(v, append(slices.Clone(prefix), "volumeMounts")...).([]any) {
					m := mnt.(map[string]any)
					if vols[m["name"].(string)] {
						mounted[m["mountPath"].(string)] = true
					}
				}
				assert.True(t, mounted["/tmp"], "%v: no emptyDir at /tmp", prefix)
				assert.True(t, mounted["/home/node/.npm"], "%v: no emptyDir at /home/node/.npm", prefix)
				assert.Equal(t, true, get(v, append(slices.Clone(prefix), "securityContext", "readOnlyRootFilesystem")...))
			}
		}},
	}
	for _, trap := range traps {
		for name, in := range inputs {
			t.Run(trap.name+"/"+name, func(t *testing.T) {
				trap.check(t, in, mustValues(t, in))
			})
		}
	}
}

// TestChoicesChangeOnlyTheirKeys flips one choice at a time and checks that exactly the
// expected value paths change.
func TestChoicesChangeOnlyTheirKeys(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(in *ValuesInput)
		want   []string // every changed path starts with one of these, and each changes
	}{
		{"cache builtin to elasticache", func(in *ValuesInput) {
			in.Cache = CacheValues{Mode: vocab.CacheElastiCache,
				Environment:       map[string]string{"CACHE_STORE": "aws-elastic-cache", "REDIS_URL": "rediss://clustercfg.x.cache.amazonaws.com:6379", "REDIS_TLS_ENABLED": "true", "REDIS_MODE": "cluster"},
				SecretEnvironment: map[string]string{"REDIS_PASSWORD": "fake-token-0123456789abcdef"}}
		}, []string{"environment.data.CACHE_STORE", "environment.data.REDIS_URL", "environment.data.REDIS_TLS_ENABLED", "environment.data.REDIS_MODE", "environment.data.REDIS_PASSWORD"}},
		{"cache elasticache IAM auth", func(in *ValuesInput) {
			in.Cache = CacheValues{Mode: vocab.CacheElastiCache, Environment: map[string]string{
				"CACHE_STORE": "aws-elastic-cache", "REDIS_URL": "rediss://master.x.cache.amazonaws.com:6379", "REDIS_TLS_ENABLED": "true",
				"AWS_REDIS_AUTH_MODE": "iam", "AWS_REDIS_CLUSTER_NAME": "portkey-dev", "REDIS_USERNAME": "portkey-gateway",
			}}
		}, []string{"environment.data.CACHE_STORE", "environment.data.REDIS_URL", "environment.data.REDIS_TLS_ENABLED", "environment.data.AWS_REDIS_AUTH_MODE", "environment.data.AWS_REDIS_CLUSTER_NAME", "environment.data.REDIS_USERNAME"}},
		{"log store off", func(in *ValuesInput) { in.LogStore = LogStoreValues{} },
			[]string{"environment.data.LOG_STORE", "environment.data.LOG_STORE_REGION", "environment.data.LOG_STORE_GENERATIONS_BUCKET"}},
		{"log store bucket", func(in *ValuesInput) { in.LogStore.Bucket = "other-bucket" },
			[]string{"environment.data.LOG_STORE_GENERATIONS_BUCKET"}},
		{"identity IRSA to Pod Identity", func(in *ValuesInput) { in.Identity.Mode, in.Identity.RoleArn = vocab.PodIdentity, "" },
			[]string{"serviceAccount.annotations", "dataservice.serviceAccount.annotations"}},
		{"control plane over PrivateLink", func(in *ValuesInput) { in.ControlPlanePrivateLink = true },
			[]string{"environment.data.ALBUS_BASEPATH", "environment.data.CONTROL_PLANE_BASEPATH", "environment.data.SOURCE_SYNC_API_BASEPATH", "environment.data.CONFIG_READER_PATH"}},
		{"data service on", func(in *ValuesInput) { in.DataService.Enabled = true },
			[]string{"dataservice.enabled"}},
		{"exposure none", func(in *ValuesInput) { in.Exposure.Type = vocab.ExposureNone }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := flatten("", mustValues(t, devInput()), nil)
			in := devInput()
			tc.change(&in)
			after := flatten("", mustValues(t, in), nil)
			changed := map[string]bool{}
			for p, v := range before {
				if w, ok := after[p]; !ok || fmt.Sprint(w) != fmt.Sprint(v) {
					changed[p] = true
				}
			}
			for p := range after {
				if _, ok := before[p]; !ok {
					changed[p] = true
				}
			}
			for p := range changed {
				ok := slices.ContainsFunc(tc.want, func(w string) bool { return p == w || strings.HasPrefix(p, w+".") })
				assert.True(t, ok, "unexpected change at %s", p)
			}
			for _, w := range tc.want {
				hit := false
				for p := range changed {
					hit = hit || p == w || strings.HasPrefix(p, w+".")
				}
				assert.True(t, hit, "expected a change at %s", w)
			}
		})
	}
}

func TestEnvironmentValues(t *testing.T) {
	for name, in := range map[string]ValuesInput{"dev": devInput(), "prod": prodInput()} {
		t.Run(name, func(t *testing.T) {
			e := env(mustValues(t, in))
			for k, v := range e {
				// config.yaml base64-encodes every value: a bool or number would fail to render.
				assert.IsType(t, "", v, "environment.data.%s", k)
			}
			assert.Equal(t, "control_plane", e["ANALYTICS_STORE"])
			assert.Equal(t, "8787", e["PORT"])
			assert.Equal(t, in.ServiceName, e["SERVICE_NAME"])
			assert.Equal(t, in.OrganisationID, e["ORGANISATIONS_TO_SYNC"])
			assert.Equal(t, in.ClientAuthKey, e["PORTKEY_CLIENT_AUTH"])
			assert.Equal(t, "s3_assume", e["LOG_STORE"])
			assert.Equal(t, in.LogStore.Bucket, e["LOG_STORE_GENERATIONS_BUCKET"])
		})
	}
	e := env(mustValues(t, prodInput()))
	assert.Equal(t, "rediss://clustercfg.portkey-prod.abc123.euw1.cache.amazonaws.com:6379", e["REDIS_URL"])
	assert.Equal(t, "true", e["REDIS_TLS_ENABLED"])
	assert.Equal(t, "cluster", e["REDIS_MODE"])
	assert.Equal(t, "https://aws-cp.portkey.ai/albus", e["ALBUS_BASEPATH"])
	assert.Equal(t, "https://aws-cp.portkey.ai/api/v1", e["CONTROL_PLANE_BASEPATH"])
	assert.Equal(t, "https://aws-cp.portkey.ai/api/v1/sync", e["SOURCE_SYNC_API_BASEPATH"])
	assert.Equal(t, "https://aws-cp.portkey.ai/api/model-configs", e["CONFIG_READER_PATH"])
}

// TestCacheEnvironmentUnchanged: the gateway merges the cache component's variables as
// they are (it rebuilds none of them), and the secret ones are secret paths.
func TestCacheEnvironmentUnchanged(t *testing.T) {
	in := prodInput()
	in.Cache.Environment["REDIS_URL"] = "rediss://made-by-the-cache:6380"
	in.Cache.Environment["SOME_FUTURE_KEY"] = "kept"
	e := env(mustValues(t, in))
	assert.Equal(t, "rediss://made-by-the-cache:6380", e["REDIS_URL"])
	assert.Equal(t, "kept", e["SOME_FUTURE_KEY"])
	assert.Equal(t, "fake-cache-auth-token-0123456789", e["REDIS_PASSWORD"])
	assert.Contains(t, SecretPaths(in), "environment.data.REDIS_PASSWORD")
	assert.NotContains(t, SecretPaths(devInput()), "environment.data.REDIS_PASSWORD")
}

func TestIdentityAnnotations(t *testing.T) {
	v := mustValues(t, devInput())
	want := map[string]any{vocab.IRSARoleAnnotation: devInput().Identity.RoleArn}
	assert.Equal(t, want, get(v, "serviceAccount", "annotations"))
	assert.Equal(t, want, get(v, "dataservice", "serviceAccount", "annotations"))
	v = mustValues(t, prodInput())
	assert.Equal(t, map[string]any{}, get(v, "serviceAccount", "annotations"))
	assert.Equal(t, map[string]any{}, get(v, "dataservice", "serviceAccount", "annotations"))
}

func TestReplicasAndAutoscaling(t *testing.T) {
	v := mustValues(t, devInput())
	assert.Equal(t, 2, get(v, "replicaCount"))
	assert.Equal(t, map[string]any{"enabled": false}, get(v, "autoscaling"))
	v = mustValues(t, prodInput())
	assert.Equal(t, map[string]any{
		"enabled": true, "minReplicas": 3, "maxReplicas": 9,
		"targetCPUUtilizationPercentage": 70, "targetMemoryUtilizationPercentage": 80,
	}, get(v, "autoscaling"))
	assert.Equal(t, 2, get(v, "dataservice", "deployment", "replicas"))
	assert.Equal(t, map[string]any{"requests": map[string]any{"cpu": "500m", "memory": "1Gi"}, "limits": map[string]any{"memory": "2Gi"}}, get(v, "resources"))
	// Spread across zones (hard) and nodes (soft), selecting only gateway pods.
	tsc := get(v, "topologySpreadConstraints").([]any)
	require.Len(t, tsc, 2)
	assert.Equal(t, "topology.kubernetes.io/zone", get(tsc[0], "topologyKey"))
	assert.Equal(t, "DoNotSchedule", get(tsc[0], "whenUnsatisfiable"))
	assert.Equal(t, "kubernetes.io/hostname", get(tsc[1], "topologyKey"))
	assert.Equal(t, map[string]any{"app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey-ai"}, get(tsc[0], "labelSelector", "matchLabels"))
}

func TestIngress(t *testing.T) {
	for name, in := range map[string]ValuesInput{"nlb": devInput(), "none": func() ValuesInput { in := devInput(); in.Exposure.Type = vocab.ExposureNone; return in }()} {
		v := mustValues(t, in)
		assert.Equal(t, false, get(v, "ingress", "enabled"), name)
		assert.Equal(t, "alb", get(v, "ingress", "ingressClassName"), name)
		assert.Equal(t, map[string]any{}, get(v, "ingress", "annotations"), name)
	}
	v := mustValues(t, albInput())
	assert.Equal(t, true, get(v, "ingress", "enabled"))
	assert.Equal(t, "alb", get(v, "ingress", "ingressClassName"))
	assert.Equal(t, "gateway.example.com", get(v, "ingress", "hostname"))
	assert.Equal(t, map[string]any{
		"alb.ingress.kubernetes.io/scheme":                              "internet-facing",
		"alb.ingress.kubernetes.io/target-type":                         "ip",
		"alb.ingress.kubernetes.io/healthcheck-path":                    "/v1/health",
		"alb.ingress.kubernetes.io/inbound-cidrs":                       "203.0.113.0/24,198.51.100.7/32",
		"alb.ingress.kubernetes.io/listen-ports":                        `[{"HTTPS":443}]`,
		"alb.ingress.kubernetes.io/certificate-arn":                     "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-1111-1111-1111-111111111111",
		"alb.ingress.kubernetes.io/ssl-policy":                          "ELBSecurityPolicy-TLS13-1-2-2021-06",
		"alb.ingress.kubernetes.io/load-balancer-attributes":            "routing.http.drop_invalid_header_fields.enabled=true",
		"alb.ingress.kubernetes.io/manage-backend-security-group-rules": "true",
		"alb.ingress.kubernetes.io/load-balancer-name":                  "portkey-gateway",
	}, get(v, "ingress", "annotations"))

	in := albInput()
	in.Exposure.CertificateArn, in.Exposure.LoadBalancerName = "", ""
	a := get(mustValues(t, in), "ingress", "annotations").(map[string]any)
	assert.Equal(t, `[{"HTTP":8787}]`, a["alb.ingress.kubernetes.io/listen-ports"])
	assert.NotContains(t, a, "alb.ingress.kubernetes.io/certificate-arn")
	assert.NotContains(t, a, "alb.ingress.kubernetes.io/ssl-policy")
}

func TestSecretPathsAndRedact(t *testing.T) {
	for name, in := range map[string]ValuesInput{"dev": devInput(), "prod": prodInput()} {
		t.Run(name, func(t *testing.T) {
			v := mustValues(t, in)
			secrets := []string{in.ClientAuthKey, in.RegistryUsername, in.RegistryPassword}
			for _, v := range in.Cache.SecretEnvironment {
				secrets = append(secrets, v)
			}
			paths := SecretPaths(in)
			assert.Len(t, paths, len(secrets))
			// Every secret path holds a secret...
			flat := flatten("", v, nil)
			for _, p := range paths {
				assert.Contains(t, secrets, flat[p], p)
			}
			// ...and no other path does.
			for p, val := range flat {
				if !slices.Contains(paths, p) {
					for _, s := range secrets {
						assert.NotContains(t, fmt.Sprint(val), s, "secret at %s not in SecretPaths", p)
					}
				}
			}
			r := Redact(v, paths)
			for p, val := range flatten("", r, nil) {
				for _, s := range secrets {
					assert.NotContains(t, fmt.Sprint(val), s, "secret left at %s", p)
				}
				if slices.Contains(paths, p) {
					assert.Equal(t, Masked, val)
				}
			}
			// Redact copies: the input still holds the secrets.
			assert.Equal(t, in.ClientAuthKey, env(v)["PORTKEY_CLIENT_AUTH"])
		})
	}
}

func TestValuesValidation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(in *ValuesInput)
		err    string
	}{
		{"no license", func(in *ValuesInput) { in.ClientAuthKey = "" }, "ClientAuthKey is required"},
		{"no org", func(in *ValuesInput) { in.OrganisationID = " " }, "OrganisationID is required"},
		{"no registry password", func(in *ValuesInput) { in.RegistryPassword = "" }, "RegistryPassword is required"},
		{"no gateway SA", func(in *ValuesInput) { in.Identity.GatewayServiceAccount = "" }, "GatewayServiceAccount is required"},
		{"no data service SA", func(in *ValuesInput) { in.Identity.DataServiceServiceAccount = "" }, "DataServiceServiceAccount is required"},
		{"same SAs", func(in *ValuesInput) { in.Identity.DataServiceServiceAccount = "gateway-sa" }, "distinct service accounts"},
		{"bad release", func(in *ValuesInput) { in.ReleaseName = "Portkey_AI" }, "DNS label"},
		{"IRSA without role", func(in *ValuesInput) { in.Identity.RoleArn = "" }, "IAM role ARN"},
		{"bad identity", func(in *ValuesInput) { in.Identity.Mode = "keys" }, "Identity.Mode"},
		{"latest without Always", func(in *ValuesInput) { in.Images.GatewayTag = "latest" }, "latest"},
		{"no cache environment", func(in *ValuesInput) { in.Cache.Environment = nil }, "Cache.Environment is required"},
		{"cache variable both plain and secret", func(in *ValuesInput) {
			in.Cache.SecretEnvironment = map[string]string{"REDIS_URL": "x"}
		}, "both"},
		{"bad cache mode", func(in *ValuesInput) { in.Cache.Mode = "memcached" }, "Cache.Mode"},
		{"bucket without region", func(in *ValuesInput) { in.LogStore.Region = "" }, "LogStore.Region"},
		{"autoscaling min > max", func(in *ValuesInput) { in.Autoscaling = Autoscaling{Enabled: true, MinReplicas: 5, MaxReplicas: 3} }, "MinReplicas"},
		{"ALB without CIDRs", func(in *ValuesInput) { in.Exposure = ExposureValues{Type: vocab.ExposureALB} }, "AllowedCidrs"},
		{"bad CIDR", func(in *ValuesInput) { in.Exposure.AllowedCidrs = []string{"10.0.0.0/33"} }, "not a CIDR"},
		{"bad exposure", func(in *ValuesInput) { in.Exposure.Type = "nodeport" }, "Exposure.Type"},
		{"bad scheme", func(in *ValuesInput) { in.Exposure.Scheme = "public" }, "Exposure.Scheme"},
		{"bad certificate", func(in *ValuesInput) { in.Exposure.CertificateArn = "my-cert" }, "CertificateArn"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := devInput()
			tc.change(&in)
			_, err := Values(in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
		})
	}
}

func TestFullName(t *testing.T) {
	for release, want := range map[string]string{
		"portkey-ai":            "portkey-ai-gateway",
		"portkey-gateway":       "portkey-gateway",
		"gateway":               "gateway",
		strings.Repeat("a", 57): strings.Repeat("a", 57) + "-gatew",
	} {
		assert.Equal(t, want, FullName(release), release)
	}
}

func TestGatewayURL(t *testing.T) {
	for _, tc := range []struct {
		e         ExposureValues
		dns, want string
	}{
		{ExposureValues{Type: vocab.ExposureNLB}, "nlb-1.elb.eu-west-1.amazonaws.com", "http://nlb-1.elb.eu-west-1.amazonaws.com:8787"},
		{ExposureValues{Type: vocab.ExposureNLB, CertificateArn: "arn:aws:acm:x"}, "nlb-1.elb", "https://nlb-1.elb:443"},
		{ExposureValues{Type: vocab.ExposureNLB, Port: 9000}, "nlb-1.elb", "http://nlb-1.elb:9000"},
		{ExposureValues{Type: vocab.ExposureALB, Hostname: "gw.example.com", CertificateArn: "arn:aws:acm:x"}, "alb.elb", "https://gw.example.com:443"},
		{ExposureValues{Type: vocab.ExposureALB}, "", ""},
		{ExposureValues{Type: vocab.ExposureNone}, "", "http://portkey-ai-gateway.portkeyai.svc.cluster.local:8787"},
	} {
		assert.Equal(t, tc.want, GatewayURL(tc.e, tc.dns, "portkey-ai-gateway", "portkeyai"))
	}
}

func TestNamespaceLabels(t *testing.T) {
	assert.Equal(t, "restricted", NamespaceLabels(false, vocab.ExposureNone)["pod-security.kubernetes.io/enforce"])
	assert.Equal(t, "baseline", NamespaceLabels(true, vocab.ExposureNone)["pod-security.kubernetes.io/enforce"])
	assert.Equal(t, "restricted", NamespaceLabels(true, vocab.ExposureNone)["pod-security.kubernetes.io/warn"])
	assert.NotContains(t, NamespaceLabels(false, vocab.ExposureNone), "elbv2.k8s.aws/pod-readiness-gate-inject")
	assert.Equal(t, "enabled", NamespaceLabels(false, vocab.ExposureNLB)["elbv2.k8s.aws/pod-readiness-gate-inject"])
}

func TestSecurityContextsAreRestricted(t *testing.T) {
	v := mustValues(t, prodInput())
	for _, prefix := range [][]string{nil, {"dataservice", "deployment"}} {
		pod := get(v, append(slices.Clone(prefix), "podSecurityContext")...).(map[string]any)
		c := get(v, append(slices.Clone(prefix), "securityContext")...).(map[string]any)
		assert.Equal(t, true, pod["runAsNonRoot"])
		assert.Equal(t, "RuntimeDefault", get(pod, "seccompProfile", "type"))
		assert.Equal(t, false, c["allowPrivilegeEscalation"])
		assert.Equal(t, []any{"ALL"}, get(c, "capabilities", "drop"))
	}
	keys := make([]string, 0)
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	assert.NotContains(t, keys, "podLabels", "podLabels are copied onto the built-in Redis pods")
}

// TestDrainOnRollout: the drain times are ordered (deregistration delay < preStop sleep <
// grace period, vocab) and the gateway's values carry the sleep and the grace period in
// every configuration.
func TestDrainOnRollout(t *testing.T) {
	assert.Less(t, vocab.DeregistrationDelaySeconds, vocab.PreStopSleepSeconds, "the pod serves through the NLB's draining")
	assert.Less(t, vocab.PreStopSleepSeconds, vocab.TerminationGracePeriodSeconds, "the grace period includes the preStop hook and leaves time after SIGTERM")
	tests := []struct {
		name string
		in   ValuesInput
	}{
		{"dev", devInput()},
		{"prod", prodInput()},
		{"alb", albInput()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := mustValues(t, tt.in)
			assert.Equal(t, vocab.TerminationGracePeriodSeconds, v["terminationGracePeriodSeconds"])
			assert.Equal(t, map[string]any{"lifecycle": map[string]any{"preStop": map[string]any{
				"sleep": map[string]any{"seconds": vocab.PreStopSleepSeconds},
			}}}, v["extraContainerConfig"])
		})
	}
}
