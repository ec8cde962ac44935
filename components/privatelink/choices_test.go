package privatelink

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsCrossRegion(t *testing.T) {
	for _, tc := range []struct {
		region, service string
		want            bool
	}{
		{"us-east-1", "us-east-1", false},
		{"eu-west-1", "us-east-1", true},
		{"ap-southeast-2", "us-east-1", true},
		{"US-EAST-1", "us-east-1", false},
		{"", "us-east-1", false},
		{"eu-west-1", "", false},
	} {
		assert.Equal(t, tc.want, IsCrossRegion(tc.region, tc.service), "%q -> %q", tc.region, tc.service)
	}
}

func TestServiceNameRegion(t *testing.T) {
	r, ok := ServiceNameRegion(DefaultControlPlaneServiceName)
	assert.True(t, ok)
	assert.Equal(t, "us-east-1", r)
	r, ok = ServiceNameRegion("com.amazonaws.vpce.eu-central-1.vpce-svc-0123abcd")
	assert.True(t, ok)
	assert.Equal(t, "eu-central-1", r)
	_, ok = ServiceNameRegion("com.amazonaws.us-east-1.s3")
	assert.False(t, ok)
}

func TestValidRegion(t *testing.T) {
	for _, ok := range []string{"us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"} {
		assert.True(t, ValidRegion(ok), ok)
	}
	for _, bad := range []string{"", "us-east", "useast1", "US-EAST-1", "us-east-1a"} {
		assert.False(t, ValidRegion(bad), bad)
	}
}

func TestAllowedPrincipals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      []string
		want    []string
		wantErr string
	}{
		{"default is Portkey's control plane", nil, []string{"arn:aws:iam::299329113195:root"}, ""},
		{"given ones, sorted and de-duplicated",
			[]string{"arn:aws:iam::222222222222:role/ops", "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:role/ops"},
			[]string{"arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:role/ops"}, ""},
		{"everyone refused", []string{"*"}, nil, "every AWS account"},
		{"account ID alone refused", []string{"299329113195"}, nil, "not an IAM ARN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AllowedPrincipals(tc.in)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestValidPrivateDNSName(t *testing.T) {
	assert.True(t, ValidPrivateDNSName("gateway.example.com"))
	assert.True(t, ValidPrivateDNSName("pk-gw.eu.internal.example.org"))
	assert.False(t, ValidPrivateDNSName("gateway"))
	assert.False(t, ValidPrivateDNSName("Gateway.Example.com"))
	assert.False(t, ValidPrivateDNSName("*.example.com"))
	assert.False(t, ValidPrivateDNSName("-gw.example.com"))
}
