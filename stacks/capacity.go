package stacks

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/portkey-eks/portkey-eks/components/autoscaler"
	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/internal/chartref"
	"github.com/portkey-eks/portkey-eks/validate"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// This file checks, before anything is created, that the gateway's most replicas fit the
// nodes the node groups can ever have, with the system pods beside them, and validates the
// cluster.autoscaler section. It is pure: instance facts are tables, not EC2 calls.

// NodeShape is what the scheduler sees of one node of an instance type on an EKS AL2023
// managed node group (default nodeadm settings, VPC CNI without prefix delegation).
type NodeShape struct {
	// InstanceType is the EC2 type.
	InstanceType string
	// CapacityCPUMilli and CapacityMemoryMiB are the node's capacity as the kubelet reports
	// it (memory is what the kernel sees, a little below the nominal size).
	CapacityCPUMilli, CapacityMemoryMiB int
	// AllocatableCPUMilli and AllocatableMemoryMiB are capacity less kube-reserved and the
	// memory eviction threshold.
	AllocatableCPUMilli, AllocatableMemoryMiB int
	// MaxPods is the kubelet's pod limit: ENIs x (IPv4 addresses per ENI - 1) + 2.
	MaxPods int
}

// The EKS AL2023 reservation formula, as nodeadm writes the kubelet configuration
// (github.com/awslabs/amazon-eks-ami, nodeadm/internal/kubelet/config.go:
// withDefaultReservedResources, GetMemoryMebibytesToReserve, getCPUMillicoresToReserve;
// evictionHard in defaultKubeletSubConfig): kube-reserved CPU is 6% of the first core, 1%
// of the second, 0.5% of the third and fourth and 0.25% of every core above; kube-reserved
// memory is 255Mi + 11Mi per pod of maxPods; the hard eviction threshold is
// memory.available 100Mi. maxPods is the VPC CNI's ENIs x (IPs per ENI - 1) + 2
// (eni-max-pods.txt in the same repository; t4g.medium 17, c7g.large 29).
const (
	kubeReservedMemoryBaseMiB   = 255
	kubeReservedMemoryPerPodMiB = 11
	evictionHardMemoryMiB       = 100
)

// kubeReservedCPUMilli is the formula's CPU reservation for a node of n cores, truncated to
// whole millicores as nodeadm writes it.
func kubeReservedCPUMilli(n int) int {
	r := 0.0
	for core := 1; core <= n; core++ {
		switch {
		case core == 1:
			r += 60
		case core == 2:
			r += 10
		case core <= 4:
			r += 5
		default:
			r += 2.5
		}
	}
	return int(r)
}

// enis are the ENIs and IPv4 addresses per ENI of the sizes of the families
// cluster.LookupInstanceType knows (EC2 instance type network specifications,
// docs.aws.amazon.com/ec2/latest/instancetypes/; burstable types have their own row).
var enis = map[string][2]int{
	"medium": {2, 4}, "large": {3, 10}, "xlarge": {4, 15}, "2xlarge": {4, 15}, "4xlarge": {8, 30},
	"8xlarge": {8, 30}, "12xlarge": {8, 30}, "16xlarge": {15, 50}, "24xlarge": {15, 50},
}

var burstableENIs = map[string][2]int{
	"nano": {2, 2}, "micro": {2, 2}, "small": {3, 4}, "medium": {3, 6}, "large": {3, 12},
	"xlarge": {4, 15}, "2xlarge": {4, 15},
}

// measuredMemoryMiB is the memory capacity the kubelet reports, where it is known: t4g.medium
// reports 3930Mi of its nominal 4096Mi (the figure internal/testcluster gives its nodes).
// Other types are estimated as nominal less 7.5%, the default VM memory overhead Karpenter
// assumes for the same gap (karpenter.sh settings, vmMemoryOverheadPercent 0.075), which is
// below what t4g.medium measures and so errs towards less room.
var measuredMemoryMiB = map[string]int{"t4g.medium": 3930}

// vmMemoryOverhead is the estimate's fraction of nominal memory the kubelet does not see.
const vmMemoryOverhead = 0.075

// NodeShapeOf returns the node shape of an instance type, or an error for a type the
// cluster component does not know.
func NodeShapeOf(instanceType string) (NodeShape, error) {
	it, err := cluster.ValidateInstanceType(instanceType)
	if err != nil {
		return NodeShape{}, err
	}
	fam, size, _ := strings.Cut(instanceType, ".")
	table := enis
	if strings.HasPrefix(fam, "t") {
		table = burstableENIs
	}
	e, ok := table[size]
	if !ok {
		return NodeShape{}, fmt.Errorf("%q: no ENI limits known for size %s", instanceType, size)
	}
	maxPods := e[0]*(e[1]-1) + 2
	mem, ok := measuredMemoryMiB[instanceType]
	if !ok {
		mem = int(math.Floor(float64(it.MemoryMiB) * (1 - vmMemoryOverhead)))
	}
	cpu := it.VCPUs * 1000
	return NodeShape{
		InstanceType:         instanceType,
		CapacityCPUMilli:     cpu,
		CapacityMemoryMiB:    mem,
		AllocatableCPUMilli:  cpu - kubeReservedCPUMilli(it.VCPUs),
		AllocatableMemoryMiB: mem - (kubeReservedMemoryBaseMiB + kubeReservedMemoryPerPodMiB*maxPods) - evictionHardMemoryMiB,
		MaxPods:              maxPods,
	}, nil
}

// PodRequest is what one pod asks the scheduler for.
type PodRequest struct {
	// Name says which workload the pod belongs to.
	Name string
	// CPUMilli and MemoryMiB are the pod's requests.
	CPUMilli, MemoryMiB int
	// Count is how many such pods run (per node for DaemonSets).
	Count int
}

// SystemPods are the pods beside the gateway that this stack deploys, as the add-ons and
// charts request them (0 where a chart sets no request: it still takes a pod slot).
// Requests of the EKS add-ons are those of their manifests as EKS ships them: aws-node 25m
// CPU, kube-proxy 100m CPU, coredns 100m CPU and 70Mi (two replicas). eks-pod-identity-agent
// is counted with no requests (not confirmed here). The AWS Load Balancer Controller chart
// sets no requests. The data service and the built-in Redis use the gateway component's
// values (docs/gateway-chart.md): 250m/512Mi and 100m/128Mi.
type SystemPods struct {
	// PerNode are the DaemonSets' pods, one of each on every node.
	PerNode []PodRequest
	// Cluster are the Deployments' pods, placed anywhere.
	Cluster []PodRequest
}

// SystemPodsFor lists the system pods a configuration deploys, as validation counts them.
func SystemPodsFor(c Config) SystemPods { return systemPods(c) }

// systemPods lists the system pods of a configuration.
func systemPods(c Config) SystemPods {
	s := SystemPods{
		PerNode: []PodRequest{{Name: "aws-node (vpc-cni)", CPUMilli: 25, Count: 1}, {Name: "kube-proxy", CPUMilli: 100, Count: 1}},
		Cluster: []PodRequest{{Name: "coredns", CPUMilli: 100, MemoryMiB: 70, Count: 2}},
	}
	if c.Identity.Mode == vocab.PodIdentity {
		s.PerNode = append(s.PerNode, PodRequest{Name: "eks-pod-identity-agent", Count: 1})
	}
	if installsLoadBalancerController(c) {
		s.Cluster = append(s.Cluster, PodRequest{Name: "aws-load-balancer-controller", Count: c.Cluster.LoadBalancerController.Replicas})
	}
	if c.Gateway.Autoscaling.Enabled && c.Cluster.Mode == ModeNew {
		// The metrics-server add-on (for the HPA): upstream's manifest requests 100m and
		// 200Mi per replica; two replicas counted, as a highly available install runs
		// (the EKS add-on's default replica count is not confirmed; more room is safe).
		s.Cluster = append(s.Cluster, PodRequest{Name: "metrics-server", CPUMilli: 100, MemoryMiB: 200, Count: 2})
	}
	if installsAutoscaler(c) {
		s.Cluster = append(s.Cluster, PodRequest{Name: "cluster-autoscaler", CPUMilli: milli(autoscaler.CPURequest), MemoryMiB: mebi(autoscaler.MemoryRequest), Count: autoscaler.DefaultReplicas})
	}
	if c.Gateway.DataService.Enabled {
		s.Cluster = append(s.Cluster, PodRequest{Name: "data service", CPUMilli: milli(gateway.DataServiceCPURequest), MemoryMiB: mebi(gateway.DataServiceMemoryRequest), Count: c.Gateway.DataService.Replicas})
	}
	if c.Cache.Mode == vocab.CacheBuiltin {
		s.Cluster = append(s.Cluster, PodRequest{Name: "redis (built-in)", CPUMilli: milli(gateway.BuiltinRedisCPURequest), MemoryMiB: mebi(gateway.BuiltinRedisMemoryRequest), Count: 1})
	}
	return s
}

// milli and mebi turn a CPU or memory quantity into millicores or MiB, rounding up.
func milli(q string) int { return int(math.Ceil(quantity(q) * 1000)) }
func mebi(q string) int  { return int(math.Ceil(quantity(q) / (1 << 20))) }

// CapacityNode is one node of the capacity model.
type CapacityNode struct {
	// Zone is the node's zone index.
	Zone int
	// Shape is its instance type's shape.
	Shape NodeShape
}

// CapacityPlan is the outcome of fitting the gateway onto nodes.
type CapacityPlan struct {
	// Nodes are the nodes the plan used.
	Nodes int
	// GatewaySlots is how many gateway pods can run on them, honouring the gateway's zone
	// spread (maxSkew 1, DoNotSchedule).
	GatewaySlots int
	// SystemFits is false when a system pod fits on no node.
	SystemFits bool
}

// PlanCapacity fits the system pods and then as many gateway pods of the given requests as
// possible onto nodes, the way the scheduler would: DaemonSet pods on every node, each
// Deployment pod (largest memory first) on the node with the most free memory (the
// scheduler's least-allocated scoring spreads them), then gateway pods by whole pods per
// node (CPU, memory and the pod limit), and across zones at most one more than the
// emptiest zone holds (the gateway's zone spread).
func PlanCapacity(nodes []CapacityNode, sys SystemPods, gwCPUMilli, gwMemoryMiB int) CapacityPlan {
	type free struct{ cpu, mem, pods, zone int }
	fs := make([]free, len(nodes))
	plan := CapacityPlan{Nodes: len(nodes), SystemFits: true}
	for i, n := range nodes {
		fs[i] = free{n.Shape.AllocatableCPUMilli, n.Shape.AllocatableMemoryMiB, n.Shape.MaxPods, n.Zone}
		for _, d := range sys.PerNode {
			fs[i].cpu -= d.CPUMilli * d.Count
			fs[i].mem -= d.MemoryMiB * d.Count
			fs[i].pods -= d.Count
		}
	}
	var pods []PodRequest
	for _, d := range sys.Cluster {
		for j := 0; j < d.Count; j++ {
			pods = append(pods, d)
		}
	}
	// The scheduler's placement of these pods is not known in advance (it scores nodes, and
	// pods come and go), so assume the worst: each goes where it costs the most gateway
	// slots (ties: the node with the most free memory). The real scheduler then finds at
	// least GatewaySlots (tests/e2e/capacity_test.go measures it); a placement "where there
	// is most room" counted 8 slots on three t4g.medium nodes where the scheduler found 7.
	slotsOf := func(f free) int {
		s := max(0, f.pods)
		if gwCPUMilli > 0 {
			s = min(s, max(0, f.cpu)/gwCPUMilli)
		}
		if gwMemoryMiB > 0 {
			s = min(s, max(0, f.mem)/gwMemoryMiB)
		}
		return s
	}
	sort.SliceStable(pods, func(a, b int) bool { return pods[a].MemoryMiB > pods[b].MemoryMiB })
	for _, p := range pods {
		best, bestLoss := -1, -1
		for i, f := range fs {
			if f.cpu < p.CPUMilli || f.mem < p.MemoryMiB || f.pods < 1 {
				continue
			}
			after := f
			after.cpu -= p.CPUMilli
			after.mem -= p.MemoryMiB
			after.pods--
			loss := slotsOf(f) - slotsOf(after)
			if best < 0 || loss > bestLoss || (loss == bestLoss && f.mem > fs[best].mem) {
				best, bestLoss = i, loss
			}
		}
		if best < 0 {
			plan.SystemFits = false
			continue
		}
		fs[best].cpu -= p.CPUMilli
		fs[best].mem -= p.MemoryMiB
		fs[best].pods--
	}
	zones := map[int]int{}
	for _, f := range fs {
		zones[f.zone] += slotsOf(f)
	}
	least := -1
	for _, s := range zones {
		if least < 0 || s < least {
			least = s
		}
	}
	for _, s := range zones {
		plan.GatewaySlots += min(s, least+1)
	}
	return plan
}

// gatewayPods is the most gateway pods the configuration runs: the HPA's maxReplicas, or
// the fixed replica count, with the key that sets it.
func gatewayPods(c Config) (int, string) {
	if c.Gateway.Autoscaling.Enabled {
		return c.Gateway.Autoscaling.MaxReplicas, "gateway.autoscaling.maxReplicas"
	}
	return c.Gateway.Replicas, "gateway.replicas"
}

// zoneCount is how many zones the node groups' subnets span.
func zoneCount(c Config) int {
	if c.Network.Mode == ModeExisting {
		return max(1, len(c.Network.PrivateSubnetIDs))
	}
	return max(1, c.Network.AzCount)
}

// schedulable reports whether the gateway's pods (which tolerate no taint) can run on a group.
func schedulable(ng NodeGroupConfig) bool {
	for _, t := range ng.Taints {
		if t.Effect == "NO_SCHEDULE" || t.Effect == "NO_EXECUTE" {
			return false
		}
	}
	return true
}

// groupShape is the shape a group's nodes are counted with: of its instance types, the one
// that holds the fewest gateway pods (then the least memory), so the check holds whichever
// type EC2 launches.
func groupShape(ng NodeGroupConfig, sys SystemPods, gwCPU, gwMem int) (NodeShape, bool) {
	var best NodeShape
	bestSlots := -1
	for _, it := range ng.InstanceTypes {
		s, err := NodeShapeOf(it)
		if err != nil {
			return NodeShape{}, false
		}
		p := PlanCapacity([]CapacityNode{{Shape: s}}, SystemPods{PerNode: sys.PerNode}, gwCPU, gwMem)
		if bestSlots < 0 || p.GatewaySlots < bestSlots || (p.GatewaySlots == bestSlots && s.AllocatableMemoryMiB < best.AllocatableMemoryMiB) {
			best, bestSlots = s, p.GatewaySlots
		}
	}
	return best, bestSlots >= 0
}

// capacityNodes builds the nodes of the schedulable groups at the given sizes (one per
// group), each group's nodes round-robin over the zones as the Auto Scaling group balances
// them.
func capacityNodes(shapes []NodeShape, sizes []int, zones int) []CapacityNode {
	var nodes []CapacityNode
	for g, s := range shapes {
		for i := 0; i < sizes[g]; i++ {
			nodes = append(nodes, CapacityNode{Zone: i % zones, Shape: s})
		}
	}
	return nodes
}

// validateCapacity checks that the gateway's most replicas and the system pods fit the
// schedulable node groups at maxSize. A configuration that can never fit is one problem,
// naming the keys and what would fit.
func validateCapacity(p *problems, c Config) {
	if c.Cluster.Mode != ModeNew || len(c.Cluster.NodeGroups) == 0 {
		return
	}
	r := c.Gateway.Resources
	gwCPU, gwMem := milli(r.CPURequest), mebi(r.MemoryRequest)
	if gwCPU <= 0 || gwMem <= 0 {
		return // reported by validateGateway
	}
	sys := systemPods(c)
	var shapes []NodeShape
	var sizes, idx []int
	for i, ng := range c.Cluster.NodeGroups {
		if !schedulable(ng) {
			continue
		}
		s, ok := groupShape(ng, sys, gwCPU, gwMem)
		if !ok {
			return // unknown instance types are reported by validateCluster
		}
		shapes, sizes, idx = append(shapes, s), append(sizes, ng.MaxSize), append(idx, i)
	}
	want, key := gatewayPods(c)
	if len(shapes) == 0 {
		p.add(key, want, "at least one node group without a NO_SCHEDULE or NO_EXECUTE taint", "has no node group to run on: every group's taints keep the gateway off")
		return
	}
	zones := zoneCount(c)
	plan := PlanCapacity(capacityNodes(shapes, sizes, zones), sys, gwCPU, gwMem)
	if plan.SystemFits && plan.GatewaySlots >= want {
		return
	}
	// What would fit: the first schedulable group's maxSize that would be enough (the
	// others unchanged), and the most replicas the current sizes hold.
	first := idx[0]
	need := -1
	for n := sizes[0] + 1; n <= 1000; n++ {
		s := slices.Clone(sizes)
		s[0] = n
		if pl := PlanCapacity(capacityNodes(shapes, s, zones), sys, gwCPU, gwMem); pl.SystemFits && pl.GatewaySlots >= want {
			need = n
			break
		}
	}
	var maxKeys []string
	for _, i := range idx {
		maxKeys = append(maxKeys, fmt.Sprintf("cluster.nodeGroups[%d].maxSize", i))
	}
	shape := shapes[0]
	msg := fmt.Sprintf("can never be scheduled: %d gateway pods of %dm CPU and %dMi (gateway.resources.cpuRequest %s, gateway.resources.memoryRequest %s) and the system pods need more than %s (%s) nodes of %s allow (%s holds %dm CPU, %dMi and %d pods allocatable, with the system pods of every node: %s); at that size at most %d gateway pods fit",
		want, gwCPU, gwMem, r.CPURequest, r.MemoryRequest, strings.Join(maxKeys, " + "), fmt.Sprint(sum(sizes)),
		fmt.Sprintf("cluster.nodeGroups[%d].instanceTypes %s", first, strings.Join(c.Cluster.NodeGroups[first].InstanceTypes, ", ")),
		shape.InstanceType, shape.AllocatableCPUMilli, shape.AllocatableMemoryMiB, shape.MaxPods, podNames(sys), plan.GatewaySlots)
	if !plan.SystemFits {
		msg = fmt.Sprintf("can never be scheduled: the system pods (%s) alone do not fit %d nodes of %s", podNames(sys), sum(sizes), shape.InstanceType)
	}
	allowed := fmt.Sprintf("%s at most %d", key, plan.GatewaySlots)
	if need > 0 {
		allowed += fmt.Sprintf(", or cluster.nodeGroups[%d].maxSize at least %d", first, need)
	}
	allowed += ", or smaller gateway.resources requests, or larger instanceTypes"
	p.add(key, want, allowed, "%s", msg)
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func podNames(s SystemPods) string {
	var out []string
	for _, d := range append(slices.Clone(s.PerNode), s.Cluster...) {
		out = append(out, fmt.Sprintf("%s %dm/%dMi", d.Name, d.CPUMilli, d.MemoryMiB))
	}
	return strings.Join(out, ", ")
}

// installsAutoscaler reports whether this stack installs the Cluster Autoscaler: when
// enabled, on a cluster it creates (ignored on an existing cluster).
func installsAutoscaler(c Config) bool {
	return c.Cluster.Autoscaler.Enabled && c.Cluster.Mode == ModeNew
}

// validateAutoscaler checks the cluster.autoscaler section.
func validateAutoscaler(p *problems, c Config) {
	a := c.Cluster.Autoscaler
	if !a.Enabled {
		return
	}
	if c.Cluster.Mode == ModeExisting {
		// Ignored, like loadBalancerController.install: this program manages no node groups
		// on an existing cluster, so a prod stack pointed at one keeps working and its own
		// autoscaler stays in charge (installsAutoscaler is false).
		return
	}
	rel, err := autoscaler.ReleaseFor(c.Cluster.Version)
	if err != nil && (a.ChartVersion == "" || a.ImageTag == "") {
		p.add("cluster.autoscaler.chartVersion", a.ChartVersion, "a cluster.version with a pinned release ("+strings.Join(autoscaler.KnownKubernetesVersions(), ", ")+"), or chartVersion and imageTag both set", "is empty and no Cluster Autoscaler release is pinned for Kubernetes %s", c.Cluster.Version)
	}
	if a.ChartVersion != "" {
		checkRule(p, "cluster.autoscaler.chartVersion", a.ChartVersion, validate.Semver, "a chart version such as "+rel.ChartVersion)
	}
	if a.ImageTag != "" {
		if err := autoscaler.CheckImageTag(a.ImageTag, c.Cluster.Version); err != nil {
			p.add("cluster.autoscaler.imageTag", a.ImageTag, "a cluster-autoscaler tag v"+autoscaler.Minor(c.Cluster.Version)+".x, or empty for the pinned one", "%v", err)
		}
	}
	if err := chartref.Validate(a.ChartRepository); err != nil {
		p.add("cluster.autoscaler.chartRepository", a.ChartRepository, "an https://, http:// or oci:// chart repository", "%v", err)
	}
	checkRule(p, "cluster.autoscaler.imageRepository", a.ImageRepository, validate.ImageRepository, "")
	if err := autoscaler.CheckDuration(a.ScaleDownUnneededTime); err != nil {
		p.add("cluster.autoscaler.scaleDownUnneededTime", a.ScaleDownUnneededTime, "a duration such as 10m", "%v", err)
	}
	grows := false
	for _, ng := range c.Cluster.NodeGroups {
		grows = grows || ng.MaxSize > ng.MinSize
	}
	if !grows {
		p.add("cluster.nodeGroups", nil, "a maxSize above minSize in at least one group", "leaves the autoscaler nothing to do: every group's maxSize equals its minSize")
	}
}

// validateScaling runs the checks of this file.
func validateScaling(p *problems, c Config) {
	validateAutoscaler(p, c)
	validateCapacity(p, c)
}
