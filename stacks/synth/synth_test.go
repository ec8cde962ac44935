package synth_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

type custom struct{ pulumi.CustomResourceState }

type component struct{ pulumi.ResourceState }

// program registers a component with a role, a policy that depends on the role, and a Helm
// release whose values hold a secret; nothing here needs a provider SDK.
func program(ctx *pulumi.Context) error {
	comp := &component{}
	if err := ctx.RegisterComponentResource("test:index:Thing", "thing", comp); err != nil {
		return err
	}
	role := &custom{}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`
	if err := ctx.RegisterResource("aws:iam/role:Role", "gateway", pulumi.Map{"assumeRolePolicy": pulumi.String(trust)}, role,
		pulumi.Parent(comp), pulumi.Protect(true), pulumi.RetainOnDelete(true)); err != nil {
		return err
	}
	policy := &custom{}
	if err := ctx.RegisterResource("aws:iam/rolePolicy:RolePolicy", "gateway-s3", pulumi.Map{
		"role":   role.ID(),
		"policy": pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::logs/*"]}]}`),
	}, policy, pulumi.Parent(comp)); err != nil {
		return err
	}
	other := &component{}
	if err := ctx.RegisterComponentResource("test:index:Other", "other", other); err != nil {
		return err
	}
	release := &custom{}
	if err := ctx.RegisterResource("kubernetes:helm.sh/v3:Release", "gw", pulumi.Map{
		"name": pulumi.String("portkey-ai"),
		"values": pulumi.Map{
			"environment": pulumi.Map{"data": pulumi.Map{
				"PORTKEY_CLIENT_AUTH": pulumi.ToSecret(pulumi.String("s3cr3t-license")),
				"SERVICE_NAME":        pulumi.String("gateway"),
			}},
		},
	}, release, pulumi.Parent(other), pulumi.DependsOn([]pulumi.Resource{policy})); err != nil {
		return err
	}
	ctx.Export("roleId", role.ID())
	ctx.Export("license", pulumi.ToSecret(pulumi.String("s3cr3t-license")))
	return nil
}

func TestRunRecordsResources(t *testing.T) {
	res, err := synth.Run(program, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", res.Region)
	require.Len(t, res.Resources, 5)

	role := res.Find("aws:iam/role:Role", "gateway")
	require.NotNil(t, role)
	assert.True(t, role.Protect)
	assert.True(t, role.RetainOnDelete)
	assert.Equal(t, "urn:pulumi:prod::portkey-eks::test:index:Thing$aws:iam/role:Role::gateway", role.URN)
	assert.Equal(t, res.Find("test:index:Thing", "thing").URN, role.Parent)
	assert.Regexp(t, `^arn:aws:iam::123456789012:role/.+`, role.Outputs["arn"])

	policy := res.Find("aws:iam/rolePolicy:RolePolicy", "gateway-s3")
	require.NotNil(t, policy)
	assert.Equal(t, []string{role.URN}, policy.Dependencies, "dependencies through inputs are recorded")

	rel := res.Find("kubernetes:helm.sh/v3:Release", "gw")
	require.NotNil(t, rel)
	assert.Contains(t, rel.Dependencies, policy.URN, "explicit DependsOn is recorded")
	assert.Equal(t, synth.Masked, synth.Get(rel.Inputs, "values.environment.data.PORTKEY_CLIENT_AUTH"))
	assert.Equal(t, "gateway", synth.Get(rel.Inputs, "values.environment.data.SERVICE_NAME"))
	assert.Equal(t, "s3cr3t-license", synth.Get(rel.PlainInputs, "values.environment.data.PORTKEY_CLIENT_AUTH"))
	assert.Equal(t, []string{"values.environment.data.PORTKEY_CLIENT_AUTH"}, rel.SecretInputs)
	assert.True(t, res.DependsOn(rel.URN, role.URN), "transitive dependency")
	assert.False(t, res.DependsOn(role.URN, rel.URN))

	assert.Equal(t, synth.Masked, res.Outputs["license"])
	assert.Equal(t, []string{"license"}, res.SecretOutputs)
	assert.Equal(t, synth.MockID("aws:iam/role:Role", "gateway"), res.Outputs["roleId"])
}

func TestRunIsDeterministic(t *testing.T) {
	a, err := synth.Run(program, synth.Options{})
	require.NoError(t, err)
	b, err := synth.Run(program, synth.Options{})
	require.NoError(t, err)
	ja, _ := json.Marshal(a.Resources)
	jb, _ := json.Marshal(b.Resources)
	assert.JSONEq(t, string(ja), string(jb))
}

func TestWriteProducesTheContractFiles(t *testing.T) {
	res, err := synth.Run(program, synth.Options{})
	require.NoError(t, err)
	dir := t.TempDir()
	files, err := synth.Write(res, dir)
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join("values", "portkey-ai.yaml")}, files.Values)
	assert.ElementsMatch(t, []string{filepath.Join("iam", "gateway.trust.json"), filepath.Join("iam", "gateway-s3.json")}, files.IAM)

	var inv []map[string]any
	b, err := os.ReadFile(filepath.Join(dir, "inventory.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &inv))
	require.Len(t, inv, 5)
	for _, r := range inv {
		for _, field := range []string{"urn", "type", "name", "parent", "custom", "provider", "dependencies", "inputs"} {
			assert.Contains(t, r, field, "inventory objects carry every contract field")
		}
	}

	values, err := os.ReadFile(filepath.Join(dir, "values", "portkey-ai.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(values), `PORTKEY_CLIENT_AUTH: '[secret]'`)

	trust, err := os.ReadFile(filepath.Join(dir, "iam", "gateway.trust.json"))
	require.NoError(t, err)
	assert.Contains(t, string(trust), `"Service": "pods.eks.amazonaws.com"`)

	graph, err := os.ReadFile(filepath.Join(dir, "graph.mmd"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(graph), "flowchart LR\n"))
	assert.Contains(t, string(graph), "other<br/>test:index:Other")
	assert.Equal(t, 1, strings.Count(string(graph), "-->"), "one edge: Other waits on Thing")

	// No secret anywhere on disk.
	require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.NotContains(t, string(b), "s3cr3t-license", p)
		return nil
	}))
}

func TestWholeSecretValuesAreShownWithSecretLeavesMasked(t *testing.T) {
	prog := func(ctx *pulumi.Context) error {
		license := pulumi.ToSecret(pulumi.String("lic-abc-123")).(pulumi.StringOutput)
		values := pulumi.ToSecret(license.ApplyT(func(l string) map[string]any {
			return map[string]any{"environment": map[string]any{"data": map[string]any{"PORTKEY_CLIENT_AUTH": l, "PORT": "8787"}}}
		})).(pulumi.MapOutput)
		return ctx.RegisterResource("kubernetes:helm.sh/v3:Release", "gw", pulumi.Map{"name": pulumi.String("portkey-ai"), "values": values}, &custom{})
	}
	res, err := synth.Run(prog, synth.Options{
		Config:     map[string]string{"portkey-eks:clientAuthKey": "lic-abc-123"},
		SecretKeys: []string{"portkey-eks:clientAuthKey"},
	})
	require.NoError(t, err)
	rel := res.Find("kubernetes:helm.sh/v3:Release", "gw")
	require.NotNil(t, rel)
	assert.Equal(t, synth.Masked, rel.Inputs["values"], "the inventory keeps the whole map secret")
	shown := res.HelmValues(*rel)
	assert.Equal(t, synth.Masked, synth.Get(shown, "environment.data.PORTKEY_CLIENT_AUTH"))
	assert.Equal(t, "8787", synth.Get(shown, "environment.data.PORT"))
}

func TestGet(t *testing.T) {
	v := map[string]any{"a": map[string]any{"b": []any{"x", map[string]any{"c": 1.0}}}}
	assert.Equal(t, 1.0, synth.Get(v, "a.b[1].c"))
	assert.Equal(t, "x", synth.Get(v, "a.b[0]"))
	assert.Nil(t, synth.Get(v, "a.b[5]"))
	assert.Nil(t, synth.Get(v, "a.z.c"))
}
