package testcluster

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"
)

// KwokAnnotation is the annotation (value "fake") that hands a Node to kwok: kwok marks it
// Ready, keeps its heartbeat and plays the kubelet for the pods scheduled on it.
const KwokAnnotation = "kwok.x-k8s.io/node"

// What EKS reports for a t4g.medium node of an AL2023 managed node group: 2 vCPU and 4 GiB,
// less kube-reserved (70m CPU, 255Mi + 11Mi per pod of memory) and the 100Mi eviction
// threshold; 17 pods (the VPC CNI's ENI limit for the type).
const (
	t4gCPU              = "2"
	t4gAllocatableCPU   = "1930m"
	t4gMemory           = "3930Mi"
	t4gAllocatableMem   = "3388Mi"
	t4gPods             = "17"
	t4gEphemeral        = "52416492Ki" // the 50 GiB gp3 root volume
	t4gAllocatableEphem = "47233297124"
)

// Taint is a node taint.
type Taint struct {
	// Key, Value and Effect (NoSchedule, PreferNoSchedule, NoExecute) as in the Node spec.
	Key    string `json:"key"`
	Value  string `json:"value,omitempty"`
	Effect string `json:"effect"`
}

// NodeOption changes the nodes AddNodes creates.
type NodeOption func(*nodeConfig)

type nodeConfig struct {
	group  string
	labels map[string]string
	taints []Taint
	zones  []string
}

// InNodeGroup sets the eks.amazonaws.com/nodegroup label (default "general").
func InNodeGroup(name string) NodeOption { return func(nc *nodeConfig) { nc.group = name } }

// WithLabels adds labels to the nodes (overriding the EKS ones on the same key).
func WithLabels(labels map[string]string) NodeOption {
	return func(nc *nodeConfig) { maps.Copy(nc.labels, labels) }
}

// WithTaints taints the nodes.
func WithTaints(taints ...Taint) NodeOption {
	return func(nc *nodeConfig) { nc.taints = append(nc.taints, taints...) }
}

// InZones places the nodes round-robin in these zones instead of c.Zones.
func InZones(zones ...string) NodeOption { return func(nc *nodeConfig) { nc.zones = zones } }

// AddNodes creates n Node objects shaped like the nodes of an EKS managed node group of
// t4g.medium (arm64, AL2023, on-demand): the labels EKS puts on them, capacity and
// allocatable as EKS reports them (1930m CPU, 3388Mi memory, 17 pods), one per zone
// round-robin, handed to kwok. It waits until all are Ready without the not-ready taint
// and returns their names.
func (c *Cluster) AddNodes(t testing.TB, n int, opts ...NodeOption) []string {
	t.Helper()
	nc := &nodeConfig{group: "general", labels: map[string]string{}, zones: c.Zones}
	for _, o := range opts {
		o(nc)
	}
	ctx := context.Background()
	var names []string
	for i := 0; i < n; i++ {
		c.mu.Lock()
		seq := c.nodes
		c.nodes++
		c.mu.Unlock()
		zoneIdx := seq % len(nc.zones)
		zone := nc.zones[zoneIdx]
		ip := fmt.Sprintf("10.0.%d.%d", 16*zoneIdx+1, 10+seq/len(nc.zones))
		name := "ip-" + strings.ReplaceAll(ip, ".", "-") + "." + c.Region + ".compute.internal"
		if c.Region == "us-east-1" {
			name = "ip-" + strings.ReplaceAll(ip, ".", "-") + ".ec2.internal"
		}
		labels := map[string]string{
			"beta.kubernetes.io/arch":                  "arm64",
			"beta.kubernetes.io/instance-type":         "t4g.medium",
			"beta.kubernetes.io/os":                    "linux",
			"eks.amazonaws.com/capacityType":           "ON_DEMAND",
			"eks.amazonaws.com/nodegroup":              nc.group,
			"eks.amazonaws.com/nodegroup-image":        "ami-0a1b2c3d4e5f60718",
			"failure-domain.beta.kubernetes.io/region": c.Region,
			"failure-domain.beta.kubernetes.io/zone":   zone,
			"k8s.io/cloud-provider-aws":                "a1b2c3d4e5f60718293a4b5c6d7e8f90",
			"kubernetes.io/arch":                       "arm64",
			"kubernetes.io/hostname":                   name,
			"kubernetes.io/os":                         "linux",
			"node.kubernetes.io/instance-type":         "t4g.medium",
			"topology.k8s.aws/zone-id":                 fmt.Sprintf("%s-az%d", zoneIDPrefix(c.Region), zoneIdx+1),
			"topology.kubernetes.io/region":            c.Region,
			"topology.kubernetes.io/zone":              zone,
		}
		maps.Copy(labels, nc.labels)
		spec := map[string]any{"providerID": fmt.Sprintf("aws:///%s/i-0%016x", zone, 0xabc000+seq)}
		if len(nc.taints) > 0 {
			spec["taints"] = nc.taints
		}
		node := map[string]any{
			"apiVersion": "v1",
			"kind":       "Node",
			"metadata": map[string]any{
				"name":   name,
				"labels": labels,
				"annotations": map[string]string{
					KwokAnnotation:                         "fake",
					"node.alpha.kubernetes.io/ttl":         "0",
					"alpha.kubernetes.io/provided-node-ip": ip,
				},
			},
			"spec": spec,
			"status": map[string]any{
				"capacity": map[string]string{
					"cpu": t4gCPU, "memory": t4gMemory, "pods": t4gPods, "ephemeral-storage": t4gEphemeral,
				},
				"allocatable": map[string]string{
					"cpu": t4gAllocatableCPU, "memory": t4gAllocatableMem, "pods": t4gPods,
					"ephemeral-storage": t4gAllocatableEphem,
				},
				"addresses": []map[string]string{
					{"type": "InternalIP", "address": ip},
					{"type": "InternalDNS", "address": name},
					{"type": "Hostname", "address": name},
				},
				"nodeInfo": map[string]string{
					"architecture":            "arm64",
					"operatingSystem":         "linux",
					"osImage":                 "Amazon Linux 2023.9.20251208",
					"kernelVersion":           "6.12.58-82.121.amzn2023.aarch64",
					"containerRuntimeVersion": "containerd://2.1.5",
					"kubeletVersion":          Version + "-eks-3025e55",
					"kubeProxyVersion":        Version + "-eks-3025e55",
				},
			},
		}
		if err := c.Create(ctx, "/api/v1/nodes", node); err != nil {
			t.Fatalf("testcluster: create node %s: %v", name, err)
		}
		names = append(names, name)
	}
	for _, name := range names {
		c.WaitFor(t, 60*time.Second, "node "+name+" Ready", func(ctx context.Context) (bool, error) {
			var node struct {
				Spec struct {
					Taints []Taint `json:"taints"`
				} `json:"spec"`
				Status struct {
					Conditions []struct{ Type, Status string } `json:"conditions"`
				} `json:"status"`
			}
			if err := c.Get(ctx, "/api/v1/nodes/"+name, &node); err != nil {
				return false, err
			}
			for _, tn := range node.Spec.Taints {
				if strings.HasPrefix(tn.Key, "node.kubernetes.io/") {
					return false, fmt.Errorf("still tainted %s:%s", tn.Key, tn.Effect)
				}
			}
			for _, cond := range node.Status.Conditions {
				if cond.Type == "Ready" && cond.Status == "True" {
					return true, nil
				}
			}
			return false, fmt.Errorf("not Ready yet: %v", node.Status.Conditions)
		})
	}
	return names
}

// zoneIDPrefix is the AZ ID prefix AWS uses for a region: "use1" for us-east-1,
// "apne1" for ap-northeast-1.
func zoneIDPrefix(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 {
		return region
	}
	dirs := map[string]string{"east": "e", "west": "w", "north": "n", "south": "s", "central": "c",
		"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw"}
	d, ok := dirs[parts[1]]
	if !ok {
		d = parts[1][:1]
	}
	return parts[0] + d + parts[2]
}
