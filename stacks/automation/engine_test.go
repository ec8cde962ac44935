package automation_test

// Tests on a real Pulumi engine: the pulumi CLI built by tools/pulumi/build.sh into
// <repo>/bin/pulumi, a local file:// backend and a passphrase secrets provider in temp
// directories, and a provider-free program (component resources only), so no plugin, cloud
// or network is needed. Without bin/pulumi they are skipped loudly; with CI=true they fail.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/automation"
)

const (
	project     = "thingproj"
	stackName   = "dev"
	passphrase  = "correct horse battery staple"
	secretValue = "tok-5ecret-value-never-in-clear"
)

// engineSkip is the loud reason real-engine tests skip, empty when bin/pulumi is there.
var engineSkip string

func TestMain(m *testing.M) {
	root, err := repoRoot()
	if err == nil {
		bin := filepath.Join(root, "bin")
		if _, err = os.Stat(filepath.Join(bin, "pulumi")); err == nil {
			// The Automation API runs `pulumi` from PATH.
			os.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		}
	}
	if err != nil {
		engineSkip = fmt.Sprintf("\n%[1]s\n!!! REAL-ENGINE TESTS OF stacks/automation SKIPPED: no pulumi CLI (%[2]v).\n"+
			"!!! Build it with tools/pulumi/build.sh (or make), then rerun.\n%[1]s\n", strings.Repeat("!", 78), err)
		fmt.Fprint(os.Stderr, engineSkip)
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "CI=true: failing instead of skipping")
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// repoRoot finds the directory of the portkey-eks go.mod above the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/portkey-eks/portkey-eks\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("repository root not found")
		}
		dir = parent
	}
}

// thing is the provider-free resource of the test program.
type thing struct {
	pulumi.ResourceState
}

// thingProgram registers `count` components of type test:index:Thing (thing-0 protected
// when `protect` is true), optionally sleeps `sleep` first, and exports outputs driven by
// the stack's configuration, the secret `token` included.
func thingProgram(ctx *pulumi.Context) error {
	c := config.New(ctx, "")
	if d, err := time.ParseDuration(c.Get("sleep")); err == nil {
		select {
		case <-time.After(d):
		case <-ctx.Context().Done():
			return ctx.Context().Err()
		}
	}
	greeting := c.Require("greeting")
	count := c.GetInt("count")
	token := c.GetSecret("token")
	for i := range count {
		th := &thing{}
		err := ctx.RegisterComponentResource("test:index:Thing", fmt.Sprintf("thing-%d", i), th,
			pulumi.Protect(i == 0 && c.GetBool("protect")))
		if err != nil {
			return err
		}
		if err := ctx.RegisterResourceOutputs(th, pulumi.Map{"greeting": pulumi.String(greeting), "token": token}); err != nil {
			return err
		}
	}
	ctx.Export("greeting", pulumi.String(greeting))
	ctx.Export("things", pulumi.Int(count))
	ctx.Export("token", token)
	return nil
}

// syncBuffer is a bytes.Buffer safe for the engine's writer goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}

// fixture is one project directory with its own backend and PULUMI_HOME.
type fixture struct {
	t              *testing.T
	dir, backend   string
	env            map[string]string
	stdout, stderr *syncBuffer
}

func newFixture(t *testing.T, stackConfig string) *fixture {
	t.Helper()
	if engineSkip != "" {
		t.Skip(engineSkip)
	}
	t.Parallel()
	root := t.TempDir()
	f := &fixture{
		t:       t,
		dir:     filepath.Join(root, "project"),
		backend: filepath.Join(root, "state"),
		stdout:  &syncBuffer{},
		stderr:  &syncBuffer{},
	}
	f.env = map[string]string{
		"PULUMI_BACKEND_URL":       "file://" + f.backend,
		"PULUMI_CONFIG_PASSPHRASE": passphrase,
		"PULUMI_HOME":              filepath.Join(root, "home"),
		"PULUMI_SKIP_UPDATE_CHECK": "true",
	}
	for _, d := range []string{f.dir, f.backend, f.env["PULUMI_HOME"]} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	f.write("Pulumi.yaml", "name: "+project+"\nruntime: go\ndescription: provider-free project for the automation driver tests\n")
	f.write("Pulumi."+stackName+".yaml", "config:\n"+stackConfig)
	return f
}

func (f *fixture) write(name, content string) {
	f.t.Helper()
	require.NoError(f.t, os.WriteFile(filepath.Join(f.dir, name), []byte(content), 0o644))
}

// options returns the driver options of the fixture, adjusted by mod.
func (f *fixture) options(mod func(*automation.Options)) automation.Options {
	o := automation.Options{
		ProjectDir: f.dir,
		Stack:      stackName,
		Stdout:     f.stdout,
		Stderr:     f.stderr,
		EnvVars:    f.env,
	}
	if mod != nil {
		mod(&o)
	}
	return o
}

// run runs op with a fresh stdout and stderr.
func (f *fixture) run(ctx context.Context, op automation.Operation, mod func(*automation.Options)) (*automation.Summary, error) {
	f.t.Helper()
	f.stdout.Reset()
	f.stderr.Reset()
	d, err := automation.New(thingProgram, f.options(mod))
	require.NoError(f.t, err)
	sum, err := d.Run(ctx, op)
	f.t.Logf("%s -> %v\nstdout:\n%s\nstderr:\n%s", op, err, f.stdout, f.stderr)
	return sum, err
}

// pulumi runs the pulumi CLI in the project directory with the fixture's environment.
func (f *fixture) pulumi(args ...string) string {
	f.t.Helper()
	cmd := exec.Command("pulumi", append([]string{"--non-interactive"}, args...)...)
	cmd.Dir = f.dir
	cmd.Env = os.Environ()
	for k, v := range f.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(f.t, err, "pulumi %v: %s", args, stderr.String())
	return string(out)
}

func (f *fixture) setConfig(key, value string, secret bool) {
	f.t.Helper()
	args := []string{"config", "set", "--stack", stackName, key, value}
	if secret {
		args = append(args, "--secret")
	}
	f.pulumi(args...)
}

// state exports the stack's state without decrypting secrets.
func (f *fixture) state() (raw string, resources []map[string]any) {
	f.t.Helper()
	raw = f.pulumi("stack", "export", "--stack", stackName)
	var dep struct {
		Deployment struct {
			Resources []map[string]any `json:"resources"`
		} `json:"deployment"`
	}
	require.NoError(f.t, json.Unmarshal([]byte(raw), &dep))
	return raw, dep.Deployment.Resources
}

func thingURN(i int) string {
	return fmt.Sprintf("urn:pulumi:%s::%s::test:index:Thing::thing-%d", stackName, project, i)
}

func yes(o *automation.Options) { o.Yes = true }

func TestEngineLifecycle(t *testing.T) {
	f := newFixture(t, "  thingproj:greeting: hello from the stack file\n  thingproj:count: \"2\"\n")
	ctx := context.Background()

	// A missing stack is a clear usage error unless asked to create it.
	sum, err := f.run(ctx, automation.OpPreview, nil)
	var nf *automation.StackNotFoundError
	require.ErrorAs(t, err, &nf)
	assert.Nil(t, sum)
	assert.Equal(t, automation.ExitUsage, automation.ExitCode(err))
	assert.Contains(t, err.Error(), `stack "dev" does not exist`)
	assert.Contains(t, err.Error(), "--create-stack")

	// up refuses to run unattended without --yes, before touching anything.
	_, err = f.run(ctx, automation.OpUp, func(o *automation.Options) { o.CreateStack = true })
	var ue *automation.UsageError
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "--yes")
	assert.NoDirExists(t, filepath.Join(f.backend, ".pulumi", "stacks"), "nothing may be created")

	// preview --create-stack creates the stack and plans the stack + 2 things.
	sum, err = f.run(ctx, automation.OpPreview, func(o *automation.Options) { o.CreateStack = true })
	require.NoError(t, err)
	assert.True(t, sum.CreatedStack)
	assert.Equal(t, "succeeded", sum.Result)
	assert.Equal(t, 3, sum.Changes["create"], "stack + thing-0 + thing-1: %v", sum.Changes)
	assert.Contains(t, f.stdout.String(), "test:index:Thing", "progress is streamed")
	assert.Contains(t, f.stdout.String(), "portkey-eks preview: stack dev succeeded")

	f.setConfig("token", secretValue, true)
	stackFile, err := os.ReadFile(filepath.Join(f.dir, "Pulumi.dev.yaml"))
	require.NoError(t, err)
	assert.NotContains(t, string(stackFile), secretValue, "the stack file holds the secret encrypted")
	assert.Contains(t, string(stackFile), "secure:")

	// up: config comes from the stack file, the secret stays masked.
	sum, err = f.run(ctx, automation.OpUp, func(o *automation.Options) { o.Yes = true; o.Message = "ci run 42"; o.Parallel = 4 })
	require.NoError(t, err)
	assert.Equal(t, 3, sum.Changes["create"], "%v", sum.Changes)
	assert.Equal(t, "hello from the stack file", sum.Outputs["greeting"])
	assert.EqualValues(t, 2, sum.Outputs["things"])
	assert.Equal(t, automation.Masked, sum.Outputs["token"])
	assert.NotContains(t, f.stdout.String()+f.stderr.String(), secretValue)
	assert.Regexp(t, `token:\s+\[secret\]`, f.stdout.String())

	// StackOutputs (for verify) gives the outputs with the secret revealed, printing nothing.
	d, err := automation.New(thingProgram, f.options(nil))
	require.NoError(t, err)
	f.stdout.Reset()
	plain, err := d.StackOutputs(ctx)
	require.NoError(t, err)
	assert.Equal(t, secretValue, plain["token"])
	assert.Equal(t, "hello from the stack file", plain["greeting"])
	assert.NotContains(t, f.stdout.String()+f.stderr.String(), secretValue)

	raw, resources := f.state()
	assert.NotContains(t, raw, secretValue, "the state holds the secret encrypted only")
	assert.Contains(t, raw, "ciphertext")
	assert.Len(t, resources, 3)

	// --message reaches the stack history.
	var history []struct {
		Message string `json:"message"`
		Kind    string `json:"kind"`
	}
	require.NoError(t, json.Unmarshal([]byte(f.pulumi("stack", "history", "--json", "--stack", stackName)), &history))
	require.NotEmpty(t, history)
	assert.Equal(t, "update", history[0].Kind)
	assert.Equal(t, "ci run 42", history[0].Message)

	// up again: nothing to do.
	sum, err = f.run(ctx, automation.OpUp, yes)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"same": 3}, sum.Changes)

	// No drift right after up.
	sum, err = f.run(ctx, automation.OpDrift, nil)
	require.NoError(t, err)
	assert.Equal(t, automation.ExitOK, automation.ExitCode(err))
	assert.Empty(t, sum.Drift)

	// A configuration change is drift: exit 3, with what drifted.
	f.setConfig("count", "3", false)
	sum, err = f.run(ctx, automation.OpDrift, nil)
	require.ErrorIs(t, err, automation.ErrDrift)
	assert.Equal(t, automation.ExitDrift, automation.ExitCode(err))
	assert.Equal(t, "drift", sum.Result)
	require.NotEmpty(t, sum.Drift)
	assert.Contains(t, sum.Drift, automation.Change{Phase: "preview", Op: "create", URN: thingURN(2), Type: "test:index:Thing"})
	assert.Contains(t, f.stdout.String(), thingURN(2), "what drifted is printed")
	assert.Contains(t, err.Error(), thingURN(2))

	// Drift changed nothing.
	_, resources = f.state()
	assert.Len(t, resources, 3)

	// outputs reads the outputs, secrets masked.
	sum, err = f.run(ctx, automation.OpOutputs, nil)
	require.NoError(t, err)
	assert.Equal(t, "hello from the stack file", sum.Outputs["greeting"])
	assert.Equal(t, automation.Masked, sum.Outputs["token"])
	assert.NotContains(t, f.stdout.String(), secretValue)

	// --target limits up to one resource.
	sum, err = f.run(ctx, automation.OpUp, func(o *automation.Options) { o.Yes = true; o.Target = []string{thingURN(2)} })
	require.NoError(t, err)
	assert.Equal(t, 1, sum.Changes["create"], "%v", sum.Changes)
	_, resources = f.state()
	assert.Len(t, resources, 4)

	// destroy leaves an empty stack.
	sum, err = f.run(ctx, automation.OpDestroy, yes)
	require.NoError(t, err)
	assert.Equal(t, 4, sum.Changes["delete"], "%v", sum.Changes)
	_, resources = f.state()
	assert.Empty(t, resources)
	sum, err = f.run(ctx, automation.OpOutputs, nil)
	require.NoError(t, err)
	assert.Empty(t, sum.Outputs)
}

func TestEngineJSONEvents(t *testing.T) {
	f := newFixture(t, "  thingproj:greeting: hi\n  thingproj:count: \"1\"\n")
	ctx := context.Background()
	_, err := f.run(ctx, automation.OpPreview, func(o *automation.Options) { o.CreateStack = true; o.JSON = true })
	require.NoError(t, err)
	f.setConfig("token", secretValue, true)

	for _, op := range []automation.Operation{automation.OpUp, automation.OpDrift, automation.OpDestroy} {
		_, err := f.run(ctx, op, func(o *automation.Options) { o.JSON = true; o.Yes = op != automation.OpDrift })
		require.NoError(t, err, op)
		out := f.stdout.String()
		assert.NotContains(t, out, secretValue, op)
		var lines []map[string]json.RawMessage
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
		for sc.Scan() {
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(sc.Bytes(), &m), "%s: every stdout line is JSON: %q", op, sc.Text())
			lines = append(lines, m)
		}
		require.NoError(t, sc.Err())
		require.Greater(t, len(lines), 2, op)
		kinds := map[string]bool{}
		for _, l := range lines[:len(lines)-1] {
			assert.Contains(t, l, "sequence", "%s: engine events carry a sequence", op)
			for k := range l {
				kinds[k] = true
			}
		}
		assert.True(t, kinds["summaryEvent"], "%s: %v", op, kinds)
		assert.True(t, kinds["resourcePreEvent"], "%s: %v", op, kinds)
		var last struct {
			Summary struct {
				Operation       string         `json:"operation"`
				Result          string         `json:"result"`
				Changes         map[string]int `json:"changes"`
				DurationSeconds float64        `json:"durationSeconds"`
				Outputs         map[string]any `json:"outputs"`
			} `json:"summary"`
		}
		require.Contains(t, lines[len(lines)-1], "summary", "%s: the summary is the last line", op)
		require.NoError(t, json.Unmarshal(mustJSON(t, lines[len(lines)-1]), &last))
		assert.Equal(t, string(op), last.Summary.Operation)
		assert.Equal(t, "succeeded", last.Summary.Result)
		assert.Greater(t, last.Summary.DurationSeconds, 0.0)
		if op == automation.OpUp {
			assert.Equal(t, 2, last.Summary.Changes["create"])
			assert.Equal(t, automation.Masked, last.Summary.Outputs["token"])
			assert.Equal(t, "hi", last.Summary.Outputs["greeting"])
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestEngineLockedStack(t *testing.T) {
	f := newFixture(t, "  thingproj:greeting: hi\n  thingproj:count: \"1\"\n")
	ctx := context.Background()
	_, err := f.run(ctx, automation.OpPreview, func(o *automation.Options) { o.CreateStack = true })
	require.NoError(t, err)

	// Another process's lock, as the file backend writes it.
	lockDir := filepath.Join(f.backend, ".pulumi", "locks", "organization", project, stackName)
	require.NoError(t, os.MkdirAll(lockDir, 0o755))
	lock := filepath.Join(lockDir, "5f1c6c3e-0000-4000-8000-000000000001.json")
	require.NoError(t, os.WriteFile(lock,
		[]byte(`{"pid":4242,"username":"ci","hostname":"runner-7","timestamp":"2025-01-02T03:04:05Z"}`), 0o644))

	sum, err := f.run(ctx, automation.OpUp, yes)
	var le *automation.LockedError
	require.ErrorAs(t, err, &le, "%v", err)
	assert.Equal(t, automation.ExitFailure, automation.ExitCode(err))
	assert.Contains(t, err.Error(), "pulumi cancel --stack dev")
	assert.Contains(t, err.Error(), "runner-7", "says who holds the lock")
	assert.Equal(t, "failed", sum.Result)
	_, resources := f.state()
	assert.Empty(t, resources, "nothing ran")

	require.NoError(t, os.Remove(lock))
	_, err = f.run(ctx, automation.OpUp, yes)
	require.NoError(t, err)
}

func TestEngineDestroyRefusesProtected(t *testing.T) {
	f := newFixture(t, "  thingproj:greeting: hi\n  thingproj:count: \"2\"\n  thingproj:protect: \"true\"\n")
	ctx := context.Background()
	_, err := f.run(ctx, automation.OpUp, func(o *automation.Options) { o.CreateStack = true; o.Yes = true })
	require.NoError(t, err)

	sum, err := f.run(ctx, automation.OpDestroy, yes)
	var pe *automation.ProtectedError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, []string{thingURN(0)}, pe.URNs)
	assert.Contains(t, err.Error(), thingURN(0))
	assert.Equal(t, automation.ExitFailure, automation.ExitCode(err))
	assert.Equal(t, "failed", sum.Result)
	_, resources := f.state()
	require.Len(t, resources, 3, "nothing was deleted")
	for _, r := range resources {
		if r["urn"] == thingURN(0) {
			assert.Equal(t, true, r["protect"], "never unprotected")
		}
	}

	// Targeting only unprotected resources is allowed.
	_, err = f.run(ctx, automation.OpDestroy, func(o *automation.Options) { o.Yes = true; o.Target = []string{thingURN(1)} })
	require.NoError(t, err)

	f.setConfig("protect", "false", false)
	_, err = f.run(ctx, automation.OpUp, yes)
	require.NoError(t, err)
	_, err = f.run(ctx, automation.OpDestroy, yes)
	require.NoError(t, err)
	_, resources = f.state()
	assert.Empty(t, resources)
}

func TestEngineConfirm(t *testing.T) {
	f := newFixture(t, "  thingproj:greeting: hi\n  thingproj:count: \"1\"\n")
	ctx := context.Background()
	var asked []string
	answer := false
	confirm := func(o *automation.Options) {
		o.CreateStack = true
		o.Confirm = func(q string) bool { asked = append(asked, q); return answer }
	}
	sum, err := f.run(ctx, automation.OpUp, confirm)
	require.ErrorIs(t, err, automation.ErrDeclined)
	assert.Equal(t, "declined", sum.Result)
	require.Len(t, asked, 1)
	assert.Equal(t, "Do you want to up stack dev (2 create)?", asked[0])
	_, resources := f.state()
	assert.Empty(t, resources)

	answer = true
	sum, err = f.run(ctx, automation.OpUp, confirm)
	require.NoError(t, err)
	assert.Equal(t, 2, sum.Changes["create"])
}

func TestEngineValidateFirst(t *testing.T) {
	f := newFixture(t, "  thingproj:greeting: hi\n")
	bad := errors.New("network.vpcCidr: 10.0.0.0/33 is not a CIDR")
	for _, op := range []automation.Operation{automation.OpPreview, automation.OpUp, automation.OpRefresh, automation.OpDrift} {
		_, err := f.run(context.Background(), op, func(o *automation.Options) {
			o.CreateStack = true
			o.Yes = true
			o.Validate = func() error { return bad }
		})
		var ce *automation.ConfigError
		require.ErrorAs(t, err, &ce, op)
		assert.ErrorIs(t, err, bad)
		assert.Equal(t, automation.ExitUsage, automation.ExitCode(err))
	}
	assert.NoDirExists(t, filepath.Join(f.backend, ".pulumi", "stacks"), "no engine ran")
}

func TestEngineCancel(t *testing.T) {
	f := newFixture(t, "  thingproj:greeting: hi\n  thingproj:count: \"1\"\n  thingproj:sleep: 2m\n")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel once the program is running (the stack exists and the engine has started).
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			if strings.Contains(f.stdout.String(), "Updating") || strings.Contains(f.stdout.String(), "pulumi:pulumi:Stack") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(time.Second)
		cancel()
	}()
	start := time.Now()
	sum, err := f.run(ctx, automation.OpUp, func(o *automation.Options) { o.CreateStack = true; o.Yes = true })
	require.ErrorIs(t, err, automation.ErrCanceled)
	assert.Less(t, time.Since(start), 90*time.Second)
	assert.Equal(t, "canceled", sum.Result)
	assert.Equal(t, automation.ExitFailure, automation.ExitCode(err))

	// The interrupted update released its lock: the next one runs.
	f.setConfig("sleep", "0s", false)
	_, err = f.run(context.Background(), automation.OpUp, yes)
	require.NoError(t, err)
}
