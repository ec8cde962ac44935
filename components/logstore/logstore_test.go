package logstore_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/logstore"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

const (
	bucketType     = "aws:s3/bucketV2:BucketV2"
	keyType        = "aws:kms/key:Key"
	pabType        = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	ownershipType  = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	sseType        = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	versioningType = "aws:s3/bucketVersioningV2:BucketVersioningV2"
	lifecycleType  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	policyType     = "aws:s3/bucketPolicy:BucketPolicy"
	givenKey       = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

func prodArgs() *logstore.LogBucketArgs {
	return &logstore.LogBucketArgs{
		BucketPrefix:          "portkey-logs",
		Encryption:            vocab.EncryptionKMS,
		Versioning:            true,
		RetentionDays:         90,
		TransitionToIaDays:    30,
		NoncurrentVersionDays: 30,
		Protect:               true,
		Tags:                  map[string]string{"Stack": "prod"},
	}
}

func devArgs() *logstore.LogBucketArgs {
	return &logstore.LogBucketArgs{
		BucketPrefix:  "portkey-logs",
		Encryption:    vocab.EncryptionSSES3,
		RetentionDays: 7,
	}
}

func run(t *testing.T, args *logstore.LogBucketArgs) (*synth.Result, error) {
	t.Helper()
	res, _, err := synth.Component(logstore.NewLogBucket, "logs", args, func(b *logstore.LogBucket) map[string]pulumi.Input {
		return map[string]pulumi.Input{"bucketName": b.BucketName, "bucketArn": b.BucketArn, "region": b.Region, "kmsKeyArn": b.KmsKeyArn}
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	return res, err
}

func one(t *testing.T, res *synth.Result, typ string) synth.Resource {
	t.Helper()
	rs := res.ByType(typ)
	require.Len(t, rs, 1, typ)
	return rs[0]
}

func TestLogBucketProd(t *testing.T) {
	res, err := run(t, prodArgs())
	require.NoError(t, err)

	comp := res.Find("portkey-eks:logstore:LogBucket", "logs")
	require.NotNil(t, comp)
	bucket := one(t, res, bucketType)
	key := one(t, res, keyType)
	for _, r := range res.Resources {
		if r.Custom {
			assert.Equal(t, comp.URN, r.Parent, "%s is a child of the component", r.Name)
		}
	}

	// Name: a fixed prefix (S3 adds its unique suffix once); never a generated name.
	assert.Equal(t, "portkey-logs-", bucket.Inputs["bucketPrefix"])
	assert.NotContains(t, bucket.Inputs, "bucket")
	assert.Regexp(t, `^portkey-logs-\d{18}[0-9a-f]{8}$`, res.Outputs["bucketName"])
	assert.LessOrEqual(t, len(res.Outputs["bucketName"].(string)), 63)

	// Protect mode: bucket and key protected and retained, no forceDestroy.
	for _, r := range []synth.Resource{bucket, key} {
		assert.True(t, r.Protect, "%s protected", r.Type)
		assert.True(t, r.RetainOnDelete, "%s retained on delete", r.Type)
	}
	assert.Equal(t, false, bucket.Inputs["forceDestroy"])
	assert.Equal(t, map[string]any{"Stack": "prod"}, bucket.Inputs["tags"])

	assert.Equal(t, true, key.Inputs["enableKeyRotation"])
	keyArn := res.Outputs["kmsKeyArn"].(string)
	assert.Regexp(t, `^arn:aws:kms:eu-west-1:123456789012:key/`, keyArn)

	pab := one(t, res, pabType)
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, pab.Inputs[k], k)
	}
	assert.Equal(t, res.Outputs["bucketName"], pab.Inputs["bucket"])
	assert.Equal(t, "BucketOwnerEnforced", synth.Get(one(t, res, ownershipType).Inputs, "rule.objectOwnership"))

	sse := one(t, res, sseType).Inputs
	assert.Equal(t, "aws:kms", synth.Get(sse, "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.Equal(t, keyArn, synth.Get(sse, "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"))
	assert.Equal(t, true, synth.Get(sse, "rules[0].bucketKeyEnabled"))

	versioning := one(t, res, versioningType)
	assert.Equal(t, "Enabled", synth.Get(versioning.Inputs, "versioningConfiguration.status"))

	lc := one(t, res, lifecycleType)
	assert.True(t, res.DependsOn(lc.URN, versioning.URN), "lifecycle waits for versioning")
	assert.Equal(t, "all_storage_classes_128K", lc.Inputs["transitionDefaultMinimumObjectSize"])
	rules := lc.Inputs["rules"].([]any)
	require.Len(t, rules, 4)
	assert.Equal(t, "expire-logs", synth.Get(rules[0], "id"))
	assert.Equal(t, float64(90), synth.Get(rules[0], "expiration.days"))
	assert.Equal(t, "STANDARD_IA", synth.Get(rules[0], "transitions[0].storageClass"))
	assert.Equal(t, float64(30), synth.Get(rules[0], "transitions[0].days"))
	assert.Equal(t, float64(7), synth.Get(rules[1], "abortIncompleteMultipartUpload.daysAfterInitiation"))
	assert.Equal(t, float64(30), synth.Get(rules[2], "noncurrentVersionExpiration.noncurrentDays"))
	assert.Equal(t, true, synth.Get(rules[3], "expiration.expiredObjectDeleteMarker"))
	for _, r := range rules {
		assert.Equal(t, "Enabled", synth.Get(r, "status"))
		assert.Equal(t, map[string]any{}, synth.Get(r, "filter"), "rules cover the whole bucket")
	}

	pol := one(t, res, policyType)
	assert.True(t, res.DependsOn(pol.URN, pab.URN), "policy after the public access block")
	var doc struct {
		Statement []struct {
			Effect    string
			Resource  []string
			Condition map[string]map[string]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(pol.Inputs["policy"].(string)), &doc))
	require.NotEmpty(t, doc.Statement)
	assert.Equal(t, "Deny", doc.Statement[0].Effect)
	assert.Equal(t, "false", doc.Statement[0].Condition["Bool"]["aws:SecureTransport"])
	assert.Equal(t, []string{res.Outputs["bucketArn"].(string), res.Outputs["bucketArn"].(string) + "/*"}, doc.Statement[0].Resource)

	assert.Equal(t, "eu-west-1", res.Outputs["region"])
	assert.Equal(t, "arn:aws:s3:::"+res.Outputs["bucketName"].(string), res.Outputs["bucketArn"])
	assert.Empty(t, res.Warnings)
}

func TestLogBucketDev(t *testing.T) {
	res, err := run(t, devArgs())
	require.NoError(t, err)
	bucket := one(t, res, bucketType)
	assert.False(t, bucket.Protect)
	assert.False(t, bucket.RetainOnDelete)
	assert.Equal(t, true, bucket.Inputs["forceDestroy"], "destroy empties the bucket")
	assert.Empty(t, res.ByType(keyType))
	assert.Empty(t, res.ByType(versioningType))
	sse := one(t, res, sseType).Inputs
	assert.Equal(t, "AES256", synth.Get(sse, "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.Nil(t, synth.Get(sse, "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"))
	assert.Len(t, one(t, res, lifecycleType).Inputs["rules"], 2)
	assert.Equal(t, "", res.Outputs["kmsKeyArn"])
	// Still private and TLS-only in development.
	assert.Len(t, res.ByType(pabType), 1)
	assert.Len(t, res.ByType(policyType), 1)
}

func TestLogBucketEncryption(t *testing.T) {
	tests := []struct {
		name       string
		encryption vocab.Encryption
		key        pulumi.StringInput
		wantAlgo   string
		wantKeyID  any
		wantKeys   int
		wantOutput string
	}{
		{name: "given key", encryption: vocab.EncryptionKMS, key: pulumi.String(givenKey), wantAlgo: "aws:kms", wantKeyID: givenKey, wantOutput: givenKey},
		{name: "aws managed key", encryption: vocab.EncryptionAWSKMS, wantAlgo: "aws:kms", wantKeyID: nil, wantOutput: ""},
		{name: "sse-s3", encryption: vocab.EncryptionSSES3, wantAlgo: "AES256", wantKeyID: nil, wantOutput: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := prodArgs()
			a.Encryption, a.KmsKeyArn = tt.encryption, tt.key
			res, err := run(t, a)
			require.NoError(t, err)
			assert.Len(t, res.ByType(keyType), tt.wantKeys)
			sse := one(t, res, sseType).Inputs
			assert.Equal(t, tt.wantAlgo, synth.Get(sse, "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
			assert.Equal(t, tt.wantKeyID, synth.Get(sse, "rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"))
			assert.Equal(t, tt.wantOutput, res.Outputs["kmsKeyArn"])
		})
	}
}

func TestLogBucketValidation(t *testing.T) {
	tests := []struct {
		name    string
		change  func(a *logstore.LogBucketArgs)
		wantErr string
	}{
		{"prefix", func(a *logstore.LogBucketArgs) { a.BucketPrefix = "Portkey_Logs" }, "bucket prefix"},
		{"long prefix", func(a *logstore.LogBucketArgs) { a.BucketPrefix = strings.Repeat("p", 38) }, "bucket prefix"},
		{"encryption", func(a *logstore.LogBucketArgs) { a.Encryption = "aes" }, `encryption "aes"`},
		{"key with sse-s3", func(a *logstore.LogBucketArgs) {
			a.Encryption, a.KmsKeyArn = vocab.EncryptionSSES3, pulumi.String(givenKey)
		}, "KmsKeyArn is only used"},
		{"retention", func(a *logstore.LogBucketArgs) { a.RetentionDays = 0 }, "retention"},
		{"IA", func(a *logstore.LogBucketArgs) { a.TransitionToIaDays = 15 }, "STANDARD_IA"},
		{"noncurrent", func(a *logstore.LogBucketArgs) { a.NoncurrentVersionDays = 0 }, "noncurrent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := prodArgs()
			tt.change(a)
			res, err := run(t, a)
			require.ErrorContains(t, err, tt.wantErr)
			require.ErrorContains(t, err, `log bucket "logs"`)
			for _, r := range res.Resources {
				assert.Equal(t, "pulumi:pulumi:Stack", r.Type, "nothing registered before validation")
			}
		})
	}
}
