package network

import (
	"fmt"
	"math/bits"
	"net/netip"
)

// MinSubnetPrefix is the smallest subnet AWS allows (a /28, 16 addresses).
const MinSubnetPrefix = 28

// SubnetCidrs splits a VPC CIDR into one private and one public subnet per availability
// zone, in AZ order.
//
// The private subnets (nodes and, through the VPC CNI, every pod) take the first half of
// the VPC: with n AZs each is 1/2^(ceil(log2 n)+1) of the VPC. The public subnets (load
// balancers and NAT gateways only) are half that size, at the start of the second half.
// What is left stays free for later subnets. For 10.0.0.0/16 and three AZs:
//
//	private 10.0.0.0/19, 10.0.32.0/19, 10.0.64.0/19
//	public  10.0.128.0/20, 10.0.144.0/20, 10.0.160.0/20
//
// It returns an error for a CIDR that is not an IPv4 network address, for azCount outside
// 1 to 16, and when the public subnets would be smaller than a /28.
func SubnetCidrs(vpcCidr string, azCount int) (public, private []string, err error) {
	p, err := netip.ParsePrefix(vpcCidr)
	if err != nil {
		return nil, nil, fmt.Errorf("VPC CIDR %q: %w", vpcCidr, err)
	}
	if !p.Addr().Is4() {
		return nil, nil, fmt.Errorf("VPC CIDR %q: only IPv4 is supported", vpcCidr)
	}
	if p.Masked() != p {
		return nil, nil, fmt.Errorf("VPC CIDR %q has host bits set; did you mean %s?", vpcCidr, p.Masked())
	}
	if azCount < 1 || azCount > 16 {
		return nil, nil, fmt.Errorf("availability zone count %d: want 1 to 16", azCount)
	}
	extra := bits.Len(uint(azCount - 1)) // ceil(log2(azCount))
	privateLen := p.Bits() + extra + 1
	publicLen := privateLen + 1
	if publicLen > MinSubnetPrefix {
		return nil, nil, fmt.Errorf("VPC CIDR %q is too small for %d availability zones: the public subnets would be /%d, smaller than the /%d AWS allows; use a larger VPC (such as a /16)", vpcCidr, azCount, publicLen, MinSubnetPrefix)
	}
	a4 := p.Addr().As4()
	base := uint32(a4[0])<<24 | uint32(a4[1])<<16 | uint32(a4[2])<<8 | uint32(a4[3])
	half := uint32(1) << (32 - p.Bits() - 1)
	for i := range azCount {
		private = append(private, prefixAt(base+uint32(i)<<(32-privateLen), privateLen))
		public = append(public, prefixAt(base+half+uint32(i)<<(32-publicLen), publicLen))
	}
	return public, private, nil
}

func prefixAt(addr uint32, length int) string {
	a := netip.AddrFrom4([4]byte{byte(addr >> 24), byte(addr >> 16), byte(addr >> 8), byte(addr)})
	return netip.PrefixFrom(a, length).String()
}
