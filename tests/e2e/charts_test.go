package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/internal/testcluster"
)

// testCharts are the charts of testdata/charts, by name, with the versions the program pins.
var testCharts = []struct{ name, version string }{
	{"gateway", "1.7.7"},
	{"aws-load-balancer-controller", "3.5.0"},
	{"cluster-autoscaler", "9.56.0"},
}

// packageChart makes the .tgz `helm package` would: every file of testdata/charts/<name>
// under the directory <name>/ in a gzipped tar.
func packageChart(t *testing.T, name string) []byte {
	t.Helper()
	src := filepath.Join("testdata", "charts", name)
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		hdr := &tar.Header{Name: name + "/" + filepath.ToSlash(rel), Mode: 0o644, Size: int64(len(b)), ModTime: time.Unix(1700000000, 0), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		_, err = tw.Write(b)
		return err
	})
	require.NoError(t, err)
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	return buf.Bytes()
}

// serveCharts serves the test charts and their index.yaml from a Helm repository on
// 127.0.0.1 and returns its URL.
func serveCharts(t *testing.T) string {
	t.Helper()
	files := map[string][]byte{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	var index strings.Builder
	index.WriteString("apiVersion: v1\nentries:\n")
	for _, c := range testCharts {
		tgz := packageChart(t, c.name)
		file := fmt.Sprintf("%s-%s.tgz", c.name, c.version)
		files[file] = tgz
		sum := sha256.Sum256(tgz)
		fmt.Fprintf(&index, "  %s:\n  - apiVersion: v2\n    name: %s\n    version: %s\n    created: \"2026-01-01T00:00:00Z\"\n    digest: %s\n    urls:\n    - %s/%s\n",
			c.name, c.name, c.version, hex.EncodeToString(sum[:]), srv.URL, file)
	}
	index.WriteString("generated: \"2026-01-01T00:00:00Z\"\n")
	files["index.yaml"] = []byte(index.String())
	return srv.URL
}

// TestControllerCRDsOverHelmCRD is the upgrade path on a real API server: a cluster whose
// TargetGroupBinding CRD a chart-1.14.0 `helm install` created (client-side, manager
// "helm", without vpcID or ipAddressType in its schema) gets the program's CRDs by
// server-side apply with forced conflicts (what pulumi.com/patchForce does), after which a
// TargetGroupBinding with spec.vpcID and spec.ipAddressType is stored as written.
func TestControllerCRDsOverHelmCRD(t *testing.T) {
	c := testcluster.Start(t, testcluster.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"
	const tgbName = "targetgroupbindings.elbv2.k8s.aws"

	// The old CRD, as Helm's first install leaves it.
	b, err := os.ReadFile(filepath.Join("testdata", "crds", "helm-1.14.0-targetgroupbindings.yaml"))
	require.NoError(t, err)
	var old map[string]any
	require.NoError(t, yaml.Unmarshal(b, &old))
	require.NoError(t, c.Do(ctx, http.MethodPost, crdPath+"?fieldManager=helm", "", old, nil))
	established := func(name string) {
		c.WaitFor(t, time.Minute, name+" established", func(ctx context.Context) (bool, error) {
			var crd struct {
				Status struct {
					Conditions []struct{ Type, Status string }
				}
			}
			if err := c.Get(ctx, crdPath+"/"+name, &crd); err != nil {
				return false, err
			}
			for _, cond := range crd.Status.Conditions {
				if cond.Type == "Established" && cond.Status == "True" {
					return true, nil
				}
			}
			return false, nil
		})
	}
	established(tgbName)

	c.CreateNamespace(t, "portkeyai", nil)
	tgbPath := "/apis/elbv2.k8s.aws/v1beta1/namespaces/portkeyai/targetgroupbindings"
	binding := func(name, ipType string) map[string]any {
		return map[string]any{
			"apiVersion": "elbv2.k8s.aws/v1beta1", "kind": "TargetGroupBinding",
			"metadata": map[string]any{"name": name},
			"spec": map[string]any{
				"serviceRef":     map[string]any{"name": "portkey-ai-gateway", "port": 8787},
				"targetGroupARN": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gw/0123456789abcdef",
				"targetType":     "ip",
				"vpcID":          "vpc-0123456789abcdef0",
				"ipAddressType":  ipType,
			},
		}
	}
	spec := func(name string) map[string]any {
		var obj struct{ Spec map[string]any }
		require.NoError(t, c.Get(ctx, tgbPath+"/"+name, &obj))
		return obj.Spec
	}
	// Under the old schema the new fields are pruned: this is what an upgrade without the
	// CRDs would leave.
	require.NoError(t, c.Create(ctx, tgbPath, binding("before", "ipv4")))
	assert.NotContains(t, spec("before"), "vpcID", "the 1.14.0 test CRD prunes vpcID")

	// The program's CRDs, applied as the Kubernetes provider does (server-side, forced).
	crds, err := lbcontroller.CRDs(lbcontroller.DefaultChartVersion)
	require.NoError(t, err)
	for _, crd := range crds {
		obj := map[string]any{
			"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
			"metadata": map[string]any{"name": crd.Name, "annotations": map[string]any{lbcontroller.PatchForceAnnotation: "true"}},
			"spec":     crd.Spec,
		}
		require.NoError(t, c.Do(ctx, http.MethodPatch, crdPath+"/"+crd.Name+"?fieldManager=pulumi-kubernetes&force=true", "application/apply-patch+yaml", obj, nil), crd.Name)
		established(crd.Name)
	}

	// The new fields are now kept, and the schema is enforced.
	c.WaitFor(t, time.Minute, "a TargetGroupBinding keeps vpcID", func(ctx context.Context) (bool, error) {
		_ = c.Delete(ctx, tgbPath+"/after")
		if err := c.Create(ctx, tgbPath, binding("after", "ipv4")); err != nil {
			return false, nil
		}
		var obj struct{ Spec map[string]any }
		if err := c.Get(ctx, tgbPath+"/after", &obj); err != nil {
			return false, err
		}
		return obj.Spec["vpcID"] == "vpc-0123456789abcdef0", nil
	})
	got := spec("after")
	assert.Equal(t, "vpc-0123456789abcdef0", got["vpcID"])
	assert.Equal(t, "ipv4", got["ipAddressType"])
	err = c.Create(ctx, tgbPath, binding("bad", "ipv5"))
	require.Error(t, err, "ipAddressType is an enum in the program's CRD")
	assert.Contains(t, err.Error(), "ipAddressType")

	// The program's manager now owns the spec; Helm's first-install ownership is gone.
	var crd struct {
		Metadata struct {
			ManagedFields []struct{ Manager, Operation string }
		}
		Spec struct {
			Versions []struct {
				Name    string
				Storage bool
			}
		}
	}
	require.NoError(t, c.Get(ctx, crdPath+"/"+tgbName, &crd))
	var managers []string
	for _, m := range crd.Metadata.ManagedFields {
		managers = append(managers, m.Manager+"/"+m.Operation)
	}
	assert.Contains(t, managers, "pulumi-kubernetes/Apply")
	var storage []string
	for _, v := range crd.Spec.Versions {
		if v.Storage {
			storage = append(storage, v.Name)
		}
	}
	assert.Equal(t, []string{"v1beta1"}, storage)
}
