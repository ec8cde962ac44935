package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/estimate"
)

func TestHandoffFactsFromTheStackFiles(t *testing.T) {
	for _, tc := range []struct {
		stack string
		want  estimate.Facts
	}{
		{"dev", estimate.Facts{Stack: "dev", Region: "us-east-1", Inbound: "none", Outbound: "internet", ListenerPort: 8787}},
		{"prod", estimate.Facts{Stack: "prod", Region: "us-west-2", Inbound: "privateLink", Outbound: "privateLink", ListenerPort: 8787}},
	} {
		got, err := handoffFacts("../..", tc.stack)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, tc.stack)
	}
	_, err := handoffFacts("../..", "nosuch")
	assert.Error(t, err)
}

// The handoff block of prod's synthesised outputs: everything the guide says to send is there.
func TestHandoffOfProdOutputs(t *testing.T) {
	res := synthEstimateVariant(t, "prod", nil)
	facts, err := handoffFacts("../..", "prod")
	require.NoError(t, err)
	got := estimate.Handoff(res.Outputs, facts)
	assert.Contains(t, got, "Service name:                    com.amazonaws.vpce.us-west-2.vpce-svc-")
	assert.Contains(t, got, "Port:                            8787\n")
	assert.Contains(t, got, "Region:                          us-west-2\n")
	// The endpoint service's DNS names and the account come from their own stack outputs.
	dns := res.Outputs["endpointServiceDnsNames"].([]any)
	require.Len(t, dns, 1)
	assert.Contains(t, got, "DNS names:                       "+dns[0].(string)+"\n")
	assert.Contains(t, got, "AWS account to whitelist:        arn:aws:iam::"+res.Outputs["accountId"].(string)+":root\n")
	assert.NotContains(t, got, "not available")
	assert.NotContains(t, got, "derived from")
	assert.NotContains(t, got, "[secret]")
}

func TestHandoffIsAFlagOfOutputsOnly(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := operate(nil, nil, nil, "up", []string{"--stack", "dev", "--dir", "../..", "--handoff"}, &stdout, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), "--handoff is a flag of outputs only")
}
