package identity

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/iampolicy"
)

const (
	testAccount   = "123456789012"
	testIssuer    = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
	testOidcArn   = "arn:aws:iam::" + testAccount + ":oidc-provider/" + testIssuer
	testBucket    = "portkey-logs-20260101000000000000000001"
	testBucketArn = "arn:aws:s3:::" + testBucket
	testKeyArn    = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// guideDoc reads an excerpt of the install guide from testdata, substitutes its shell
// variables and returns it as compact JSON (key order kept).
func guideDoc(t *testing.T, file string, vars map[string]string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(t, err)
	s := string(b)
	for k, v := range vars {
		s = strings.ReplaceAll(s, "${"+k+"}", v)
	}
	require.NotContains(t, s, "${", "unsubstituted variable in %s", file)
	return compact(t, s)
}

func compact(t *testing.T, s string) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, []byte(s)))
	return buf.String()
}

func golden(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(t, err)
	return strings.TrimSuffix(string(b), "\n")
}

// TestDocumentsMatchGuide checks each document against its golden file, and each golden
// file against the install guide's text (same keys, same order, same values).
func TestDocumentsMatchGuide(t *testing.T) {
	irsa, err := IRSATrustPolicy(testOidcArn, "https://"+testIssuer, "portkeyai", []string{"gateway-sa"})
	require.NoError(t, err)
	s3, err := S3LogStorePolicy(testBucketArn)
	require.NoError(t, err)

	tests := []struct {
		name, golden, guide string
		doc                 iampolicy.Document
		vars                map[string]string
	}{
		{"irsa trust", "irsa-trust.golden.json", "guide-irsa-trust.txt", irsa, map[string]string{
			"aws_account_id": testAccount, "oidc_issuer": testIssuer,
			"namespace": "portkeyai", "service_account_name": "gateway-sa",
		}},
		{"pod identity trust", "pod-identity-trust.golden.json", "guide-pod-identity-trust.txt", PodIdentityTrustPolicy(), nil},
		{"s3 access", "s3-access-policy.golden.json", "guide-s3-access-policy.txt", s3, map[string]string{"bucket_name": testBucket}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := policyJSON(tt.doc)
			require.NoError(t, err)
			want := golden(t, tt.golden)
			assert.Equal(t, want, got, "document differs from %s", tt.golden)
			assert.Equal(t, guideDoc(t, tt.guide, tt.vars), compact(t, want), "%s differs from the guide", tt.golden)
		})
	}
}

func TestIRSATrustPolicy(t *testing.T) {
	tests := []struct {
		name      string
		arn       string
		issuer    string
		namespace string
		accounts  []string
		wantSub   any
		wantErr   string
	}{
		{name: "issuer from ARN", arn: testOidcArn, namespace: "portkeyai", accounts: []string{"gateway-sa"},
			wantSub: "system:serviceaccount:portkeyai:gateway-sa"},
		{name: "issuer without scheme", arn: testOidcArn, issuer: testIssuer, namespace: "portkeyai", accounts: []string{"gateway-sa"},
			wantSub: "system:serviceaccount:portkeyai:gateway-sa"},
		{name: "two service accounts", arn: testOidcArn, namespace: "portkeyai", accounts: []string{"gateway-sa", "dataservice-sa"},
			wantSub: []any{"system:serviceaccount:portkeyai:gateway-sa", "system:serviceaccount:portkeyai:dataservice-sa"}},
		{name: "load balancer controller", arn: testOidcArn, namespace: "kube-system", accounts: []string{"aws-load-balancer-controller"},
			wantSub: "system:serviceaccount:kube-system:aws-load-balancer-controller"},
		{name: "bad ARN", arn: "arn:aws:iam::123456789012:role/x", namespace: "portkeyai", accounts: []string{"gateway-sa"}, wantErr: "OIDC provider ARN"},
		{name: "other issuer", arn: testOidcArn, issuer: "https://oidc.eks.us-east-1.amazonaws.com/id/OTHER", namespace: "portkeyai", accounts: []string{"gateway-sa"}, wantErr: "is not the one of provider"},
		{name: "no service account", arn: testOidcArn, namespace: "portkeyai", wantErr: "no service account"},
		{name: "duplicate", arn: testOidcArn, namespace: "portkeyai", accounts: []string{"a", "a"}, wantErr: "listed twice"},
		{name: "bad namespace", arn: testOidcArn, namespace: "Portkey_AI", accounts: []string{"a"}, wantErr: "namespace"},
		{name: "bad service account", arn: testOidcArn, namespace: "portkeyai", accounts: []string{"Gateway"}, wantErr: "service account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := IRSATrustPolicy(tt.arn, tt.issuer, tt.namespace, tt.accounts)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			s, err := policyJSON(doc)
			require.NoError(t, err)
			var m map[string]any
			require.NoError(t, json.Unmarshal([]byte(s), &m))
			st := m["Statement"].([]any)[0].(map[string]any)
			assert.Equal(t, map[string]any{"Federated": tt.arn}, st["Principal"])
			assert.Equal(t, "sts:AssumeRoleWithWebIdentity", st["Action"])
			cond := st["Condition"].(map[string]any)["StringEquals"].(map[string]any)
			assert.Equal(t, "sts.amazonaws.com", cond[testIssuer+":aud"])
			assert.Equal(t, tt.wantSub, cond[testIssuer+":sub"])
			assert.Len(t, cond, 2)
		})
	}
}

func TestPermissionPolicies(t *testing.T) {
	rg := "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:cache-1a2b3c4"
	user := "arn:aws:elasticache:eu-west-1:123456789012:user:cache-prod-gateway"
	model := "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"
	tests := []struct {
		name         string
		build        func() (iampolicy.Document, error)
		wantActions  []string
		wantResource []string
		wantCond     map[string]map[string]iampolicy.Strings
		wantErr      string
	}{
		{name: "s3 scoped to objects", build: func() (iampolicy.Document, error) { return S3LogStorePolicy(testBucketArn) },
			wantActions: []string{"s3:PutObject", "s3:GetObject"}, wantResource: []string{testBucketArn + "/*"}},
		{name: "s3 needs an ARN", build: func() (iampolicy.Document, error) { return S3LogStorePolicy(testBucket) }, wantErr: "bucket ARN"},
		{name: "s3 rejects object ARN", build: func() (iampolicy.Document, error) { return S3LogStorePolicy(testBucketArn + "/*") }, wantErr: "bucket ARN"},
		{name: "kms through s3", build: func() (iampolicy.Document, error) { return KMSLogKeyPolicy(testKeyArn) },
			wantActions: []string{"kms:GenerateDataKey", "kms:Decrypt"}, wantResource: []string{testKeyArn},
			wantCond: map[string]map[string]iampolicy.Strings{"StringEquals": {"kms:ViaService": iampolicy.One("s3.eu-west-1.amazonaws.com")}}},
		{name: "kms china", build: func() (iampolicy.Document, error) {
			return KMSLogKeyPolicy("arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
		}, wantActions: []string{"kms:GenerateDataKey", "kms:Decrypt"}, wantResource: []string{"arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
			wantCond: map[string]map[string]iampolicy.Strings{"StringEquals": {"kms:ViaService": iampolicy.One("s3.cn-north-1.amazonaws.com.cn")}}},
		{name: "kms alias refused", build: func() (iampolicy.Document, error) {
			return KMSLogKeyPolicy("arn:aws:kms:eu-west-1:123456789012:alias/aws/s3")
		}, wantErr: "KMS key ARN"},
		{name: "bedrock models", build: func() (iampolicy.Document, error) { return BedrockInvokePolicy([]string{model, model}, false) },
			wantActions: []string{"bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"}, wantResource: []string{model}},
		{name: "bedrock all models when asked", build: func() (iampolicy.Document, error) { return BedrockInvokePolicy(nil, true) },
			wantActions: []string{"bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"}, wantResource: []string{"*"}},
		{name: "bedrock nothing", build: func() (iampolicy.Document, error) { return BedrockInvokePolicy(nil, false) }, wantErr: "no model ARN"},
		{name: "bedrock both", build: func() (iampolicy.Document, error) { return BedrockInvokePolicy([]string{model}, true) }, wantErr: "not both"},
		{name: "bedrock bad ARN", build: func() (iampolicy.Document, error) { return BedrockInvokePolicy([]string{"*"}, false) }, wantErr: "bedrock model ARN"},
		{name: "elasticache connect", build: func() (iampolicy.Document, error) { return ElastiCacheConnectPolicy(rg, user) },
			wantActions: []string{"elasticache:Connect"}, wantResource: []string{rg, user}},
		{name: "elasticache swapped", build: func() (iampolicy.Document, error) { return ElastiCacheConnectPolicy(user, rg) }, wantErr: "replication group ARN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := tt.build()
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			s, err := policyJSON(doc)
			require.NoError(t, err)
			back, err := iampolicy.Parse(s)
			require.NoError(t, err)
			require.Len(t, back.Statement, 1)
			st := back.Statement[0]
			assert.Equal(t, "Allow", st.Effect)
			assert.Equal(t, tt.wantActions, st.Action.Values)
			assert.Equal(t, tt.wantResource, st.Resource.Values)
			assert.Equal(t, tt.wantCond, st.Condition)
			assertNoWildcardAction(t, s)
		})
	}
}

// assertNoWildcardAction parses a policy's JSON independently of this package's types and
// fails on any action containing * or ?.
func assertNoWildcardAction(t *testing.T, policy string) {
	t.Helper()
	var m struct {
		Statement []struct {
			Action any `json:"Action"`
		} `json:"Statement"`
	}
	require.NoError(t, json.Unmarshal([]byte(policy), &m))
	require.NotEmpty(t, m.Statement)
	for _, st := range m.Statement {
		var actions []string
		switch a := st.Action.(type) {
		case string:
			actions = []string{a}
		case []any:
			for _, x := range a {
				actions = append(actions, x.(string))
			}
		default:
			t.Fatalf("statement without action: %s", policy)
		}
		for _, a := range actions {
			assert.NotContains(t, a, "*", "wildcard action in %s", policy)
			assert.NotContains(t, a, "?", "wildcard action in %s", policy)
		}
	}
}

func TestGatewayPolicyDocuments(t *testing.T) {
	rg := "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:cache-1a2b3c4"
	user := "arn:aws:elasticache:eu-west-1:123456789012:user:cache-prod-gateway"
	tests := []struct {
		name      string
		perms     GatewayPermissions
		wantNames []string
		wantErr   string
	}{
		{name: "s3 only", perms: GatewayPermissions{BucketArn: testBucketArn}, wantNames: []string{PolicyS3}},
		{name: "everything", perms: GatewayPermissions{
			BucketArn: testBucketArn, KmsKeyArn: testKeyArn,
			Bedrock:     BedrockAccess{Enabled: true, AllModels: true},
			ElastiCache: &ElastiCacheAccess{ReplicationGroupArn: rg, UserArn: user},
		}, wantNames: []string{PolicyBedrock, PolicyElastiCache, PolicyKMS, PolicyS3}},
		{name: "no bucket", perms: GatewayPermissions{}, wantErr: "bucket ARN"},
		{name: "bedrock not enabled", perms: GatewayPermissions{BucketArn: testBucketArn, Bedrock: BedrockAccess{AllModels: true}}, wantErr: "not enabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := GatewayPolicyDocuments(tt.perms)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			var names []string
			for n, d := range docs {
				names = append(names, n)
				s, err := policyJSON(d)
				require.NoError(t, err)
				assertNoWildcardAction(t, s)
			}
			assert.ElementsMatch(t, tt.wantNames, names)
		})
	}
}

// TestPolicyJSONRefusesWildcards checks that no document of this package can be rendered
// with a wildcard action (iampolicy's own tests cover the rest of Validate and Parse).
func TestPolicyJSONRefusesWildcards(t *testing.T) {
	for _, action := range []string{"*", "s3:*", "s3:Get*", "s3:?etObject"} {
		t.Run(action, func(t *testing.T) {
			doc := iampolicy.New(iampolicy.Statement{Effect: iampolicy.Allow, Action: iampolicy.One(action), Resource: iampolicy.One("*")})
			_, err := policyJSON(doc)
			require.ErrorContains(t, err, "wildcard action")
		})
	}
}
