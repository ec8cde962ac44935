package stacks_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/components/identity"
	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/validate"
	"github.com/portkey-eks/portkey-eks/vocab"
)

const agreeOidcArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/37010CBCB755D8C9386E6ABB150CF758"

// The config's verdict on a value and the verdict of the component that takes it are the
// same: both call one function of package validate. A refused value's problem names the
// config key.

func TestNamespaceVerdictAgreesWithComponents(t *testing.T) {
	for _, tc := range []struct {
		ns string
		ok bool
	}{
		{"portkeyai", true},
		{"1abc", true}, // a DNS-1123 label may start with a digit
		{"Portkey_AI", false},
		{"portkey.ai", false},
		{"-portkey", false},
		{strings.Repeat("n", 64), false},
	} {
		t.Run(tc.ns, func(t *testing.T) {
			in := validInput()
			in.Sections["gateway"] = json.RawMessage(`{"organisationId": "org-1234", "namespace": "` + tc.ns + `"}`)
			_, ps := stacks.Decode(in)
			_, trustErr := identity.IRSATrustPolicy(agreeOidcArn, "", tc.ns, []string{"gateway-sa"})
			ruleErr := validate.Namespace(tc.ns)
			if tc.ok {
				assert.Empty(t, ps)
				assert.NoError(t, trustErr, "identity refuses a namespace the config accepts")
				assert.NoError(t, ruleErr)
				return
			}
			assert.Equal(t, []string{"gateway.namespace"}, ps.Keys())
			assert.Contains(t, ps.Error(), "portkey-eks:gateway.namespace")
			assert.Contains(t, ps.Error(), "is not a Kubernetes namespace name")
			assert.Error(t, trustErr)
			assert.Error(t, ruleErr)
		})
	}
}

// TestReservedNamespaceRefusedByConfig: the cluster's own namespaces, which the gateway
// component refuses, are refused by config validation first, naming the key.
func TestReservedNamespaceRefusedByConfig(t *testing.T) {
	for _, ns := range gateway.ReservedNamespaces {
		in := validInput()
		in.Sections["gateway"] = json.RawMessage(`{"organisationId": "org-1234", "namespace": "` + ns + `"}`)
		_, ps := stacks.Decode(in)
		assert.Equal(t, []string{"gateway.namespace"}, ps.Keys(), ns)
		assert.Contains(t, ps.Error(), "is reserved for the cluster")
		assert.Error(t, gateway.CheckNamespace(ns))
	}
}

// TestAcceptedNamespaceDeploys runs the whole program under mocks with the namespace 1abc,
// which the gateway component once refused at deploy: the gateway's namespace is created.
func TestAcceptedNamespaceDeploys(t *testing.T) {
	in := validInput()
	in.Sections["gateway"] = json.RawMessage(`{"organisationId": "org-1234", "namespace": "1abc"}`)
	res, err := synth.Run(stacks.Program, optionsFromInput(in))
	require.NoError(t, err)
	found := false
	for _, r := range res.Resources {
		if r.Type == "kubernetes:core/v1:Namespace" && synth.Get(r.Inputs, "metadata.name") == "1abc" {
			found = true
		}
	}
	assert.True(t, found, "no namespace 1abc was registered")
}

func TestKMSKeyArnVerdictAgreesWithComponents(t *testing.T) {
	for _, tc := range []struct {
		arn string
		ok  bool
	}{
		{"arn:aws:kms:us-east-1:111122223333:key/0b9a2b1e-1111-2222-3333-444455556666", true},
		{"arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", true},
		{"arn:aws:kms:us-east-1:111122223333:key/x", false},        // identity once accepted this
		{"arn:aws:kms:us-east-1:111122223333:key/my_key", false},   // cluster once accepted this
		{"arn:aws:kms:us-east-1:111122223333:alias/logs", false},   // an alias is no key ARN
		{"arn:aws:kms:us-east-1:111122223333:key/mrk-1234", false}, // too short for a multi-Region key
	} {
		t.Run(tc.arn, func(t *testing.T) {
			in := validInput()
			in.Sections["logStore"] = json.RawMessage(`{"encryption": "kms", "kmsKeyArn": "` + tc.arn + `"}`)
			in.Sections["cluster"] = json.RawMessage(`{"privateAccessCidrs": ["10.20.0.0/16"], "secretsKmsKeyArn": "` + tc.arn + `"}`)
			_, ps := stacks.Decode(in)
			_, policyErr := identity.KMSLogKeyPolicy(tc.arn) // the gateway's policy on the log key
			ruleErr := validate.KMSKeyARN(tc.arn)            // the cluster component's check
			if tc.ok {
				assert.Empty(t, ps)
				assert.NoError(t, policyErr, "identity refuses a KMS key the config accepts")
				assert.NoError(t, ruleErr)
				return
			}
			assert.Equal(t, []string{"cluster.secretsKmsKeyArn", "logStore.kmsKeyArn"}, ps.Keys())
			assert.Contains(t, ps.Error(), "portkey-eks:logStore.kmsKeyArn")
			assert.Contains(t, ps.Error(), "is not a KMS key ARN")
			assert.Error(t, policyErr)
			assert.Error(t, ruleErr)
		})
	}
}

// TestAcceptedKMSKeyDeploys runs the program with a customer key for the log bucket and
// the cluster's secrets: every component takes the ARN the config accepted.
func TestAcceptedKMSKeyDeploys(t *testing.T) {
	const arn = "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	in := validInput()
	in.Sections["logStore"] = json.RawMessage(`{"encryption": "kms", "kmsKeyArn": "` + arn + `"}`)
	in.Sections["cluster"] = json.RawMessage(`{"privateAccessCidrs": ["10.20.0.0/16"], "secretsKmsKeyArn": "` + arn + `"}`)
	_, err := synth.Run(stacks.Program, optionsFromInput(in))
	require.NoError(t, err)
}

// TestSupportedVersionsPassTheSyntax: the table the config checks cluster.version against
// holds only versions the cluster component's syntax rule accepts.
func TestSupportedVersionsPassTheSyntax(t *testing.T) {
	for v := range stacks.SupportedKubernetesVersions {
		assert.NoError(t, validate.KubernetesVersion(v))
	}
}

// TestAllowedTagsAreTheVocabulary: a config key typed with the shared vocabulary documents
// (and validates against) exactly that type's values.
func TestAllowedTagsAreTheVocabulary(t *testing.T) {
	values := map[reflect.Type][]string{
		reflect.TypeFor[vocab.IdentityMode](): strs(vocab.IdentityModes()),
		reflect.TypeFor[vocab.CacheMode]():    strs(vocab.CacheModes()),
		reflect.TypeFor[vocab.CacheEngine]():  strs(vocab.CacheEngines()),
		reflect.TypeFor[vocab.CacheAuth]():    strs(vocab.CacheAuths()),
		reflect.TypeFor[vocab.ExposureType](): strs(vocab.ExposureTypes()),
		reflect.TypeFor[vocab.Scheme]():       strs(vocab.Schemes()),
		reflect.TypeFor[vocab.Encryption]():   strs(vocab.Encryptions()),
	}
	seen := 0
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			key := path + "." + strings.Split(f.Tag.Get("json"), ",")[0]
			if want, ok := values[f.Type]; ok {
				seen++
				assert.Equal(t, want, strings.Split(f.Tag.Get("allowed"), "|"), key)
			}
			if f.Type.Kind() == reflect.Struct {
				walk(key, f.Type)
			}
		}
	}
	walk("config", reflect.TypeFor[stacks.Config]())
	assert.Equal(t, 7, seen, "every vocabulary-typed key was checked")
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
