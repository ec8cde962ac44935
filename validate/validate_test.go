package validate_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/validate"
)

// rule is one validator with values it must accept and values it must refuse.
type rule struct {
	name   string
	check  func(string) error
	accept []string
	refuse []string
}

var rules = []rule{
	{"Region", validate.Region,
		[]string{"us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "ap-southeast-10"},
		[]string{"", "us-east", "useast1", "US-EAST-1", "us-east-1a", "us-foo-bar-1", "u-east-1"}},
	{"AvailabilityZone", validate.AvailabilityZone,
		[]string{"us-east-1a", "eu-west-1c", "us-gov-west-1b"},
		[]string{"", "us-east-1", "west", "us-east-1-bos-1a", "US-EAST-1A"}},
	{"VpcID", validate.VpcID,
		[]string{"vpc-0123abcd", "vpc-0123456789abcdef0"},
		[]string{"", "vpc-xyz", "vpc-0123456789ABCDEF0", "vpc-0123456789", "subnet-0123456789abcdef0"}},
	{"SubnetID", validate.SubnetID,
		[]string{"subnet-0123abcd", "subnet-0123456789abcdef0"},
		[]string{"", "sub-1", "subnet-0123456789abcdef", "vpc-0123456789abcdef0"}},
	{"SecurityGroupID", validate.SecurityGroupID,
		[]string{"sg-0123abcd", "sg-0123456789abcdef0"},
		[]string{"", "runner-sg", "sg-0123456789abcdef00"}},
	{"EndpointServiceName", validate.EndpointServiceName,
		[]string{"com.amazonaws.vpce.us-east-1.vpce-svc-0c2c1c323d9f56d95", "com.amazonaws.vpce.eu-central-1.vpce-svc-0123abcd"},
		[]string{"", "vpce-svc-0c2c1c323d9f56d95", "com.amazonaws.us-east-1.s3", "com.amazonaws.vpce.us-east-1.vpce-svc-0c2c1c323d9f56d9", "com.amazonaws.vpce.east.vpce-svc-0c2c1c323d9f56d95"}},
	{"ClusterName", validate.ClusterName,
		[]string{"portkey-dev", "a", "0cluster", "Shared_Platform", strings.Repeat("c", 100)},
		[]string{"", "-cluster", "_x", "my.cluster", strings.Repeat("c", 101)}},
	{"KubernetesVersion", validate.KubernetesVersion,
		[]string{"1.33", "1.35"},
		[]string{"", "1", "1.35.1", "v1.35", "latest", "2.10"}},
	{"NodeGroupName", validate.NodeGroupName,
		[]string{"general", "a", "spot-1", strings.Repeat("n", 32)},
		[]string{"", "General", "spot_1", "-a", "a-", strings.Repeat("n", 33)}},
	{"AddonVersion", validate.AddonVersion,
		[]string{"v1.19.2-eksbuild.1", "v1.11.4-eksbuild.24"},
		[]string{"", "1.11", "latest", "v1.19.2", "1.19.2-eksbuild.1"}},
	{"Semver", validate.Semver,
		[]string{"1.7.7", "1.14.0", "2.0.0-rc.1"},
		[]string{"", "latest", "1.7", "v1.7.7", "^1.7.0"}},
	{"PrincipalARN", validate.PrincipalARN,
		[]string{"arn:aws:iam::299329113195:root", "arn:aws:iam::123456789012:role/platform-admin", "arn:aws:iam::123456789012:user/ci/deployer", "arn:aws-us-gov:iam::123456789012:role/x"},
		[]string{"", "*", "299329113195", "arn:aws:iam::12345:role/admin", "arn:aws:iam::123456789012:group/admins", "arn:aws:sts::123456789012:assumed-role/deployer/ci", "arn:aws:iam::123456789012:role/"}},
	{"RoleARN", validate.RoleARN,
		[]string{"arn:aws:iam::123456789012:role/lbc", "arn:aws-cn:iam::123456789012:role/service-role/x"},
		[]string{"", "arn:aws:iam::123456789012:user/lbc", "arn:aws:iam::123456789012:role/", "lbc"}},
	{"KMSKeyARN", validate.KMSKeyARN,
		[]string{"arn:aws:kms:us-east-1:123456789012:key/0b9a2b1e-1111-2222-3333-444455556666", "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"},
		[]string{"", "alias/eks", "arn:aws:kms:us-east-1:123456789012:alias/logs", "arn:aws:kms:eu-west-1:123456789012:key/x", "arn:aws:kms:eu-west-1:123456789012:key/my_key", "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234", "arn:aws:kms:eu-west-1:123456789012:key/1234ABCD-12AB-34CD-56EF-1234567890AB"}},
	{"PolicyARN", validate.PolicyARN,
		[]string{"arn:aws:iam::123456789012:policy/boundary", "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", "arn:aws:iam::123456789012:policy/team/boundary"},
		[]string{"", "boundary", "arn:aws:iam::123456789012:role/x"}},
	{"ACMCertificateARN", validate.ACMCertificateARN,
		[]string{"arn:aws:acm:eu-west-1:111122223333:certificate/0f2a3b4c-1111-2222-3333-444455556666"},
		[]string{"", "arn:aws:iam::123456789012:server-certificate/x", "arn:aws:acm:eu-west-1:111122223333:certificate/x"}},
	{"BedrockModelARN", validate.BedrockModelARN,
		[]string{"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0", "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"},
		[]string{"", "*", "anthropic.claude", "arn:aws:bedrock:us-east-1::agent/x", "arn:aws:bedrock:us-east-1:12345:foundation-model/x"}},
	{"OIDCProviderARN", validate.OIDCProviderARN,
		[]string{"arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/37010CBCB755D8C9386E6ABB150CF758"},
		[]string{"", "arn:aws:iam::123456789012:role/x", "arn:aws:iam::123456789012:oidc-provider/"}},
	{"S3BucketARN", validate.S3BucketARN,
		[]string{"arn:aws:s3:::portkey-logs-2026", "arn:aws:s3:::a.b.c"},
		[]string{"", "portkey-logs", "arn:aws:s3:::portkey-logs/*", "arn:aws:s3:::Portkey"}},
	{"ElastiCacheReplicationGroupARN", validate.ElastiCacheReplicationGroupARN,
		[]string{"arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:cache-1a2b3c4"},
		[]string{"", "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:", "arn:aws:elasticache:eu-west-1:123456789012:user:cache-prod"}},
	{"ElastiCacheUserARN", validate.ElastiCacheUserARN,
		[]string{"arn:aws:elasticache:eu-west-1:123456789012:user:cache-prod-gateway"},
		[]string{"", "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:cache-1a2b3c4"}},
	{"RoleName", validate.RoleName,
		[]string{"portkey-gateway", "a", "x+=,.@_-", strings.Repeat("r", 64)},
		[]string{"", "has space", "a/b", strings.Repeat("r", 65)}},
	{"PolicyName", validate.PolicyName,
		[]string{"s3-access-policy", strings.Repeat("p", 128)},
		[]string{"", "a/b", strings.Repeat("p", 129)}},
	{"Namespace", validate.Namespace,
		[]string{"portkeyai", "1abc", "a", "kube-system", strings.Repeat("n", 63)},
		[]string{"", "Portkey_AI", "portkey.ai", "-a", "a-", strings.Repeat("n", 64)}},
	{"ServiceAccountName", validate.ServiceAccountName,
		[]string{"gateway-sa", "aws-load-balancer-controller", "1sa", "sa.v2", strings.Repeat("s", 253)},
		[]string{"", "Gateway", "LBC_sa", "a..b", "a.-b", ".a", strings.Repeat("s", 254)}},
	{"ReleaseName", validate.ReleaseName,
		[]string{"portkey-ai", "a", strings.Repeat("r", 53)},
		[]string{"", "Portkey_AI", "1abc", "a.b", "a-", strings.Repeat("r", 54)}},
	{"DNSName", validate.DNSName,
		[]string{"gateway.example.com", "pk-gw.eu.internal.example.org", "index.docker.io"},
		[]string{"", "gateway", "Gateway.Example.com", "*.example.com", "-gw.example.com", "gw.example.c0m", strings.Repeat("a.", 127) + "com"}},
	{"LabelKey", validate.LabelKey,
		[]string{"dedicated", "example.com/role", "app.kubernetes.io/name", "A_b.c-D"},
		[]string{"", "-a", "a/", "/a", "Example.com/a", "a/b/c", strings.Repeat("k", 64)}},
	{"LabelValue", validate.LabelValue,
		[]string{"", "gw", "A_b.c-D", strings.Repeat("v", 63)},
		[]string{"-a", "a b", "a/b", strings.Repeat("v", 64)}},
	{"BucketPrefix", validate.BucketPrefix,
		[]string{"portkey-logs", "abc", strings.Repeat("a", 37)},
		[]string{"", "pk", "Portkey_Logs", "portkey-logs-", strings.Repeat("a", 38), "portkey--logs", "xn--logs", "sthree-logs", "amzn-s3-demo-logs"}},
	{"CacheEngineVersion", validate.CacheEngineVersion,
		[]string{"8.0", "7.2", "6.x"},
		[]string{"", "8", "8.0.1", "v8.0"}},
	{"CacheNodeType", validate.CacheNodeType,
		[]string{"cache.t4g.medium", "cache.r7g.xlarge"},
		[]string{"", "t4g.medium", "cache.t4g"}},
	{"SnapshotWindow", validate.SnapshotWindow,
		[]string{"03:00-04:00", "23:30-00:30"},
		[]string{"", "3:00-4:00", "24:00-01:00", "sun:05:00-sun:06:00"}},
	{"MaintenanceWindow", validate.MaintenanceWindow,
		[]string{"sun:05:00-sun:06:00", "mon:23:00-tue:01:00"},
		[]string{"", "sunday 5am", "sun:05:00-06:00", "Sun:05:00-Sun:06:00"}},
	{"ImageRepository", validate.ImageRepository,
		[]string{"docker.io/portkeyai/gateway_enterprise", "registry:5000/team/app", "public.ecr.aws/x/y"},
		[]string{"", "gateway", "docker.io/Portkey/gateway", "docker.io/portkeyai/gateway:1.0"}},
	{"ImageTag", validate.ImageTag,
		[]string{"2.13.0", "latest", "v1_2-rc.3"},
		[]string{"", ".hidden", "-x", "a:b", strings.Repeat("t", 129)}},
	{"Quantity", validate.Quantity,
		[]string{"500m", "1", "1.5", "1Gi", "512Mi"},
		[]string{"", "1GB", "-1", "one", "1 Gi"}},
}

func TestRules(t *testing.T) {
	for _, r := range rules {
		t.Run(r.name, func(t *testing.T) {
			require.NotEmpty(t, r.accept)
			require.NotEmpty(t, r.refuse)
			for _, v := range r.accept {
				assert.NoError(t, r.check(v), "should accept %q", v)
			}
			for _, v := range r.refuse {
				err := r.check(v)
				if !assert.Error(t, err, "should refuse %q", v) {
					continue
				}
				var ve *validate.Error
				require.True(t, errors.As(err, &ve), "want *validate.Error, got %T", err)
				assert.Equal(t, v, ve.Value)
				assert.NotEmpty(t, ve.Problem, "says what is wrong")
				assert.NotEmpty(t, ve.Allowed, "says what is allowed")
				assert.Contains(t, err.Error(), fmt.Sprintf("%q", v))
			}
		})
	}
}

// TestErrorNamesNoCaller: a rule's error starts with the value, so that a caller's own
// name (a config key or a Go field) reads first.
func TestErrorNamesNoCaller(t *testing.T) {
	err := validate.Namespace("Portkey_AI")
	assert.Equal(t, `"Portkey_AI" is not a Kubernetes namespace name (want a DNS label: at most 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit)`, err.Error())
	assert.EqualError(t, fmt.Errorf("gateway.namespace: %w", err), "gateway.namespace: "+err.Error())
}

func TestBucketPrefixReservedForm(t *testing.T) {
	err := validate.BucketPrefix("xn--logs")
	var ve *validate.Error
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "uses a form S3 reserves", ve.Problem)
}
