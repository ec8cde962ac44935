package estimate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHandoff(t *testing.T) {
	prodOutputs := map[string]any{
		"region":                  "us-west-2",
		"endpointServiceName":     "com.amazonaws.vpce.us-west-2.vpce-svc-ed0710507f7a397cd",
		"endpointServiceDnsNames": []any{"vpce-svc-ed0710507f7a397cd.us-west-2.vpce.amazonaws.com"},
		"endpointServicePort":     8787.0,
		"gatewayRoleArn":          "arn:aws:iam::123456789012:role/portkey-prod-portkey-gateway",
		"kubeconfig":              "[secret]",
	}
	with := func(base map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(out, kv[i].(string))
			} else {
				out[kv[i].(string)] = kv[i+1]
			}
		}
		return out
	}
	cases := []struct {
		name    string
		outputs map[string]any
		facts   Facts
		want    []string
		notWant []string
	}{
		{
			name:    "inbound PrivateLink without a private DNS name",
			outputs: prodOutputs,
			facts:   Facts{Stack: "prod", Region: "us-west-2", Inbound: "privateLink", Outbound: "internet"},
			want: []string{
				"Send the Portkey team (stack prod):",
				"Inbound connectivity, AWS PrivateLink",
				"  Service name:                    com.amazonaws.vpce.us-west-2.vpce-svc-ed0710507f7a397cd\n",
				"  DNS names:                       vpce-svc-ed0710507f7a397cd.us-west-2.vpce.amazonaws.com\n",
				"  Private DNS name:                (none: inbound.privateDnsName is not set)\n",
				"  Region:                          us-west-2\n",
				"  Port:                            8787\n",
			},
			notWant: []string{"Outbound", "IP allow-list", "[secret]", "verification"},
		},
		{
			name: "inbound PrivateLink with a private DNS name and its verification record",
			outputs: with(prodOutputs, "privateDnsVerificationName", "_pl-verify.gateway.example.com",
				"privateDnsVerificationValue", "vpce:abc123"),
			facts: Facts{Stack: "prod", Inbound: "privateLink", PrivateDNSName: "gateway.example.com"},
			want: []string{
				"  Private DNS name:                gateway.example.com\n",
				"    verification TXT record name:  _pl-verify.gateway.example.com\n",
				"    verification TXT record value: vpce:abc123\n",
			},
		},
		{
			name: "inbound PrivateLink: the deployed private DNS name wins over the configured one",
			outputs: with(prodOutputs, "endpointServicePrivateDnsName", "gw.deployed.example.com",
				"privateDnsVerificationName", "_v.gw.deployed.example.com", "privateDnsVerificationValue", "vpce:x"),
			facts:   Facts{Stack: "prod", Inbound: "privateLink", PrivateDNSName: "gw.configured.example.com"},
			want:    []string{"  Private DNS name:                gw.deployed.example.com\n"},
			notWant: []string{"gw.configured.example.com"},
		},
		{
			name:    "inbound PrivateLink outputs missing today",
			outputs: with(prodOutputs, "endpointServiceDnsNames", nil, "region", nil),
			facts:   Facts{Stack: "prod", Region: "us-west-2", Inbound: "privateLink", PrivateDNSName: "gateway.example.com"},
			want: []string{
				"  DNS names:                       (not available: output endpointServiceDnsNames missing)\n",
				"    verification TXT record name:  (not available: output privateDnsVerificationName missing)\n",
				"  Region:                          us-west-2\n",
			},
		},
		{
			name:    "IP allow-list: the public NLB and its port",
			outputs: map[string]any{"loadBalancerDnsName": "gateway-nlb-2aabe693b84c3a1c.elb.us-west-2.amazonaws.com", "gatewayUrl": "https://gateway-nlb-2aabe693b84c3a1c.elb.us-west-2.amazonaws.com:443"},
			facts:   Facts{Stack: "prod", Inbound: "ipAllowlist", Outbound: "internet", ListenerPort: 443},
			want: []string{
				"Inbound connectivity, IP allow-list",
				"  Public endpoint:                 gateway-nlb-2aabe693b84c3a1c.elb.us-west-2.amazonaws.com\n",
				"  Port:                            443\n",
			},
			notWant: []string{"PrivateLink"},
		},
		{
			name:    "IP allow-list behind an ALB: the endpoint from the gateway URL",
			outputs: map[string]any{"gatewayUrl": "https://gateway.example.com:443"},
			facts:   Facts{Stack: "prod", Inbound: "ipAllowlist"},
			want: []string{
				"  Public endpoint:                 gateway.example.com (from output gatewayUrl; output loadBalancerDnsName missing)\n",
				"  Port:                            443\n",
			},
		},
		{
			name:    "outbound PrivateLink: the account to whitelist",
			outputs: map[string]any{"accountId": "123456789012", "region": "us-west-2"},
			facts:   Facts{Stack: "prod", Inbound: "none", Outbound: "privateLink"},
			want: []string{
				"Outbound connectivity, AWS PrivateLink",
				"  AWS account to whitelist:        arn:aws:iam::123456789012:root\n",
			},
			notWant: []string{"Inbound", "derived"},
		},
		{
			name:    "outbound PrivateLink without an accountId output",
			outputs: prodOutputs,
			facts:   Facts{Stack: "prod", Inbound: "none", Outbound: "privateLink"},
			want: []string{
				"  AWS account to whitelist:        (not available: output accountId missing)\n",
				"    derived from output gatewayRoleArn: arn:aws:iam::123456789012:root\n",
			},
		},
		{
			name:    "both ways over PrivateLink (prod)",
			outputs: prodOutputs,
			facts:   Facts{Stack: "prod", Inbound: "privateLink", Outbound: "privateLink"},
			want:    []string{"Inbound connectivity, AWS PrivateLink", "Outbound connectivity, AWS PrivateLink"},
		},
		{
			name:    "nothing to send (dev)",
			outputs: map[string]any{"loadBalancerDnsName": "internal-x.elb.us-east-1.amazonaws.com"},
			facts:   Facts{Stack: "dev", Inbound: "none", Outbound: "internet"},
			want:    []string{"Nothing: inbound.mode is none and the control plane is reached over the internet."},
			notWant: []string{"internal-x"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Handoff(tc.outputs, tc.facts)
			for _, w := range tc.want {
				assert.Contains(t, got, w)
			}
			for _, nw := range tc.notWant {
				assert.NotContains(t, got, nw)
			}
		})
	}
}
