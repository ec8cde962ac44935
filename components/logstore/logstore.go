package logstore

import (
	"fmt"

	"github.com/portkey-eks/portkey-eks/vocab"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// LogBucketArgs configures a LogBucket.
type LogBucketArgs struct {
	// BucketPrefix starts the bucket's name (3 to 37 lower-case letters, digits and
	// hyphens); S3 adds a unique suffix once, at creation.
	BucketPrefix string
	// Encryption is EncryptionKMS, EncryptionAWSKMS or EncryptionSSES3.
	Encryption vocab.Encryption
	// KmsKeyArn is an existing customer-managed key for EncryptionKMS; nil creates one
	// with yearly rotation. Only with EncryptionKMS.
	KmsKeyArn pulumi.StringInput
	// Versioning keeps object versions (recommended in production).
	Versioning bool
	// RetentionDays is when log objects expire.
	RetentionDays int
	// TransitionToIaDays moves objects to STANDARD_IA (0: never; at least 30).
	TransitionToIaDays int
	// TransitionToGlacierDays moves objects to GLACIER_IR (0: never).
	TransitionToGlacierDays int
	// NoncurrentVersionDays is when noncurrent versions expire (with Versioning).
	NoncurrentVersionDays int
	// Protect protects the bucket and the key this component creates from deletion
	// (pulumi protect) and retains them if they leave the program; false sets
	// forceDestroy so that `pulumi destroy` empties and deletes the bucket.
	Protect bool
	// Tags are added to the bucket and the key.
	Tags map[string]string
}

// LogBucket is the S3 bucket the gateway writes its request logs to.
type LogBucket struct {
	pulumi.ResourceState

	// BucketName is the bucket's name (LOG_STORE_GENERATIONS_BUCKET).
	BucketName pulumi.StringOutput
	// BucketArn is the bucket's ARN.
	BucketArn pulumi.StringOutput
	// Region is the bucket's region (LOG_STORE_REGION).
	Region pulumi.StringOutput
	// KmsKeyArn is the customer-managed key encrypting the bucket (given or created);
	// empty with EncryptionAWSKMS and EncryptionSSES3.
	KmsKeyArn pulumi.StringOutput
}

// NewLogBucket creates the log bucket: all four public access blocks, bucket-owner
// enforced ownership (no ACLs), default encryption, optional versioning, lifecycle
// rules and a bucket policy that denies requests without TLS 1.2 or later.
func NewLogBucket(ctx *pulumi.Context, name string, args *LogBucketArgs, opts ...pulumi.ResourceOption) (*LogBucket, error) {
	if args == nil {
		return nil, fmt.Errorf("log bucket %q: no arguments", name)
	}
	prefix, err := BucketPrefix(args.BucketPrefix)
	if err != nil {
		return nil, fmt.Errorf("log bucket %q: %w", name, err)
	}
	switch args.Encryption {
	case vocab.EncryptionKMS:
	case vocab.EncryptionAWSKMS, vocab.EncryptionSSES3:
		if args.KmsKeyArn != nil {
			return nil, fmt.Errorf("log bucket %q: KmsKeyArn is only used with encryption %q, not %q", name, vocab.EncryptionKMS, args.Encryption)
		}
	default:
		return nil, fmt.Errorf("log bucket %q: encryption %q: want %q, %q or %q", name, args.Encryption, vocab.EncryptionKMS, vocab.EncryptionAWSKMS, vocab.EncryptionSSES3)
	}
	rules, err := LifecycleRules(LifecycleSettings{
		RetentionDays:           args.RetentionDays,
		TransitionToIaDays:      args.TransitionToIaDays,
		TransitionToGlacierDays: args.TransitionToGlacierDays,
		Versioning:              args.Versioning,
		NoncurrentVersionDays:   args.NoncurrentVersionDays,
	})
	if err != nil {
		return nil, fmt.Errorf("log bucket %q: %w", name, err)
	}

	comp := &LogBucket{}
	if err := ctx.RegisterComponentResource("portkey-eks:logstore:LogBucket", name, comp, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(comp)
	keep := []pulumi.ResourceOption{parent}
	if args.Protect {
		keep = append(keep, pulumi.Protect(true), pulumi.RetainOnDelete(true))
	}
	tags := pulumi.ToStringMap(args.Tags)

	keyArn := pulumi.String("").ToStringOutput()
	if args.Encryption == vocab.EncryptionKMS {
		if args.KmsKeyArn != nil {
			keyArn = args.KmsKeyArn.ToStringOutput()
		} else {
			key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
				Description:          pulumi.String("Encrypts the Portkey gateway's request logs (" + name + ")"),
				EnableKeyRotation:    pulumi.Bool(true),
				DeletionWindowInDays: pulumi.Int(30),
				Tags:                 tags,
			}, keep...)
			if err != nil {
				return nil, err
			}
			keyArn = key.Arn
		}
	}

	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		BucketPrefix: pulumi.String(prefix),
		ForceDestroy: pulumi.Bool(!args.Protect),
		Tags:         tags,
	}, keep...)
	if err != nil {
		return nil, err
	}

	pab, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.Bucket,
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}

	if _, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.Bucket,
		Rule:   &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent); err != nil {
		return nil, err
	}

	byDefault := &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
		SseAlgorithm: pulumi.String("aws:kms"),
	}
	bucketKey := pulumi.Bool(true)
	switch args.Encryption {
	case vocab.EncryptionKMS:
		byDefault.KmsMasterKeyId = keyArn
	case vocab.EncryptionSSES3:
		byDefault.SseAlgorithm = pulumi.String("AES256")
		bucketKey = pulumi.Bool(false)
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.Bucket,
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{
			&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
				ApplyServerSideEncryptionByDefault: byDefault,
				BucketKeyEnabled:                   bucketKey,
			},
		},
	}, parent); err != nil {
		return nil, err
	}

	lifecycleOpts := []pulumi.ResourceOption{parent}
	if args.Versioning {
		versioning, err := s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
			Bucket:                  bucket.Bucket,
			VersioningConfiguration: &s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
		}, parent)
		if err != nil {
			return nil, err
		}
		// S3 needs versioning on before it accepts noncurrent-version rules.
		lifecycleOpts = append(lifecycleOpts, pulumi.DependsOn([]pulumi.Resource{versioning}))
	}

	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket:                             bucket.Bucket,
		Rules:                              lifecycleRuleArgs(rules),
		TransitionDefaultMinimumObjectSize: pulumi.String(TransitionMinimumObjectSize),
	}, lifecycleOpts...); err != nil {
		return nil, err
	}

	policy := bucket.Arn.ApplyT(TLSOnlyBucketPolicy).(pulumi.StringOutput)
	// The public access block goes first: S3 refuses concurrent changes to a bucket's
	// access configuration.
	if _, err := s3.NewBucketPolicy(ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.Bucket,
		Policy: policy,
	}, parent, pulumi.DependsOn([]pulumi.Resource{pab})); err != nil {
		return nil, err
	}

	comp.BucketName = bucket.Bucket
	comp.BucketArn = bucket.Arn
	comp.Region = bucket.Region
	comp.KmsKeyArn = keyArn
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"bucketName": comp.BucketName,
		"bucketArn":  comp.BucketArn,
		"region":     comp.Region,
		"kmsKeyArn":  comp.KmsKeyArn,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// lifecycleRuleArgs converts the pure rules into the provider's arguments.
func lifecycleRuleArgs(rules []LifecycleRule) s3.BucketLifecycleConfigurationV2RuleArray {
	out := s3.BucketLifecycleConfigurationV2RuleArray{}
	for _, r := range rules {
		a := &s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String(r.ID),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
		}
		switch {
		case r.ExpirationDays > 0:
			a.Expiration = &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(r.ExpirationDays)}
		case r.ExpiredObjectDeleteMarker:
			a.Expiration = &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{ExpiredObjectDeleteMarker: pulumi.Bool(true)}
		}
		if len(r.Transitions) > 0 {
			ts := s3.BucketLifecycleConfigurationV2RuleTransitionArray{}
			for _, t := range r.Transitions {
				ts = append(ts, &s3.BucketLifecycleConfigurationV2RuleTransitionArgs{
					Days:         pulumi.Int(t.Days),
					StorageClass: pulumi.String(t.StorageClass),
				})
			}
			a.Transitions = ts
		}
		if r.NoncurrentDays > 0 {
			a.NoncurrentVersionExpiration = &s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{
				NoncurrentDays: pulumi.Int(r.NoncurrentDays),
			}
		}
		if r.AbortMultipartDays > 0 {
			a.AbortIncompleteMultipartUpload = &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(r.AbortMultipartDays),
			}
		}
		out = append(out, a)
	}
	return out
}
