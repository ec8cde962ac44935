package identity

import (
	"fmt"
	"strings"

	"github.com/portkey-eks/portkey-eks/iampolicy"
	"github.com/portkey-eks/portkey-eks/validate"
)

// Names of the gateway's inline role policies. The first two are the install guide's.
const (
	PolicyS3          = "s3-access-policy"
	PolicyBedrock     = "bedrock-access-policy"
	PolicyKMS         = "kms-access-policy"
	PolicyElastiCache = "elasticache-connect-policy"
)

var (
	dnsSuffixByParti = map[string]string{"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}
)

// S3LogStorePolicy lets the gateway write and read its log documents: s3:PutObject and
// s3:GetObject on the bucket's objects (<bucketArn>/*) and nothing else, as in the
// install guide. bucketArn is the bucket's ARN (arn:aws:s3:::<bucket>).
func S3LogStorePolicy(bucketArn string) (iampolicy.Document, error) {
	if err := validate.S3BucketARN(bucketArn); err != nil {
		return iampolicy.Document{}, fmt.Errorf("bucket ARN %w", err)
	}
	return iampolicy.New(iampolicy.Statement{
		Effect:   iampolicy.Allow,
		Action:   iampolicy.List("s3:PutObject", "s3:GetObject"),
		Resource: iampolicy.List(bucketArn + "/*"),
	}), nil
}

// KMSLogKeyPolicy lets the gateway use the log bucket's customer-managed KMS key for
// SSE-KMS objects: kms:GenerateDataKey (to write) and kms:Decrypt (to read) on that key
// only, and only through S3 in the key's region (kms:ViaService). Buckets encrypted with
// SSE-S3 or the AWS-managed aws/s3 key need no such policy.
func KMSLogKeyPolicy(keyArn string) (iampolicy.Document, error) {
	if err := validate.KMSKeyARN(keyArn); err != nil {
		return iampolicy.Document{}, fmt.Errorf("KMS key ARN %w", err)
	}
	// arn:<partition>:kms:<region>:<account>:key/<id>
	arn := strings.Split(keyArn, ":")
	partition, region := arn[1], arn[3]
	suffix, ok := dnsSuffixByParti[partition]
	if !ok {
		suffix = "amazonaws.com"
	}
	return iampolicy.New(iampolicy.Statement{
		Effect:   iampolicy.Allow,
		Action:   iampolicy.List("kms:GenerateDataKey", "kms:Decrypt"),
		Resource: iampolicy.List(keyArn),
		Condition: map[string]map[string]iampolicy.Strings{
			"StringEquals": {"kms:ViaService": iampolicy.One("s3." + region + "." + suffix)},
		},
	}), nil
}

// BedrockAccess says which Amazon Bedrock models the gateway may invoke.
type BedrockAccess struct {
	// Enabled grants bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream.
	Enabled bool
	// ModelArns are the foundation-model, inference-profile or provisioned-model ARNs.
	// An inference profile also needs the ARNs of the models it routes to.
	ModelArns []string
	// AllModels grants every model (Resource "*"); only when explicitly asked for, and
	// exclusive with ModelArns.
	AllModels bool
}

// BedrockInvokePolicy lets the gateway invoke Bedrock models: bedrock:InvokeModel and
// bedrock:InvokeModelWithResponseStream on the listed model ARNs, or on "*" (the install
// guide's form) only when allModels is set.
func BedrockInvokePolicy(modelArns []string, allModels bool) (iampolicy.Document, error) {
	switch {
	case allModels && len(modelArns) > 0:
		return iampolicy.Document{}, fmt.Errorf("bedrock: list model ARNs or allow all models, not both")
	case !allModels && len(modelArns) == 0:
		return iampolicy.Document{}, fmt.Errorf("bedrock: no model ARN: list the models the gateway may invoke, or allow all models explicitly")
	}
	resources := []string{"*"}
	if !allModels {
		resources = nil
		seen := map[string]bool{}
		for _, a := range modelArns {
			if err := validate.BedrockModelARN(a); err != nil {
				return iampolicy.Document{}, fmt.Errorf("bedrock model ARN %w", err)
			}
			if !seen[a] {
				seen[a] = true
				resources = append(resources, a)
			}
		}
	}
	return iampolicy.New(iampolicy.Statement{
		Effect:   iampolicy.Allow,
		Action:   iampolicy.List("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"),
		Resource: iampolicy.List(resources...),
	}), nil
}

// ElastiCacheAccess names the replication group and user of ElastiCache IAM
// authentication.
type ElastiCacheAccess struct {
	// ReplicationGroupArn is arn:aws:elasticache:<region>:<account>:replicationgroup:<id>.
	ReplicationGroupArn string
	// UserArn is arn:aws:elasticache:<region>:<account>:user:<user-id>.
	UserArn string
}

// ElastiCacheConnectPolicy lets the gateway authenticate to ElastiCache with IAM:
// elasticache:Connect on the replication group and on its IAM-enabled user, both of which
// AWS requires.
func ElastiCacheConnectPolicy(replicationGroupArn, userArn string) (iampolicy.Document, error) {
	if err := validate.ElastiCacheReplicationGroupARN(replicationGroupArn); err != nil {
		return iampolicy.Document{}, fmt.Errorf("replication group ARN %w", err)
	}
	if err := validate.ElastiCacheUserARN(userArn); err != nil {
		return iampolicy.Document{}, fmt.Errorf("ElastiCache user ARN %w", err)
	}
	return iampolicy.New(iampolicy.Statement{
		Effect:   iampolicy.Allow,
		Action:   iampolicy.List("elasticache:Connect"),
		Resource: iampolicy.List(replicationGroupArn, userArn),
	}), nil
}

// GatewayPermissions is what the gateway's pods may do, in plain values.
type GatewayPermissions struct {
	// BucketArn is the log bucket's ARN (required).
	BucketArn string
	// KmsKeyArn is the bucket's customer-managed KMS key; empty for SSE-S3 or aws/s3.
	KmsKeyArn string
	// Bedrock is the optional Bedrock access.
	Bedrock BedrockAccess
	// ElastiCache is set when the cache uses IAM authentication.
	ElastiCache *ElastiCacheAccess
}

// GatewayPolicyDocuments returns the gateway's inline policies by name (PolicyS3,
// PolicyKMS, PolicyBedrock, PolicyElastiCache), each present only when needed.
func GatewayPolicyDocuments(p GatewayPermissions) (map[string]iampolicy.Document, error) {
	out := map[string]iampolicy.Document{}
	s3, err := S3LogStorePolicy(p.BucketArn)
	if err != nil {
		return nil, err
	}
	out[PolicyS3] = s3
	if p.KmsKeyArn != "" {
		if out[PolicyKMS], err = KMSLogKeyPolicy(p.KmsKeyArn); err != nil {
			return nil, err
		}
	}
	if p.Bedrock.Enabled {
		if out[PolicyBedrock], err = BedrockInvokePolicy(p.Bedrock.ModelArns, p.Bedrock.AllModels); err != nil {
			return nil, err
		}
	} else if p.Bedrock.AllModels || len(p.Bedrock.ModelArns) > 0 {
		return nil, fmt.Errorf("bedrock: model ARNs or all models are set but Bedrock access is not enabled")
	}
	if p.ElastiCache != nil {
		if out[PolicyElastiCache], err = ElastiCacheConnectPolicy(p.ElastiCache.ReplicationGroupArn, p.ElastiCache.UserArn); err != nil {
			return nil, err
		}
	}
	return out, nil
}
