// Package program_test runs the whole real program (stacks.Program) through the real
// engine on copies of the real project files, with only the fake AWS and EKS providers:
// no Kubernetes provider and no API server. It records how far `up -s dev` gets: every
// aws:* and eks:* resource the program registers before its first Kubernetes resource
// must be accepted by the fakes (no "not supported by the fake" error), and the first
// failure must be the Kubernetes side, which this test does not provide.
//
// It lives apart from tests/fakecloud so that the fakes' own tests do not depend on the
// program compiling.
package program_test

import (
	"context"
	"fmt"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/tests/fakecloud"
	"github.com/portkey-eks/portkey-eks/tests/fakecloud/provider"
)

// engineSkip is the loud reason the test skips, empty when it can run.
var engineSkip string

func TestMain(m *testing.M) {
	root, err := fakecloud.RepoRoot()
	if err == nil {
		_, err = os.Stat(filepath.Join(root, "bin", "pulumi"))
	}
	if err == nil {
		var fake string
		if fake, err = fakecloud.BuildDir(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// Only the fakes and the pulumi CLI: not <repo>/bin's other binaries (such as a
		// pulumi-resource-kubernetes), so the run stops at the first Kubernetes resource.
		cli, err := os.MkdirTemp("", "fakecloud-cli-")
		if err == nil {
			err = os.Symlink(filepath.Join(root, "bin", "pulumi"), filepath.Join(cli, "pulumi"))
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Setenv("PATH", strings.Join([]string{fake, cli, os.Getenv("PATH")}, string(os.PathListSeparator)))
	} else {
		engineSkip = fmt.Sprintf("\n%[1]s\n!!! REAL-ENGINE TEST OF tests/fakecloud/program SKIPPED: no pulumi CLI (%[2]v).\n"+
			"!!! Build it with tools/pulumi/build.sh (or make), then rerun.\n%[1]s\n", strings.Repeat("!", 78), err)
		fmt.Fprint(os.Stderr, engineSkip)
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "CI=true: failing instead of skipping")
			os.Exit(1)
		}
	}
	code := m.Run()
	if cli := os.Getenv("PATH"); cli != "" {
		for _, d := range filepath.SplitList(cli) {
			if strings.Contains(d, "fakecloud-cli-") {
				os.RemoveAll(d)
			}
		}
	}
	os.Exit(code)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, b, 0o644))
}

// stackSetup is what one stack needs beyond its stack file: path-config values and secrets.
type stackSetup struct {
	paths   map[string]string
	secrets map[string]string
}

// setups are the README's `pulumi config set` steps, plus the placeholders that up refuses.
var setups = map[string]stackSetup{
	"dev": {
		paths: map[string]string{
			"gateway.organisationId":       "4f1c2a9e-7b3d-4e8f-9a6b-2c5d8e1f0a3b",
			"cluster.publicAccessCidrs[0]": "81.2.69.0/24",
		},
		secrets: map[string]string{"clientAuthKey": "cak-5ecret", "registryUsername": "reg-user-5ecret", "registryPassword": "reg-pass-5ecret"},
	},
	"prod": {
		paths: map[string]string{
			"gateway.organisationId":        "4f1c2a9e-7b3d-4e8f-9a6b-2c5d8e1f0a3b",
			"cluster.privateAccessCidrs[0]": "10.99.0.0/16",
		},
		secrets: map[string]string{
			"clientAuthKey": "cak-5ecret", "registryUsername": "reg-user-5ecret", "registryPassword": "reg-pass-5ecret",
			"cacheAuthToken": "cacheAuthTokenThatIsLongEnough5ecretValue0123456789",
		},
	},
}

// result is what one `up` did.
type result struct {
	done   map[string]int
	errs   []string
	err    error
	output string
	// changes is the update's summary (nil when it failed before the engine started).
	changes map[string]int
}

func (r result) String() string {
	var types []string
	n := 0
	for typ, c := range r.done {
		types = append(types, fmt.Sprintf("%3d  %s", c, typ))
		n += c
	}
	sort.Strings(types)
	return fmt.Sprintf("%d resources done:\n%s\nerrors:\n%s\nup error: %v", n, strings.Join(types, "\n"), strings.Join(r.errs, "\n"), r.err)
}

// newProgramStack creates the stack of stacks.Program on copies of Pulumi.yaml and
// Pulumi.<stack>.yaml, configured by setups, with the fakes' kubeconfig pointing at a
// loopback listener (the program probes the API server's TCP port before any Kubernetes
// resource; nothing speaks Kubernetes there).
func newProgramStack(t *testing.T, stack string) auto.Stack {
	t.Helper()
	root, err := fakecloud.RepoRoot()
	require.NoError(t, err)
	tmp := t.TempDir()
	work, backend, home := filepath.Join(tmp, "project"), filepath.Join(tmp, "state"), filepath.Join(tmp, "home")
	for _, d := range []string{work, backend, home} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	copyFile(t, filepath.Join(root, "Pulumi.yaml"), filepath.Join(work, "Pulumi.yaml"))
	copyFile(t, filepath.Join(root, "Pulumi."+stack+".yaml"), filepath.Join(work, "Pulumi."+stack+".yaml"))

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { lis.Close() })
	go func() {
		for {
			c, err := lis.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	kubeconfig := filepath.Join(tmp, "kubeconfig")
	require.NoError(t, os.WriteFile(kubeconfig, []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
current-context: loop
clusters: [{name: loop, cluster: {server: "https://%s", insecure-skip-tls-verify: true}}]
contexts: [{name: loop, context: {cluster: loop, user: admin}}]
users: [{name: admin, user: {token: loopback-token}}]
`, lis.Addr())), 0o600))

	ctx := context.Background()
	s, err := auto.UpsertStackInlineSource(ctx, stack, "portkey-eks", stacks.Program, auto.WorkDir(work), auto.EnvVars(map[string]string{
		"PULUMI_BACKEND_URL":                          "file://" + backend,
		"PULUMI_CONFIG_PASSPHRASE":                    "correct horse battery staple",
		"PULUMI_HOME":                                 home,
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		provider.KubeconfigEnv:                        kubeconfig,
		// No child Kubernetes provider in the eks component: the program's own is the first.
		provider.K8sProviderEnv: "false",
	}))
	require.NoError(t, err)
	setup := setups[stack]
	for k, v := range setup.paths {
		require.NoError(t, s.SetConfigWithOptions(ctx, k, auto.ConfigValue{Value: v}, &auto.ConfigOptions{Path: true}))
	}
	for k, v := range setup.secrets {
		require.NoError(t, s.SetConfig(ctx, k, auto.ConfigValue{Value: v, Secret: true}))
	}
	return s
}

// up runs `up` (continuing on errors, so that every resource that can be created is) and
// collects what it did.
func up(t *testing.T, s auto.Stack) result {
	t.Helper()
	evs := make(chan events.EngineEvent)
	r := result{done: map[string]int{}}
	var mu sync.Mutex
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for e := range evs {
			mu.Lock()
			switch {
			case e.ResOutputsEvent != nil:
				r.done[e.ResOutputsEvent.Metadata.Type]++
			case e.DiagnosticEvent != nil && e.DiagnosticEvent.Severity == "error":
				r.errs = append(r.errs, strings.TrimSpace(e.DiagnosticEvent.URN+": "+e.DiagnosticEvent.Message))
			}
			mu.Unlock()
		}
	}()
	var log strings.Builder
	res, err := s.Up(context.Background(), optup.EventStreams(evs), optup.ProgressStreams(&log), optup.ContinueOnError())
	r.err = err
	if err == nil && res.Summary.ResourceChanges != nil {
		r.changes = *res.Summary.ResourceChanges
	}
	// The Automation API closes the channel once it has read every event, but not when
	// the update fails before the engine starts.
	select {
	case <-drained:
	case <-time.After(30 * time.Second):
	}
	mu.Lock()
	defer mu.Unlock()
	r.output = log.String()
	out := r
	out.done = maps.Clone(r.done)
	out.errs = slices.Clone(r.errs)
	return out
}

// assertFakesAcceptedAll asserts that the fakes refused nothing.
func assertFakesAcceptedAll(t *testing.T, r result) {
	t.Helper()
	all := strings.Join(r.errs, "\n") + r.output
	assert.NotContains(t, all, "not supported by the fake AWS provider")
	assert.NotContains(t, all, "not supported by the fake EKS provider")
	assert.NotContains(t, all, "fakecloud: ")
	assert.Positive(t, r.done["aws:eks/cluster:Cluster"], "the EKS cluster is created before any Kubernetes resource")
}

// TestWholeProgramWithOnlyTheFakes runs `up` of stacks.Program with the fake AWS and EKS
// providers and no Kubernetes provider at all: it stops at the program's Kubernetes
// provider, and everything before it must be accepted by the fakes.
func TestWholeProgramWithOnlyTheFakes(t *testing.T) {
	if engineSkip != "" {
		t.Skip(engineSkip)
	}
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			r := up(t, newProgramStack(t, stack))
			t.Logf("up -s %s with only the fakes: %s", stack, r)
			assertFakesAcceptedAll(t, r)
			require.Error(t, r.err, "without a Kubernetes provider up cannot succeed")
			assert.Contains(t, strings.Join(r.errs, "\n"), "no resource plugin 'pulumi-resource-kubernetes' found",
				"the only failure is the missing Kubernetes provider:\n%s", r.output)
		})
	}
}

// TestWholeProgramWithTheFakesAndAKubernetesStub runs `up` twice with a pass-through
// stand-in for the Kubernetes provider (kubestub): the whole program succeeds on the fakes,
// and the second up changes nothing.
func TestWholeProgramWithTheFakesAndAKubernetesStub(t *testing.T) {
	if engineSkip != "" {
		t.Skip(engineSkip)
	}
	stub := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(stub, "pulumi-resource-kubernetes"), "./tests/fakecloud/program/kubestub")
	root, err := fakecloud.RepoRoot()
	require.NoError(t, err)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "building kubestub: %s", out)
	t.Setenv("PATH", stub+string(os.PathListSeparator)+os.Getenv("PATH"))

	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			s := newProgramStack(t, stack)
			r := up(t, s)
			t.Logf("up -s %s with the fakes and kubestub: %s", stack, r)
			assertFakesAcceptedAll(t, r)
			require.NoError(t, r.err, r.output)
			assert.Positive(t, r.done["aws:eks/nodeGroup:NodeGroup"])

			r2 := up(t, s)
			require.NoError(t, r2.err, r2.output)
			for op, n := range r2.changes {
				if op != "same" {
					assert.Zero(t, n, "second up: %d resource(s) %s:\n%s", n, op, r2.output)
				}
			}
			assert.Positive(t, r2.changes["same"], r2.output)

			var log strings.Builder
			_, err := s.Refresh(context.Background(), optrefresh.ExpectNoChanges(), optrefresh.ProgressStreams(&log))
			assert.NoError(t, err, "refresh after up:\n%s", log.String())
		})
	}
}
