package stacks

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/portkey-eks/portkey-eks/vocab"
)

// setPaths lists every key path a stack's raw sections set ("cache.engine",
// "gateway.autoscaling.minReplicas"); list elements are not descended into.
func setPaths(sections map[string]json.RawMessage) map[string]bool {
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		for k, e := range obj {
			path := prefix + "." + k
			set[path] = true
			walk(path, e)
		}
	}
	for name, raw := range sections {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			walk(name, v)
		}
	}
	return set
}

// modeRule is one "this key only matters when" rule: when active is false, setting any of
// keys is an error, because it would be silently ignored.
type modeRule struct {
	active  func(Config) bool
	keys    []string
	allowed string
	reason  func(Config) string
}

// modeRules are the keys that have no effect in some modes. A stack that sets one of them
// in such a mode gets a problem naming it, as the Bedrock settings already do.
var modeRules = []modeRule{
	{
		active:  func(c Config) bool { return c.Cache.Mode == vocab.CacheElastiCache },
		keys:    []string{"cache.engine", "cache.engineVersion", "cache.nodeType", "cache.tls", "cache.shards", "cache.replicasPerShard", "cache.authMode", "cache.snapshotRetentionDays", "cache.snapshotWindow", "cache.maintenanceWindow", "cache.finalSnapshot", "cache.protect", "cache.port"},
		allowed: "unset with cache.mode builtin",
		reason:  func(Config) string { return "has no effect: the built-in Redis is the chart's own pod" },
	},
	{
		active:  func(c Config) bool { return c.ControlPlane.Connectivity == ConnectivityPrivateLink },
		keys:    []string{"controlPlane.serviceName", "controlPlane.serviceRegion", "controlPlane.deferPrivateDns"},
		allowed: "unset with controlPlane.connectivity internet",
		reason:  func(Config) string { return "has no effect: the gateway reaches the control plane over the internet" },
	},
	{
		active:  func(c Config) bool { return c.Inbound.Mode == InboundPrivateLink },
		keys:    []string{"inbound.allowedPrincipals", "inbound.acceptanceRequired", "inbound.privateDnsName", "inbound.verifyPrivateDns", "inbound.supportedRegions"},
		allowed: "unset unless inbound.mode is privateLink",
		reason:  func(c Config) string { return "has no effect with inbound.mode " + c.Inbound.Mode },
	},
	{
		active:  func(c Config) bool { return c.Inbound.Mode == InboundIPAllowlist },
		keys:    []string{"inbound.allowlistCidrs"},
		allowed: "unset unless inbound.mode is ipAllowlist",
		reason:  func(c Config) string { return "has no effect with inbound.mode " + c.Inbound.Mode },
	},
	{
		active:  func(c Config) bool { return c.Gateway.Autoscaling.Enabled },
		keys:    []string{"gateway.autoscaling.minReplicas", "gateway.autoscaling.maxReplicas", "gateway.autoscaling.targetCpuPercent", "gateway.autoscaling.targetMemoryPercent"},
		allowed: "unset while gateway.autoscaling.enabled is false",
		reason: func(Config) string {
			return "has no effect: autoscaling is off (gateway.replicas sets the replica count)"
		},
	},
	{
		active:  func(c Config) bool { return !c.Gateway.Autoscaling.Enabled },
		keys:    []string{"gateway.replicas"},
		allowed: "unset while gateway.autoscaling.enabled is true (use gateway.autoscaling.minReplicas)",
		reason:  func(Config) string { return "has no effect: the HPA sets the replica count" },
	},
	{
		active:  func(c Config) bool { return c.Gateway.DataService.Enabled },
		keys:    []string{"gateway.dataService.serviceAccountName", "gateway.dataService.replicas"},
		allowed: "unset while gateway.dataService.enabled is false",
		reason:  func(Config) string { return "has no effect: the data service is off" },
	},
	{
		active:  func(c Config) bool { return c.Exposure.Type != vocab.ExposureNone },
		keys:    []string{"exposure.scheme", "exposure.allowedCidrs", "exposure.port", "exposure.deletionProtection"},
		allowed: "unset with exposure.type none",
		reason:  func(Config) string { return "has no effect: there is no load balancer" },
	},
	{
		active:  func(c Config) bool { return c.Network.FlowLogs && c.Network.Mode == ModeNew },
		keys:    []string{"network.flowLogsRetentionDays"},
		allowed: "unset while network.flowLogs is false",
		reason:  func(Config) string { return "has no effect: flow logs are off" },
	},
	{
		active:  func(c Config) bool { return c.Network.Mode == ModeNew },
		keys:    []string{"network.cidr", "network.azCount", "network.availabilityZones", "network.natGateways", "network.flowLogs", "network.s3GatewayEndpoint"},
		allowed: "unset with network.mode existing",
		reason:  func(Config) string { return "has no effect: the VPC exists already" },
	},
	{
		active:  func(c Config) bool { return c.Cluster.Mode == ModeNew },
		keys:    []string{"cluster.version", "cluster.endpointPublicAccess", "cluster.publicAccessCidrs", "cluster.privateAccessCidrs", "cluster.privateAccessSecurityGroupIds", "cluster.adminArns", "cluster.secretsKmsKeyArn", "cluster.logTypes", "cluster.logRetentionDays", "cluster.addons.vpcCni", "cluster.addons.coredns", "cluster.addons.kubeProxy", "cluster.addons.podIdentityAgent", "cluster.addons.metricsServer"},
		allowed: "unset with cluster.mode existing",
		reason:  func(Config) string { return "has no effect: the cluster exists already and is only looked up" },
	},
}

// checkExplicitKeys reports what only the raw stack file shows: keys set in a mode where
// they do nothing, and an explicit azCount that disagrees with the AZ list.
func checkExplicitKeys(ps *problems, c Config, sections map[string]json.RawMessage) {
	set := setPaths(sections)
	var found []Problem
	for _, r := range modeRules {
		if r.active(c) {
			continue
		}
		for _, k := range r.keys {
			if set[k] {
				found = append(found, Problem{Key: k, Message: r.reason(c), Allowed: r.allowed})
			}
		}
	}
	if set["network.azCount"] && set["network.availabilityZones"] {
		var n struct {
			AzCount int      `json:"azCount"`
			AZs     []string `json:"availabilityZones"`
		}
		if json.Unmarshal(sections["network"], &n) == nil && len(n.AZs) > 0 && n.AzCount != len(n.AZs) {
			found = append(found, Problem{Key: "network.azCount", Value: fmt.Sprint(n.AzCount), Message: fmt.Sprintf("disagrees with the %d zones network.availabilityZones lists", len(n.AZs)), Allowed: "the number of zones listed, or leave azCount unset"})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].Key < found[j].Key })
	ps.list = append(ps.list, found...)
}
