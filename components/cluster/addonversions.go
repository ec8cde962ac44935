package cluster

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/portkey-eks/portkey-eks/validate"
)

// AddonPins are the EKS add-on versions pinned for one Kubernetes minor version.
type AddonPins struct {
	// VpcCni, CoreDNS, KubeProxy, PodIdentityAgent and MetricsServer are the versions of
	// the add-ons AddonVpcCni, AddonCoreDNS, AddonKubeProxy, AddonPodIdentityAgent and
	// AddonMetricsServer, such as v1.20.1-eksbuild.1.
	VpcCni, CoreDNS, KubeProxy, PodIdentityAgent, MetricsServer string
	// Unconfirmed names (by EKS add-on name) the versions of this row that could not be
	// confirmed against an AWS source when the table was written: they are the best
	// available guess. Run `aws eks describe-addon-versions --addon-name <name>
	// --kubernetes-version <version>` before deploying such a row, and override the add-on
	// in ClusterArgs.Addons if EKS does not offer the version.
	Unconfirmed []string
}

// Version returns the pinned version of an EKS add-on by name ("" for an unknown name).
func (p AddonPins) Version(addon string) string {
	switch addon {
	case AddonVpcCni:
		return p.VpcCni
	case AddonCoreDNS:
		return p.CoreDNS
	case AddonKubeProxy:
		return p.KubeProxy
	case AddonPodIdentityAgent:
		return p.PodIdentityAgent
	case AddonMetricsServer:
		return p.MetricsServer
	}
	return ""
}

// AddonNames are the EKS add-ons AddonPins pins, in the order NewCluster creates them.
var AddonNames = []string{AddonVpcCni, AddonKubeProxy, AddonCoreDNS, AddonPodIdentityAgent, AddonMetricsServer}

// AddonVersionTable pins every EKS add-on NewCluster installs, per Kubernetes minor
// version: the one place add-on versions come from (ClusterArgs.Addons overrides them one
// by one). A version is never resolved at deploy time, so a new AWS build never upgrades an
// add-on behind the program's back (and `drift` stays quiet); raising a version is a
// change to this table, reviewed like any other. Every version stacks accepts for a new
// cluster has a row, and the next one (1.36) is prepared.
//
// Source (checked 2026-12-02, with the documentation search of this workspace, which
// serves stored snapshots of the pages; the snapshots are not all of the same day):
//   - kube-proxy: Amazon EKS User Guide, "Manage kube-proxy in Amazon EKS clusters"
//     (managing-kube-proxy), table "kube-proxy versions" (the Amazon EKS add-on type):
//     1.36 v1.36.0-eksbuild.14, 1.35 v1.35.3-eksbuild.13, 1.34 v1.34.6-eksbuild.13,
//     1.33 v1.33.10-eksbuild.13.
//   - coredns: Amazon EKS User Guide, "Manage CoreDNS for DNS in Amazon EKS clusters"
//     (managing-coredns), table "CoreDNS versions": 1.35 v1.14.2-eksbuild.4, 1.34
//     v1.13.2-eksbuild.7; 1.33 v1.13.2-eksbuild.4 from an earlier snapshot of that page
//     (which listed v1.13.2-eksbuild.4 for 1.33 to 1.35). No snapshot lists 1.36: its row
//     repeats 1.35's (unconfirmed).
//   - vpc-cni: Amazon EKS User Guide, "Assign IPs to Pods with the Amazon VPC CNI"
//     (managing-vpc-cni / pod-networking), table "Amazon VPC CNI versions": v1.20.1-eksbuild.3
//     for 1.27 to 1.33 (the add-on is one build for every version). No snapshot found lists
//     1.34 or later: those rows repeat it (unconfirmed).
//   - eks-pod-identity-agent and metrics-server (an EKS community add-on since 2025-03-31):
//     no AWS page found lists their versions per Kubernetes version; the values are the
//     ones this repository used before (eks-pod-identity-agent) and metrics-server v0.8.0
//     (kubernetes-sigs/metrics-server release notes) with build 1, all unconfirmed.
var AddonVersionTable = map[string]AddonPins{
	"1.33": {
		VpcCni: "v1.20.1-eksbuild.3", CoreDNS: "v1.13.2-eksbuild.4", KubeProxy: "v1.33.10-eksbuild.13",
		PodIdentityAgent: "v1.3.8-eksbuild.2", MetricsServer: "v0.8.0-eksbuild.1",
		Unconfirmed: []string{AddonPodIdentityAgent, AddonMetricsServer},
	},
	"1.34": {
		VpcCni: "v1.20.1-eksbuild.3", CoreDNS: "v1.13.2-eksbuild.7", KubeProxy: "v1.34.6-eksbuild.13",
		PodIdentityAgent: "v1.3.8-eksbuild.2", MetricsServer: "v0.8.0-eksbuild.1",
		Unconfirmed: []string{AddonVpcCni, AddonPodIdentityAgent, AddonMetricsServer},
	},
	"1.35": {
		VpcCni: "v1.20.1-eksbuild.3", CoreDNS: "v1.14.2-eksbuild.4", KubeProxy: "v1.35.3-eksbuild.13",
		PodIdentityAgent: "v1.3.8-eksbuild.2", MetricsServer: "v0.8.0-eksbuild.1",
		Unconfirmed: []string{AddonVpcCni, AddonPodIdentityAgent, AddonMetricsServer},
	},
	"1.36": {
		VpcCni: "v1.20.1-eksbuild.3", CoreDNS: "v1.14.2-eksbuild.4", KubeProxy: "v1.36.0-eksbuild.14",
		PodIdentityAgent: "v1.3.8-eksbuild.2", MetricsServer: "v0.8.0-eksbuild.1",
		Unconfirmed: []string{AddonVpcCni, AddonCoreDNS, AddonPodIdentityAgent, AddonMetricsServer},
	},
}

// addonField is the ClusterArgs field that overrides an add-on's version.
var addonField = map[string]string{
	AddonVpcCni:           "Addons.VpcCni",
	AddonCoreDNS:          "Addons.CoreDNS",
	AddonKubeProxy:        "Addons.KubeProxy",
	AddonPodIdentityAgent: "Addons.PodIdentityAgent",
	AddonMetricsServer:    "Addons.MetricsServer",
}

// override is the version set for an add-on in v, "" if none.
func (v AddonVersions) override(addon string) string {
	return AddonPins{VpcCni: v.VpcCni, CoreDNS: v.CoreDNS, KubeProxy: v.KubeProxy, PodIdentityAgent: v.PodIdentityAgent, MetricsServer: v.MetricsServer}.Version(addon)
}

// ResolveAddonVersions returns the version of each of the named add-ons for Kubernetes
// version k8s: the override in overrides when set, else AddonVersionTable's. When the
// table has no row for k8s and some add-on has no override, the error names the
// ClusterArgs fields to set. A version that is not of the form v1.20.1-eksbuild.1 is an
// error.
func ResolveAddonVersions(k8s string, overrides AddonVersions, addons []string) (map[string]string, error) {
	row, known := AddonVersionTable[k8s]
	out := map[string]string{}
	var missing []string
	for _, a := range addons {
		if _, ok := addonField[a]; !ok {
			return nil, fmt.Errorf("unknown add-on %q (want one of %v)", a, AddonNames)
		}
		v := overrides.override(a)
		if v == "" {
			v = row.Version(a)
		}
		if v == "" {
			missing = append(missing, addonField[a])
			continue
		}
		if err := validate.AddonVersion(v); err != nil {
			return nil, fmt.Errorf("%s %w", addonField[a], err)
		}
		out[a] = v
	}
	if len(missing) > 0 {
		reason := "AddonVersionTable has no row for Kubernetes " + k8s
		if known {
			reason = "AddonVersionTable's row for Kubernetes " + k8s + " is incomplete"
		}
		return nil, fmt.Errorf("%s (it has %s): pin the add-ons yourself with %s, or add the row",
			reason, strings.Join(slices.Sorted(maps.Keys(AddonVersionTable)), ", "), strings.Join(missing, ", "))
	}
	return out, nil
}
