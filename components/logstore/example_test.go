package logstore_test

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/logstore"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// A production log bucket: a KMS key created with rotation, versioning, logs kept 90
// days, protected from deletion.
func ExampleNewLogBucket() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		logs, err := logstore.NewLogBucket(ctx, "logs", &logstore.LogBucketArgs{
			BucketPrefix:          "portkey-logs",
			Encryption:            vocab.EncryptionKMS,
			Versioning:            true,
			RetentionDays:         90,
			TransitionToIaDays:    30,
			NoncurrentVersionDays: 30,
			Protect:               true,
		})
		if err != nil {
			return err
		}
		ctx.Export("region", logs.Region)
		ctx.Export("bucketArn", logs.BucketArn)
		return nil
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Outputs["region"])
	fmt.Println(res.Outputs["bucketArn"])
	var lines []string
	for _, r := range res.Resources {
		if r.Custom {
			lines = append(lines, fmt.Sprintf("%s protect=%v", r.Type, r.Protect))
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// eu-west-1
	// arn:aws:s3:::portkey-logs-82922279141910622398f38f12
	// aws:kms/key:Key protect=true
	// aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2 protect=false
	// aws:s3/bucketOwnershipControls:BucketOwnershipControls protect=false
	// aws:s3/bucketPolicy:BucketPolicy protect=false
	// aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock protect=false
	// aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 protect=false
	// aws:s3/bucketV2:BucketV2 protect=true
	// aws:s3/bucketVersioningV2:BucketVersioningV2 protect=false
}
