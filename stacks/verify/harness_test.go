package verify_test

// The test harness: one real Kubernetes control plane (internal/testcluster) per test
// binary, whose API server sends its traffic to pods and nodes through an HTTP CONNECT
// proxy on a Unix socket (an EgressSelectorConfiguration, as konnectivity is wired on real
// clusters). kwok's pod IPs are not routable and the API server refuses loopback
// endpoints, so the proxy is what lets the API server's real service proxy (services/proxy)
// and pod log path (pods/log, via the node's kubelet address) reach stand-ins on loopback:
// a gateway /v1/health server per pod IP and a fake kubelet that serves pods' logs.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portkey-eks/portkey-eks/internal/testcluster"
)

// egress is the CONNECT proxy the API server dials pods and nodes through.
type egress struct {
	ln net.Listener

	mu     sync.Mutex
	routes map[string]string // "podIP:port" -> 127.0.0.1 address
	other  string            // everything else (the nodes' kubelet): the fake kubelet
	seen   []string          // CONNECT targets, for the tests' assertions
}

func newEgress(t *testing.T) *egress {
	dir, err := os.MkdirTemp("", "egress")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ln, err := net.Listen("unix", filepath.Join(dir, "proxy.sock"))
	if err != nil {
		t.Fatal(err)
	}
	e := &egress{ln: ln, routes: map[string]string{}}
	go e.serve()
	t.Cleanup(func() { ln.Close() })
	return e
}

func (e *egress) route(target, to string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.routes[target] = to
}

func (e *egress) targets() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.seen...)
}

func (e *egress) serve() {
	for {
		conn, err := e.ln.Accept()
		if err != nil {
			return
		}
		go e.handle(conn)
	}
}

func (e *egress) handle(conn net.Conn) {
	defer conn.Close()
	br := bufio.NewReader(conn)
	req, err := http.ReadRequest(br)
	if err != nil || req.Method != http.MethodConnect {
		fmt.Fprint(conn, "HTTP/1.1 405 Method Not Allowed\r\n\r\n")
		return
	}
	e.mu.Lock()
	e.seen = append(e.seen, req.Host)
	to, ok := e.routes[req.Host]
	if !ok {
		to = e.other
	}
	e.mu.Unlock()
	up, err := net.DialTimeout("tcp", to, 5*time.Second)
	if err != nil {
		fmt.Fprint(conn, "HTTP/1.1 502 Bad Gateway\r\n\r\n")
		return
	}
	defer up.Close()
	fmt.Fprint(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(up, br); done <- struct{}{} }()
	go func() { _, _ = io.Copy(conn, up); done <- struct{}{} }()
	<-done
}

// kubelet is a fake kubelet API serving /containerLogs/<ns>/<pod>/<container>.
type kubelet struct {
	srv  *httptest.Server
	mu   sync.Mutex
	logs map[string]string // "ns/pod" -> log
}

func newKubelet(t *testing.T) *kubelet {
	k := &kubelet{logs: map[string]string{}}
	k.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/containerLogs/"), "/")
		if !strings.HasPrefix(r.URL.Path, "/containerLogs/") || len(parts) < 2 {
			http.NotFound(w, r)
			return
		}
		k.mu.Lock()
		l, ok := k.logs[parts[0]+"/"+parts[1]]
		k.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, l)
	}))
	t.Cleanup(k.srv.Close)
	return k
}

func (k *kubelet) setLog(ns, pod, log string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.logs[ns+"/"+pod] = log
}

// env is the shared test environment.
type env struct {
	cluster *testcluster.Cluster
	egress  *egress
	kubelet *kubelet
	moto    string // moto_server's URL
}

// startEnv starts the control plane (with the egress proxy), three kwok nodes and
// moto_server. It skips (fails with CI=true) when a binary is missing.
func startEnv(t *testing.T) *env {
	t.Helper()
	motoURL := startMoto(t)
	e := &env{egress: newEgress(t), kubelet: newKubelet(t), moto: motoURL}
	e.egress.other = e.kubelet.srv.Listener.Addr().String()
	cfg := filepath.Join(t.TempDir(), "egress.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: %s
`, e.egress.ln.Addr())), 0o600); err != nil {
		t.Fatal(err)
	}
	e.cluster = testcluster.Start(t, testcluster.Options{APIServerArgs: []string{"--egress-selector-config-file=" + cfg}})
	e.cluster.AddNodes(t, 3)
	return e
}

// startMoto runs moto_server on a free loopback port.
func startMoto(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		msg := "verify tests need moto_server on PATH (pip install 'moto[server]'): " + err.Error()
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	logf, err := os.Create(filepath.Join(t.TempDir(), "moto.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logf.Close()
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return url
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logf.Name())
			t.Fatalf("moto_server did not start: %v\n%s", err, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func(ctx context.Context) (bool, error)) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ok, err := cond(ctx)
		if ok {
			return
		}
		last = err
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s: %v", timeout, what, last)
}
