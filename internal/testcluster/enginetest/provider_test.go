// Package enginetest_test checks the pair the real-path tests stand on: the real
// pulumi-kubernetes provider (bin/pulumi-resource-kubernetes, tools/pulumi-kubernetes/build.sh)
// driven by the real engine (bin/pulumi) against the testcluster control plane. It lives
// apart from package testcluster so that package's own test stays light.
package enginetest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/internal/testcluster"
)

// TestProviderOnCluster: `up` of a Namespace and a 2-replica Deployment through the real
// provider returns once the Deployment is ready (the provider's await sees kwok's pods
// become Ready), the objects are in the API server, a preview after it plans no change, and
// `destroy` returns once the namespace is gone (the controller-manager finalises it).
func TestProviderOnCluster(t *testing.T) {
	bins := testcluster.RequireBinaries(t, "pulumi", "pulumi-resource-kubernetes")
	c := testcluster.Start(t, testcluster.Options{})
	c.AddNodes(t, 2)

	// The engine finds both binaries on PATH; nothing is downloaded.
	bin := filepath.Dir(bins["pulumi"])
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	root := t.TempDir()
	env := map[string]string{
		"PULUMI_BACKEND_URL":                          "file://" + filepath.Join(root, "state"),
		"PULUMI_CONFIG_PASSPHRASE":                    "enginetest",
		"PULUMI_HOME":                                 filepath.Join(root, "home"),
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"KUBECONFIG":                                  "/dev/null", // only the provider's explicit kubeconfig counts
	}
	for _, d := range []string{"state", "home"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}

	program := func(ctx *pulumi.Context) error {
		prov, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{
			Kubeconfig: pulumi.String(c.KubeconfigJSON),
		})
		if err != nil {
			return err
		}
		ns, err := corev1.NewNamespace(ctx, "smoke", &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:   pulumi.String("smoke"),
				Labels: pulumi.StringMap{"pod-security.kubernetes.io/enforce": pulumi.String("baseline")},
			},
		}, pulumi.Provider(prov))
		if err != nil {
			return err
		}
		labels := pulumi.StringMap{"app": pulumi.String("web")}
		_, err = appsv1.NewDeployment(ctx, "web", &appsv1.DeploymentArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("web"), Namespace: ns.Metadata.Name()},
			Spec: &appsv1.DeploymentSpecArgs{
				Replicas: pulumi.Int(2),
				Selector: &metav1.LabelSelectorArgs{MatchLabels: labels},
				Template: &corev1.PodTemplateSpecArgs{
					Metadata: &metav1.ObjectMetaArgs{Labels: labels},
					Spec: &corev1.PodSpecArgs{Containers: corev1.ContainerArray{&corev1.ContainerArgs{
						Name:  pulumi.String("app"),
						Image: pulumi.String("registry.invalid/app:1"),
						Resources: &corev1.ResourceRequirementsArgs{
							Requests: pulumi.StringMap{"cpu": pulumi.String("500m"), "memory": pulumi.String("256Mi")},
						},
					}}},
				},
			},
		}, pulumi.Provider(prov))
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "enginetest", program,
		auto.EnvVars(env),
		auto.Project(workspace.Project{Name: "enginetest", Runtime: workspace.NewProjectRuntimeInfo("go", nil),
			Backend: &workspace.ProjectBackend{URL: env["PULUMI_BACKEND_URL"]}}),
	)
	if err != nil {
		t.Fatalf("stack: %v", err)
	}

	var out strings.Builder
	step := time.Now()
	up, err := stack.Up(ctx, optup.ProgressStreams(&out))
	if err != nil {
		t.Fatalf("up: %v\n%s", err, out.String())
	}
	t.Logf("up in %s: %v", time.Since(step).Round(100*time.Millisecond), up.Summary.ResourceChanges)
	if want := "using pulumi-resource-kubernetes from $PATH at " + bins["pulumi-resource-kubernetes"]; !strings.Contains(out.String(), want) {
		t.Errorf("up output lacks %q: the engine did not run the built provider\n%s", want, out.String())
	}
	var dep struct {
		Status struct{ ReadyReplicas int } `json:"status"`
	}
	if err := c.Get(ctx, "/apis/apps/v1/namespaces/smoke/deployments/web", &dep); err != nil || dep.Status.ReadyReplicas != 2 {
		t.Errorf("deployment smoke/web after up: %+v (%v), want 2 ready replicas", dep.Status, err)
	}
	var ns struct {
		Metadata struct{ Labels map[string]string } `json:"metadata"`
	}
	if err := c.Get(ctx, "/api/v1/namespaces/smoke", &ns); err != nil || ns.Metadata.Labels["pod-security.kubernetes.io/enforce"] != "baseline" {
		t.Errorf("namespace smoke after up: %+v (%v)", ns.Metadata, err)
	}

	out.Reset()
	pre, err := stack.Preview(ctx, optpreview.ProgressStreams(&out))
	if err != nil {
		t.Fatalf("preview: %v\n%s", err, out.String())
	}
	for op, n := range pre.ChangeSummary {
		if op != apitype.OpSame && n != 0 {
			t.Errorf("preview after up plans %d %s; want no change\n%s", n, op, out.String())
		}
	}

	out.Reset()
	step = time.Now()
	if _, err := stack.Destroy(ctx, optdestroy.ProgressStreams(&out)); err != nil {
		t.Fatalf("destroy: %v\n%s", err, out.String())
	}
	t.Logf("destroy in %s", time.Since(step).Round(100*time.Millisecond))
	if ok, err := c.Exists(ctx, "/api/v1/namespaces/smoke"); err != nil || ok {
		t.Errorf("namespace smoke still there after destroy (%v)", err)
	}
}
