package identity_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/identity"
	"github.com/portkey-eks/portkey-eks/iampolicy"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

const (
	roleType   = "aws:iam/role:Role"
	policyType = "aws:iam/rolePolicy:RolePolicy"
	assocType  = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	issuer     = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	oidcArn    = "arn:aws:iam::123456789012:oidc-provider/" + issuer
	bucketArn  = "arn:aws:s3:::portkey-logs-20260101000000000000000001"
	keyArn     = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

func readGolden(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return strings.TrimSuffix(string(b), "\n")
}

func run(t *testing.T, args *identity.ServiceAccountRoleArgs) (*synth.Result, error) {
	t.Helper()
	res, _, err := synth.Component(identity.NewServiceAccountRole, "gateway", args, func(r *identity.ServiceAccountRole) map[string]pulumi.Input {
		return map[string]pulumi.Input{"roleArn": r.RoleArn, "roleName": r.RoleName, "annotations": r.ServiceAccountAnnotations}
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	return res, err
}

func TestServiceAccountRoleIRSA(t *testing.T) {
	policies, err := identity.GatewayPolicies(identity.GatewayPolicyArgs{
		BucketArn: pulumi.String(bucketArn),
		KmsKeyArn: pulumi.String(keyArn),
	})
	require.NoError(t, err)
	res, err := run(t, &identity.ServiceAccountRoleArgs{
		Mode:                   vocab.IRSA,
		RoleName:               "portkey-prod-portkey-gateway",
		PermissionsBoundaryArn: "arn:aws:iam::123456789012:policy/boundary",
		OidcProviderArn:        pulumi.String(oidcArn),
		OidcIssuer:             pulumi.String("https://" + issuer),
		Namespace:              "portkeyai",
		ServiceAccounts:        []string{"gateway-sa"},
		Policies:               policies,
		Tags:                   map[string]string{"Project": "portkey"},
	})
	require.NoError(t, err)

	comp := res.Find("portkey-eks:identity:ServiceAccountRole", "gateway")
	require.NotNil(t, comp)
	role := res.Find(roleType, "gateway")
	require.NotNil(t, role)
	assert.Equal(t, comp.URN, role.Parent)
	assert.Equal(t, readGolden(t, "irsa-trust.golden.json"), role.Inputs["assumeRolePolicy"])
	assert.Equal(t, "portkey-prod-portkey-gateway", role.Inputs["name"])
	assert.Equal(t, "arn:aws:iam::123456789012:policy/boundary", role.Inputs["permissionsBoundary"])
	assert.Equal(t, map[string]any{"Project": "portkey"}, role.Inputs["tags"])

	pols := res.ByType(policyType)
	require.Len(t, pols, 2)
	byName := map[string]synth.Resource{}
	for _, p := range pols {
		byName[p.Inputs["name"].(string)] = p
		assert.Equal(t, "portkey-prod-portkey-gateway", p.Inputs["role"])
		assert.True(t, res.DependsOn(p.URN, role.URN), "%s waits on the role", p.Name)
	}
	require.Contains(t, byName, identity.PolicyS3)
	require.Contains(t, byName, identity.PolicyKMS)
	assert.Equal(t, readGolden(t, "s3-access-policy.golden.json"), byName[identity.PolicyS3].Inputs["policy"])
	assert.Contains(t, byName[identity.PolicyKMS].Inputs["policy"], keyArn)

	assert.Empty(t, res.ByType(assocType))
	assert.Equal(t, "arn:aws:iam::123456789012:role/portkey-prod-portkey-gateway", res.Outputs["roleArn"])
	assert.Equal(t, map[string]any{vocab.IRSARoleAnnotation: "arn:aws:iam::123456789012:role/portkey-prod-portkey-gateway"}, res.Outputs["annotations"])
}

func TestServiceAccountRolePodIdentity(t *testing.T) {
	res, err := run(t, &identity.ServiceAccountRoleArgs{
		Mode:            vocab.PodIdentity,
		ClusterName:     pulumi.String("portkey-prod"),
		Namespace:       "portkeyai",
		ServiceAccounts: []string{"gateway-sa", "dataservice-sa"},
		Policies:        map[string]pulumi.StringInput{},
	})
	require.NoError(t, err)

	role := res.Find(roleType, "gateway")
	require.NotNil(t, role)
	assert.Equal(t, readGolden(t, "pod-identity-trust.golden.json"), role.Inputs["assumeRolePolicy"])
	assert.Nil(t, role.Inputs["name"], "no RoleName: Pulumi names the role")
	roleArn := res.Outputs["roleArn"]
	require.NotEmpty(t, roleArn)

	assocs := res.ByType(assocType)
	require.Len(t, assocs, 2)
	var accounts []any
	for _, a := range assocs {
		assert.Equal(t, "portkey-prod", a.Inputs["clusterName"])
		assert.Equal(t, "portkeyai", a.Inputs["namespace"])
		assert.Equal(t, roleArn, a.Inputs["roleArn"])
		assert.True(t, res.DependsOn(a.URN, role.URN))
		accounts = append(accounts, a.Inputs["serviceAccount"])
	}
	assert.ElementsMatch(t, []any{"gateway-sa", "dataservice-sa"}, accounts)
	assert.Equal(t, map[string]any{}, res.Outputs["annotations"])
}

func TestServiceAccountRoleRefusesWildcardPolicy(t *testing.T) {
	_, err := run(t, &identity.ServiceAccountRoleArgs{
		Mode:            vocab.PodIdentity,
		ClusterName:     pulumi.String("portkey-prod"),
		Namespace:       "portkeyai",
		ServiceAccounts: []string{"gateway-sa"},
		Policies: map[string]pulumi.StringInput{
			"admin": pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`),
		},
	})
	require.ErrorContains(t, err, `inline policy "admin": statement 0: wildcard action "s3:*"`)
}

func TestServiceAccountRoleValidation(t *testing.T) {
	good := func() *identity.ServiceAccountRoleArgs {
		return &identity.ServiceAccountRoleArgs{
			Mode: vocab.IRSA, OidcProviderArn: pulumi.String(oidcArn),
			Namespace: "portkeyai", ServiceAccounts: []string{"gateway-sa"},
		}
	}
	tests := []struct {
		name    string
		change  func(a *identity.ServiceAccountRoleArgs)
		wantErr string
	}{
		{"mode", func(a *identity.ServiceAccountRoleArgs) { a.Mode = "kiam" }, `mode "kiam"`},
		{"irsa without provider", func(a *identity.ServiceAccountRoleArgs) { a.OidcProviderArn = nil }, "needs OidcProviderArn"},
		{"pod identity without cluster", func(a *identity.ServiceAccountRoleArgs) { a.Mode = vocab.PodIdentity }, "needs ClusterName"},
		{"role name", func(a *identity.ServiceAccountRoleArgs) { a.RoleName = strings.Repeat("r", 65) }, "role name"},
		{"boundary", func(a *identity.ServiceAccountRoleArgs) { a.PermissionsBoundaryArn = "boundary" }, "permissions boundary"},
		{"no service account", func(a *identity.ServiceAccountRoleArgs) { a.ServiceAccounts = nil }, "no service account"},
		{"policy name", func(a *identity.ServiceAccountRoleArgs) {
			a.Policies = map[string]pulumi.StringInput{"bad name": pulumi.String("{}")}
		}, "inline policy name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := good()
			tt.change(a)
			res, err := run(t, a)
			require.ErrorContains(t, err, tt.wantErr)
			for _, r := range res.Resources {
				assert.Equal(t, "pulumi:pulumi:Stack", r.Type, "nothing is registered before validation")
			}
		})
	}
}

func TestGatewayPolicies(t *testing.T) {
	rg := "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:cache-1a2b3c4"
	user := "arn:aws:elasticache:eu-west-1:123456789012:user:cache-prod"
	tests := []struct {
		name      string
		args      identity.GatewayPolicyArgs
		wantNames []string
		wantErr   string
	}{
		{name: "s3", args: identity.GatewayPolicyArgs{BucketArn: pulumi.String(bucketArn)}, wantNames: []string{identity.PolicyS3}},
		{name: "all", args: identity.GatewayPolicyArgs{
			BucketArn: pulumi.String(bucketArn), KmsKeyArn: pulumi.String(keyArn),
			Bedrock:                        identity.BedrockAccess{Enabled: true, ModelArns: []string{"arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0"}},
			ElastiCacheReplicationGroupArn: pulumi.String(rg), ElastiCacheUserArn: pulumi.String(user),
		}, wantNames: []string{identity.PolicyS3, identity.PolicyKMS, identity.PolicyBedrock, identity.PolicyElastiCache}},
		{name: "no bucket", args: identity.GatewayPolicyArgs{}, wantErr: "BucketArn is required"},
		{name: "one elasticache ARN", args: identity.GatewayPolicyArgs{BucketArn: pulumi.String(bucketArn), ElastiCacheUserArn: pulumi.String(user)}, wantErr: "both ElastiCache ARNs"},
		{name: "bedrock without models", args: identity.GatewayPolicyArgs{BucketArn: pulumi.String(bucketArn), Bedrock: identity.BedrockAccess{Enabled: true}}, wantErr: "no model ARN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pols, err := identity.GatewayPolicies(tt.args)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			var names []string
			for n := range pols {
				names = append(names, n)
			}
			assert.ElementsMatch(t, tt.wantNames, names)

			res, err := run(t, &identity.ServiceAccountRoleArgs{
				Mode: vocab.IRSA, OidcProviderArn: pulumi.String(oidcArn),
				Namespace: "portkeyai", ServiceAccounts: []string{"gateway-sa"}, Policies: pols,
			})
			require.NoError(t, err)
			require.Len(t, res.ByType(policyType), len(tt.wantNames))
			for _, p := range res.ByType(policyType) {
				doc, err := iampolicy.Parse(p.Inputs["policy"].(string))
				require.NoError(t, err, p.Name)
				for _, st := range doc.Statement {
					for _, a := range st.Action.Values {
						assert.False(t, iampolicy.IsWildcardAction(a), "%s: %s", p.Name, a)
					}
				}
			}
		})
	}
}
