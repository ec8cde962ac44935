// Package logstore creates the S3 bucket the Portkey gateway writes its request logs to
// (one ~10 kB JSON document per request; LOG_STORE=s3_assume in the chart's values).
//
// NewLogBucket creates, under one component:
//
//   - the bucket (aws s3.BucketV2), named from a prefix: S3 appends a unique 26-character
//     suffix once, at creation (the provider's bucketPrefix), and the name is then kept in
//     state, so it is unique worldwide and never changes on later runs. A deterministic
//     suffix (a hash of account, region and stack) was not chosen: it would make the name
//     predictable to others, who could take it first, and reuse it after a deletion;
//   - a public access block with all four settings on, and bucket-owner-enforced object
//     ownership (ACLs disabled);
//   - default encryption: SSE-KMS with a customer-managed key and an S3 bucket key
//     ("kms"; the key is the caller's or one created here with rotation), SSE-KMS with the
//     AWS-managed aws/s3 key ("aws-kms") or SSE-S3 ("sse-s3");
//   - versioning when asked (production);
//   - lifecycle rules (LifecycleRules): expire logs after the retention, with optional
//     transitions to STANDARD_IA and GLACIER_IR before; abort incomplete multipart uploads
//     after 7 days; with versioning, expire noncurrent versions and remove orphaned delete
//     markers. S3's default minimum transition size (128 KB) is kept on purpose: the ~10
//     kB log documents are cheaper left in STANDARD than billed as 128 KB in the
//     infrequent-access classes, so transitions only move larger objects;
//   - a bucket policy (TLSOnlyBucketPolicy) that denies any request without TLS, or with
//     TLS older than 1.2.
//
// With Protect, the bucket and the key created here are protected (pulumi protect) and
// retained on delete; without it the bucket has forceDestroy, so `pulumi destroy` leaves
// nothing behind in development stacks.
//
// The outputs are what the gateway's values and its IAM policy need: BucketName
// (LOG_STORE_GENERATIONS_BUCKET), Region (LOG_STORE_REGION), BucketArn (the s3:PutObject
// and s3:GetObject resource) and KmsKeyArn (kms:GenerateDataKey and kms:Decrypt; empty
// when no customer-managed key is used). Nothing here waits on the network or the cluster.
package logstore
