package testcluster_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/portkey-eks/portkey-eks/internal/testcluster"
)

const wait = 90 * time.Second

// TestCluster starts the control plane and checks what the real-path tests rely on: a real
// v1.35.4 API server, kwok nodes shaped like t4g.medium, a Deployment that rolls out, a pod
// too big for any node that stays Pending as Unschedulable, and a namespace (with a
// Deployment, pods and a ConfigMap in it) that finishes deleting.
func TestCluster(t *testing.T) {
	c := testcluster.Start(t, testcluster.Options{})
	ctx := context.Background()

	var version struct{ GitVersion, Major, Minor string }
	if err := c.Get(ctx, "/version", &version); err != nil {
		t.Fatal(err)
	}
	if version.GitVersion != testcluster.Version || version.Major != "1" || version.Minor != "35" {
		t.Errorf("/version = %+v, want %s (major 1, minor 35)", version, testcluster.Version)
	}

	// The kubeconfig is usable as is: JSON, the loopback server, the CA and the admin.
	var kc struct {
		Clusters []struct {
			Cluster struct{ Server string } `json:"cluster"`
		} `json:"clusters"`
	}
	if err := json.Unmarshal([]byte(c.KubeconfigJSON), &kc); err != nil || len(kc.Clusters) != 1 || kc.Clusters[0].Cluster.Server != c.Server {
		t.Errorf("KubeconfigJSON = %s (%v), want server %s", c.KubeconfigJSON, err, c.Server)
	}
	if b, err := os.ReadFile(c.Kubeconfig); err != nil || string(b) != c.KubeconfigJSON {
		t.Errorf("Kubeconfig file differs from KubeconfigJSON (%v)", err)
	}
	if !strings.HasPrefix(c.Server, "https://127.0.0.1:") {
		t.Errorf("Server = %s, want loopback", c.Server)
	}

	step := time.Now()
	nodes := c.AddNodes(t, 3)
	t.Logf("3 nodes Ready in %s", time.Since(step).Round(10*time.Millisecond))
	var nodeList struct {
		Items []struct {
			Metadata struct {
				Name   string            `json:"name"`
				Labels map[string]string `json:"labels"`
			} `json:"metadata"`
			Status struct {
				Allocatable map[string]string `json:"allocatable"`
			} `json:"status"`
		} `json:"items"`
	}
	if err := c.Get(ctx, "/api/v1/nodes", &nodeList); err != nil {
		t.Fatal(err)
	}
	if len(nodeList.Items) != 3 {
		t.Fatalf("%d nodes, want 3: %v", len(nodeList.Items), nodes)
	}
	zones := map[string]bool{}
	for _, n := range nodeList.Items {
		l, a := n.Metadata.Labels, n.Status.Allocatable
		zones[l["topology.kubernetes.io/zone"]] = true
		if l["kubernetes.io/arch"] != "arm64" || l["node.kubernetes.io/instance-type"] != "t4g.medium" ||
			l["eks.amazonaws.com/nodegroup"] != "general" {
			t.Errorf("node %s labels %v", n.Metadata.Name, l)
		}
		if a["cpu"] != "1930m" || a["memory"] != "3388Mi" || a["pods"] != "17" {
			t.Errorf("node %s allocatable %v, want EKS t4g.medium's (kwok must keep it)", n.Metadata.Name, a)
		}
	}
	if len(zones) != 3 || !zones["us-east-1a"] || !zones["us-east-1b"] || !zones["us-east-1c"] {
		t.Errorf("zones %v, want one node in each of us-east-1a, b, c", zones)
	}

	const ns = "rollout"
	c.CreateNamespace(t, ns, map[string]string{"pod-security.kubernetes.io/enforce": "restricted"})
	if err := c.Create(ctx, "/api/v1/namespaces/"+ns+"/configmaps", map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "settings"}, "data": map[string]string{"a": "b"},
	}); err != nil {
		t.Fatal(err)
	}

	// An out-of-band change, as a drift test makes one: server-side apply, then a merge patch.
	cmPath := "/api/v1/namespaces/" + ns + "/configmaps/settings"
	if err := c.Apply(ctx, cmPath, map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "settings"}, "data": map[string]string{"a": "changed"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := c.Patch(ctx, cmPath, map[string]any{"data": map[string]any{"extra": "x"}}); err != nil {
		t.Fatal(err)
	}
	var cm struct{ Data map[string]string }
	if err := c.Get(ctx, cmPath, &cm); err != nil || cm.Data["a"] != "changed" || cm.Data["extra"] != "x" {
		t.Errorf("configmap after apply and patch: %v (%v)", cm.Data, err)
	}
	if err := c.Create(ctx, "/api/v1/namespaces/"+ns+"/configmaps", map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "settings"},
	}); !testcluster.IsConflict(err) {
		t.Errorf("creating an existing configmap: %v, want a conflict", err)
	}
	if err := c.Get(ctx, "/api/v1/namespaces/"+ns+"/configmaps/none", nil); !testcluster.IsNotFound(err) {
		t.Errorf("reading a missing configmap: %v, want not found", err)
	}

	// A Deployment of 3 replicas rolls out on the kwok nodes; each needs 800m, so no node
	// holds more than two: the scheduler really fits them.
	step = time.Now()
	dep := deployment("web", 3, "800m", "512Mi")
	if err := c.Create(ctx, "/apis/apps/v1/namespaces/"+ns+"/deployments", dep); err != nil {
		t.Fatal(err)
	}
	c.WaitFor(t, wait, "deployment web rolled out", func(ctx context.Context) (bool, error) {
		var d struct {
			Status struct {
				ReadyReplicas, UpdatedReplicas, AvailableReplicas int
			} `json:"status"`
		}
		if err := c.Get(ctx, "/apis/apps/v1/namespaces/"+ns+"/deployments/web", &d); err != nil {
			return false, err
		}
		s := d.Status
		return s.ReadyReplicas == 3 && s.UpdatedReplicas == 3 && s.AvailableReplicas == 3, fmt.Errorf("status %+v", s)
	})
	t.Logf("deployment rolled out in %s", time.Since(step).Round(10*time.Millisecond))
	var pods podList
	if err := c.Get(ctx, "/api/v1/namespaces/"+ns+"/pods?labelSelector=app%3Dweb", &pods); err != nil {
		t.Fatal(err)
	}
	for _, p := range pods.Items {
		if p.Spec.NodeName == "" || p.Status.PodIP == "" || p.Status.Phase != "Running" {
			t.Errorf("pod %s: node %q, IP %q, phase %s", p.Metadata.Name, p.Spec.NodeName, p.Status.PodIP, p.Status.Phase)
		}
	}

	// A pod asking for 3 CPUs fits no t4g.medium (1930m allocatable).
	big := pod("too-big", "3")
	if err := c.Create(ctx, "/api/v1/namespaces/"+ns+"/pods", big); err != nil {
		t.Fatal(err)
	}
	c.WaitFor(t, wait, "pod too-big Unschedulable", func(ctx context.Context) (bool, error) {
		var p podItem
		if err := c.Get(ctx, "/api/v1/namespaces/"+ns+"/pods/too-big", &p); err != nil {
			return false, err
		}
		for _, cond := range p.Status.Conditions {
			if cond.Type == "PodScheduled" && cond.Status == "False" && cond.Reason == "Unschedulable" {
				if !strings.Contains(cond.Message, "Insufficient cpu") {
					return false, fmt.Errorf("unschedulable for another reason: %s", cond.Message)
				}
				return p.Status.Phase == "Pending" && p.Spec.NodeName == "", fmt.Errorf("phase %s on %q", p.Status.Phase, p.Spec.NodeName)
			}
		}
		return false, fmt.Errorf("conditions %+v", p.Status.Conditions)
	})

	// Deleting the namespace finishes: the controller-manager's namespace controller deletes
	// its contents and kwok confirms the pods' deletion as a kubelet would.
	step = time.Now()
	if err := c.Delete(ctx, "/api/v1/namespaces/"+ns); err != nil {
		t.Fatal(err)
	}
	c.WaitFor(t, wait, "namespace "+ns+" gone", func(ctx context.Context) (bool, error) {
		ok, err := c.Exists(ctx, "/api/v1/namespaces/"+ns)
		if err != nil {
			return false, err
		}
		return !ok, fmt.Errorf("namespace %s still there", ns)
	})
	t.Logf("namespace deleted in %s", time.Since(step).Round(10*time.Millisecond))
}

// The too-big pod passes PodSecurity restricted too, so only the scheduler refuses it.
func pod(name, cpu string) map[string]any {
	return map[string]any{
		"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"name": name},
		"spec":     podSpec(cpu, "256Mi"),
	}
}

func deployment(name string, replicas int, cpu, mem string) map[string]any {
	labels := map[string]string{"app": name}
	return map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": name},
		"spec": map[string]any{
			"replicas": replicas,
			"selector": map[string]any{"matchLabels": labels},
			"template": map[string]any{
				"metadata": map[string]any{"labels": labels},
				"spec":     podSpec(cpu, mem),
			},
		},
	}
}

// podSpec is a restricted-compliant pod on arm64 nodes (kwok runs no container; the image
// is never pulled).
func podSpec(cpu, mem string) map[string]any {
	return map[string]any{
		"nodeSelector": map[string]string{"kubernetes.io/arch": "arm64"},
		"securityContext": map[string]any{
			"runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": map[string]string{"type": "RuntimeDefault"},
		},
		"containers": []map[string]any{{
			"name":  "app",
			"image": "registry.invalid/app:1",
			"resources": map[string]any{
				"requests": map[string]string{"cpu": cpu, "memory": mem},
			},
			"securityContext": map[string]any{
				"allowPrivilegeEscalation": false,
				"capabilities":             map[string]any{"drop": []string{"ALL"}},
			},
		}},
	}
}

type podItem struct {
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		NodeName string `json:"nodeName"`
	} `json:"spec"`
	Status struct {
		Phase      string `json:"phase"`
		PodIP      string `json:"podIP"`
		Conditions []struct {
			Type, Status, Reason, Message string
		} `json:"conditions"`
	} `json:"status"`
}

type podList struct {
	Items []podItem `json:"items"`
}
