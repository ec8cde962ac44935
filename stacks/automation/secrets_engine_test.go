package automation_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/automation"
)

// secretsProgram reads the stack's configuration with the real stacks.LoadConfig and hands
// the secrets on the way stacks.Deploy does (as outputs into resources, and into a values
// map built inside an Apply), with component resources only, so no provider is needed.
func secretsProgram(ctx *pulumi.Context) error {
	cfg, sec, err := stacks.LoadConfig(ctx)
	if err != nil {
		return err
	}
	holder := &thing{}
	if err := ctx.RegisterComponentResource("test:index:GatewayValues", "gateway-values", holder); err != nil {
		return err
	}
	values := pulumi.All(sec.ClientAuthKey, sec.RegistryPassword, sec.CacheAuthToken).ApplyT(func(v []any) map[string]any {
		return map[string]any{"environment": map[string]any{"data": map[string]any{
			"PORTKEY_CLIENT_AUTH":   v[0],
			"REDIS_PASSWORD":        v[2],
			"ORGANISATIONS_TO_SYNC": cfg.Gateway.OrganisationID,
		}}, "imageCredentials": []any{map[string]any{"password": v[1]}}}
	}).(pulumi.MapOutput)
	if err := ctx.RegisterResourceOutputs(holder, pulumi.Map{"values": values, "registryUsername": sec.RegistryUsername}); err != nil {
		return err
	}
	ctx.Export("clusterName", pulumi.String(cfg.Cluster.Name))
	ctx.Export("values", values)
	return nil
}

// TestEngineSecretsStaySecret: known secrets set with `pulumi config set --secret` on the
// committed prod stack file never appear in plain text in the stack file, the state, the
// outputs or what the driver prints.
func TestEngineSecretsStaySecret(t *testing.T) {
	f := newFixture(t, "")
	root := filepath.Join("..", "..")
	for _, name := range []string{"Pulumi.yaml", "Pulumi.prod.yaml"} {
		b, err := os.ReadFile(filepath.Join(root, name))
		require.NoError(t, err)
		content := string(b)
		if name == "Pulumi.prod.yaml" {
			name = "Pulumi." + stackName + ".yaml"
		}
		f.write(name, content)
	}
	known := map[string]string{
		"clientAuthKey":    "pk-license-engine-7f3c9a1b2d4e",
		"registryUsername": "registry-user-engine-5521",
		"registryPassword": "Reg1stry-Engine-Pa55-e3b0c442",
		"cacheAuthToken":   "Valkey-Engine-Token-98fa7c6d5e4b",
	}
	// Create the stack (passphrase secrets provider), then set the secrets as an operator would.
	f.pulumi("stack", "init", stackName, "--secrets-provider", "passphrase")
	for k, v := range known {
		f.setConfig(k, v, true)
	}
	// And replace the stack file's placeholders, as README's steps do (up refuses them).
	f.pulumi("config", "set", "--path", "gateway.organisationId", "org-engine-42", "--stack", stackName)
	f.pulumi("config", "set", "--path", "cluster.privateAccessCidrs[0]", "10.20.0.0/16", "--stack", stackName)

	d, err := automation.New(secretsProgram, f.options(yes))
	require.NoError(t, err)
	sum, err := d.Run(context.Background(), automation.OpUp)
	require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", f.stdout, f.stderr)
	assert.Equal(t, "portkey-"+stackName, sum.Outputs["clusterName"], "the real config code ran")

	raw, resources := f.state()
	require.NotEmpty(t, resources)
	stackFile, err := os.ReadFile(filepath.Join(f.dir, "Pulumi."+stackName+".yaml"))
	require.NoError(t, err)
	for k, v := range known {
		assert.NotContains(t, raw, v, "the state holds %s in plain text", k)
		assert.NotContains(t, string(stackFile), v, "the stack file holds %s in plain text", k)
		assert.NotContains(t, f.stdout.String()+f.stderr.String(), v, "the driver printed %s", k)
		assert.NotContains(t, strings.ReplaceAll(sumString(sum), " ", ""), v, "the summary shows %s", k)
	}
	assert.Contains(t, raw, "4dabf18193072939515e22adb298388d", "secrets in the state are encrypted (the secret signature)")
}

func sumString(s *automation.Summary) string {
	var b strings.Builder
	for k, v := range s.Outputs {
		b.WriteString(k)
		b.WriteString("=")
		b.WriteString(strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(toString(v), "\n", ""), "\t", "")))
	}
	return b.String()
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
