package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/internal/variants"
	"github.com/portkey-eks/portkey-eks/stacks/estimate"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// estimateVariants are the whole-stack variants (internal/variants), plus the ones that
// create billable things those do not: a public ALB (its public IPs) and ElastiCache
// with Redis OSS (priced above Valkey). Every resource type they create must have a price
// (or be known to be free).
var estimateVariants = append(slices.Clone(variants.All),
	variants.Variant{Name: "prod-alb-public", Stack: "prod", Overrides: map[string]string{
		"exposure": `{"type": "alb", "certificateArn": "arn:aws:acm:us-west-2:123456789012:certificate/0b9a2b1e-1111-2222-3333-444455556666", "hostname": "gateway.example.com", "scheme": "internet-facing", "allowedCidrs": ["100.64.0.0/16"]}`,
		"inbound":  `{"mode": "none", "acceptanceRequired": null}`}},
	variants.Variant{Name: "dev-redis", Stack: "dev", Overrides: map[string]string{"cache": `{"mode": "elasticache", "engine": "redis", "authMode": "token"}`}},
)

func synthEstimateVariant(t *testing.T, stack string, overrides map[string]string) *synth.Result {
	t.Helper()
	return variants.Synth(t, variants.Variant{Name: stack, Stack: stack, Overrides: overrides}, nil, nil)
}

func lineItems(c *estimate.Cost) map[string]estimate.Line {
	out := map[string]estimate.Line{}
	for _, l := range c.Lines {
		out[l.Item] = l
	}
	return out
}

// slowChain is the one chain of slow resources a cold up of a stack that creates its
// cluster may wait on: the control plane, the nodes, the LB controller, the gateway.
var slowChain = []string{"eks:index:Cluster", "eks:index:ManagedNodeGroup", "kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v3:Release"}

func TestEveryResourceTypeIsPricedAndNothingSlowGatesTheDeploy(t *testing.T) {
	prices, err := estimate.Prices()
	require.NoError(t, err)
	times, err := estimate.Times()
	require.NoError(t, err)
	for _, v := range estimateVariants {
		t.Run(v.Name, func(t *testing.T) {
			res := variants.Synth(t, v, nil, nil)
			inv, err := synth.EstimateResources(res)
			require.NoError(t, err)
			for _, r := range inv {
				if r.Custom || r.Remote {
					assert.Contains(t, prices.Types, r.Type, "%s: add the type to stacks/estimate/data/prices.json (billable or not)", r.Name)
				}
			}
			cost, err := estimate.EstimateCost(prices, inv, res.Region, nil)
			require.NoError(t, err)
			assert.Empty(t, cost.Unpriced, "every billable resource has a price in %s", res.Region)
			items := lineItems(cost)
			switch v.Name {
			case "prod-existing-cluster":
				assert.NotContains(t, items, "EKS control plane", "an existing cluster is not this stack's cost")
			default:
				assert.Contains(t, items, "EKS control plane")
			}
			switch v.Name {
			case "prod-alb":
				assert.Contains(t, items, "ALB (created by the LB controller from the gateway's Ingress)", "the ALB is read from the release's masked values")
				assert.NotContains(t, items, "NLB")
			case "prod-alb-public":
				assert.Contains(t, items, "Public IPv4 addresses of the internet-facing ALB")
			case "prod-allowlist":
				assert.Contains(t, items, "Public IPv4 addresses of the internet-facing NLB")
			case "dev-redis":
				assert.Contains(t, items, "ElastiCache redis cache.t4g.medium x 2", "Redis OSS is priced as Redis, not Valkey")
			}

			plan, err := estimate.DeployTime(times, inv)
			require.NoError(t, err)
			assert.Empty(t, plan.Gating, "%s", plan)
			var got []string
			for _, s := range plan.SlowOnPath() {
				got = append(got, s.Type)
			}
			if v.Name == "prod-existing-cluster" {
				// No cluster to create: the cache the gateway needs bounds the deploy, and
				// it waits on nothing but the network.
				assert.Equal(t, []string{"aws:elasticache/replicationGroup:ReplicationGroup", "kubernetes:helm.sh/v3:Release"}, got, "%s", plan)
				return
			}
			want := slowChain
			if slices.ContainsFunc(inv, func(r estimate.Resource) bool {
				return r.Type == "aws:eks/addon:Addon" && strings.HasSuffix(r.Name, "eks-pod-identity-agent")
			}) {
				// With Pod Identity the LB controller's pods need the agent, a DaemonSet
				// add-on that waits for the nodes.
				want = slices.Insert(slices.Clone(slowChain), 2, "aws:eks/addon:Addon")
			}
			assert.Equal(t, want, got, "%s", plan)
		})
	}
}

func TestSynthPrintsAndWritesTheEstimates(t *testing.T) {
	for _, tc := range []struct {
		stack, region string
		nodes         string
		beside        string
	}{
		{"dev", "us-east-1", "EC2 t4g.medium x 2", "NAT gateway"},
		{"prod", "us-west-2", "EC2 t4g.medium x 3", "ElastiCache cache (~12 min"},
	} {
		t.Run(tc.stack, func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := run([]string{"synth", "--stack", tc.stack, "--dir", "../..", "--out", out}, &stdout, &stderr)
			require.Equal(t, 0, code, "stderr: %s", stderr.String())
			s := stdout.String()
			assert.Contains(t, s, "monthly cost estimate, "+tc.region)
			assert.Contains(t, s, tc.nodes)
			assert.Regexp(t, `(?m)^  TOTAL\s+\$\d+\.\d\d$`, s)
			assert.NotContains(t, s, "no price:")
			assert.Regexp(t, `critical path: .*EKS cluster cluster \(~10 min\) -> .*node group cluster-general \(~3 min\) -> (EKS add-on cluster-eks-pod-identity-agent \(~1 min\) -> )?Helm release lb-controller \(~1 min\) -> Helm release gateway-release \(~1 min\).*: ~\d+(\.\d)? min`, s)
			assert.Contains(t, s, "beside it: "+tc.beside)
			assert.NotContains(t, s, "WARNING")

			var cost estimate.Cost
			b, err := os.ReadFile(filepath.Join(out, "cost.json"))
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(b, &cost))
			assert.Equal(t, tc.region, cost.Region)
			sum := 0.0
			for _, l := range cost.Lines {
				sum += l.MonthlyUSD
			}
			assert.InDelta(t, sum, cost.TotalUSD, 1e-6)
			assert.Positive(t, cost.TotalUSD)

			var outputs map[string]any
			b, err = os.ReadFile(filepath.Join(out, "outputs.json"))
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(b, &outputs))
			assert.Equal(t, tc.region, outputs["region"])
			assert.Equal(t, synth.Masked, outputs["kubeconfig"], "secret outputs are masked")
			assert.NotContains(t, string(b), "synth-placeholder-")
			assert.FileExists(t, filepath.Join(out, "deploy-time.json"))
		})
	}
}

func TestSynthAssumeFlag(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"synth", "--stack", "dev", "--dir", "../..", "--out", out, "--assume", "nat.gbPerMonth=1000"}, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	var cost estimate.Cost
	b, err := os.ReadFile(filepath.Join(out, "cost.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &cost))
	// 1000 GB x $0.045.
	assert.InDelta(t, 45.0, lineItems(&cost)["NAT gateway data processing"].MonthlyUSD, 1e-9)
	assert.Equal(t, []string{"nat.gbPerMonth"}, cost.Overridden)
	assert.Contains(t, stdout.String(), "nat.gbPerMonth=1000 (set)")

	for _, bad := range []string{"bogus=1", "nat.gbPerMonth=many", "nat.gbPerMonth"} {
		stdout.Reset()
		stderr.Reset()
		code := run([]string{"synth", "--stack", "dev", "--dir", "../..", "--out", t.TempDir(), "--assume", bad}, &stdout, &stderr)
		assert.Equal(t, 2, code, bad)
		assert.Contains(t, stderr.String(), "--assume", bad)
	}
}
