// Package testcluster runs a real Kubernetes control plane on loopback for tests: etcd,
// kube-apiserver, kube-controller-manager and kube-scheduler at v1.35.4, with kwok playing
// the kubelet of Node objects the test creates, so pods are scheduled and become Ready,
// Deployments roll out and namespaces finish deleting. Nothing runs a container.
//
// The binaries come from <repo>/bin/, built by tools/k8s/build.sh (make k8s-tools). When
// one is missing the test is skipped, loudly, or fails when CI=true.
//
//	c := testcluster.Start(t, testcluster.Options{})
//	c.AddNodes(t, 3) // t4g.medium-like nodes, one per zone
//	os.Setenv("KUBECONFIG", c.Kubeconfig)
//	var ns map[string]any
//	err := c.Get(ctx, "/api/v1/namespaces/default", &ns)
//
// Everything listens on 127.0.0.1 at ports picked free at start, and lives in t.TempDir();
// t.Cleanup stops the processes (their whole process groups). The package talks to the API
// server with net/http and encoding/json only. When a test fails, the tail of each
// component's log is logged; TESTCLUSTER_LOGS=<dir> keeps the whole logs in <dir>/<test>/.
package testcluster

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Version is the Kubernetes release the API server reports (tools/k8s/go.mod).
const Version = "v1.35.4"

// Binaries are the names, in <repo>/bin/, of the programs Start runs.
var Binaries = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"}

//go:embed stages/*.yaml
var stageFiles embed.FS

// Options configure Start. The zero value is a us-east-1 cluster with three zones.
type Options struct {
	// Region names the zones nodes are placed in (<Region>a, b, ...). Default us-east-1.
	Region string
	// Zones is the number of availability zones AddNodes spreads nodes over. Default 3.
	Zones int
	// ServiceCIDR is --service-cluster-ip-range. Default 172.20.0.0/16, what EKS picks for
	// a VPC in 10.0.0.0/8.
	ServiceCIDR string
	// PodCIDR is the range kwok gives pod IPs from. Default 10.0.128.0/17.
	PodCIDR string
	// StartTimeout bounds the wait for every component to be ready. Default 90s.
	StartTimeout time.Duration
	// APIServerArgs are appended to kube-apiserver's flags (a later flag wins).
	APIServerArgs []string
	// ControllerManagerArgs are appended to kube-controller-manager's flags.
	ControllerManagerArgs []string
}

// Cluster is a running control plane. Its methods may be called from any goroutine.
type Cluster struct {
	// Server is the API server's URL, https://127.0.0.1:<port>.
	Server string
	// Kubeconfig is the path of a kubeconfig file for the cluster admin (client
	// certificate in system:masters), with the CA embedded.
	Kubeconfig string
	// KubeconfigJSON is the same kubeconfig as a JSON document, for a provider's
	// kubeconfig input.
	KubeconfigJSON string
	// CAPEM is the cluster CA certificate, PEM encoded.
	CAPEM []byte
	// Token is a static bearer token of the same admin, for clients without a certificate.
	Token string
	// Dir holds the cluster's files: certificates, etcd data, logs/<component>.log.
	Dir string
	// Region is the AWS region the nodes claim to be in (Options.Region).
	Region string
	// Zones are the availability zones AddNodes places nodes in, in order.
	Zones []string

	client *http.Client
	procs  []*proc

	mu    sync.Mutex
	nodes int // nodes added so far, to name the next ones
}

// BinDir returns <repo>/bin, the directory the build scripts write to, found from the
// working directory up (a test runs in its package's directory).
func BinDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/portkey-eks/portkey-eks\n") {
			return filepath.Join(dir, "bin"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("portkey-eks repository root not found above the working directory")
		}
		dir = parent
	}
}

// RequireBinaries returns the paths of names in <repo>/bin/. When one is missing it skips
// the test with the build command to run, or fails it when CI=true (a CI run must not pass
// by skipping). Start calls it for Binaries; a test needing more (pulumi,
// pulumi-resource-kubernetes) calls it itself.
func RequireBinaries(t testing.TB, names ...string) map[string]string {
	t.Helper()
	bin, err := BinDir()
	paths := map[string]string{}
	var missing []string
	for _, n := range names {
		if err != nil {
			missing = append(missing, n)
			continue
		}
		p := filepath.Join(bin, n)
		if fi, statErr := os.Stat(p); statErr != nil || fi.IsDir() {
			missing = append(missing, n)
			continue
		}
		paths[n] = p
	}
	if len(missing) == 0 {
		return paths
	}
	where := bin
	if err != nil {
		where = "<repo>/bin (" + err.Error() + ")"
	}
	msg := fmt.Sprintf("real-cluster test needs %s, not found in %s: build with `make k8s-tools` "+
		"(tools/k8s/build.sh, tools/pulumi-kubernetes/build.sh; tools/pulumi/build.sh for pulumi)",
		strings.Join(missing, ", "), where)
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true: " + msg)
	}
	t.Skip("SKIPPED: " + msg)
	return nil
}

// Start runs a control plane for the test and returns it once the API server is ready, the
// controller-manager and scheduler are healthy and the default namespace has its service
// account (so the controllers run). It is stopped by t.Cleanup. It skips or fails the test
// as RequireBinaries does when a binary is missing.
func Start(t testing.TB, opts Options) *Cluster {
	t.Helper()
	bins := RequireBinaries(t, Binaries...)
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.Zones <= 0 {
		opts.Zones = 3
	}
	if opts.ServiceCIDR == "" {
		opts.ServiceCIDR = "172.20.0.0/16"
	}
	if opts.PodCIDR == "" {
		opts.PodCIDR = "10.0.128.0/17"
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = 90 * time.Second
	}
	svcPrefix, err := netip.ParsePrefix(opts.ServiceCIDR)
	if err != nil {
		t.Fatalf("testcluster: ServiceCIDR: %v", err)
	}
	serviceIP := net.IP(svcPrefix.Masked().Addr().Next().AsSlice())

	c := &Cluster{Dir: t.TempDir(), Region: opts.Region}
	for i := 0; i < opts.Zones; i++ {
		c.Zones = append(c.Zones, fmt.Sprintf("%s%c", opts.Region, 'a'+i))
	}
	logs := filepath.Join(c.Dir, "logs")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.stop(t) })

	tok := make([]byte, 16)
	_, _ = rand.Read(tok)
	c.Token = hex.EncodeToString(tok)
	pk, err := newPKI(c.Dir, serviceIP, c.Token)
	if err != nil {
		t.Fatalf("testcluster: certificates: %v", err)
	}
	c.CAPEM = pk.caPEM
	ports, err := freePorts(6)
	if err != nil {
		t.Fatalf("testcluster: free ports: %v", err)
	}
	etcdClient, etcdPeer, apiPort, kcmPort, schedPort, kwokPort := ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]
	c.Server = fmt.Sprintf("https://127.0.0.1:%d", apiPort)
	if err := c.writeKubeconfig(pk); err != nil {
		t.Fatalf("testcluster: kubeconfig: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), opts.StartTimeout)
	defer cancel()
	start := time.Now()

	// etcd
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", etcdClient)
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", etcdPeer)
	c.run(t, "etcd", bins["etcd"], []string{
		"--name=testcluster",
		"--data-dir=" + filepath.Join(c.Dir, "etcd"),
		"--listen-client-urls=" + etcdURL,
		"--advertise-client-urls=" + etcdURL,
		"--listen-peer-urls=" + peerURL,
		"--initial-advertise-peer-urls=" + peerURL,
		"--initial-cluster=testcluster=" + peerURL,
		"--initial-cluster-state=new",
		"--unsafe-no-fsync=true", // throwaway data; fsync is most of etcd's latency on a busy disk
		"--log-level=warn",
	})
	plain := &http.Client{Timeout: 5 * time.Second}
	c.waitHTTP(t, ctx, "etcd", plain, etcdURL+"/health", func(b []byte) bool {
		return strings.Contains(string(b), `"health":"true"`)
	})

	// kube-apiserver
	apiArgs := []string{
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", apiPort),
		"--etcd-servers=" + etcdURL,
		"--tls-cert-file=" + pk.servingFile,
		"--tls-private-key-file=" + pk.servingKey,
		"--client-ca-file=" + pk.caFile,
		"--token-auth-file=" + pk.tokenFile,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + pk.saPublicFile,
		"--service-account-signing-key-file=" + pk.saKeyFile,
		"--api-audiences=https://kubernetes.default.svc.cluster.local",
		"--requestheader-client-ca-file=" + pk.caFile,
		"--requestheader-allowed-names=front-proxy-client",
		"--requestheader-username-headers=X-Remote-User",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--proxy-client-cert-file=" + pk.proxyFile,
		"--proxy-client-key-file=" + pk.proxyKeyFile,
		"--service-cluster-ip-range=" + opts.ServiceCIDR,
		"--authorization-mode=Node,RBAC",
		// On top of the release's default admission plugins (NamespaceLifecycle, ServiceAccount,
		// LimitRanger, DefaultStorageClass, PodSecurity, ResourceQuota, the webhooks, ...),
		// NodeRestriction, as EKS runs it.
		"--enable-admission-plugins=NodeRestriction",
		"--allow-privileged=true",
		// The kubernetes Service's endpoint would be 127.0.0.1, which Endpoints validation
		// refuses (it logs an error every few seconds); nothing in the tests dials it.
		"--endpoint-reconciler-type=none",
		"--cert-dir=" + filepath.Join(c.Dir, "apiserver-certs"),
		"--profiling=false",
		"--v=1",
	}
	c.run(t, "kube-apiserver", bins["kube-apiserver"], append(apiArgs, opts.APIServerArgs...))
	c.client = &http.Client{Timeout: 30 * time.Second, Transport: c.transport(pk)}
	c.waitHTTP(t, ctx, "kube-apiserver", c.client, c.Server+"/readyz", func(b []byte) bool {
		return strings.TrimSpace(string(b)) == "ok"
	})

	// kube-controller-manager, kube-scheduler, kwok
	kcmArgs := []string{
		"--kubeconfig=" + c.Kubeconfig,
		"--authentication-kubeconfig=" + c.Kubeconfig,
		"--authorization-kubeconfig=" + c.Kubeconfig,
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", kcmPort),
		"--cert-dir=" + filepath.Join(c.Dir, "kcm-certs"),
		"--leader-elect=false",
		// No cloud: no node IPAM (kwok gives pod IPs), no LoadBalancer Services, no routes.
		"--controllers=*,-nodeipam,-service,-route,-cloud-node-lifecycle",
		"--service-account-private-key-file=" + pk.saKeyFile,
		"--root-ca-file=" + pk.caFile,
		"--use-service-account-credentials=false",
		"--cluster-signing-cert-file=" + pk.caFile,
		"--cluster-signing-key-file=" + pk.caKeyFile,
		"--service-cluster-ip-range=" + opts.ServiceCIDR,
		"--profiling=false",
		"--v=1",
	}
	c.run(t, "kube-controller-manager", bins["kube-controller-manager"], append(kcmArgs, opts.ControllerManagerArgs...))
	c.run(t, "kube-scheduler", bins["kube-scheduler"], []string{
		"--kubeconfig=" + c.Kubeconfig,
		"--authentication-kubeconfig=" + c.Kubeconfig,
		"--authorization-kubeconfig=" + c.Kubeconfig,
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", schedPort),
		"--cert-dir=" + filepath.Join(c.Dir, "scheduler-certs"),
		"--leader-elect=false",
		"--profiling=false",
		"--v=1",
	})
	stages, err := c.writeStages()
	if err != nil {
		t.Fatalf("testcluster: kwok stages: %v", err)
	}
	c.run(t, "kwok", bins["kwok"], []string{
		"--kubeconfig=" + c.Kubeconfig,
		"--config=" + stages,
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=" + KwokAnnotation + "=fake",
		"--cidr=" + opts.PodCIDR,
		"--node-ip=10.0.0.10",
		fmt.Sprintf("--server-address=127.0.0.1:%d", kwokPort),
	})

	insecure := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // their self-signed serving certs
	}}
	c.waitHTTP(t, ctx, "kube-controller-manager", insecure, fmt.Sprintf("https://127.0.0.1:%d/healthz", kcmPort), isOK)
	c.waitHTTP(t, ctx, "kube-scheduler", insecure, fmt.Sprintf("https://127.0.0.1:%d/healthz", schedPort), isOK)
	c.waitHTTP(t, ctx, "kwok", plain, fmt.Sprintf("http://127.0.0.1:%d/healthz", kwokPort), isOK)
	// The service-account controller (and with it the controller-manager's informers) runs.
	c.waitHTTP(t, ctx, "default service account", c.client, c.Server+"/api/v1/namespaces/default/serviceaccounts/default", nil)
	t.Logf("testcluster: Kubernetes %s up at %s in %s (dir %s)", Version, c.Server, time.Since(start).Round(100*time.Millisecond), c.Dir)
	return c
}

func isOK(b []byte) bool { return strings.TrimSpace(string(b)) == "ok" }

// run starts a component, failing the test if it cannot.
func (c *Cluster) run(t testing.TB, name, bin string, args []string) {
	t.Helper()
	p, err := startProc(name, bin, filepath.Join(c.Dir, "logs", name+".log"), args)
	if err != nil {
		t.Fatalf("testcluster: %v", err)
	}
	c.procs = append(c.procs, p)
}

// waitHTTP polls url until it answers 200 with a body ok accepts (any body when ok is
// nil), failing the test when ctx ends or a component exits.
func (c *Cluster) waitHTTP(t testing.TB, ctx context.Context, what string, client *http.Client, url string, ok func([]byte) bool) {
	t.Helper()
	var last string
	for {
		for _, p := range c.procs {
			if err := p.exited(); err != nil {
				t.Fatalf("testcluster: waiting for %s: %v", what, err)
			}
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := client.Do(req)
		if err == nil {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && (ok == nil || ok(b)) {
				return
			}
			last = fmt.Sprintf("%s: %s", resp.Status, strings.TrimSpace(string(b)))
		} else {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			t.Fatalf("testcluster: %s not ready at %s: %s\n%s", what, url, last, c.logTails(20))
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// stop stops the components in reverse order and, when the test failed, logs their tails.
func (c *Cluster) stop(t testing.TB) {
	if t.Failed() {
		t.Logf("testcluster: component logs (full logs in %s/logs):\n%s", c.Dir, c.logTails(40))
	}
	for i := len(c.procs) - 1; i >= 0; i-- {
		c.procs[i].stop(10 * time.Second)
	}
	if keep := os.Getenv("TESTCLUSTER_LOGS"); keep != "" {
		dst := filepath.Join(keep, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
		if err := os.MkdirAll(dst, 0o755); err == nil {
			for _, p := range c.procs {
				if b, err := os.ReadFile(p.logPath); err == nil {
					_ = os.WriteFile(filepath.Join(dst, p.name+".log"), b, 0o644)
				}
			}
			t.Logf("testcluster: component logs copied to %s", dst)
		}
	}
	c.procs = nil
}

func (c *Cluster) logTails(n int) string {
	var sb strings.Builder
	for _, p := range c.procs {
		fmt.Fprintf(&sb, "--- %s (%s)\n%s", p.name, p.logPath, p.tail(n))
	}
	return sb.String()
}

// writeStages concatenates the embedded kwok Stage objects into one --config file.
func (c *Cluster) writeStages() (string, error) {
	entries, err := stageFiles.ReadDir("stages")
	if err != nil {
		return "", err
	}
	var docs []string
	for _, e := range entries {
		b, err := stageFiles.ReadFile("stages/" + e.Name())
		if err != nil {
			return "", err
		}
		docs = append(docs, strings.TrimSpace(string(b)))
	}
	path := filepath.Join(c.Dir, "kwok-stages.yaml")
	return path, os.WriteFile(path, []byte(strings.Join(docs, "\n---\n")+"\n"), 0o600)
}

// kubeconfig is the JSON shape of a kubeconfig file.
type kubeconfig struct {
	APIVersion     string      `json:"apiVersion"`
	Kind           string      `json:"kind"`
	CurrentContext string      `json:"current-context"`
	Clusters       []kcCluster `json:"clusters"`
	Contexts       []kcContext `json:"contexts"`
	Users          []kcUser    `json:"users"`
}

type kcCluster struct {
	Name    string `json:"name"`
	Cluster struct {
		Server string `json:"server"`
		CA     string `json:"certificate-authority-data"`
	} `json:"cluster"`
}

type kcContext struct {
	Name    string `json:"name"`
	Context struct {
		Cluster string `json:"cluster"`
		User    string `json:"user"`
	} `json:"context"`
}

type kcUser struct {
	Name string `json:"name"`
	User struct {
		Cert string `json:"client-certificate-data"`
		Key  string `json:"client-key-data"`
	} `json:"user"`
}

// writeKubeconfig writes the admin kubeconfig for c.Server.
func (c *Cluster) writeKubeconfig(pk *pki) error {
	c.Kubeconfig = filepath.Join(c.Dir, "kubeconfig")
	kc := kubeconfig{APIVersion: "v1", Kind: "Config", CurrentContext: "testcluster",
		Clusters: make([]kcCluster, 1), Contexts: make([]kcContext, 1), Users: make([]kcUser, 1)}
	kc.Clusters[0].Name = "testcluster"
	kc.Clusters[0].Cluster.Server = c.Server
	kc.Clusters[0].Cluster.CA = base64.StdEncoding.EncodeToString(pk.caPEM)
	kc.Contexts[0].Name = "testcluster"
	kc.Contexts[0].Context.Cluster = "testcluster"
	kc.Contexts[0].Context.User = "admin"
	kc.Users[0].Name = "admin"
	kc.Users[0].User.Cert = base64.StdEncoding.EncodeToString(pk.adminPEM)
	kc.Users[0].User.Key = base64.StdEncoding.EncodeToString(pk.adminKey)
	b, err := json.MarshalIndent(kc, "", "  ")
	if err != nil {
		return err
	}
	c.KubeconfigJSON = string(b)
	return os.WriteFile(c.Kubeconfig, b, 0o600)
}

// transport trusts the cluster CA and presents the admin certificate.
func (c *Cluster) transport(pk *pki) *http.Transport {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pk.caPEM)
	cert, err := tls.X509KeyPair(pk.adminPEM, pk.adminKey)
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if err == nil {
		cfg.Certificates = []tls.Certificate{cert}
	}
	return &http.Transport{TLSClientConfig: cfg, MaxIdleConnsPerHost: 8}
}

// freePorts returns n distinct loopback TCP ports that were free a moment ago.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
