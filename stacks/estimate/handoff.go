package estimate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Connectivity modes, as the stack configuration spells them.
const (
	// InboundPrivateLink: the control plane reaches the gateway through an endpoint service.
	InboundPrivateLink = "privateLink"
	// InboundIPAllowlist: the control plane reaches a public load balancer from its IP.
	InboundIPAllowlist = "ipAllowlist"
	// OutboundPrivateLink: the gateway reaches the control plane through an interface endpoint.
	OutboundPrivateLink = "privateLink"
)

// Facts are what the handoff takes from the stack's configuration rather than its outputs.
type Facts struct {
	Stack string
	// Region is the stack's region (aws:region), used when the region output is missing.
	Region string
	// Inbound is inbound.mode: privateLink, ipAllowlist or none.
	Inbound string
	// Outbound is controlPlane.connectivity: privateLink or internet.
	Outbound string
	// PrivateDNSName is inbound.privateDnsName (may be empty).
	PrivateDNSName string
	// ListenerPort is the load balancer's listener port (exposure.port, resolved).
	ListenerPort int
}

// Handoff renders what the install guide says to send the Portkey team, for each
// connectivity mode the stack uses, from the stack's outputs (secrets masked) and facts
// from its configuration. A value the block needs but the outputs lack is shown as
// "(not available: output X missing)".
func Handoff(outputs map[string]any, f Facts) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Send the Portkey team (stack %s):\n", f.Stack)
	region := outStr(outputs, "region")
	if region == "" {
		region = f.Region
	}
	n := 0
	switch f.Inbound {
	case InboundPrivateLink:
		n++
		fmt.Fprintf(&b, "\nInbound connectivity, AWS PrivateLink (control plane to this gateway's endpoint service):\n")
		item(&b, "Service name", need(outputs, "endpointServiceName"))
		item(&b, "DNS names", need(outputs, "endpointServiceDnsNames"))
		// The deployed name (output endpointServicePrivateDnsName) wins over the configured one.
		privateDNS := outStr(outputs, "endpointServicePrivateDnsName")
		if privateDNS == "" {
			privateDNS = f.PrivateDNSName
		}
		if privateDNS == "" {
			item(&b, "Private DNS name", "(none: inbound.privateDnsName is not set)")
		} else {
			item(&b, "Private DNS name", privateDNS)
			item(&b, "  verification TXT record name", need(outputs, "privateDnsVerificationName"))
			item(&b, "  verification TXT record value", need(outputs, "privateDnsVerificationValue"))
		}
		item(&b, "Region", region)
		item(&b, "Port", need(outputs, "endpointServicePort"))
	case InboundIPAllowlist:
		n++
		fmt.Fprintf(&b, "\nInbound connectivity, IP allow-list (control plane to this gateway over the internet):\n")
		endpoint := need(outputs, "loadBalancerDnsName")
		if outStr(outputs, "loadBalancerDnsName") == "" {
			if host := urlHost(outStr(outputs, "gatewayUrl")); host != "" {
				endpoint = host + " (from output gatewayUrl; output loadBalancerDnsName missing)"
			}
		}
		item(&b, "Public endpoint", endpoint)
		port := ""
		if f.ListenerPort > 0 {
			port = strconv.Itoa(f.ListenerPort)
		} else {
			port = urlPort(outStr(outputs, "gatewayUrl"))
		}
		if port == "" {
			port = "(not available: exposure.port unknown and output gatewayUrl missing)"
		}
		item(&b, "Port", port)
	}
	if f.Outbound == OutboundPrivateLink {
		n++
		fmt.Fprintf(&b, "\nOutbound connectivity, AWS PrivateLink (this gateway to the control plane):\n")
		if id := outStr(outputs, "accountId"); id != "" {
			item(&b, "AWS account to whitelist", "arn:aws:iam::"+id+":root")
		} else {
			item(&b, "AWS account to whitelist", "(not available: output accountId missing)")
			for _, k := range []string{"gatewayRoleArn", "loadBalancerArn", "oidcProviderArn"} {
				if id := arnAccount(outStr(outputs, k)); id != "" {
					item(&b, "  derived from output "+k, "arn:aws:iam::"+id+":root")
					break
				}
			}
		}
		item(&b, "Region", region)
	}
	if n == 0 {
		b.WriteString("\nNothing: inbound.mode is none and the control plane is reached over the internet.\n")
	}
	return b.String()
}

func item(b *strings.Builder, name, value string) { fmt.Fprintf(b, "  %-32s %s\n", name+":", value) }

// need returns an output as text, or the "not available" marker.
func need(outputs map[string]any, key string) string {
	if s := outStr(outputs, key); s != "" {
		return s
	}
	return "(not available: output " + key + " missing)"
}

// outStr renders an output value as text: lists joined by ", ", numbers without a
// fraction when whole.
func outStr(outputs map[string]any, key string) string {
	switch v := outputs[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case []any:
		var ss []string
		for _, e := range v {
			ss = append(ss, fmt.Sprint(e))
		}
		return strings.Join(ss, ", ")
	case []string:
		return strings.Join(v, ", ")
	default:
		return fmt.Sprint(v)
	}
}

var arnRe = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):`)

func arnAccount(arn string) string {
	if m := arnRe.FindStringSubmatch(arn); m != nil {
		return m[1]
	}
	return ""
}

var urlRe = regexp.MustCompile(`^[a-z]+://([^/:]+)(?::(\d+))?`)

func urlHost(u string) string {
	if m := urlRe.FindStringSubmatch(u); m != nil {
		return m[1]
	}
	return ""
}

func urlPort(u string) string {
	if m := urlRe.FindStringSubmatch(u); m != nil {
		return m[2]
	}
	return ""
}
