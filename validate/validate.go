package validate

import (
	"fmt"
	"regexp"
	"strings"
)

// Error is what every rule of this package returns for a value it refuses.
type Error struct {
	// Value is the refused value, as given.
	Value string
	// Problem says what is wrong, as a predicate of the value: "is not an AWS region".
	Problem string
	// Allowed says what would be accepted: "an AWS region such as us-east-1".
	Allowed string
}

// Error renders the refusal on one line: the quoted value, the problem, what is allowed.
func (e *Error) Error() string {
	return fmt.Sprintf("%q %s (want %s)", e.Value, e.Problem, e.Allowed)
}

// Fragments shared by the patterns below.
const (
	// partition matches every AWS partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...
	partition = `aws(-[a-z]+)*`
	// region follows the AWS SDKs' partition metadata (endpoints.json "regionRegex", such as
	// ^(us|eu|ap|sa|ca|me|af)\-\w+\-\d+$ and ^us\-isob\-\w+\-\d+$): two letters, an optional
	// gov/iso* part, a direction and a number.
	region  = `[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+`
	account = `\d{12}`
	uuid    = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	// iamPathName is an IAM name with an optional path, from the IAM API reference:
	// letters, digits and +=,.@_- in names, / between path elements.
	iamPathName = `[\w+=,.@/-]+`
	// ec2ID is the hexadecimal part of an EC2 resource ID: 8 digits (the old format) or 17.
	ec2ID = `[0-9a-f]{8}([0-9a-f]{9})?`
	// dns1123Label is Kubernetes' DNS-1123 label (k8s.io/apimachinery/pkg/util/validation).
	dns1123Label = `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
	// dns1035Label is Kubernetes' DNS-1035 label: a DNS-1123 label that starts with a letter.
	dns1035Label = `[a-z]([-a-z0-9]*[a-z0-9])?`
	// labelName is the name part of a Kubernetes label key, and a non-empty label value.
	labelName = `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
)

// anchored compiles a whole-string pattern.
func anchored(p string) *regexp.Regexp { return regexp.MustCompile("^(" + p + ")$") }

var (
	reRegion        = anchored(region)
	reAZ            = anchored(region + `[a-z]`)
	reVpcID         = anchored(`vpc-` + ec2ID)
	reSubnetID      = anchored(`subnet-` + ec2ID)
	reSGID          = anchored(`sg-` + ec2ID)
	reEndpointSvc   = anchored(`com\.amazonaws\.vpce\.` + region + `\.vpce-svc-` + ec2ID)
	reClusterName   = anchored(`[0-9A-Za-z][A-Za-z0-9_-]{0,99}`)
	reKubeVersion   = anchored(`1\.\d{2}`)
	reNodeGroupName = anchored(`[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?`)
	reAddonVersion  = anchored(`v\d+\.\d+\.\d+-eksbuild\.\d+`)
	reSemver        = anchored(`\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?`)
	rePrincipalARN  = anchored(`arn:` + partition + `:iam::` + account + `:(root|role/` + iamPathName + `|user/` + iamPathName + `)`)
	reRoleARN       = anchored(`arn:` + partition + `:iam::` + account + `:role/` + iamPathName)
	reKMSKeyARN     = anchored(`arn:` + partition + `:kms:` + region + `:` + account + `:key/(` + uuid + `|mrk-[0-9a-f]{32})`)
	rePolicyARN     = anchored(`arn:` + partition + `:iam::(` + account + `|aws):policy/` + iamPathName)
	reACMARN        = anchored(`arn:` + partition + `:acm:` + region + `:` + account + `:certificate/` + uuid)
	reBedrockARN    = anchored(`arn:` + partition + `:bedrock:` + region + `:(` + account + `)?:(foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model)/[\w.:/-]+`)
	reOIDCARN       = anchored(`arn:` + partition + `:iam::` + account + `:oidc-provider/[^\s/]\S*`)
	reS3BucketARN   = anchored(`arn:` + partition + `:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]`)
	reReplGroupARN  = anchored(`arn:` + partition + `:elasticache:` + region + `:` + account + `:replicationgroup:[a-z][a-z0-9-]*`)
	reCacheUserARN  = anchored(`arn:` + partition + `:elasticache:` + region + `:` + account + `:user:[a-z][a-z0-9-]*`)
	reRoleName      = anchored(`[\w+=,.@-]{1,64}`)
	rePolicyName    = anchored(`[\w+=,.@-]{1,128}`)
	reDNS1123Label  = anchored(dns1123Label)
	reDNS1123Sub    = anchored(dns1123Label + `(\.` + dns1123Label + `)*`)
	reDNS1035Label  = anchored(dns1035Label)
	reDNSName       = anchored(`([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}`)
	reLabelName     = anchored(labelName)
	reBucketPrefix  = anchored(`[a-z0-9][a-z0-9-]*[a-z0-9]`)
	reEngineVersion = anchored(`\d+\.(\d+|x)`)
	reCacheNodeType = anchored(`cache\.[a-z0-9]+\.[a-z0-9]+`)
	reDailyWindow   = anchored(`([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d`)
	reWeeklyWindow  = anchored(`(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d`)
	reImageRepo     = anchored(`[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(/[a-z0-9]+([._-][a-z0-9]+)*)+`)
	reImageTag      = anchored(`[\w][\w.-]{0,127}`)
	reQuantity      = anchored(`\d+(\.\d+)?(m|k|M|G|Ki|Mi|Gi)?`)
)

// match returns nil when re matches s, else an *Error with problem and allowed.
func match(re *regexp.Regexp, s, problem, allowed string) error {
	if re.MatchString(s) {
		return nil
	}
	return &Error{Value: s, Problem: problem, Allowed: allowed}
}

// Region checks an AWS region name such as us-east-1, eu-west-1, us-gov-west-1 or
// us-isob-east-1 (the form of the AWS SDKs' partition metadata).
func Region(s string) error {
	return match(reRegion, s, "is not an AWS region", "an AWS region such as us-east-1")
}

// AvailabilityZone checks an availability zone name: a region followed by one letter,
// such as us-east-1a. (Local and Wavelength Zones are refused: the VPC's subnets are in
// standard zones.)
func AvailabilityZone(s string) error {
	return match(reAZ, s, "is not an availability zone name", "an AZ name such as us-east-1a")
}

// VpcID checks a VPC ID: vpc- and 8 or 17 hexadecimal digits.
func VpcID(s string) error {
	return match(reVpcID, s, "is not a VPC ID", "a VPC ID such as vpc-0123456789abcdef0")
}

// SubnetID checks a subnet ID: subnet- and 8 or 17 hexadecimal digits.
func SubnetID(s string) error {
	return match(reSubnetID, s, "is not a subnet ID", "a subnet ID such as subnet-0123456789abcdef0")
}

// SecurityGroupID checks a security group ID: sg- and 8 or 17 hexadecimal digits.
func SecurityGroupID(s string) error {
	return match(reSGID, s, "is not a security group ID", "a security group ID such as sg-0123456789abcdef0")
}

// EndpointServiceName checks a VPC endpoint service name of the form
// com.amazonaws.vpce.<region>.vpce-svc-<id>, where the ID is an EC2 resource ID (8 or 17
// hexadecimal digits). Names of AWS services (com.amazonaws.<region>.s3) are refused.
func EndpointServiceName(s string) error {
	return match(reEndpointSvc, s, "is not an endpoint service name",
		"com.amazonaws.vpce.<region>.vpce-svc-<id>, such as com.amazonaws.vpce.us-east-1.vpce-svc-0c2c1c323d9f56d95")
}

// ClusterName checks an EKS cluster name, as the EKS API's CreateCluster allows: 1 to 100
// letters, digits, hyphens and underscores, starting with a letter or digit.
func ClusterName(s string) error {
	return match(reClusterName, s, "is not a valid EKS cluster name",
		"1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit")
}

// KubernetesVersion checks the syntax of an EKS Kubernetes version: 1.<minor> with a
// two-digit minor, such as 1.35 (EKS's versions since 1.10). Whether EKS still supports
// the version is not checked here.
func KubernetesVersion(s string) error {
	return match(reKubeVersion, s, "is not a Kubernetes version", "a pinned Kubernetes version such as 1.35")
}

// NodeGroupName checks a managed node group name. EKS allows up to 63 characters of
// either case and underscores; this program is stricter, 1 to 32 lower-case letters,
// digits and hyphens, so the name also fits the resources named after it.
func NodeGroupName(s string) error {
	return match(reNodeGroupName, s, "is not a valid node group name",
		"1 to 32 lower-case letters, digits and hyphens, starting and ending with a letter or digit")
}

// AddonVersion checks an EKS add-on version such as v1.19.2-eksbuild.1.
func AddonVersion(s string) error {
	return match(reAddonVersion, s, "is not an EKS add-on version", "an add-on version such as v1.19.2-eksbuild.1")
}

// Semver checks a pinned version of the form major.minor.patch with an optional
// pre-release (1.7.7, 1.14.0-rc.1), as Helm chart versions are written; no range, no v.
func Semver(s string) error {
	return match(reSemver, s, "is not a pinned version", "a version such as 1.7.7")
}

// PrincipalARN checks an IAM principal ARN: an account root, a role or a user,
// arn:aws:iam::<account>:root, :role/<path/name> or :user/<path/name>.
func PrincipalARN(s string) error {
	return match(rePrincipalARN, s, "is not an IAM principal ARN",
		"an account root, role or user ARN such as arn:aws:iam::123456789012:role/platform-admin")
}

// RoleARN checks an IAM role ARN: arn:aws:iam::<account>:role/<path/name>.
func RoleARN(s string) error {
	return match(reRoleARN, s, "is not an IAM role ARN", "an IAM role ARN such as arn:aws:iam::123456789012:role/name")
}

// KMSKeyARN checks the ARN of a KMS key (not an alias):
// arn:aws:kms:<region>:<account>:key/<key-id>. Per the AWS KMS documentation ("Key
// identifiers"), a key ID is a UUID, or mrk- and 32 hexadecimal digits for a
// multi-Region key.
func KMSKeyARN(s string) error {
	return match(reKMSKeyARN, s, "is not a KMS key ARN",
		"a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<uuid>, or key/mrk-<32 hex> for a multi-Region key")
}

// PolicyARN checks an IAM managed policy ARN, the customer's or AWS's:
// arn:aws:iam::<account>:policy/<path/name> or arn:aws:iam::aws:policy/<path/name>.
func PolicyARN(s string) error {
	return match(rePolicyARN, s, "is not an IAM policy ARN", "an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary")
}

// ACMCertificateARN checks an ACM certificate ARN:
// arn:aws:acm:<region>:<account>:certificate/<uuid>.
func ACMCertificateARN(s string) error {
	return match(reACMARN, s, "is not an ACM certificate ARN",
		"an ACM certificate ARN such as arn:aws:acm:us-east-1:123456789012:certificate/<uuid>")
}

// BedrockModelARN checks the ARN of something bedrock:InvokeModel can name: a
// foundation model (no account), an inference profile, an application inference
// profile, a provisioned model or a custom model.
func BedrockModelARN(s string) error {
	return match(reBedrockARN, s, "is not a Bedrock model ARN",
		"a Bedrock model ARN such as arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0")
}

// OIDCProviderARN checks an IAM OIDC identity provider ARN:
// arn:aws:iam::<account>:oidc-provider/<issuer host and path>.
func OIDCProviderARN(s string) error {
	return match(reOIDCARN, s, "is not an IAM OIDC provider ARN", "arn:aws:iam::<account>:oidc-provider/<issuer>")
}

// S3BucketARN checks the ARN of an S3 bucket (not of its objects): arn:aws:s3:::<bucket>,
// the bucket name 3 to 63 lower-case letters, digits, dots and hyphens.
func S3BucketARN(s string) error {
	return match(reS3BucketARN, s, "is not an S3 bucket ARN", "arn:aws:s3:::<bucket>")
}

// ElastiCacheReplicationGroupARN checks an ElastiCache replication group ARN:
// arn:aws:elasticache:<region>:<account>:replicationgroup:<id>.
func ElastiCacheReplicationGroupARN(s string) error {
	return match(reReplGroupARN, s, "is not an ElastiCache replication group ARN",
		"arn:aws:elasticache:<region>:<account>:replicationgroup:<id>")
}

// ElastiCacheUserARN checks an ElastiCache user ARN:
// arn:aws:elasticache:<region>:<account>:user:<user-id>.
func ElastiCacheUserARN(s string) error {
	return match(reCacheUserARN, s, "is not an ElastiCache user ARN", "arn:aws:elasticache:<region>:<account>:user:<id>")
}

// RoleName checks an IAM role name: 1 to 64 letters, digits and +=,.@_- (IAM API
// reference, CreateRole).
func RoleName(s string) error {
	return match(reRoleName, s, "is not a valid IAM role name", "1 to 64 letters, digits and +=,.@_-")
}

// PolicyName checks an IAM inline policy name: 1 to 128 letters, digits and +=,.@_-
// (IAM API reference, PutRolePolicy).
func PolicyName(s string) error {
	return match(rePolicyName, s, "is not a valid IAM policy name", "1 to 128 letters, digits and +=,.@_-")
}

// Namespace checks a Kubernetes namespace name. Kubernetes validates namespace names as
// DNS-1123 labels (ValidateNamespaceName = NameIsDNSLabel in
// k8s.io/apimachinery/pkg/api/validation): at most 63 lower-case letters, digits and
// hyphens, starting and ending with a letter or digit. A leading digit is allowed
// ("1abc" is a valid namespace).
func Namespace(s string) error {
	if len(s) <= 63 && reDNS1123Label.MatchString(s) {
		return nil
	}
	return &Error{Value: s, Problem: "is not a Kubernetes namespace name",
		Allowed: "a DNS label: at most 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit"}
}

// ServiceAccountName checks a Kubernetes service account name. Kubernetes validates
// these as DNS-1123 subdomains (ValidateServiceAccountName = NameIsDNSSubdomain in
// k8s.io/apimachinery/pkg/api/validation): at most 253 characters of dot-separated
// DNS-1123 labels.
func ServiceAccountName(s string) error {
	if len(s) <= 253 && reDNS1123Sub.MatchString(s) {
		return nil
	}
	return &Error{Value: s, Problem: "is not a Kubernetes service account name",
		Allowed: "at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, such as gateway-sa"}
}

// ReleaseName checks a Helm release name for the gateway's chart. Helm allows 53
// characters; the chart names its Services after the release (<release>-gateway), and
// Kubernetes requires Service names to be DNS-1035 labels (they start with a letter), so
// a release name is a DNS-1035 label of at most 53 characters.
func ReleaseName(s string) error {
	if len(s) <= 53 && reDNS1035Label.MatchString(s) {
		return nil
	}
	return &Error{Value: s, Problem: "is not a valid Helm release name",
		Allowed: "a DNS label of at most 53 characters (Helm's limit): lower-case letters, digits and hyphens, starting with a letter"}
}

// DNSName checks a fully qualified, lower-case domain name such as gateway.example.com:
// dot-separated labels of at most 63 characters, a top-level domain of letters, at most
// 253 characters in all (RFC 1035). Wildcards are refused.
func DNSName(s string) error {
	if len(s) <= 253 && reDNSName.MatchString(s) {
		return nil
	}
	return &Error{Value: s, Problem: "is not a DNS name", Allowed: "a lower-case fully qualified domain name such as gateway.example.com"}
}

// LabelKey checks a Kubernetes label key (also the form of a taint key): an optional
// DNS-1123 subdomain prefix of at most 253 characters and a slash, then a name of 1 to 63
// letters, digits, '-', '_' and '.', starting and ending with a letter or digit
// (IsQualifiedName in k8s.io/apimachinery).
func LabelKey(s string) error {
	prefix, name, hasPrefix := strings.Cut(s, "/")
	if !hasPrefix {
		name = prefix
	}
	ok := len(name) <= 63 && reLabelName.MatchString(name)
	if hasPrefix {
		ok = ok && len(prefix) <= 253 && reDNS1123Sub.MatchString(prefix)
	}
	if ok {
		return nil
	}
	return &Error{Value: s, Problem: "is not a valid Kubernetes label key",
		Allowed: "an optional DNS subdomain prefix and '/', then 1 to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit"}
}

// LabelValue checks a Kubernetes label value (also the form of a taint value): empty, or
// 1 to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit
// (IsValidLabelValue in k8s.io/apimachinery).
func LabelValue(s string) error {
	if s == "" || (len(s) <= 63 && reLabelName.MatchString(s)) {
		return nil
	}
	return &Error{Value: s, Problem: "is not a valid Kubernetes label value",
		Allowed: "up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit"}
}

// BucketPrefixMaxLength is the longest bucket name prefix: S3 bucket names have at most
// 63 characters, and a unique 26-character suffix is appended to the prefix.
const BucketPrefixMaxLength = 37

// BucketPrefix checks an S3 bucket name prefix: 3 to BucketPrefixMaxLength lower-case
// letters, digits and hyphens, starting and ending with a letter or digit, and none of
// the forms the S3 bucket naming rules reserve ('--' anywhere, which also covers the
// reserved suffixes, and the prefixes xn--, sthree- and amzn-s3-demo-).
func BucketPrefix(s string) error {
	if len(s) < 3 || len(s) > BucketPrefixMaxLength || !reBucketPrefix.MatchString(s) {
		return &Error{Value: s, Problem: "is not a valid S3 bucket name prefix",
			Allowed: fmt.Sprintf("3 to %d lower-case letters, digits and hyphens, starting and ending with a letter or digit", BucketPrefixMaxLength)}
	}
	if strings.Contains(s, "--") || strings.HasPrefix(s, "xn--") || strings.HasPrefix(s, "sthree-") || strings.HasPrefix(s, "amzn-s3-demo-") {
		return &Error{Value: s, Problem: "uses a form S3 reserves", Allowed: "a prefix without '--', 'xn--', 'sthree-' or 'amzn-s3-demo-'"}
	}
	return nil
}

// CacheEngineVersion checks the syntax of an ElastiCache engine version:
// <major>.<minor> or <major>.x, such as 8.0 or 6.x.
func CacheEngineVersion(s string) error {
	return match(reEngineVersion, s, "is not an engine version", "<major>.<minor>, such as 8.0")
}

// CacheNodeType checks the syntax of an ElastiCache node type such as cache.t4g.medium.
func CacheNodeType(s string) error {
	return match(reCacheNodeType, s, "is not an ElastiCache node type", "an ElastiCache node type such as cache.t4g.medium")
}

// SnapshotWindow checks an ElastiCache daily snapshot window, hh:mm-hh:mm in UTC.
// (Its length and overlap with the maintenance window are not checked here.)
func SnapshotWindow(s string) error {
	return match(reDailyWindow, s, "is malformed", "hh:mm-hh:mm in UTC, such as 03:00-04:00")
}

// MaintenanceWindow checks an ElastiCache weekly maintenance window,
// ddd:hh:mm-ddd:hh:mm in UTC with ddd one of mon, tue, wed, thu, fri, sat, sun.
func MaintenanceWindow(s string) error {
	return match(reWeeklyWindow, s, "is malformed", "ddd:hh:mm-ddd:hh:mm in UTC, such as sun:05:00-sun:06:00")
}

// ImageRepository checks a container image repository with its registry host, such as
// docker.io/portkeyai/gateway_enterprise (no tag, no digest).
func ImageRepository(s string) error {
	return match(reImageRepo, s, "is not an image repository", "an image repository such as docker.io/portkeyai/gateway_enterprise")
}

// ImageTag checks a container image tag: 1 to 128 letters, digits, '_', '.' and '-',
// not starting with '.' or '-' (the OCI distribution spec's tag grammar).
func ImageTag(s string) error {
	return match(reImageTag, s, "is not an image tag", "a pinned image tag such as 2.13.0")
}

// Quantity checks a Kubernetes resource quantity in the forms this program takes: a
// decimal number with an optional suffix m, k, M, G, Ki, Mi or Gi, such as 500m, 1 or 1Gi.
func Quantity(s string) error {
	return match(reQuantity, s, "is not a resource quantity", "a Kubernetes quantity such as 500m, 1 or 1Gi")
}
