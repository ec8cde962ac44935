package stacks_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/vocab"
)

var update = flag.Bool("update", false, "rewrite Pulumi.yaml's config block and README's reference table from the code")

const projectDir = ".."

func TestStackFilesValidate(t *testing.T) {
	for _, tc := range []struct {
		stack           string
		wantPlaceholder []string
		// wantToReplace are the documentation values the stack file ships for the user to
		// replace: synth warns, up refuses.
		wantToReplace []string
		check         func(t *testing.T, c stacks.Config)
	}{
		{"dev", []string{"clientAuthKey", "registryUsername", "registryPassword"}, []string{"cluster.publicAccessCidrs[0]", "gateway.organisationId"}, func(t *testing.T, c stacks.Config) {
			assert.Equal(t, 2, c.Network.AzCount)
			assert.Equal(t, "single", c.Network.NatGateways)
			assert.Equal(t, vocab.CacheBuiltin, c.Cache.Mode)
			assert.Equal(t, vocab.IRSA, c.Identity.Mode)
			assert.Equal(t, vocab.ExposureNLB, c.Exposure.Type)
			assert.Equal(t, vocab.SchemeInternal, c.Exposure.Scheme)
			assert.False(t, c.LogStore.Protect, "dev must be destroyable")
		}},
		{"prod", []string{"cacheAuthToken", "clientAuthKey", "registryUsername", "registryPassword"}, []string{"cluster.privateAccessCidrs[0]", "gateway.organisationId"}, func(t *testing.T, c stacks.Config) {
			assert.Equal(t, 3, c.Network.AzCount)
			assert.Equal(t, "perAz", c.Network.NatGateways)
			assert.Equal(t, vocab.CacheElastiCache, c.Cache.Mode)
			assert.Equal(t, vocab.EngineValkey, c.Cache.Engine)
			assert.True(t, c.Cache.TLS)
			assert.Equal(t, 2, c.Cache.ReplicasPerShard, "a replica in each of the other two AZs")
			assert.Equal(t, vocab.PodIdentity, c.Identity.Mode)
			assert.Equal(t, stacks.ConnectivityPrivateLink, c.ControlPlane.Connectivity)
			assert.Equal(t, stacks.InboundPrivateLink, c.Inbound.Mode)
			assert.True(t, c.Gateway.DataService.Enabled)
			assert.True(t, c.Gateway.Autoscaling.Enabled)
			assert.True(t, c.LogStore.Protect)
			assert.True(t, c.Cache.Protect)
			assert.Equal(t, []string{"t4g.medium", "c7g.large"}, c.Cluster.NodeGroups[0].InstanceTypes)
		}},
	} {
		t.Run(tc.stack, func(t *testing.T) {
			sf, err := stacks.LoadStackFile(projectDir, tc.stack)
			require.NoError(t, err)
			cfg, ps := stacks.Decode(sf.Input(false))
			require.Empty(t, ps)
			tc.check(t, cfg)

			_, secretKeys, warnings, err := sf.ForSynth()
			require.NoError(t, err)
			require.Len(t, warnings, len(tc.wantPlaceholder)+len(tc.wantToReplace))
			for _, k := range tc.wantPlaceholder {
				assert.Contains(t, secretKeys, "portkey-eks:"+k)
			}
			for i, k := range tc.wantToReplace {
				assert.Contains(t, warnings[len(tc.wantPlaceholder)+i], "portkey-eks:"+k+" = ")
			}
			// The committed stack files hold no secrets and ship placeholders, so pulumi up
			// must refuse them, naming each.
			err = stacks.ValidateStackDir(projectDir, tc.stack)
			require.Error(t, err)
			var upProblems stacks.Problems
			require.ErrorAs(t, err, &upProblems)
			for _, k := range tc.wantPlaceholder {
				assert.Contains(t, err.Error(), "pulumi config set --secret "+k)
			}
			for _, k := range tc.wantToReplace {
				assert.Contains(t, upProblems.Keys(), k)
			}
			assert.Len(t, upProblems, len(tc.wantPlaceholder)+len(tc.wantToReplace), "nothing but the secrets and the placeholders: %v", upProblems)
		})
	}
}

func TestStackFileSecretsAndUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(projectDir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.yaml"))
	stackFile := `encryptionsalt: v1:gO9cGTgMKXY=:v1:vQ9XwRH1I8HgJBxH:9yJb0Dpc7T8rV8nVzD6qvFPEq4nB9g==
config:
  aws:region: eu-west-1
  portkey-eks:gateway:
    organisationId: org-42
  portkey-eks:cache:
    mode: builtin
  portkey-eks:netwrok:
    azCount: 2
  portkey-eks:clientAuthKey:
    secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBB
  portkey-eks:registryUsername: plain-user
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.ci.yaml"), []byte(stackFile), 0o644))
	sf, err := stacks.LoadStackFile(dir, "ci")
	require.NoError(t, err)
	assert.Equal(t, "[secret]", sf.Config["portkey-eks:clientAuthKey"], "secure values are never decrypted")
	assert.Equal(t, []string{"portkey-eks:clientAuthKey"}, sf.SecretKeys)
	assert.Contains(t, sf.Config, "portkey-eks:network", "project defaults fill unset sections")

	_, ps := stacks.Decode(sf.Input(true))
	assert.Contains(t, ps.Keys(), "netwrok")
	assert.Contains(t, ps.Error(), `did you mean "network"?`)
	assert.Contains(t, ps.Keys(), stacks.KeyRegistryUsername, "a secret in plain text is a problem")
	assert.Contains(t, ps.Keys(), stacks.KeyRegistryPassword, "a missing secret is a problem for pulumi up")
	assert.NotContains(t, ps.Keys(), stacks.KeyClientAuthKey)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, b, 0o644))
}

// TestProjectFileDeclaresEveryKey keeps Pulumi.yaml's config block equal to what the code
// declares: every section with its defaults, every secret key.
func TestProjectFileDeclaresEveryKey(t *testing.T) {
	path := filepath.Join(projectDir, "Pulumi.yaml")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	want, err := stacks.ProjectConfigBlock()
	require.NoError(t, err)
	head, _, found := bytes.Cut(b, []byte("\nconfig:\n"))
	require.True(t, found, "Pulumi.yaml has no config block")
	if *update {
		require.NoError(t, os.WriteFile(path, append(append(head, '\n'), want...), 0o644))
		return
	}
	got := b[len(head)+1:]
	assert.Equal(t, string(want), string(got), "Pulumi.yaml's config block is stale: run go test ./stacks -run TestProjectFileDeclaresEveryKey -update")

	// And independently of the generator: every leaf key of stacks.Config is in a default.
	var proj struct {
		Config map[string]struct {
			Type    string `yaml:"type"`
			Default any    `yaml:"default"`
			Secret  bool   `yaml:"secret"`
		} `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(b, &proj))
	for _, k := range stacks.Reference() {
		section, rest, _ := strings.Cut(k.Key, ".")
		decl, ok := proj.Config[section]
		require.True(t, ok, "Pulumi.yaml does not declare %s", section)
		if k.Secret {
			optional := false
			for _, s := range stacks.SecretKeys {
				optional = optional || (s.Key == k.Key && s.Optional)
			}
			if optional {
				// The CLI requires a key without a default of every stack, and refuses a
				// plain-text default on a secret key: an optional secret has an empty
				// default and no secret flag (the program refuses a plain value).
				assert.Equal(t, "", decl.Default, "%s must default to empty", k.Key)
				assert.False(t, decl.Secret, "%s: the CLI refuses a default on a secret key", k.Key)
			} else {
				assert.True(t, decl.Secret, "%s must be declared secret", k.Key)
				assert.Nil(t, decl.Default, "%s: a required secret has no default", k.Key)
			}
			continue
		}
		if rest == "" || strings.Contains(rest, "[]") || section == "tags" {
			continue
		}
		assert.NotNil(t, lookup(decl.Default, rest), "Pulumi.yaml's default for %s lacks %s", section, rest)
	}
}

func lookup(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if v, ok = m[p]; !ok {
			return nil
		}
		if v == nil {
			return ""
		}
	}
	return v
}

// TestReadmeReferenceTable keeps README.md's config table complete.
func TestReadmeReferenceTable(t *testing.T) {
	path := filepath.Join(projectDir, "README.md")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	const begin, end = "<!-- config-reference:begin -->\n", "<!-- config-reference:end -->"
	before, rest, ok := strings.Cut(string(b), begin)
	require.True(t, ok, "README.md lacks the config reference markers")
	_, after, ok := strings.Cut(rest, end)
	require.True(t, ok)
	table := stacks.ReferenceTable()
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(before+begin+table+end+after), 0o644))
		return
	}
	for _, k := range stacks.Reference() {
		if !strings.Contains(rest, "| `"+k.Key+"` |") {
			t.Errorf("README.md's config table lacks %s", k.Key)
		}
	}
	if table != strings.Split(rest, end)[0] {
		t.Errorf("README.md's config table is stale: run go test ./stacks -run TestReadmeReferenceTable -update")
	}
}
