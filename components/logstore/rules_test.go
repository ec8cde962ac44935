package logstore

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBucketPrefix(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "portkey-logs", want: "portkey-logs-"},
		{in: strings.Repeat("a", 36), want: strings.Repeat("a", 36) + "-"},
		{in: strings.Repeat("a", 37), want: strings.Repeat("a", 37)},
		{in: strings.Repeat("a", 38), wantErr: "3 to 37"},
		{in: "pk", wantErr: "3 to 37"},
		{in: "Portkey-Logs", wantErr: "lower-case"},
		{in: "portkey-logs-", wantErr: "ending with a letter or digit"},
		{in: "portkey--logs", wantErr: "reserves"},
		{in: "xn--logs", wantErr: "reserves"},
		{in: "sthree-logs", wantErr: "reserves"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := BucketPrefix(tt.in)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.LessOrEqual(t, len(got), MaxPrefixLength, "S3's unique suffix must still fit in 63")
		})
	}
}

func TestLifecycleRules(t *testing.T) {
	abort := LifecycleRule{ID: "abort-incomplete-multipart-uploads", AbortMultipartDays: 7}
	tests := []struct {
		name    string
		in      LifecycleSettings
		want    []LifecycleRule
		wantErr string
	}{
		{
			name: "prod defaults",
			in:   LifecycleSettings{RetentionDays: 90, TransitionToIaDays: 30, Versioning: true, NoncurrentVersionDays: 30},
			want: []LifecycleRule{
				{ID: "expire-logs", ExpirationDays: 90, Transitions: []Transition{{Days: 30, StorageClass: "STANDARD_IA"}}},
				abort,
				{ID: "expire-noncurrent-versions", NoncurrentDays: 30},
				{ID: "remove-expired-delete-markers", ExpiredObjectDeleteMarker: true},
			},
		},
		{
			name: "both transitions",
			in:   LifecycleSettings{RetentionDays: 365, TransitionToIaDays: 30, TransitionToGlacierDays: 90},
			want: []LifecycleRule{
				{ID: "expire-logs", ExpirationDays: 365, Transitions: []Transition{{30, "STANDARD_IA"}, {90, "GLACIER_IR"}}},
				abort,
			},
		},
		{
			name: "glacier only",
			in:   LifecycleSettings{RetentionDays: 30, TransitionToGlacierDays: 7},
			want: []LifecycleRule{{ID: "expire-logs", ExpirationDays: 30, Transitions: []Transition{{7, "GLACIER_IR"}}}, abort},
		},
		{
			name: "dev: expire only",
			in:   LifecycleSettings{RetentionDays: 7},
			want: []LifecycleRule{{ID: "expire-logs", ExpirationDays: 7}, abort},
		},
		{name: "no retention", in: LifecycleSettings{}, wantErr: "retention of 0 days"},
		{name: "IA too early", in: LifecycleSettings{RetentionDays: 90, TransitionToIaDays: 10}, wantErr: "STANDARD_IA after 10 days"},
		{name: "IA after expiry", in: LifecycleSettings{RetentionDays: 30, TransitionToIaDays: 30}, wantErr: "STANDARD_IA after 30 days"},
		{name: "glacier before IA", in: LifecycleSettings{RetentionDays: 365, TransitionToIaDays: 60, TransitionToGlacierDays: 60}, wantErr: "GLACIER_IR after 60 days"},
		{name: "glacier after expiry", in: LifecycleSettings{RetentionDays: 90, TransitionToGlacierDays: 90}, wantErr: "GLACIER_IR after 90 days"},
		{name: "versioning without noncurrent days", in: LifecycleSettings{RetentionDays: 90, Versioning: true}, wantErr: "noncurrent versions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LifecycleRules(tt.in)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTLSOnlyBucketPolicy(t *testing.T) {
	arn := "arn:aws:s3:::portkey-logs-20260101000000000000000001"
	s, err := TLSOnlyBucketPolicy(arn)
	require.NoError(t, err)
	var doc struct {
		Statement []struct {
			Effect    string
			Principal any
			Action    string
			Resource  []string
			Condition map[string]map[string]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(s), &doc))
	require.Len(t, doc.Statement, 2)
	for _, st := range doc.Statement {
		assert.Equal(t, "Deny", st.Effect, "the bucket policy grants nothing")
		assert.Equal(t, "*", st.Principal)
		assert.Equal(t, []string{arn, arn + "/*"}, st.Resource)
	}
	assert.Equal(t, map[string]map[string]string{"Bool": {"aws:SecureTransport": "false"}}, doc.Statement[0].Condition)
	assert.Equal(t, map[string]map[string]string{"NumericLessThan": {"s3:TlsVersion": "1.2"}}, doc.Statement[1].Condition)

	for _, bad := range []string{"portkey-logs", arn + "/*", "arn:aws:kms:eu-west-1:123456789012:key/x"} {
		_, err := TLSOnlyBucketPolicy(bad)
		assert.ErrorContains(t, err, "bucket ARN", bad)
	}
}
