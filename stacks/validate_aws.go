package stacks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/network"
	"github.com/portkey-eks/portkey-eks/validate"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// This file holds the checks AWS (or Kubernetes) would make later, made first: each a
// config problem naming the key, before any resource is registered.

// Gateway node sizing from the install guide: each node that runs the gateway has at least
// 2 vCPUs and 4 GiB of memory.
const (
	minGatewayNodeVCPUs     = 2
	minGatewayNodeMemoryMiB = 4096
)

// validateAWSRules runs the checks of this file; Validate calls it.
func validateAWSRules(p *problems, c Config) {
	validateVpcSize(p, c)
	validateAPIAccess(p, c)
	validateNodeGroupsForGateway(p, c)
	validateCacheWindows(p, c)
	validateCertificateRegion(p, c)
	validateControllerNeeded(p, c)
	if s := c.Secrets.CacheAuthTokenError; s != "" {
		p.add(KeyCacheAuthToken, nil, "16 to 128 letters, digits and "+strings.Join(strings.Split(cache.AuthTokenSpecials, ""), " "), "%s", s)
	}
}

// validateVpcSize asks the network component whether the VPC CIDR can hold the subnets
// for its availability zones (the component's own rule, so the two never disagree).
func validateVpcSize(p *problems, c Config) {
	n := c.Network
	if n.Mode != ModeNew || !validCIDR(n.Cidr) || n.AzCount < 2 || n.AzCount > 6 {
		return
	}
	if _, _, err := network.SubnetCidrs(n.Cidr, n.AzCount); err != nil {
		p.add("network.cidr", n.Cidr, fmt.Sprintf("a larger VPC, such as a /16, for %d availability zones", n.AzCount), "%v", err)
	}
}

// validateAPIAccess makes sure whoever runs pulumi up has a way to the Kubernetes API: the
// public endpoint for named CIDRs, or rules admitting them to the private one.
func validateAPIAccess(p *problems, c Config) {
	cl := c.Cluster
	if cl.Mode == ModeExisting {
		return // the private-access keys have no effect there (modeRules)
	}
	checkCIDRs(p, "cluster.privateAccessCidrs", cl.PrivateAccessCidrs)
	for i, cidr := range cl.PrivateAccessCidrs {
		if cidr == "0.0.0.0/0" {
			p.add(fmt.Sprintf("cluster.privateAccessCidrs[%d]", i), cidr, "the CIDR of your VPN, peered network or CI runner subnet", "would admit every address that can route to the VPC")
		}
	}
	for i, sg := range cl.PrivateAccessSGs {
		checkPattern(p, fmt.Sprintf("cluster.privateAccessSecurityGroupIds[%d]", i), sg, validate.SecurityGroupID, "")
	}
	if !cl.EndpointPublicAccess && len(cl.PrivateAccessCidrs) == 0 && len(cl.PrivateAccessSGs) == 0 {
		p.add("cluster.endpointPublicAccess", false,
			"true with cluster.publicAccessCidrs naming who deploys, or cluster.privateAccessCidrs / cluster.privateAccessSecurityGroupIds admitting the network that runs pulumi up",
			"leaves no way to the Kubernetes API: the private endpoint admits only the cluster and its nodes, so pulumi up could not install the gateway")
	}
}

// gatewaySchedulable reports whether the gateway's pods (which tolerate no taint) can run
// on a node group.
func gatewaySchedulable(ng NodeGroupConfig) bool {
	for _, t := range ng.Taints {
		if t.Effect == "NO_SCHEDULE" || t.Effect == "NO_EXECUTE" {
			return false
		}
	}
	return true
}

// validateNodeGroupsForGateway: at least one group can run the gateway, and every group that
// can has instance types of at least the guide's sizing.
func validateNodeGroupsForGateway(p *problems, c Config) {
	if c.Cluster.Mode != ModeNew || len(c.Cluster.NodeGroups) == 0 {
		return
	}
	schedulable := 0
	for i, ng := range c.Cluster.NodeGroups {
		if !gatewaySchedulable(ng) {
			continue
		}
		schedulable++
		for j, name := range ng.InstanceTypes {
			it, ok := cluster.LookupInstanceType(name)
			if ok && (it.VCPUs < minGatewayNodeVCPUs || it.MemoryMiB < minGatewayNodeMemoryMiB) {
				p.add(fmt.Sprintf("cluster.nodeGroups[%d].instanceTypes[%d]", i, j), name,
					"an instance type with at least 2 vCPUs and 4 GiB, such as t4g.medium, or a NO_SCHEDULE taint so the gateway does not run there",
					"has %d vCPU(s) and %d MiB: smaller than the install guide's sizing for nodes that run the gateway", it.VCPUs, it.MemoryMiB)
			}
		}
	}
	if schedulable == 0 {
		p.add("cluster.nodeGroups", nil, "at least one node group without a NO_SCHEDULE or NO_EXECUTE taint", "leaves the gateway nowhere to run: its pods tolerate no taint")
	}
}

// window is a time range in minutes from Monday 00:00 UTC; end may pass the end of the week.
type window struct{ start, end int }

var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func hhmm(s string) int {
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:5])
	return h*60 + m
}

// parseDaily turns hh:mm-hh:mm into one window per day of the week.
func parseDaily(s string) []window {
	start, end := hhmm(s[:5]), hhmm(s[6:])
	if end <= start {
		end += 24 * 60
	}
	var ws []window
	for d := range 7 {
		ws = append(ws, window{d*1440 + start, d*1440 + end})
	}
	return ws
}

// parseWeekly turns ddd:hh:mm-ddd:hh:mm into a window.
func parseWeekly(s string) window {
	from, to, _ := strings.Cut(s, "-")
	start := slices.Index(weekdays, from[:3])*1440 + hhmm(from[4:])
	end := slices.Index(weekdays, to[:3])*1440 + hhmm(to[4:])
	if end <= start {
		end += 7 * 1440
	}
	return window{start, end}
}

func overlaps(a, b window) bool {
	const week = 7 * 1440
	for _, shift := range []int{-week, 0, week} {
		if a.start < b.end+shift && b.start+shift < a.end {
			return true
		}
	}
	return false
}

// validateCacheWindows checks what ElastiCache checks: each window at least 60 minutes,
// the maintenance window at most 24 hours, and the two never overlapping.
func validateCacheWindows(p *problems, c Config) {
	k := c.Cache
	if k.Mode != vocab.CacheElastiCache || validate.SnapshotWindow(k.SnapshotWindow) != nil || validate.MaintenanceWindow(k.MaintenanceWindow) != nil {
		return
	}
	snap := parseDaily(k.SnapshotWindow)
	maint := parseWeekly(k.MaintenanceWindow)
	if d := snap[0].end - snap[0].start; d < 60 {
		p.add("cache.snapshotWindow", k.SnapshotWindow, "a window of at least 60 minutes, such as 03:00-04:00", "is %d minutes long", d)
	}
	if d := maint.end - maint.start; d < 60 || d > 24*60 {
		p.add("cache.maintenanceWindow", k.MaintenanceWindow, "a window of 60 minutes to 24 hours, such as sun:05:00-sun:06:00", "is %d minutes long", d)
	}
	for _, s := range snap {
		if overlaps(s, maint) {
			p.add("cache.snapshotWindow", k.SnapshotWindow, "a daily window that does not overlap cache.maintenanceWindow ("+k.MaintenanceWindow+")", "overlaps the maintenance window")
			break
		}
	}
}

// validateCertificateRegion: a load balancer can only use an ACM certificate of its region.
func validateCertificateRegion(p *problems, c Config) {
	arn := c.Exposure.CertificateArn
	if arn == "" || validate.ACMCertificateARN(arn) != nil || c.Region == "" {
		return
	}
	if region := strings.Split(arn, ":")[3]; region != c.Region {
		p.add("exposure.certificateArn", arn, "an ACM certificate in "+c.Region+", the stack's region", "is in %s: a load balancer can only use a certificate of its own region", region)
	}
}

// validateControllerNeeded: on a new cluster, an NLB (its TargetGroupBinding) and an ALB
// (its Ingress) are reconciled by the AWS Load Balancer Controller, so it must be installed.
func validateControllerNeeded(p *problems, c Config) {
	if c.Cluster.Mode == ModeNew && !c.Cluster.LoadBalancerController.Install && c.Exposure.Type != vocab.ExposureNone {
		p.add("cluster.loadBalancerController.install", false, "true with exposure.type "+string(c.Exposure.Type)+" on a new cluster, or exposure.type none",
			"leaves the %s unreconciled: a new cluster runs no AWS Load Balancer Controller of its own", map[vocab.ExposureType]string{vocab.ExposureNLB: "NLB's TargetGroupBinding", vocab.ExposureALB: "ALB's Ingress"}[c.Exposure.Type])
	}
}
