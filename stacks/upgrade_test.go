package stacks_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/validate"
)

func TestCheckKubernetesUpgrade(t *testing.T) {
	tests := []struct {
		current, want string
		fails         bool
		allowed       string
	}{
		{current: "1.34", want: "1.34"},
		{current: "1.34", want: "1.35"},
		{current: "", want: "1.35"}, // not known: nothing to compare
		{current: "1.33", want: "1.35", fails: true, allowed: `"1.33" or "1.34"`},
		{current: "1.32", want: "1.35", fails: true, allowed: `"1.32" or "1.33"`},
		{current: "1.35", want: "1.34", fails: true, allowed: `"1.35" or "1.36"`},
		{current: "1.35", want: "2.0", fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.current+"->"+tt.want, func(t *testing.T) {
			p := stacks.CheckKubernetesUpgrade(tt.current, tt.want)
			if !tt.fails {
				assert.Nil(t, p)
				return
			}
			require.NotNil(t, p)
			assert.Equal(t, "cluster.version", p.Key)
			assert.Equal(t, `"`+tt.want+`"`, p.Value)
			assert.Contains(t, p.Allowed, tt.allowed)
		})
	}
}

// TestEKSVersionTable checks the table against EKS's published rule: 14 months of standard
// support from the EKS release, then 12 months of extended support; newest first; only
// versions offered on the table's date are accepted.
func TestEKSVersionTable(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err, s)
		return d
	}
	asOf := day(stacks.EKSVersionsAsOf)
	require.NotEmpty(t, stacks.EKSVersions)
	for i, v := range stacks.EKSVersions {
		assert.NoError(t, validate.KubernetesVersion(v.Version))
		rel, std, ext := day(v.Released), day(v.EndOfStandardSupport), day(v.EndOfExtendedSupport)
		months := func(a, b time.Time) int { return (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) }
		assert.Equal(t, 14, months(rel, std), "%s: standard support lasts 14 months", v.Version)
		assert.Equal(t, 12, months(std, ext), "%s: extended support lasts 12 months", v.Version)
		assert.Equal(t, std.Day(), ext.Day(), v.Version)
		if i > 0 {
			assert.True(t, day(stacks.EKSVersions[i-1].Released).After(rel), "newest first")
		}
		_, accepted := stacks.SupportedKubernetesVersions[v.Version]
		_, pinned := cluster.AddonVersionTable[v.Version]
		assert.Equal(t, pinned && !asOf.Before(rel) && asOf.Before(ext), accepted, v.Version)
	}
	assert.Contains(t, stacks.SupportedKubernetesVersions, stacks.DefaultKubernetesVersion)
	assert.Equal(t, []string{"1.33", "1.34", "1.35"}, sortedVersions(stacks.SupportedKubernetesVersions),
		"1.32 is offered but has no add-on pins; 1.36's EKS release is not confirmed")
	latest, ok := stacks.LookupEKSVersion(stacks.DefaultKubernetesVersion)
	require.True(t, ok)
	assert.Equal(t, "standard", latest.Support(stacks.EKSVersionsAsOf), "the default version is in standard support")
	v134, _ := stacks.LookupEKSVersion("1.34")
	assert.Equal(t, "extended", v134.Support(stacks.EKSVersionsAsOf), "1.34 left standard support on 2026-12-02")
}

// TestRefusedVersionShowsTheTablesDateAndSource: a version EKS no longer offers is one
// problem naming cluster.version, and what is allowed carries the table's date and source.
func TestRefusedVersionShowsTheTablesDateAndSource(t *testing.T) {
	in := validInput()
	in.Sections["cluster"] = json.RawMessage(`{"privateAccessCidrs": ["10.20.0.0/16"], "version": "1.31"}`)
	_, err := synth.Run(stacks.Program, optionsFromInput(in))
	var problems stacks.Problems
	require.ErrorAs(t, err, &problems)
	var found *stacks.Problem
	for i := range problems {
		if problems[i].Key == "cluster.version" {
			found = &problems[i]
		}
	}
	require.NotNil(t, found, "%v", err)
	assert.Equal(t, `"1.31"`, found.Value)
	assert.Contains(t, found.Allowed, "as of "+stacks.EKSVersionsAsOf)
	assert.Contains(t, found.Allowed, "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html")
	assert.Contains(t, found.Allowed, "1.35 (standard support until 2027-03-27)")
	assert.Contains(t, found.Allowed, "1.34 (extended support")
	assert.Contains(t, err.Error(), "portkey-eks:cluster.version")
}

// TestDeployedClusterVersion: on a second run the program asks EKS for the cluster's current
// version and refuses a jump of more than one minor before registering any resource; one
// minor up is deployed.
func TestDeployedClusterVersion(t *testing.T) {
	tests := []struct {
		deployed, want string
		fails          bool
	}{
		{deployed: "1.34", want: "1.35"},
		{deployed: "1.35", want: "1.35"},
		{deployed: "1.33", want: "1.35", fails: true},
		{deployed: "1.35", want: "1.34", fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.deployed+"->"+tt.want, func(t *testing.T) {
			defer synth.SetDeployedCluster("portkey-test", tt.deployed)()
			in := validInput()
			in.Sections["cluster"] = json.RawMessage(`{"privateAccessCidrs": ["10.20.0.0/16"], "version": "` + tt.want + `"}`)
			res, err := synth.Run(stacks.Program, optionsFromInput(in))
			if !tt.fails {
				require.NoError(t, err)
				return
			}
			var problems stacks.Problems
			require.ErrorAs(t, err, &problems)
			require.Len(t, problems, 1)
			assert.Equal(t, "cluster.version", problems[0].Key)
			assert.Contains(t, problems[0].Message, "current version "+tt.deployed)
			assert.Empty(t, res.Resources, "nothing is registered")
		})
	}
}

func sortedVersions(m map[string]string) []string {
	var out []string
	for v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}
