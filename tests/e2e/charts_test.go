package e2e

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
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

	"github.com/stretchr/testify/require"
)

// testCharts are the charts of testdata/charts, by name, with the versions the program pins.
var testCharts = []struct{ name, version string }{
	{"gateway", "1.7.7"},
	{"aws-load-balancer-controller", "1.14.0"},
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
