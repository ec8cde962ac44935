package privatelink

import (
	"fmt"
	"slices"
	"strings"

	"github.com/portkey-eks/portkey-eks/validate"
)

// Portkey's published PrivateLink values.
const (
	// DefaultControlPlaneServiceName is Portkey's control-plane endpoint service.
	DefaultControlPlaneServiceName = "com.amazonaws.vpce.us-east-1.vpce-svc-0c2c1c323d9f56d95"
	// DefaultControlPlaneRegion is the region of Portkey's control-plane endpoint service.
	DefaultControlPlaneRegion = "us-east-1"
	// PortkeyControlPlanePrincipal is the principal Portkey's control plane connects from.
	PortkeyControlPlanePrincipal = "arn:aws:iam::299329113195:root"
	// HTTPSPort is the only port the control-plane endpoint admits.
	HTTPSPort = 443
)

// IsCrossRegion reports whether an endpoint created in region reaches a service in
// serviceRegion through cross-region PrivateLink: exactly when both are set and differ.
func IsCrossRegion(region, serviceRegion string) bool {
	r, s := strings.ToLower(strings.TrimSpace(region)), strings.ToLower(strings.TrimSpace(serviceRegion))
	return r != "" && s != "" && r != s
}

// ServiceNameRegion returns the region embedded in an endpoint service name of the form
// com.amazonaws.vpce.<region>.vpce-svc-<id>, and false for other names.
func ServiceNameRegion(serviceName string) (string, bool) {
	if validate.EndpointServiceName(serviceName) != nil {
		return "", false
	}
	region, _, _ := strings.Cut(strings.TrimPrefix(serviceName, "com.amazonaws.vpce."), ".")
	return region, true
}

// ValidRegion reports whether s looks like an AWS region name (such as eu-west-1).
func ValidRegion(s string) bool { return validate.Region(s) == nil }

// AllowedPrincipals returns the principals allowed to connect to the gateway's endpoint
// service: Portkey's control plane when none are given, else the given ones, de-duplicated
// and sorted. Each must be an IAM account root, role or user ARN; "*" (everyone) is
// refused because it would make the gateway reachable from any AWS account.
func AllowedPrincipals(principals []string) ([]string, error) {
	if len(principals) == 0 {
		return []string{PortkeyControlPlanePrincipal}, nil
	}
	var out []string
	for _, p := range principals {
		p = strings.TrimSpace(p)
		if p == "*" {
			return nil, fmt.Errorf(`allowed principal "*" would let every AWS account connect to the gateway; list the principals`)
		}
		if validate.PrincipalARN(p) != nil {
			return nil, fmt.Errorf("allowed principal %q is not an IAM ARN (arn:aws:iam::<account>:root, :role/<name> or :user/<name>)", p)
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ValidPrivateDNSName reports whether name can be an endpoint service's private DNS name:
// a lower-case, fully qualified domain name such as gateway.example.com.
func ValidPrivateDNSName(name string) bool {
	return validate.DNSName(name) == nil
}

// withName returns a copy of tags with a Name tag added (an explicit Name tag wins).
func withName(tags map[string]string, name string) map[string]string {
	out := map[string]string{"Name": name}
	for k, v := range tags {
		out[k] = v
	}
	return out
}
