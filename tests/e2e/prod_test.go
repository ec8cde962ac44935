package e2e

import (
	"encoding/base64"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProdRealPath runs issue 12's scenario 6 (and 2 and 7) on the prod stack: up succeeds
// (ElastiCache, Pod Identity, autoscaling, the data service, PrivateLink both ways), a
// second up changes nothing, no secret is in state or outputs, and destroy refuses,
// listing the protected resources.
func TestProdRealPath(t *testing.T) {
	start := time.Now()
	p := newProject(t, "prod", "us-west-2", 3)

	r := p.run("up", "--yes")
	require.Zero(t, r.code, r.String())
	out := p.outputs()

	t.Run("up composes prod's values", func(t *testing.T) {
		sec := p.get("/api/v1/namespaces/" + ns + "/secrets/" + fullName)
		env := map[string]string{}
		for k, v := range field(sec, "data").(map[string]any) {
			b, err := base64.StdEncoding.DecodeString(v.(string))
			require.NoError(t, err)
			env[k] = string(b)
		}
		assert.Equal(t, "aws-elastic-cache", env["CACHE_STORE"])
		assert.True(t, strings.HasPrefix(env["REDIS_URL"], "rediss://"), env["REDIS_URL"])
		assert.Equal(t, out["redisUrl"], env["REDIS_URL"])
		assert.Equal(t, "true", env["REDIS_TLS_ENABLED"])
		assert.Equal(t, out["logBucketName"], env["LOG_STORE_GENERATIONS_BUCKET"])
		assert.Equal(t, "us-west-2", env["LOG_STORE_REGION"])

		nsObj := p.get("/api/v1/namespaces/" + ns)
		assert.Equal(t, "restricted", field(nsObj, "metadata", "labels", "pod-security.kubernetes.io/enforce"))
		sa := p.get("/api/v1/namespaces/" + ns + "/serviceaccounts/gateway-sa")
		assert.Nil(t, field(sa, "metadata", "annotations", "eks.amazonaws.com/role-arn"), "Pod Identity: no IRSA annotation")
		p.get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/" + fullName)
		p.get("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/" + fullName + "-dataservice")
		tgb := p.get("/apis/elbv2.k8s.aws/v1beta1/namespaces/" + ns + "/targetgroupbindings/" + fullName)
		assert.Contains(t, field(tgb, "spec", "targetGroupARN"), "arn:aws:elasticloadbalancing:us-west-2:")
		lbc := p.get("/apis/apps/v1/namespaces/kube-system/deployments/aws-load-balancer-controller")
		assert.EqualValues(t, 2, field(lbc, "status", "readyReplicas"))
		p.get("/apis/policy/v1/namespaces/kube-system/poddisruptionbudgets/aws-load-balancer-controller")
	})

	t.Run("second up changes nothing", func(t *testing.T) {
		r := p.run("up", "--yes", "--json")
		require.Zero(t, r.code, r.String())
		_, changed := parseJSON(t, r)
		assert.Empty(t, changed)
	})

	t.Run("secrets are in neither state nor outputs", func(t *testing.T) {
		state, err := os.ReadFile(p.stateFile())
		require.NoError(t, err)
		shown := p.sh("pulumi stack output --json --show-secrets -s prod")
		for _, s := range p.secretValues() {
			assert.NotContains(t, string(state), s)
			assert.NotContains(t, string(state), base64.StdEncoding.EncodeToString([]byte(s)))
			assert.NotContains(t, shown, s)
		}
	})

	t.Run("destroy refuses and lists the protected resources", func(t *testing.T) {
		var protected []string
		for _, res := range p.resources() {
			if res.Protect {
				protected = append(protected, res.URN)
			}
		}
		require.NotEmpty(t, protected, "prod protects its data")
		before := len(p.resources())
		r := p.run("destroy", "--yes")
		require.Equal(t, 1, r.code, r.String())
		assert.Contains(t, r.stderr, "protected resource(s)")
		for _, urn := range protected {
			assert.Contains(t, r.stderr, urn)
		}
		assert.Len(t, p.resources(), before, "destroy deleted nothing")
		p.get("/api/v1/namespaces/" + ns)
		t.Logf("protected: %s", strings.Join(protected, "\n"))
	})
	t.Logf("prod real path in %s", time.Since(start).Round(100*time.Millisecond))
}
