// Package variants holds the stack configurations the whole-stack tests run under mocks:
// the committed stack files, and variants of them that switch one mode each (an existing
// VPC or cluster, an ALB, a cluster-mode cache, the IP allow-list). It is test support,
// shared by tests/ and cmd/portkey-eks so there is one list.
package variants

import (
	"encoding/json"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// Variant is a committed stack file plus section overrides, merged key by key over the
// stack file's section; a null value removes a key the stack file sets (a coherent
// variant leaves no key that has no effect in its mode).
type Variant struct {
	Name, Stack string
	Overrides   map[string]string
}

// Example certificate for the variants that terminate TLS at the load balancer.
const exampleCertificate = "arn:aws:acm:us-west-2:123456789012:certificate/0b9a2b1e-1111-2222-3333-444455556666"

// All are the variants every whole-stack test runs.
var All = []Variant{
	{Name: "dev", Stack: "dev"},
	{Name: "prod", Stack: "prod"},
	{Name: "dev-podidentity", Stack: "dev", Overrides: map[string]string{"identity": `{"mode": "podIdentity"}`}},
	{Name: "prod-existing-vpc", Stack: "prod", Overrides: map[string]string{"network": `{"mode": "existing", "vpcId": "vpc-0123456789abcdef0", "privateSubnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"], "publicSubnetIds": [], "azCount": null, "natGateways": null, "flowLogs": null, "flowLogsRetentionDays": null}`}},
	{Name: "prod-existing-cluster", Stack: "prod", Overrides: map[string]string{"cluster": `{"mode": "existing", "name": "shared-platform", "nodeGroups": [], "loadBalancerController": {"install": false}, "endpointPublicAccess": null, "logRetentionDays": null, "privateAccessCidrs": null}`}},
	{Name: "prod-alb", Stack: "prod", Overrides: map[string]string{
		"exposure": `{"type": "alb", "certificateArn": "` + exampleCertificate + `", "hostname": "gateway.example.com"}`,
		"inbound":  `{"mode": "none", "acceptanceRequired": null}`}},
	{Name: "prod-cluster-mode", Stack: "prod", Overrides: map[string]string{"cache": `{"clusterMode": true, "shards": 3, "replicasPerShard": 1}`}},
	{Name: "prod-allowlist", Stack: "prod", Overrides: map[string]string{
		"exposure": `{"scheme": "internet-facing", "certificateArn": "` + exampleCertificate + `"}`,
		"inbound":  `{"mode": "ipAllowlist", "acceptanceRequired": null}`}},
}

// ProjectDir is the repository's project directory (Pulumi.yaml and the stack files).
func ProjectDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Synth runs stacks.SynthProgram for v under mocks, as `portkey-eks synth` does, with
// extraConfig added to the configuration and extraSecret marked secret.
func Synth(t testing.TB, v Variant, extraConfig map[string]string, extraSecret []string) *synth.Result {
	t.Helper()
	sf, err := stacks.LoadStackFile(ProjectDir(), v.Stack)
	require.NoError(t, err)
	for section, patch := range v.Overrides {
		key := sf.Project + ":" + section
		merged := map[string]any{}
		if cur, ok := sf.Config[key]; ok {
			require.NoError(t, json.Unmarshal([]byte(cur), &merged))
		}
		var p map[string]any
		require.NoError(t, json.Unmarshal([]byte(patch), &p))
		for k, val := range p {
			if val == nil {
				delete(merged, k)
				continue
			}
			merged[k] = val
		}
		b, err := json.Marshal(merged)
		require.NoError(t, err)
		sf.Config[key] = string(b)
	}
	for k, val := range extraConfig {
		sf.Config[k] = val
	}
	sf.SecretKeys = append(sf.SecretKeys, extraSecret...)
	cfg, secretKeys, _, err := sf.ForSynth()
	require.NoError(t, err, "variant %s", v.Name)
	res, err := synth.Run(stacks.SynthProgram, synth.Options{Project: sf.Project, Stack: v.Stack, Config: cfg, SecretKeys: secretKeys})
	require.NoError(t, err, "variant %s", v.Name)
	return res
}
