package loadbalancer

import (
	"fmt"
	"maps"
	"net"
	"slices"
	"strings"

	"github.com/portkey-eks/portkey-eks/vocab"
)

// Fixed choices of the gateway's load balancer.
const (
	// ProtocolTCP and ProtocolTLS are the two listener protocols.
	ProtocolTCP = "TCP"
	ProtocolTLS = "TLS"
	// DefaultTLSPort and DefaultTCPPort are the listener ports used when none is given.
	DefaultTLSPort = 443
	DefaultTCPPort = vocab.GatewayPort
)

// ListenerProtocol returns the listener protocol: TLS when a certificate ARN is given
// (the load balancer terminates TLS), TCP otherwise.
func ListenerProtocol(certificateArn string) string {
	if strings.TrimSpace(certificateArn) != "" {
		return ProtocolTLS
	}
	return ProtocolTCP
}

// ListenerPort returns the listener port: port when set, else 443 with a certificate and
// 8787 without (the port the guide's examples use).
func ListenerPort(port int, certificateArn string) int {
	if port != 0 {
		return port
	}
	if ListenerProtocol(certificateArn) == ProtocolTLS {
		return DefaultTLSPort
	}
	return DefaultTCPPort
}

// IngressCidrs validates the client CIDRs admitted on the listener and returns them
// de-duplicated and sorted. Each must be an IPv4 CIDR with no host bits set ("10.1.2.3/16"
// is refused rather than silently widened). An empty result means "admit the VPC CIDR
// only"; 0.0.0.0/0 is returned only when it is in the list.
func IngressCidrs(allowed []string) ([]string, error) {
	seen := map[string]bool{}
	for _, c := range allowed {
		c = strings.TrimSpace(c)
		ip, n, err := net.ParseCIDR(c)
		if err != nil {
			return nil, fmt.Errorf("allowed CIDR %q is not a CIDR (such as 10.0.0.0/16 or 203.0.113.7/32)", c)
		}
		if ip.To4() == nil {
			return nil, fmt.Errorf("allowed CIDR %q is not IPv4: the load balancer is IPv4 only", c)
		}
		if !ip.Equal(n.IP) {
			return nil, fmt.Errorf("allowed CIDR %q has host bits set; did you mean %s?", c, n.String())
		}
		seen[n.String()] = true
	}
	out := slices.Sorted(maps.Keys(seen))
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// OpensToInternet reports whether a list of CIDRs admits every IPv4 address.
func OpensToInternet(cidrs []string) bool {
	return slices.Contains(cidrs, "0.0.0.0/0")
}

// cidrSlug turns a CIDR into a piece of a resource name ("10.0.0.0/16" -> "10-0-0-0-16"),
// so each rule keeps its name when others are added or removed.
func cidrSlug(cidr string) string {
	return strings.NewReplacer(".", "-", "/", "-").Replace(cidr)
}

// withName returns a copy of tags with a Name tag added (an explicit Name tag wins).
func withName(tags map[string]string, name string) map[string]string {
	out := map[string]string{"Name": name}
	maps.Copy(out, tags)
	return out
}

// validPort reports whether p is a TCP port number.
func validPort(p int) bool { return p >= 1 && p <= 65535 }
