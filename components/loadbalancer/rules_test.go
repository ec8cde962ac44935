package loadbalancer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListenerProtocolAndPort(t *testing.T) {
	cert := "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
	for _, tc := range []struct {
		name     string
		port     int
		cert     string
		protocol string
		want     int
	}{
		{"no certificate: TCP on the gateway port", 0, "", ProtocolTCP, 8787},
		{"certificate: TLS on 443", 0, cert, ProtocolTLS, 443},
		{"explicit port with certificate", 8443, cert, ProtocolTLS, 8443},
		{"explicit port without certificate", 80, "", ProtocolTCP, 80},
		{"blank certificate is no certificate", 0, "  ", ProtocolTCP, 8787},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.protocol, ListenerProtocol(tc.cert))
			assert.Equal(t, tc.want, ListenerPort(tc.port, tc.cert))
		})
	}
}

func TestIngressCidrs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      []string
		want    []string
		wantErr string
	}{
		{"empty means VPC only", nil, []string{}, ""},
		{"sorted and de-duplicated", []string{"54.81.226.149/32", "10.0.0.0/16", " 54.81.226.149/32 "}, []string{"10.0.0.0/16", "54.81.226.149/32"}, ""},
		{"the internet only when listed", []string{"0.0.0.0/0"}, []string{"0.0.0.0/0"}, ""},
		{"not a CIDR", []string{"54.81.226.149"}, nil, "is not a CIDR"},
		{"IPv6 refused", []string{"2001:db8::/32"}, nil, "not IPv4"},
		{"host bits refused", []string{"10.1.2.3/16"}, nil, "did you mean 10.1.0.0/16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := IngressCidrs(tc.in)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestOpensToInternet(t *testing.T) {
	assert.False(t, OpensToInternet([]string{"54.81.226.149/32", "34.200.113.35/32", "44.221.117.129/32"}))
	assert.True(t, OpensToInternet([]string{"10.0.0.0/8", "0.0.0.0/0"}))
}

func TestNamesAndTags(t *testing.T) {
	assert.Equal(t, "54-81-226-149-32", cidrSlug("54.81.226.149/32"))
	assert.Equal(t, map[string]string{"Name": "gw-sg", "team": "ai"}, withName(map[string]string{"team": "ai"}, "gw-sg"))
	assert.Equal(t, "mine", withName(map[string]string{"Name": "mine"}, "gw-sg")["Name"], "an explicit Name tag wins")
}
