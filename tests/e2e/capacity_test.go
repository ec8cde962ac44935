package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/internal/testcluster"
	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/tests/fakecloud"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// TestCapacityAgreesWithTheScheduler puts prod's gateway (the HPA's 12 replicas, with the
// pod spec the gateway component composes for prod: requests and zone spread) and prod's
// system pods on kwok nodes shaped like t4g.medium, and lets the real kube-scheduler place
// them. At 3 nodes 8 run and 4 stay Pending for lack of CPU and memory, as the validation's
// arithmetic says; at the node count the validation first accepts, all 12 run, and one
// node fewer the validation refuses.
func TestCapacityAgreesWithTheScheduler(t *testing.T) {
	root, err := fakecloud.RepoRoot()
	require.NoError(t, err)
	sf, err := stacks.LoadStackFile(root, "prod")
	require.NoError(t, err)
	cfg, _ := stacks.Decode(sf.Input(false))
	require.True(t, cfg.Gateway.Autoscaling.Enabled)
	want := cfg.Gateway.Autoscaling.MaxReplicas
	require.Equal(t, 12, want, "prod's HPA maximum")
	zones := cfg.Network.AzCount

	c := testcluster.Start(t, testcluster.Options{Region: cfg.Region, Zones: zones})
	c.AddNodes(t, 3, testcluster.InNodeGroup("general"))
	ctx := context.Background()

	// The harness's nodes have the allocatable the validation computes for t4g.medium.
	shape, err := stacks.NodeShapeOf("t4g.medium")
	require.NoError(t, err)
	var nodes struct {
		Items []struct {
			Status struct {
				Allocatable map[string]string `json:"allocatable"`
			} `json:"status"`
		} `json:"items"`
	}
	require.NoError(t, c.Get(ctx, "/api/v1/nodes", &nodes))
	require.Len(t, nodes.Items, 3)
	for _, n := range nodes.Items {
		assert.Equal(t, map[string]string{"cpu": fmt.Sprintf("%dm", shape.AllocatableCPUMilli), "memory": fmt.Sprintf("%dMi", shape.AllocatableMemoryMiB), "pods": fmt.Sprint(shape.MaxPods)},
			map[string]string{"cpu": n.Status.Allocatable["cpu"], "memory": n.Status.Allocatable["memory"], "pods": n.Status.Allocatable["pods"]})
	}

	// The system pods, first, as they are in a real cluster (add-ons and controllers come
	// before the gateway release).
	sys := stacks.SystemPodsFor(cfg)
	for _, d := range sys.PerNode {
		create(t, c, "/apis/apps/v1/namespaces/kube-system/daemonsets", workload("DaemonSet", d, 0))
	}
	for _, d := range sys.Cluster {
		create(t, c, "/apis/apps/v1/namespaces/kube-system/deployments", workload("Deployment", d, d.Count))
	}
	perNode := 0
	for _, d := range sys.PerNode {
		perNode += d.Count
	}
	clusterPods := 0
	for _, d := range sys.Cluster {
		clusterPods += d.Count
	}
	waitPods(t, c, "kube-system", "portkey-e2e/system=true", 3*perNode+clusterPods, 0)

	// The gateway's pod spec as the component writes it for prod.
	values, err := gateway.Values(gateway.ValuesInput{
		ReleaseName: cfg.Gateway.ReleaseName, ServiceName: cfg.Gateway.ServiceName, OrganisationID: "org-e2e-42",
		ClientAuthKey: "x", RegistryUsername: "x", RegistryPassword: "x", Images: gateway.DefaultImages(),
		// The pod spec does not depend on the cache: the built-in one keeps the input short.
		Cache:       gateway.CacheValues{Mode: vocab.CacheBuiltin, Environment: cache.GatewayEnvironment(nil)},
		Identity:    gateway.IdentityValues{Mode: cfg.Identity.Mode, GatewayServiceAccount: cfg.Gateway.ServiceAccountName, DataServiceServiceAccount: cfg.Gateway.DataService.ServiceAccountName},
		DataService: gateway.DataService{Enabled: true, Replicas: cfg.Gateway.DataService.Replicas},
		Replicas:    cfg.Gateway.Replicas,
		Autoscaling: gateway.Autoscaling{Enabled: true, MinReplicas: cfg.Gateway.Autoscaling.MinReplicas, MaxReplicas: want, TargetCPUPercent: 70, TargetMemoryPercent: 80},
		Resources:   gateway.Resources{CPURequest: cfg.Gateway.Resources.CPURequest, MemoryRequest: cfg.Gateway.Resources.MemoryRequest, CPULimit: cfg.Gateway.Resources.CPULimit, MemoryLimit: cfg.Gateway.Resources.MemoryLimit},
	})
	require.NoError(t, err)
	create(t, c, "/api/v1/namespaces", map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}})
	labels := gateway.GatewaySelectorLabels(cfg.Gateway.ReleaseName)
	gw := map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": fullName, "namespace": ns, "labels": labels},
		"spec": map[string]any{
			"replicas": want, // the HPA at its maximum
			"selector": map[string]any{"matchLabels": labels},
			"template": map[string]any{
				"metadata": map[string]any{"labels": labels},
				"spec": map[string]any{
					"topologySpreadConstraints": values["topologySpreadConstraints"],
					"containers":                []any{map[string]any{"name": "gateway", "image": "docker.io/portkeyai/gateway_enterprise:2.13.0", "resources": values["resources"]}},
				},
			},
		},
	}
	create(t, c, "/apis/apps/v1/namespaces/"+ns+"/deployments", gw)
	gwSelector := "app.kubernetes.io/name=gateway"

	gwCPU, gwMem := 500, 1024
	require.Equal(t, map[string]any{"cpu": "500m", "memory": "1Gi"}, values["resources"].(map[string]any)["requests"], "prod uses the default requests")
	at := func(n int) int {
		return stacks.PlanCapacity(capacityNodes(shape, n, zones), sys, gwCPU, gwMem).GatewaySlots
	}

	t.Run("3 nodes: 12 do not fit, the rest Pending for lack of cpu and memory", func(t *testing.T) {
		// The validation assumes the worst placement of the system pods, so the real
		// scheduler runs at least as many as it counts (it measured 7 here: the system pods
		// took a gateway slot on two of the three nodes), never fewer.
		running, pending := waitSettled(t, c, ns, gwSelector, want)
		t.Logf("3 nodes: %d gateway pods run, %d Pending; the validation counts %d slots", running, len(pending), at(3))
		assert.LessOrEqual(t, at(3), running, "the validation never counts more slots than the scheduler finds")
		assert.Less(t, running, want)
		require.NotEmpty(t, pending)
		for _, msg := range pending {
			assert.Contains(t, msg, "Insufficient", msg)
			assert.True(t, strings.Contains(msg, "Insufficient cpu") || strings.Contains(msg, "Insufficient memory"), msg)
		}
	})

	// The smallest maxSize the validation accepts for prod on t4g.medium.
	accepts := func(n int) bool {
		c := cfg
		c.Cluster.NodeGroups = []stacks.NodeGroupConfig{cfg.Cluster.NodeGroups[0]}
		c.Cluster.NodeGroups[0].InstanceTypes = []string{"t4g.medium"}
		c.Cluster.NodeGroups[0].MaxSize = n
		for _, p := range stacks.Validate(c) {
			if p.Key == "gateway.autoscaling.maxReplicas" {
				return false
			}
		}
		return true
	}
	minSize := 0
	for n := 3; n <= 20 && minSize == 0; n++ {
		if accepts(n) {
			minSize = n
		}
	}
	require.NotZero(t, minSize)
	t.Logf("the smallest maxSize validation accepts for prod's 12 gateways on t4g.medium: %d", minSize)
	assert.False(t, accepts(minSize-1))
	assert.GreaterOrEqual(t, at(minSize), want)
	assert.Less(t, at(minSize-1), want)

	t.Run(fmt.Sprintf("at the accepted maxSize (%d nodes) all 12 run", minSize), func(t *testing.T) {
		// What the autoscaler does for the Pending pods: more nodes of the group, in the
		// next zones round-robin as the Auto Scaling group balances them.
		c.AddNodes(t, minSize-3, testcluster.InNodeGroup("general"))
		waitPods(t, c, ns, gwSelector, want, 0)
	})
}

// capacityNodes are n nodes of shape, round-robin over zones, as the harness places them.
func capacityNodes(shape stacks.NodeShape, n, zones int) []stacks.CapacityNode {
	var out []stacks.CapacityNode
	for i := 0; i < n; i++ {
		out = append(out, stacks.CapacityNode{Zone: i % zones, Shape: shape})
	}
	return out
}

// workload is a DaemonSet or Deployment of pods with the requests of d.
func workload(kind string, d stacks.PodRequest, replicas int) map[string]any {
	name := strings.Trim(strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(strings.ToLower(d.Name)), "-")
	labels := map[string]any{"app": name, "portkey-e2e/system": "true"}
	requests := map[string]any{}
	if d.CPUMilli > 0 {
		requests["cpu"] = fmt.Sprintf("%dm", d.CPUMilli)
	}
	if d.MemoryMiB > 0 {
		requests["memory"] = fmt.Sprintf("%dMi", d.MemoryMiB)
	}
	spec := map[string]any{
		"selector": map[string]any{"matchLabels": map[string]any{"app": name}},
		"template": map[string]any{
			"metadata": map[string]any{"labels": labels},
			"spec": map[string]any{
				"priorityClassName": "system-cluster-critical",
				"containers":        []any{map[string]any{"name": name, "image": "registry.k8s.io/pause:3.10", "resources": map[string]any{"requests": requests}}},
			},
		},
	}
	if kind == "Deployment" {
		spec["replicas"] = replicas
	}
	return map[string]any{"apiVersion": "apps/v1", "kind": kind, "metadata": map[string]any{"name": name, "namespace": "kube-system"}, "spec": spec}
}

func create(t *testing.T, c *testcluster.Cluster, path string, obj any) {
	t.Helper()
	require.NoError(t, c.Create(context.Background(), path, obj), path)
}

// waitPods waits until the pods matching selector settle at running Running and pending
// unschedulable pods, and returns the pending pods' scheduling messages.
func waitPods(t *testing.T, c *testcluster.Cluster, namespace, selector string, running, pending int) []string {
	t.Helper()
	_, msgs := waitPodsUntil(t, c, namespace, selector, fmt.Sprintf("%d running and %d unschedulable pods (%s)", running, pending, selector),
		func(total, r, unschedulable int) bool {
			return r == running && unschedulable == pending && total == running+pending
		})
	return msgs
}

// waitSettled waits until each of total pods is Running or Unschedulable, and returns how
// many run and the scheduler's messages for the others.
func waitSettled(t *testing.T, c *testcluster.Cluster, namespace, selector string, total int) (int, []string) {
	t.Helper()
	return waitPodsUntil(t, c, namespace, selector, fmt.Sprintf("%d pods each running or unschedulable (%s)", total, selector),
		func(n, r, unschedulable int) bool { return n == total && r+unschedulable == total })
}

func waitPodsUntil(t *testing.T, c *testcluster.Cluster, namespace, selector, what string, done func(total, running, unschedulable int) bool) (int, []string) {
	t.Helper()
	var msgs []string
	var r int
	c.WaitFor(t, 90*time.Second, what, func(ctx context.Context) (bool, error) {
		var list struct {
			Items []struct {
				Status struct {
					Phase      string `json:"phase"`
					Conditions []struct {
						Type, Status, Reason, Message string
					} `json:"conditions"`
				} `json:"status"`
			} `json:"items"`
		}
		if err := c.Get(ctx, "/api/v1/namespaces/"+namespace+"/pods?labelSelector="+url.QueryEscape(selector), &list); err != nil {
			return false, err
		}
		r, msgs = 0, nil
		for _, p := range list.Items {
			if p.Status.Phase == "Running" {
				r++
				continue
			}
			for _, cond := range p.Status.Conditions {
				if cond.Type == "PodScheduled" && cond.Status == "False" && cond.Reason == "Unschedulable" {
					msgs = append(msgs, cond.Message)
				}
			}
		}
		if !done(len(list.Items), r, len(msgs)) {
			return false, fmt.Errorf("%d pods, %d running, %d unschedulable", len(list.Items), r, len(msgs))
		}
		return true, nil
	})
	// Settled: the counts stay for a moment (no late scheduling).
	time.Sleep(2 * time.Second)
	return r, msgs
}
