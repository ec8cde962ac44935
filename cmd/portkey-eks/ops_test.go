package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cluster"
)

func TestOperationUsageExitsTwo(t *testing.T) {
	t.Setenv("CI", "true") // never interactive, even when go test runs on a terminal
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no stack", []string{"preview"}, "--stack is required"},
		{"stray argument", []string{"preview", "--stack", "dev", "extra"}, `unexpected argument "extra"`},
		{"bad parallel", []string{"up", "--stack", "dev", "--parallel", "many"}, "invalid value"},
		{"unknown flag", []string{"up", "--stack", "dev", "--force"}, "flag provided but not defined: -force"},
		{"not a project", []string{"preview", "--stack", "dev", "--dir", os.TempDir()}, "no Pulumi.yaml"},
		{"up unattended", []string{"up", "--stack", "dev", "--dir", "../.."}, "pass --yes"},
		{"destroy unattended", []string{"destroy", "-s", "prod", "--dir", "../.."}, "pass --yes"},
		{"outputs takes no target", []string{"outputs", "--stack", "dev", "--dir", "../..", "--target", "urn:x"}, "outputs does not take --target"},
		{"drift takes no message", []string{"drift", "--stack", "dev", "--dir", "../..", "--message", "m"}, "drift does not take --message"},
		// The real stacks.ValidateStackDir runs before any engine: the committed dev stack
		// file has no secrets, so preview stops with the same problems synth reports.
		{"config validated first", []string{"preview", "--stack", "dev", "--dir", "../.."}, "clientAuthKey"},
		{"missing stack file", []string{"preview", "--stack", "nosuch", "--dir", "../.."}, "no stack file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			assert.Equal(t, 2, code, "stderr: %s", stderr.String())
			assert.Contains(t, stderr.String(), tt.stderr)
			assert.Empty(t, stdout.String(), "nothing ran")
		})
	}
}

func TestOperationHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run([]string{"drift", "-h"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "3 drift found")
	assert.Contains(t, stderr.String(), "-target")
}

func TestParseOpFlags(t *testing.T) {
	f, err := parseOpFlags("up", []string{"-s", "prod", "--dir", "infra", "--create-stack", "--json", "--yes",
		"--target", "urn:a", "--target", "urn:b", "--refresh", "--parallel", "8", "--message", "release 1.2",
		"--secrets-provider", "awskms://alias/pk"}, &bytes.Buffer{})
	require.NoError(t, err)
	o := f.options(&bytes.Buffer{}, &bytes.Buffer{})
	assert.Equal(t, "prod", o.Stack)
	assert.Equal(t, "infra", o.ProjectDir)
	assert.True(t, o.CreateStack)
	assert.True(t, o.JSON)
	assert.True(t, o.Yes)
	assert.Equal(t, []string{"urn:a", "urn:b"}, o.Target)
	assert.True(t, o.Refresh)
	assert.Equal(t, 8, o.Parallel)
	assert.Equal(t, "release 1.2", o.Message)
	assert.Equal(t, "awskms://alias/pk", o.SecretsProvider)
}

func TestAskOn(t *testing.T) {
	for in, want := range map[string]bool{"yes\n": true, "Y\n": true, " y \n": true, "no\n": false, "\n": false, "": false, "yess\n": false} {
		var out bytes.Buffer
		assert.Equal(t, want, askOn(strings.NewReader(in), &out)("Do you want to up stack dev?"), "%q", in)
		assert.Equal(t, "Do you want to up stack dev? [yes/no]: ", out.String())
	}
}

// widget is the provider-free resource of opsProgram.
type widget struct {
	pulumi.ResourceState
}

// opsProgram registers `count` test:index:Widget components and exports `count`, after
// waiting `sleep` if set (a stand-in for slow registrations: like the SDK's own calls, the
// wait ends when the engine cancels the run).
func opsProgram(ctx *pulumi.Context) error {
	if d, err := time.ParseDuration(config.Get(ctx, "widgets:sleep")); err == nil {
		select {
		case <-time.After(d):
		case <-ctx.Context().Done():
			return ctx.Context().Err()
		}
	}
	// widgets:apiServer stands for a cluster's API endpoint: during an update the program
	// probes it as stacks.Program does before its first Kubernetes resource.
	if server := config.Get(ctx, "widgets:apiServer"); server != "" {
		check := cluster.APIReachable(2*time.Second, 200*time.Millisecond, "set widgets:apiServer to a reachable address")
		ctx.Export("api", pulumi.String(server).ToStringOutput().ApplyT(func(s string) (string, error) {
			if ctx.DryRun() {
				return s, nil
			}
			return s, check(s)
		}))
	}
	n := config.GetInt(ctx, "widgets:count")
	for i := range n {
		if err := ctx.RegisterComponentResource("test:index:Widget", fmt.Sprintf("w%d", i), &widget{}); err != nil {
			return err
		}
	}
	ctx.Export("count", pulumi.Int(n))
	ctx.Export("secret", config.GetSecret(ctx, "widgets:secret"))
	return nil
}

// engineEnv puts bin/pulumi on PATH and gives the test a file backend, a passphrase and a
// PULUMI_HOME of its own; it returns the project directory (Pulumi.yaml written).
func engineEnv(t *testing.T) string {
	t.Helper()
	bin, err := filepath.Abs("../../bin")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(bin, "pulumi")); err != nil {
		msg := "!!! SKIPPED: no bin/pulumi; build it with tools/pulumi/build.sh !!!"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true does not allow the skip)")
		}
		t.Skip(msg)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	root := t.TempDir()
	dir := filepath.Join(root, "project")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	t.Setenv("PULUMI_BACKEND_URL", "file://"+root)
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "ops test passphrase")
	t.Setenv("PULUMI_HOME", filepath.Join(root, ".home"))
	t.Setenv("PULUMI_SKIP_UPDATE_CHECK", "true")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: widgets\nruntime: go\n"), 0o644))
	return dir
}

// TestOperationOnEngine runs the verbs end to end on a real engine (bin/pulumi) with a
// provider-free program, checking the exit statuses the CLI promises.
func TestOperationOnEngine(t *testing.T) {
	dir := engineEnv(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.ci.yaml"), []byte("config:\n  widgets:count: \"2\"\n"), 0o644))

	var validated []string
	validate := func(d, s string) error { validated = append(validated, d+"|"+s); return nil }
	step := func(want int, args ...string) (string, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := operate(opsProgram, validate, nil, args[0], append(args[1:], "--stack", "ci", "--dir", dir), &stdout, &stderr)
		require.Equal(t, want, code, "%v\nstdout:\n%s\nstderr:\n%s", args, stdout.String(), stderr.String())
		return stdout.String(), stderr.String()
	}
	pulumiCLI := func(args ...string) {
		t.Helper()
		cmd := exec.Command("pulumi", append(args, "--stack", "ci", "--non-interactive")...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
	}

	_, stderr := step(2, "preview")
	assert.Contains(t, stderr, "--create-stack")
	step(0, "preview", "--create-stack")
	pulumiCLI("config", "set", "--secret", "widgets:secret", "opaque-value-123")
	out, _ := step(0, "up", "--yes", "--message", "from ops test", "--parallel", "2")
	assert.Contains(t, out, "3 create")
	assert.NotContains(t, out, "opaque-value-123")
	out, _ = step(0, "drift")
	assert.Contains(t, out, "stack ci succeeded")

	pulumiCLI("config", "set", "widgets:count", "1")
	out, stderr = step(3, "drift")
	assert.Contains(t, out, "urn:pulumi:ci::widgets::test:index:Widget::w1")
	assert.Contains(t, stderr, "has drifted")

	out, _ = step(0, "outputs", "--json")
	var got struct {
		Summary struct {
			Outputs map[string]any `json:"outputs"`
		} `json:"summary"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	assert.EqualValues(t, 2, got.Summary.Outputs["count"])
	assert.Equal(t, "[secret]", got.Summary.Outputs["secret"])

	step(2, "destroy")
	step(0, "destroy", "--yes")
	assert.Equal(t, []string{dir + "|ci"}, unique(validated), "config validated for the stack's directory")
}

func unique(s []string) []string {
	var out []string
	for _, v := range s {
		if len(out) == 0 || out[len(out)-1] != v {
			out = append(out, v)
		}
	}
	return out
}

// lockedBuffer is a bytes.Buffer safe to read while the engine writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestOperationInterrupt sends this process a real SIGINT during `up`: the operation is
// canceled cleanly (exit 1, stack not left locked), and the process survives it.
func TestOperationInterrupt(t *testing.T) {
	dir := engineEnv(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.ci.yaml"), []byte("config:\n  widgets:count: \"1\"\n  widgets:sleep: 2m\n"), 0o644))
	var stdout, stderr lockedBuffer
	codes := make(chan int, 1)
	go func() {
		codes <- operate(opsProgram, nil, nil, "up", []string{"--stack", "ci", "--dir", dir, "--create-stack", "--yes"}, &stdout, &stderr)
	}()
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "pulumi:pulumi:Stack") }, time.Minute, 100*time.Millisecond,
		"the update never started: %s %s", stdout.String(), stderr.String())
	time.Sleep(500 * time.Millisecond)
	require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGINT))
	select {
	case code := <-codes:
		assert.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	case <-time.After(90 * time.Second):
		t.Fatalf("up did not stop after SIGINT: %s %s", stdout.String(), stderr.String())
	}
	assert.Contains(t, stderr.String(), "interrupt received: cancelling")
	assert.Contains(t, stderr.String(), "operation canceled")
	assert.Contains(t, stdout.String(), "portkey-eks up: stack ci canceled")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.ci.yaml"), []byte("config:\n  widgets:count: \"1\"\n"), 0o644))
	var out, errOut bytes.Buffer
	code := operate(opsProgram, nil, nil, "up", []string{"--stack", "ci", "--dir", dir, "--yes"}, &out, &errOut)
	assert.Equal(t, 0, code, "the stack was left unlocked: %s %s", out.String(), errOut.String())
}

// TestUpEndsWithTheUnreachableAPILine runs up on a real engine with a program whose API
// probe fails (a closed port on 127.0.0.1): up fails within seconds and its last line says
// the API is unreachable and what to change.
func TestUpEndsWithTheUnreachableAPILine(t *testing.T) {
	dir := engineEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := ln.Addr().String()
	require.NoError(t, ln.Close())
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.ci.yaml"), []byte("config:\n  widgets:count: \"1\"\n  widgets:apiServer: https://"+closed+"\n"), 0o644))
	var stdout, stderr bytes.Buffer
	code := operate(opsProgram, nil, nil, "up", []string{"--stack", "ci", "--dir", dir, "--create-stack", "--yes"}, &stdout, &stderr)
	assert.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	assert.True(t, strings.HasPrefix(last, "portkey-eks up: "+cluster.APIUnreachablePrefix), "last line: %q", last)
	assert.Contains(t, last, "https://"+closed)
	assert.Contains(t, last, "set widgets:apiServer to a reachable address")

	// A reachable API passes the probe.
	ln, err = net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.ci.yaml"), []byte("config:\n  widgets:count: \"1\"\n  widgets:apiServer: https://"+ln.Addr().String()+"\n"), 0o644))
	stdout.Reset()
	stderr.Reset()
	code = operate(opsProgram, nil, nil, "up", []string{"--stack", "ci", "--dir", dir, "--yes"}, &stdout, &stderr)
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
}

func TestAPIUnreachableLine(t *testing.T) {
	assert.Empty(t, apiUnreachableLine(nil))
	assert.Empty(t, apiUnreachableLine(errors.New("stack prod failed: some other error")))
	err := fmt.Errorf("up failed: exit status 255\n  error: waiting for RPCs: awaiting input property \"kubeconfig\": %s https://x.eks.amazonaws.com cannot be reached; set cluster.privateAccessCidrs\n  more engine output", cluster.APIUnreachablePrefix)
	assert.Equal(t, cluster.APIUnreachablePrefix+" https://x.eks.amazonaws.com cannot be reached; set cluster.privateAccessCidrs", apiUnreachableLine(err))
}
