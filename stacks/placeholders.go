package stacks

import (
	"net/netip"
	"reflect"
	"regexp"
	"strings"
)

// Documentation values: the address ranges RFC 5737 sets aside for examples, the nil UUID
// and the account IDs that AWS documentation uses. A stack file may carry them as
// placeholders (synth runs with a warning), but preview and up refuse them: deployed, they
// admit nobody, sync no organisation, or name an account that is not yours.
var (
	documentationRanges = []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"),    // TEST-NET-1
		netip.MustParsePrefix("198.51.100.0/24"), // TEST-NET-2
		netip.MustParsePrefix("203.0.113.0/24"),  // TEST-NET-3
	}
	nilUUID             = "00000000-0000-0000-0000-000000000000"
	reExampleAccountArn = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(123456789012|000000000000):`)
)

// IsDocumentationCIDR reports whether cidr overlaps a range RFC 5737 reserves for
// documentation (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24).
func IsDocumentationCIDR(cidr string) bool {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return false
	}
	for _, d := range documentationRanges {
		if p.Overlaps(d) {
			return true
		}
	}
	return false
}

// Placeholders returns a problem for every documentation value left in c: a CIDR in an
// RFC 5737 range, the nil UUID as the organisation ID, or an ARN in AWS's example account
// (123456789012). They are what the committed stack files ship for you to replace; Validate
// reports them when the stack is deployed (c.Secrets.Required), synth only warns.
func Placeholders(c Config) Problems {
	var p problems
	walkStrings("", reflect.ValueOf(c), "", func(key, _, s string) {
		switch {
		case strings.Contains(s, "/") && IsDocumentationCIDR(s):
			p.add(key, s, "your own network's CIDR (a VPN, a peered network, a CI runner's egress address)", "is in a documentation range (RFC 5737) that the stack file ships as a placeholder: replace it")
		case reExampleAccountArn.MatchString(s):
			p.add(key, s, "an ARN in your own account", "is in AWS's documentation example account: replace it")
		}
	})
	if c.Gateway.OrganisationID == nilUUID {
		p.add("gateway.organisationId", c.Gateway.OrganisationID, "your Portkey organisation ID, from https://app.portkey.ai/organisation/<id>/", "is the nil UUID the stack file ships as a placeholder: set yours with `pulumi config set --path gateway.organisationId <id>`")
	}
	return p.list
}
