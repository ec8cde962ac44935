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
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
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
		cli := filepath.Join(fake, "cli")
		if err := os.MkdirAll(cli, 0o755); err == nil {
			_ = os.Remove(filepath.Join(cli, "pulumi"))
			err = os.Symlink(filepath.Join(root, "bin", "pulumi"), filepath.Join(cli, "pulumi"))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
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
	os.Exit(m.Run())
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, b, 0o644))
}

// TestWholeProgramUpWithOnlyTheFakes runs `up -s dev` of stacks.Program on a copy of
// Pulumi.yaml and Pulumi.dev.yaml configured with the README's `pulumi config set` steps.
func TestWholeProgramUpWithOnlyTheFakes(t *testing.T) {
	if engineSkip != "" {
		t.Skip(engineSkip)
	}
	root, err := fakecloud.RepoRoot()
	require.NoError(t, err)
	tmp := t.TempDir()
	work, backend, home := filepath.Join(tmp, "project"), filepath.Join(tmp, "state"), filepath.Join(tmp, "home")
	for _, d := range []string{work, backend, home} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	copyFile(t, filepath.Join(root, "Pulumi.yaml"), filepath.Join(work, "Pulumi.yaml"))
	copyFile(t, filepath.Join(root, "Pulumi.dev.yaml"), filepath.Join(work, "Pulumi.dev.yaml"))

	// Something listening on loopback for the program's API reachability probe: the
	// kubeconfig the fake cluster returns points at it (nothing speaks Kubernetes there).
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
	s, err := auto.UpsertStackInlineSource(ctx, "dev", "portkey-eks", stacks.Program, auto.WorkDir(work), auto.EnvVars(map[string]string{
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
	require.NoError(t, s.SetConfigWithOptions(ctx, "gateway.organisationId", auto.ConfigValue{Value: "4f1c2a9e-7b3d-4e8f-9a6b-2c5d8e1f0a3b"}, &auto.ConfigOptions{Path: true}))
	// The stack file ships a documentation range as a placeholder that up refuses.
	require.NoError(t, s.SetConfigWithOptions(ctx, "cluster.publicAccessCidrs[0]", auto.ConfigValue{Value: "81.2.69.0/24"}, &auto.ConfigOptions{Path: true}))
	for k, v := range map[string]string{"clientAuthKey": "cak-5ecret", "registryUsername": "reg-user-5ecret", "registryPassword": "reg-pass-5ecret"} {
		require.NoError(t, s.SetConfig(ctx, k, auto.ConfigValue{Value: v, Secret: true}))
	}

	evs := make(chan events.EngineEvent)
	var (
		mu      sync.Mutex
		done    = map[string]int{}
		failed  []string
		errs    []string
		wg      sync.WaitGroup
		created int
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for e := range evs {
			mu.Lock()
			switch {
			case e.ResOutputsEvent != nil:
				done[e.ResOutputsEvent.Metadata.Type]++
				created++
			case e.ResOpFailedEvent != nil:
				failed = append(failed, e.ResOpFailedEvent.Metadata.URN)
			case e.DiagnosticEvent != nil && e.DiagnosticEvent.Severity == "error":
				errs = append(errs, strings.TrimSpace(e.DiagnosticEvent.URN+": "+e.DiagnosticEvent.Message))
			}
			mu.Unlock()
		}
	}()
	var log strings.Builder
	_, upErr := s.Up(ctx, optup.EventStreams(evs), optup.ProgressStreams(&log))
	wg.Wait()

	var types []string
	for typ, n := range done {
		types = append(types, fmt.Sprintf("%3d  %s", n, typ))
	}
	sort.Strings(types)
	t.Logf("up -s dev with only the fakes: %d resources done:\n%s\nfailed: %v\nerrors:\n%s\nup error: %v",
		created, strings.Join(types, "\n"), failed, strings.Join(errs, "\n"), upErr)

	all := strings.Join(errs, "\n") + log.String()
	assert.NotContains(t, all, "not supported by the fake AWS provider")
	assert.NotContains(t, all, "not supported by the fake EKS provider")
	assert.NotContains(t, all, "fakecloud: missing required argument")
	assert.Positive(t, done["aws:eks/cluster:Cluster"], "the EKS cluster is created before any Kubernetes resource")
	if upErr != nil {
		// The only thing allowed to stop it is the Kubernetes side this test does not run.
		assert.Contains(t, strings.ToLower(all), "kubernetes", "up failed before reaching Kubernetes:\n%s", log.String())
	}
}
