package network

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubnetCidrs(t *testing.T) {
	tests := []struct {
		name            string
		cidr            string
		azs             int
		public, private []string
		err             string
	}{
		{
			name:    "prod /16 over three AZs",
			cidr:    "10.0.0.0/16",
			azs:     3,
			private: []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"},
			public:  []string{"10.0.128.0/20", "10.0.144.0/20", "10.0.160.0/20"},
		},
		{
			name:    "dev /16 over two AZs",
			cidr:    "10.1.0.0/16",
			azs:     2,
			private: []string{"10.1.0.0/18", "10.1.64.0/18"},
			public:  []string{"10.1.128.0/19", "10.1.160.0/19"},
		},
		{
			name:    "four AZs use the same sizes as three",
			cidr:    "172.16.0.0/16",
			azs:     4,
			private: []string{"172.16.0.0/19", "172.16.32.0/19", "172.16.64.0/19", "172.16.96.0/19"},
			public:  []string{"172.16.128.0/20", "172.16.144.0/20", "172.16.160.0/20", "172.16.176.0/20"},
		},
		{
			name:    "six AZs in a /20",
			cidr:    "192.168.16.0/20",
			azs:     6,
			private: []string{"192.168.16.0/24", "192.168.17.0/24", "192.168.18.0/24", "192.168.19.0/24", "192.168.20.0/24", "192.168.21.0/24"},
			public:  []string{"192.168.24.0/25", "192.168.24.128/25", "192.168.25.0/25", "192.168.25.128/25", "192.168.26.0/25", "192.168.26.128/25"},
		},
		{
			name:    "smallest VPC, two AZs",
			cidr:    "10.9.8.0/24",
			azs:     2,
			private: []string{"10.9.8.0/26", "10.9.8.64/26"},
			public:  []string{"10.9.8.128/27", "10.9.8.160/27"},
		},
		{name: "a /24 cannot hold six AZs", cidr: "10.9.8.0/24", azs: 6, err: "smaller than the /28"},
		{name: "host bits set", cidr: "10.0.1.0/16", azs: 2, err: "did you mean 10.0.0.0/16"},
		{name: "IPv6", cidr: "2001:db8::/56", azs: 2, err: "only IPv4"},
		{name: "not a CIDR", cidr: "10.0.0.0", azs: 2, err: "VPC CIDR"},
		{name: "no AZ", cidr: "10.0.0.0/16", azs: 0, err: "want 1 to 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			public, private, err := SubnetCidrs(tt.cidr, tt.azs)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.private, private)
			assert.Equal(t, tt.public, public)
		})
	}
}

// TestSubnetCidrsDisjoint checks every valid VPC size and AZ count: the subnets lie in
// the VPC, never overlap, and each private subnet is twice the size of a public one.
func TestSubnetCidrsDisjoint(t *testing.T) {
	for bits := 16; bits <= 24; bits++ {
		for azs := 1; azs <= 6; azs++ {
			vpc := netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), bits)
			public, private, err := SubnetCidrs(vpc.String(), azs)
			if err != nil {
				assert.Contains(t, err.Error(), "too small", "%s with %d AZs", vpc, azs)
				continue
			}
			require.Len(t, public, azs)
			require.Len(t, private, azs)
			var all []netip.Prefix
			for i := range azs {
				pub, priv := netip.MustParsePrefix(public[i]), netip.MustParsePrefix(private[i])
				assert.Equal(t, priv.Bits()+1, pub.Bits(), "%s: public subnets are half a private one", vpc)
				assert.LessOrEqual(t, pub.Bits(), MinSubnetPrefix)
				all = append(all, pub, priv)
			}
			for i, a := range all {
				assert.True(t, vpc.Contains(a.Addr()) && a.Bits() >= vpc.Bits(), "%s outside %s", a, vpc)
				for _, b := range all[i+1:] {
					assert.False(t, a.Overlaps(b), "%s overlaps %s in %s", a, b, vpc)
				}
			}
		}
	}
}
