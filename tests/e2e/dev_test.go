package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/internal/readmesteps"
)

const (
	ns       = "portkeyai"
	fullName = "portkey-ai-gateway"
)

// TestDevRealPath runs issue 12's scenarios 1 to 5 and 7 on the dev stack, in order, on one
// cluster: up from nothing, a no-change up, out-of-band drift found and repaired, a config
// change, secrets nowhere in state or outputs, destroy.
func TestDevRealPath(t *testing.T) {
	start := time.Now()
	p := newProject(t, "dev", "us-east-1", 2)
	t.Logf("setup in %s", time.Since(start).Round(100*time.Millisecond))

	// 1. up from nothing.
	r := p.run("up", "--yes")
	require.Zero(t, r.code, r.String())
	out := p.outputs()
	t.Run("1 up creates the objects with the composed values", func(t *testing.T) { assertDevObjects(t, p, out, 2) })

	// 2. A second up changes nothing.
	t.Run("2 second up changes nothing", func(t *testing.T) {
		r := p.run("up", "--yes", "--json")
		require.Zero(t, r.code, r.String())
		s, changed := parseJSON(t, r)
		assert.Empty(t, changed, "second up changed resources")
		for op, n := range s.Changes {
			if op != "same" {
				assert.Zero(t, n, "second up: %d %s", n, op)
			}
		}
		assert.Positive(t, s.Changes["same"])
	})

	// 3. Out-of-band deletion: drift finds it, up restores it.
	t.Run("3 drift finds an object deleted out of band and up restores it", func(t *testing.T) {
		np := "/apis/networking.k8s.io/v1/namespaces/" + ns + "/networkpolicies/" + fullName
		require.NoError(t, p.cluster.Delete(context.Background(), np))
		assertDrift(t, p, "kubernetes:networking.k8s.io/v1:NetworkPolicy::gateway-netpol")

		r := p.run("up", "--yes", "--refresh")
		require.Zero(t, r.code, r.String())
		assert.Equal(t, map[string]any{"app.kubernetes.io/instance": "portkey-ai"}, field(p.get(np), "spec", "podSelector", "matchLabels"), "up recreates the NetworkPolicy")

		r = p.run("drift")
		assert.Zero(t, r.code, "no drift after up: %s", r)
	})

	// 4. A config change updates only the gateway release.
	t.Run("4 replicas 2 to 3 updates only the gateway release", func(t *testing.T) {
		p.sh("pulumi config set --path gateway.replicas 3 -s dev")
		r := p.run("up", "--yes", "--json")
		require.Zero(t, r.code, r.String())
		_, changed := parseJSON(t, r)
		var all []string
		for op, urns := range changed {
			for _, u := range urns {
				all = append(all, op+" "+u)
			}
		}
		require.Len(t, all, 1, "changes: %v", all)
		assert.Regexp(t, `^update .*kubernetes:helm.sh/v3:Release::gateway-release$`, all[0])
		dep := p.get("/apis/apps/v1/namespaces/" + ns + "/deployments/" + fullName)
		assert.EqualValues(t, 3, field(dep, "spec", "replicas"))
		assert.EqualValues(t, 3, field(dep, "status", "readyReplicas"))
	})

	// 7. No secret value in the state file or in any output.
	t.Run("7 secrets are in neither state nor outputs", func(t *testing.T) {
		secrets := p.secretValues()
		state, err := os.ReadFile(p.stateFile())
		require.NoError(t, err)
		shown := p.sh("pulumi stack output --json --show-secrets -s dev")
		masked := p.run("outputs", "--json")
		require.Zero(t, masked.code, masked.String())
		for _, s := range secrets {
			assert.NotContains(t, string(state), s, "state file holds a secret")
			assert.NotContains(t, string(state), base64.StdEncoding.EncodeToString([]byte(s)), "state file holds a secret, base64")
			assert.NotContains(t, shown, s, "an output (shown) holds a secret")
			assert.NotContains(t, masked.stdout, s, "portkey-eks outputs holds a secret")
		}
	})

	// 3b. Out-of-band change of a field: drift finds it; up should restore it.
	t.Run("3b drift finds a field changed out of band and up restores it", func(t *testing.T) {
		pdb := "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/" + fullName
		require.NoError(t, p.cluster.Patch(context.Background(), pdb, map[string]any{"spec": map[string]any{"minAvailable": 2}}))
		assertDrift(t, p, "kubernetes:policy/v1:PodDisruptionBudget::gateway-pdb")

		// The component's objects carry pulumi.com/patchForce, so server-side apply takes the
		// field back from the other field manager instead of failing on a conflict.
		r := p.run("up", "--yes", "--refresh")
		require.Zero(t, r.code, r.String())
		assert.EqualValues(t, 1, field(p.get(pdb), "spec", "minAvailable"), "up restores minAvailable")
		r = p.run("drift")
		assert.Zero(t, r.code, "no drift after up: %s", r)
	})

	// 5. destroy.
	t.Run("5 destroy leaves nothing", func(t *testing.T) {
		r := p.run("destroy", "--yes")
		require.Zero(t, r.code, r.String())
		ctx := context.Background()
		for _, path := range []string{
			"/api/v1/namespaces/" + ns,
			"/apis/apps/v1/namespaces/kube-system/deployments/aws-load-balancer-controller",
			"/api/v1/namespaces/kube-system/serviceaccounts/aws-load-balancer-controller",
		} {
			ok, err := p.cluster.Exists(ctx, path)
			require.NoError(t, err)
			assert.False(t, ok, "%s left after destroy", path)
		}
		var stackOnly []string
		for _, res := range p.resources() {
			stackOnly = append(stackOnly, res.Type)
		}
		assert.Empty(t, stackOnly, "state after destroy")
	})
	t.Logf("dev real path in %s", time.Since(start).Round(100*time.Millisecond))
}

// assertDevObjects checks what dev's up put in the API server against the outputs.
func assertDevObjects(t *testing.T, p *project, out map[string]any, replicas int) {
	nsObj := p.get("/api/v1/namespaces/" + ns)
	labels := field(nsObj, "metadata", "labels")
	assert.Equal(t, "baseline", field(labels, "pod-security.kubernetes.io/enforce"), "builtin Redis: baseline enforced")
	assert.Equal(t, "restricted", field(labels, "pod-security.kubernetes.io/warn"))
	assert.Equal(t, "restricted", field(labels, "pod-security.kubernetes.io/audit"))

	np := p.get("/apis/networking.k8s.io/v1/namespaces/" + ns + "/networkpolicies/" + fullName)
	assert.Equal(t, map[string]any{"app.kubernetes.io/instance": "portkey-ai"}, field(np, "spec", "podSelector", "matchLabels"))
	pdb := p.get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/" + fullName)
	assert.EqualValues(t, 1, field(pdb, "spec", "minAvailable"))
	assert.Equal(t, map[string]any{"app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": "portkey-ai"}, field(pdb, "spec", "selector", "matchLabels"))

	sec := p.get("/api/v1/namespaces/" + ns + "/secrets/" + fullName)
	env := map[string]string{}
	for k, v := range field(sec, "data").(map[string]any) {
		b, err := base64.StdEncoding.DecodeString(v.(string))
		require.NoError(t, err)
		env[k] = string(b)
	}
	assert.Equal(t, "redis://redis:6379", env["REDIS_URL"])
	assert.Equal(t, "redis", env["CACHE_STORE"])
	require.NotEmpty(t, out["logBucketName"])
	assert.Equal(t, out["logBucketName"], env["LOG_STORE_GENERATIONS_BUCKET"])
	assert.Equal(t, "us-east-1", env["LOG_STORE_REGION"])
	assert.Equal(t, "org-e2e-42", env["ORGANISATIONS_TO_SYNC"])
	assert.Equal(t, "8787", env["PORT"])
	// The license reaches the cluster, so scenario 7 looks for values that really flowed.
	assert.Equal(t, readmesteps.SecretValue, env["PORTKEY_CLIENT_AUTH"])

	sa := p.get("/api/v1/namespaces/" + ns + "/serviceaccounts/gateway-sa")
	require.NotEmpty(t, out["gatewayRoleArn"])
	assert.Equal(t, out["gatewayRoleArn"], field(sa, "metadata", "annotations", "eks.amazonaws.com/role-arn"))

	svc := p.get("/api/v1/namespaces/" + ns + "/services/" + fullName)
	assert.Equal(t, "ClusterIP", field(svc, "spec", "type"))
	assert.EqualValues(t, 8787, field(svc, "spec", "ports").([]any)[0].(map[string]any)["port"])

	dep := p.get("/apis/apps/v1/namespaces/" + ns + "/deployments/" + fullName)
	assert.EqualValues(t, replicas, field(dep, "spec", "replicas"))
	assert.EqualValues(t, replicas, field(dep, "status", "readyReplicas"))
	assert.Equal(t, "gateway-sa", field(dep, "spec", "template", "spec", "serviceAccountName"))

	tgb := p.get("/apis/elbv2.k8s.aws/v1beta1/namespaces/" + ns + "/targetgroupbindings/" + fullName)
	assert.Equal(t, map[string]any{"name": fullName, "port": float64(8787)}, field(tgb, "spec", "serviceRef"))
	assert.Equal(t, "ip", field(tgb, "spec", "targetType"))
	var tgArn any
	for _, res := range p.resources() {
		if res.Type == "aws:lb/targetGroup:TargetGroup" {
			tgArn = res.Outputs["arn"]
		}
	}
	require.NotEmpty(t, tgArn, "the state holds the NLB target group")
	assert.Equal(t, tgArn, field(tgb, "spec", "targetGroupARN"))
	assert.Contains(t, tgArn, ":"+out["accountId"].(string)+":targetgroup/")

	lbc := p.get("/apis/apps/v1/namespaces/kube-system/deployments/aws-load-balancer-controller")
	assert.EqualValues(t, 1, field(lbc, "spec", "replicas"), "dev: loadBalancerController.replicas 1")
	assert.EqualValues(t, 1, field(lbc, "status", "readyReplicas"))
	args := field(lbc, "spec", "template", "spec", "containers").([]any)[0].(map[string]any)["args"]
	assert.Contains(t, args, "--cluster-name="+out["clusterName"].(string))
	assert.Contains(t, args, "--aws-vpc-id="+out["vpcId"].(string))
	lbcSA := p.get("/api/v1/namespaces/kube-system/serviceaccounts/aws-load-balancer-controller")
	assert.Regexp(t, `^arn:aws:iam::`+out["accountId"].(string)+`:role/`, field(lbcSA, "metadata", "annotations", "eks.amazonaws.com/role-arn"))
	crd := p.get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/targetgroupbindings.elbv2.k8s.aws")
	assert.Equal(t, "elbv2.k8s.aws", field(crd, "spec", "group"))
}

// assertDrift runs drift: exit 3, and the resource named want (a URN suffix) drifted, in
// the JSON engine events and in the summary.
func assertDrift(t *testing.T, p *project, want string) {
	t.Helper()
	r := p.run("drift", "--json")
	require.Equal(t, 3, r.code, r.String())
	s, changed := parseJSON(t, r)
	var evURNs []string
	for _, urns := range changed {
		evURNs = append(evURNs, urns...)
	}
	assert.Contains(t, strings.Join(evURNs, "\n"), want, "drift's engine events name the drifted object")
	var named []string
	for _, d := range s.Drift {
		named = append(named, d.URN)
	}
	assert.Contains(t, strings.Join(named, "\n"), want, "the drift summary names the drifted object")
}
