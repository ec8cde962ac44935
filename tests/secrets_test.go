package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// Known secret values: none may appear in plain text anywhere synth writes or exports.
var knownSecrets = map[string]string{
	"portkey-eks:clientAuthKey":    "pk-license-7f3c9a1b2d4e6f80",
	"portkey-eks:registryUsername": "portkey-registry-user-5521",
	"portkey-eks:registryPassword": "Reg1stry-Pa55word-e3b0c442",
	"portkey-eks:cacheAuthToken":   "Valkey-Auth-Token-98fa7c6d5e4b3a21",
}

// secretsFor returns the known secrets a variant takes: dev's built-in Redis has no AUTH
// token (setting one there is a configuration error).
func secretsFor(v variant) (map[string]string, []string) {
	vals := map[string]string{}
	var keys []string
	for k, val := range knownSecrets {
		if v.Stack == "dev" && k == "portkey-eks:cacheAuthToken" {
			continue
		}
		vals[k] = val
		keys = append(keys, k)
	}
	return vals, keys
}

func TestSecretsNeverInPlainText(t *testing.T) {
	for _, v := range allVariants {
		t.Run(v.Name, func(t *testing.T) {
			vals, keys := secretsFor(v)
			res := synthVariant(t, v, vals, keys)
			dir := t.TempDir()
			_, err := synth.Write(res, dir)
			require.NoError(t, err)

			// The synth output directory.
			require.NoError(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				require.NoError(t, err)
				if d.IsDir() {
					return nil
				}
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				for key, secret := range knownSecrets {
					assert.NotContains(t, string(b), secret, "%s leaks %s", p, key)
				}
				return nil
			}))

			// The stack outputs.
			outs, err := json.Marshal(res.Outputs)
			require.NoError(t, err)
			for key, secret := range knownSecrets {
				assert.NotContains(t, string(outs), secret, "stack outputs leak %s", key)
			}

			// And the secrets did reach the resources that need them, as secrets.
			plain := map[string]bool{}
			for _, r := range res.Resources {
				b, _ := json.Marshal(r.PlainInputs)
				for key, secret := range vals {
					if strings.Contains(string(b), secret) {
						plain[key] = true
						assert.NotEmpty(t, r.SecretInputs, "%s carries %s but records no secret input", r.URN, key)
					}
				}
			}
			assert.True(t, plain["portkey-eks:clientAuthKey"], "the license key reaches the release")
			assert.True(t, plain["portkey-eks:registryPassword"], "the registry password reaches the release")
			if _, ok := vals["portkey-eks:cacheAuthToken"]; ok {
				assert.True(t, plain["portkey-eks:cacheAuthToken"], "the cache token reaches the replication group")
			}
		})
	}
}

// TestDataProtection: prod protects and retains what holds data and takes a final cache
// snapshot; dev can be destroyed completely.
func TestDataProtection(t *testing.T) {
	dataTypes := []string{tBucket, "aws:kms/key:Key", tReplGroup}
	prod := synthVariant(t, variant{Name: "prod", Stack: "prod"}, nil, nil)
	for _, typ := range dataTypes {
		rs := prod.ByType(typ)
		if typ == "aws:kms/key:Key" {
			// Only the log bucket's key holds data; find it through the bucket's encryption.
			rs = nil
			for _, k := range prod.ByType(typ) {
				for _, enc := range prod.ByType("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2") {
					if prod.DependsOn(enc.URN, k.URN) {
						rs = append(rs, k)
					}
				}
			}
		}
		require.NotEmpty(t, rs, "prod has no %s", typ)
		for _, r := range rs {
			assert.True(t, r.Protect, "%s is not protected", r.URN)
			assert.True(t, r.RetainOnDelete, "%s is not retained on delete", r.URN)
		}
	}
	for _, rg := range prod.ByType(tReplGroup) {
		assert.NotEmpty(t, in(rg, "finalSnapshotIdentifier"), "%s takes no final snapshot", rg.URN)
	}
	for _, lb := range prod.ByType(tLB) {
		assert.True(t, truthy(in(lb, "enableDeletionProtection")), lb.URN)
	}

	dev := synthVariant(t, variant{Name: "dev", Stack: "dev"}, nil, nil)
	for _, r := range dev.Resources {
		assert.False(t, r.Protect, "dev's %s is protected, so destroy would fail", r.URN)
	}
	for _, b := range dev.ByType(tBucket) {
		assert.True(t, truthy(in(b, "forceDestroy")), "dev's bucket %s cannot be emptied by destroy", b.URN)
	}
}
