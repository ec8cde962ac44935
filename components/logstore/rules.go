package logstore

import (
	"fmt"
	"strings"

	"github.com/portkey-eks/portkey-eks/iampolicy"
	"github.com/portkey-eks/portkey-eks/validate"
)

// Storage classes and defaults of the lifecycle rules.
const (
	StorageClassIA        = "STANDARD_IA"
	StorageClassGlacierIR = "GLACIER_IR"
	// MinIADays is the earliest S3 allows a transition to STANDARD_IA.
	MinIADays = 30
	// AbortMultipartDays is when incomplete multipart uploads are aborted.
	AbortMultipartDays = 7
	// MaxPrefixLength is the longest bucket prefix S3 (through Terraform's unique
	// 26-character suffix) accepts.
	MaxPrefixLength = validate.BucketPrefixMaxLength
	// TransitionMinimumObjectSize keeps S3's default: objects under 128 KB are never
	// transitioned. Log documents (~10 kB) therefore stay in STANDARD until they
	// expire, which is cheaper for them: STANDARD_IA and GLACIER_IR bill each object as
	// at least 128 KB, plus a request per transition.
	TransitionMinimumObjectSize = "all_storage_classes_128K"
)

// BucketPrefix checks a bucket name prefix and returns the prefix given to S3: the
// prefix followed by a hyphen when it fits, so that names read "portkey-logs-2026...".
// S3 then appends a unique 26-character suffix once, at creation; the name is kept in
// the stack's state and never changes on later runs.
func BucketPrefix(prefix string) (string, error) {
	if err := validate.BucketPrefix(prefix); err != nil {
		return "", fmt.Errorf("bucket prefix %w", err)
	}
	if len(prefix) < MaxPrefixLength {
		return prefix + "-", nil
	}
	return prefix, nil
}

// LifecycleSettings are the lifecycle choices of a log bucket, in days.
type LifecycleSettings struct {
	// RetentionDays is when log objects expire (required, at least 1).
	RetentionDays int
	// TransitionToIaDays moves objects to STANDARD_IA (0: never; else at least 30 and
	// before RetentionDays).
	TransitionToIaDays int
	// TransitionToGlacierDays moves objects to GLACIER_IR (0: never; else after
	// TransitionToIaDays and before RetentionDays).
	TransitionToGlacierDays int
	// Versioning adds the rules for noncurrent versions and delete markers.
	Versioning bool
	// NoncurrentVersionDays is when noncurrent versions expire (required with
	// Versioning).
	NoncurrentVersionDays int
}

// LifecycleRule is one S3 lifecycle rule over the whole bucket (empty filter).
type LifecycleRule struct {
	ID string
	// ExpirationDays expires current objects (0: no such action).
	ExpirationDays int
	// ExpiredObjectDeleteMarker removes delete markers left without versions.
	ExpiredObjectDeleteMarker bool
	Transitions               []Transition
	// NoncurrentDays expires noncurrent versions (0: no such action).
	NoncurrentDays int
	// AbortMultipartDays aborts incomplete multipart uploads (0: no such action).
	AbortMultipartDays int
}

// Transition moves objects to StorageClass after Days.
type Transition struct {
	Days         int
	StorageClass string
}

// LifecycleRules returns the bucket's lifecycle rules: expire logs after the retention
// (with the optional transitions before), abort incomplete multipart uploads, and with
// versioning expire noncurrent versions and orphaned delete markers.
func LifecycleRules(s LifecycleSettings) ([]LifecycleRule, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	logs := LifecycleRule{ID: "expire-logs", ExpirationDays: s.RetentionDays}
	if s.TransitionToIaDays > 0 {
		logs.Transitions = append(logs.Transitions, Transition{Days: s.TransitionToIaDays, StorageClass: StorageClassIA})
	}
	if s.TransitionToGlacierDays > 0 {
		logs.Transitions = append(logs.Transitions, Transition{Days: s.TransitionToGlacierDays, StorageClass: StorageClassGlacierIR})
	}
	rules := []LifecycleRule{
		logs,
		{ID: "abort-incomplete-multipart-uploads", AbortMultipartDays: AbortMultipartDays},
	}
	if s.Versioning {
		rules = append(rules,
			LifecycleRule{ID: "expire-noncurrent-versions", NoncurrentDays: s.NoncurrentVersionDays},
			LifecycleRule{ID: "remove-expired-delete-markers", ExpiredObjectDeleteMarker: true},
		)
	}
	return rules, nil
}

func (s LifecycleSettings) validate() error {
	r, ia, gl := s.RetentionDays, s.TransitionToIaDays, s.TransitionToGlacierDays
	switch {
	case r < 1:
		return fmt.Errorf("retention of %d days: want at least 1", r)
	case ia < 0 || (ia > 0 && (ia < MinIADays || ia >= r)):
		return fmt.Errorf("transition to %s after %d days: want 0 (never), or %d days or more and before the %d-day retention", StorageClassIA, ia, MinIADays, r)
	case gl < 0 || (gl > 0 && (gl <= ia || gl >= r)):
		return fmt.Errorf("transition to %s after %d days: want 0 (never), or after the %s transition (%d) and before the %d-day retention", StorageClassGlacierIR, gl, StorageClassIA, ia, r)
	case s.Versioning && s.NoncurrentVersionDays < 1:
		return fmt.Errorf("noncurrent versions expire after %d days: want at least 1 with versioning", s.NoncurrentVersionDays)
	}
	return nil
}

// TLSOnlyBucketPolicy returns the bucket policy that denies every request made without
// TLS (aws:SecureTransport false) or with TLS older than 1.2, on the bucket and its
// objects. It only denies, so it grants nothing to anyone; the deny covers every S3
// action (s3:*) because a transport rule must hold for all of them. It is the policy AWS
// Security Hub control S3.5 asks for.
func TLSOnlyBucketPolicy(bucketArn string) (string, error) {
	if !strings.HasPrefix(bucketArn, "arn:") || !strings.Contains(bucketArn, ":s3:::") || strings.Contains(bucketArn, "/") {
		return "", fmt.Errorf("bucket ARN %q: want arn:aws:s3:::<bucket>", bucketArn)
	}
	deny := func(sid, operator, key, value string) iampolicy.Statement {
		return iampolicy.Statement{
			Sid: sid, Effect: iampolicy.Deny, Principal: iampolicy.AnyPrincipal(), Action: iampolicy.One("s3:*"),
			Resource:  iampolicy.List(bucketArn, bucketArn+"/*"),
			Condition: map[string]map[string]iampolicy.Strings{operator: {key: iampolicy.One(value)}},
		}
	}
	return iampolicy.New(
		deny("DenyInsecureTransport", "Bool", "aws:SecureTransport", "false"),
		deny("DenyOutdatedTLS", "NumericLessThan", "s3:TlsVersion", "1.2"),
	).IndentedJSON()
}
