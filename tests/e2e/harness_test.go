package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/internal/readmesteps"
	"github.com/portkey-eks/portkey-eks/internal/testcluster"
	"github.com/portkey-eks/portkey-eks/tests/fakecloud"
	"github.com/portkey-eks/portkey-eks/tests/fakecloud/provider"
)

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if cliPath != "" {
		os.RemoveAll(filepath.Dir(cliPath))
	}
	os.Exit(code)
}

// buildCLI builds cmd/portkey-eks once per test process.
func buildCLI(t *testing.T, root string) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "portkey-eks-e2e-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "portkey-eks")
		cmd := exec.Command("go", "build", "-o", cliPath, "./cmd/portkey-eks")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			cliErr = fmt.Errorf("go build ./cmd/portkey-eks: %w\n%s", err, out)
		}
	})
	require.NoError(t, cliErr)
	return cliPath
}

// project is a copy of the real project directory with a file:// backend, the stack
// created and configured with README's steps and the local chart repository.
type project struct {
	t       *testing.T
	dir     string
	state   string
	stack   string
	env     []string
	cli     string
	cluster *testcluster.Cluster
}

// runResult is one CLI run.
type runResult struct {
	code           int
	stdout, stderr string
}

func (r runResult) String() string {
	// Engine event lines (--json) are long: keep the summary line and the rest.
	var keep []string
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, "{\"sequence\"") {
			continue
		}
		keep = append(keep, line)
	}
	return fmt.Sprintf("exit %d\n--- stdout\n%s\n--- stderr\n%s", r.code, tail(strings.Join(keep, "\n"), 6000), tail(r.stderr, 4000))
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// newProject starts from nothing: a loopback cluster with nodes like the stack's managed
// node group, the chart repository, the CLI, and the project copy configured for stack.
func newProject(t *testing.T, stack, region string, zones int) *project {
	t.Helper()
	bins := testcluster.RequireBinaries(t, "pulumi", "pulumi-resource-kubernetes")
	root, err := fakecloud.RepoRoot()
	require.NoError(t, err)
	fake := fakecloud.Build(t)
	cli := buildCLI(t, root)

	c := testcluster.Start(t, testcluster.Options{Region: region, Zones: zones})
	c.AddNodes(t, 3, testcluster.InNodeGroup("general"))
	repo := serveCharts(t)

	tmp := t.TempDir()
	p := &project{t: t, dir: filepath.Join(tmp, "project"), state: filepath.Join(tmp, "state"), stack: stack, cli: cli, cluster: c}
	for _, d := range []string{p.dir, p.state, filepath.Join(tmp, "home"), filepath.Join(tmp, "helm")} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	for _, f := range []string{"Pulumi.yaml", "Pulumi." + stack + ".yaml"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(p.dir, f), b, 0o644))
	}
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k == "PATH" || strings.HasPrefix(k, "PULUMI_") || strings.HasPrefix(k, "HELM_") || k == "KUBECONFIG" {
			continue
		}
		env = append(env, kv)
	}
	p.env = append(env,
		"PATH="+strings.Join([]string{fake, filepath.Dir(bins["pulumi"]), os.Getenv("PATH")}, string(os.PathListSeparator)),
		"PULUMI_BACKEND_URL=file://"+p.state,
		"PULUMI_CONFIG_PASSPHRASE=e2e passphrase",
		"PULUMI_HOME="+filepath.Join(tmp, "home"),
		"PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
		"KUBECONFIG=/dev/null",
		"HELM_CACHE_HOME="+filepath.Join(tmp, "helm", "cache"),
		"HELM_CONFIG_HOME="+filepath.Join(tmp, "helm", "config"),
		"HELM_DATA_HOME="+filepath.Join(tmp, "helm", "data"),
		provider.KubeconfigEnv+"="+c.Kubeconfig,
		// The fake eks:index:Cluster's child Kubernetes provider (core.provider) plans an
		// update of its `version` on every up (a fakecloud defect, reported); the program
		// does not use it, so leave it out, as tests/fakecloud/program does.
		provider.K8sProviderEnv+"=false",
	)

	p.sh("pulumi stack init " + stack + " --non-interactive")
	steps, err := readmesteps.ConfigSteps(filepath.Join(root, "README.md"), stack)
	require.NoError(t, err)
	require.NotEmpty(t, steps)
	for _, step := range steps {
		p.sh(readmesteps.FillPlaceholder(step))
	}
	p.sh("pulumi config set --path gateway.chartRepository " + repo + " -s " + stack)
	p.sh("pulumi config set --path cluster.loadBalancerController.chartRepository " + repo + " -s " + stack)
	p.sh("pulumi config set --path cluster.autoscaler.chartRepository " + repo + " -s " + stack)
	return p
}

// sh runs a shell line in the project directory, failing the test if it fails.
func (p *project) sh(line string) string {
	p.t.Helper()
	cmd := exec.Command("bash", "-c", line)
	cmd.Dir, cmd.Env = p.dir, p.env
	out, err := cmd.CombinedOutput()
	require.NoError(p.t, err, "%s: %s", line, out)
	return string(out)
}

// run runs `portkey-eks <verb> --stack <stack> --dir <dir> args...`.
func (p *project) run(verb string, args ...string) runResult {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.cli, append([]string{verb, "--stack", p.stack, "--dir", p.dir}, args...)...)
	cmd.Dir, cmd.Env = p.dir, p.env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := runResult{stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		require.True(p.t, ok, "running portkey-eks %s: %v", verb, err)
		r.code = ee.ExitCode()
	}
	p.t.Logf("portkey-eks %s %s: exit %d in %s", verb, strings.Join(args, " "), r.code, time.Since(start).Round(100*time.Millisecond))
	return r
}

// summary is the CLI's {"summary": ...} JSON line.
type summary struct {
	Result         string         `json:"result"`
	Changes        map[string]int `json:"changes"`
	RefreshChanges map[string]int `json:"refreshChanges"`
	Outputs        map[string]any `json:"outputs"`
	Drift          []struct {
		Phase, Op, URN, Type string
		Diffs                []string
	} `json:"drift"`
	Error string `json:"error"`
}

// event is the part of an engine event line the tests read.
type event struct {
	ResourcePreEvent *struct {
		Metadata eventMeta `json:"metadata"`
	} `json:"resourcePreEvent"`
	ResOutputsEvent *struct {
		Metadata eventMeta `json:"metadata"`
	} `json:"resOutputsEvent"`
}

type eventMeta struct {
	Op    string   `json:"op"`
	URN   string   `json:"urn"`
	Type  string   `json:"type"`
	Diffs []string `json:"diffs"`
}

// parseJSON reads the --json output: the summary and the URNs of resources changed
// (op not same/read/refresh) by op.
func parseJSON(t *testing.T, r runResult) (summary, map[string][]string) {
	t.Helper()
	var s summary
	found := false
	changed := map[string][]string{}
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var top struct {
			Summary *summary `json:"summary"`
		}
		if json.Unmarshal(line, &top) == nil && top.Summary != nil {
			s, found = *top.Summary, true
			continue
		}
		var e event
		if json.Unmarshal(line, &e) != nil {
			continue
		}
		var m *eventMeta
		switch {
		case e.ResOutputsEvent != nil:
			m = &e.ResOutputsEvent.Metadata
		case e.ResourcePreEvent != nil:
			m = &e.ResourcePreEvent.Metadata
		default:
			continue
		}
		switch m.Op {
		case "same", "read", "refresh", "":
			continue
		}
		if k := m.Op + " " + m.URN; !seen[k] {
			seen[k] = true
			changed[m.Op] = append(changed[m.Op], m.URN)
			t.Logf("engine event: %s %s %v", m.Op, m.URN, m.Diffs)
		}
	}
	require.True(t, found, "no summary line in the --json output: %s", r)
	return s, changed
}

// outputs reads the stack outputs with `portkey-eks outputs --json`.
func (p *project) outputs() map[string]any {
	p.t.Helper()
	r := p.run("outputs", "--json")
	require.Zero(p.t, r.code, r.String())
	s, _ := parseJSON(p.t, r)
	return s.Outputs
}

// stateFile is the file backend's checkpoint of the stack.
func (p *project) stateFile() string {
	return filepath.Join(p.state, ".pulumi", "stacks", "portkey-eks", p.stack+".json")
}

// stateResource is one resource of the checkpoint.
type stateResource struct {
	URN     string         `json:"urn"`
	Type    string         `json:"type"`
	Protect bool           `json:"protect"`
	Outputs map[string]any `json:"outputs"`
}

// resources reads the checkpoint's resources from disk.
func (p *project) resources() []stateResource {
	p.t.Helper()
	b, err := os.ReadFile(p.stateFile())
	require.NoError(p.t, err)
	var cp struct {
		Checkpoint struct {
			Latest struct {
				Resources []stateResource `json:"resources"`
			} `json:"latest"`
		} `json:"checkpoint"`
	}
	require.NoError(p.t, json.Unmarshal(b, &cp))
	return cp.Checkpoint.Latest.Resources
}

// secretValues returns every secret config value of the stack, in plain text.
func (p *project) secretValues() []string {
	p.t.Helper()
	var cfg map[string]struct {
		Value  any  `json:"value"`
		Secret bool `json:"secret"`
	}
	require.NoError(p.t, json.Unmarshal([]byte(p.sh("pulumi config --show-secrets --json -s "+p.stack)), &cfg))
	var out []string
	for k, v := range cfg {
		if v.Secret {
			s := fmt.Sprint(v.Value)
			require.NotEmpty(p.t, s, k)
			out = append(out, s)
		}
	}
	require.NotEmpty(p.t, out)
	return out
}

// get reads the object at path from the cluster.
func (p *project) get(path string) map[string]any {
	p.t.Helper()
	var obj map[string]any
	require.NoError(p.t, p.cluster.Get(context.Background(), path, &obj), path)
	return obj
}

// field walks obj along keys.
func field(obj any, keys ...string) any {
	for _, k := range keys {
		m, ok := obj.(map[string]any)
		if !ok {
			return nil
		}
		obj = m[k]
	}
	return obj
}
