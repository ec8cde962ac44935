package automation

// Fast tests of the driver's pure parts: no engine.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ev(e apitype.EngineEvent) events.EngineEvent { return events.EngineEvent{EngineEvent: e} }

const urnA = "urn:pulumi:prod::portkey-eks::aws:s3/bucketV2:BucketV2::logs"

func TestCollectorHandle(t *testing.T) {
	tests := []struct {
		name    string
		phase   string
		event   events.EngineEvent
		changes []Change
		errors  []string
	}{
		{
			name:  "preview step that changes nothing is not a change",
			phase: "preview",
			event: ev(apitype.EngineEvent{ResourcePreEvent: &apitype.ResourcePreEvent{Metadata: apitype.StepEventMetadata{Op: apitype.OpSame, URN: urnA}}}),
		},
		{
			name:  "preview update is a change with its diffs",
			phase: "preview",
			event: ev(apitype.EngineEvent{ResourcePreEvent: &apitype.ResourcePreEvent{Metadata: apitype.StepEventMetadata{
				Op: apitype.OpUpdate, URN: urnA, Type: "aws:s3/bucketV2:BucketV2", Diffs: []string{"tags"},
			}}}),
			changes: []Change{{Phase: "preview", Op: "update", URN: urnA, Type: "aws:s3/bucketV2:BucketV2", Diffs: []string{"tags"}}},
		},
		{
			name:  "refresh that read changed properties is drift",
			phase: "refresh",
			event: ev(apitype.EngineEvent{ResOutputsEvent: &apitype.ResOutputsEvent{Metadata: apitype.StepEventMetadata{
				Op: apitype.OpRefresh, URN: urnA, Type: "aws:s3/bucketV2:BucketV2",
				Old: &apitype.StepEventStateMetadata{URN: urnA}, New: &apitype.StepEventStateMetadata{URN: urnA},
				DetailedDiff: map[string]apitype.PropertyDiff{"versioning": {Kind: apitype.DiffUpdate}},
			}}}),
			changes: []Change{{Phase: "refresh", Op: "update", URN: urnA, Type: "aws:s3/bucketV2:BucketV2", Diffs: []string{"versioning"}}},
		},
		{
			name:  "refresh that found the resource gone is drift",
			phase: "refresh",
			event: ev(apitype.EngineEvent{ResOutputsEvent: &apitype.ResOutputsEvent{Metadata: apitype.StepEventMetadata{
				Op: apitype.OpRefresh, URN: urnA, Old: &apitype.StepEventStateMetadata{URN: urnA},
			}}}),
			changes: []Change{{Phase: "refresh", Op: "delete", URN: urnA}},
		},
		{
			name:  "refresh that read the same state is not drift",
			phase: "refresh",
			event: ev(apitype.EngineEvent{ResOutputsEvent: &apitype.ResOutputsEvent{Metadata: apitype.StepEventMetadata{
				Op: apitype.OpRefresh, URN: urnA, Old: &apitype.StepEventStateMetadata{URN: urnA}, New: &apitype.StepEventStateMetadata{URN: urnA},
			}}}),
		},
		{
			// What the v3.274 engine sends for a Kubernetes object deleted out of band.
			name:  "refresh step reported as a delete is drift",
			phase: "refresh",
			event: ev(apitype.EngineEvent{ResOutputsEvent: &apitype.ResOutputsEvent{Metadata: apitype.StepEventMetadata{
				Op: apitype.OpDelete, URN: urnA, Type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", Old: &apitype.StepEventStateMetadata{URN: urnA},
			}}}),
			changes: []Change{{Phase: "refresh", Op: "delete", URN: urnA, Type: "kubernetes:networking.k8s.io/v1:NetworkPolicy"}},
		},
		{
			// ... and for a field patched out of band.
			name:  "refresh step reported as an update is drift",
			phase: "refresh",
			event: ev(apitype.EngineEvent{ResOutputsEvent: &apitype.ResOutputsEvent{Metadata: apitype.StepEventMetadata{
				Op: apitype.OpUpdate, URN: urnA, Type: "kubernetes:policy/v1:PodDisruptionBudget",
				Old: &apitype.StepEventStateMetadata{URN: urnA}, New: &apitype.StepEventStateMetadata{URN: urnA},
			}}}),
			changes: []Change{{Phase: "refresh", Op: "update", URN: urnA, Type: "kubernetes:policy/v1:PodDisruptionBudget"}},
		},
		{
			name:  "an update's outputs outside a refresh are not drift",
			phase: "preview",
			event: ev(apitype.EngineEvent{ResOutputsEvent: &apitype.ResOutputsEvent{Metadata: apitype.StepEventMetadata{
				Op: apitype.OpUpdate, URN: urnA, Old: &apitype.StepEventStateMetadata{URN: urnA}, New: &apitype.StepEventStateMetadata{URN: urnA},
			}}}),
		},
		{
			name:   "error diagnostics are kept, colors stripped",
			event:  ev(apitype.EngineEvent{DiagnosticEvent: &apitype.DiagnosticEvent{Severity: "error", Message: "<{%fg 1%}>error: <{%reset%}>creating bucket: AccessDenied\n"}}),
			errors: []string{"creating bucket: AccessDenied"},
		},
		{
			name:  "warnings are not errors",
			event: ev(apitype.EngineEvent{DiagnosticEvent: &apitype.DiagnosticEvent{Severity: "warning", Message: "deprecated"}}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &collector{phase: tt.phase}
			c.handle(tt.event)
			assert.Equal(t, tt.changes, c.changes)
			assert.Equal(t, tt.errors, c.errors)
		})
	}
}

func TestCollectorJSONAndSummary(t *testing.T) {
	var out bytes.Buffer
	c := &collector{json: &out}
	c.handle(ev(apitype.EngineEvent{Sequence: 1, PreludeEvent: &apitype.PreludeEvent{}}))
	c.handle(events.EngineEvent{Error: errors.New("bad line")})
	c.handle(ev(apitype.EngineEvent{Sequence: 2, SummaryEvent: &apitype.SummaryEvent{
		ResourceChanges: map[apitype.OpType]int{apitype.OpCreate: 2, apitype.OpSame: 5},
	}}))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, "one JSON line per readable event")
	for i, l := range lines {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m))
		assert.EqualValues(t, i+1, m["sequence"])
	}
	assert.Equal(t, 1, c.badLines)
	assert.Equal(t, map[string]int{"create": 2, "same": 5}, c.counts())
	assert.Equal(t, 2, countChanges(c.counts()))
}

func TestCollectorStream(t *testing.T) {
	t.Run("channel closed by the stream", func(t *testing.T) {
		c := &collector{}
		err := c.stream(context.Background(), func(ch chan<- events.EngineEvent) error {
			ch <- ev(apitype.EngineEvent{SummaryEvent: &apitype.SummaryEvent{}})
			close(ch)
			return nil
		})
		require.NoError(t, err)
		assert.NotNil(t, c.summary)
	})
	t.Run("CLI failed before streaming: channel never closed", func(t *testing.T) {
		c := &collector{}
		done := make(chan error)
		go func() {
			done <- c.stream(context.Background(), func(chan<- events.EngineEvent) error { return errors.New("exit status 255") })
		}()
		select {
		case err := <-done:
			assert.EqualError(t, err, "exit status 255")
		case <-time.After(5 * time.Second):
			t.Fatal("stream hung on a channel nobody closes")
		}
	})
}

func TestCollectorStreamGivesUpAfterCancel(t *testing.T) {
	// An inline program that ignores cancellation keeps the Automation API waiting for it
	// (its language server's Close waits for the program); the driver stops waiting.
	old := cancelGrace
	cancelGrace = 200 * time.Millisecond
	defer func() { cancelGrace = old }()
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	c := &collector{}
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	err := c.stream(ctx, func(chan<- events.EngineEvent) error { <-release; return nil })
	require.ErrorIs(t, err, ErrCanceled)
	assert.Contains(t, err.Error(), "pulumi cancel")
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestProtectedURNs(t *testing.T) {
	export := `{"version":3,"deployment":{"manifest":{},"secrets_providers":{"type":"passphrase"},"resources":[
	  {"urn":"urn:pulumi:prod::p::pulumi:pulumi:Stack::p-prod","type":"pulumi:pulumi:Stack"},
	  {"urn":"urn:a","type":"aws:s3/bucketV2:BucketV2","protect":true,"outputs":{"x":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:abc"}}},
	  {"urn":"urn:b","type":"aws:elasticache/replicationGroup:ReplicationGroup","protect":false},
	  {"urn":"urn:c","type":"aws:kms/key:Key","protect":true}]}}`
	urns, err := protectedURNs([]byte(export))
	require.NoError(t, err)
	assert.Equal(t, []string{"urn:a", "urn:c"}, urns)

	urns, err = protectedURNs([]byte(`{"version":3,"deployment":{}}`))
	require.NoError(t, err)
	assert.Empty(t, urns)

	_, err = protectedURNs([]byte("not json"))
	assert.Error(t, err)
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{&DriftError{Stack: "prod"}, ExitDrift},
		{fmt.Errorf("wrapped: %w", &DriftError{}), ExitDrift},
		{&UsageError{Msg: "x"}, ExitUsage},
		{&ConfigError{Stack: "prod", Err: errors.New("bad")}, ExitUsage},
		{&StackNotFoundError{Stack: "prod"}, ExitUsage},
		{&LockedError{Stack: "prod"}, ExitFailure},
		{&ProtectedError{Stack: "prod"}, ExitFailure},
		{&EngineError{Op: OpUp, Err: errors.New("exit status 255")}, ExitFailure},
		{ErrCanceled, ExitFailure},
		{ErrDeclined, ExitFailure},
		{errors.New("anything"), ExitFailure},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%T %v", tt.err, tt.err), func(t *testing.T) {
			assert.Equal(t, tt.want, ExitCode(tt.err))
		})
	}
}

func TestOptionsCheck(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte("name: p\nruntime: go\n"), 0o644))
	confirm := func(string) bool { return true }
	tests := []struct {
		name string
		op   Operation
		opts Options
		want string // substring of the usage error; empty: valid
	}{
		{"preview", OpPreview, Options{ProjectDir: dir, Stack: "dev"}, ""},
		{"no stack", OpPreview, Options{ProjectDir: dir}, "stack name is required"},
		{"not a project", OpPreview, Options{ProjectDir: t.TempDir(), Stack: "dev"}, "no Pulumi.yaml"},
		{"unknown op", Operation("apply"), Options{ProjectDir: dir, Stack: "dev"}, "unknown operation"},
		{"up unattended without yes", OpUp, Options{ProjectDir: dir, Stack: "dev"}, "--yes"},
		{"destroy unattended without yes", OpDestroy, Options{ProjectDir: dir, Stack: "dev"}, "--yes"},
		{"refresh unattended without yes", OpRefresh, Options{ProjectDir: dir, Stack: "dev"}, "--yes"},
		{"up with yes", OpUp, Options{ProjectDir: dir, Stack: "dev", Yes: true}, ""},
		{"up on a terminal", OpUp, Options{ProjectDir: dir, Stack: "dev", Confirm: confirm}, ""},
		{"drift needs no yes", OpDrift, Options{ProjectDir: dir, Stack: "dev"}, ""},
		{"negative parallel", OpPreview, Options{ProjectDir: dir, Stack: "dev", Parallel: -1}, "parallel"},
		{"outputs takes no target", OpOutputs, Options{ProjectDir: dir, Stack: "dev", Target: []string{"urn:x"}}, "outputs does not take --target"},
		{"refresh takes no refresh", OpRefresh, Options{ProjectDir: dir, Stack: "dev", Yes: true, Refresh: true}, "does not take --refresh"},
		{"drift takes no message", OpDrift, Options{ProjectDir: dir, Stack: "dev", Message: "m"}, "does not take --message"},
		{"destroy never creates a stack", OpDestroy, Options{ProjectDir: dir, Stack: "dev", Yes: true, CreateStack: true}, "does not take --create-stack"},
		{"up passes everything", OpUp, Options{ProjectDir: dir, Stack: "dev", Yes: true, Target: []string{"urn:x"}, Refresh: true, Parallel: 8, Message: "m", CreateStack: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.check(tt.op)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			var ue *UsageError
			require.ErrorAs(t, err, &ue)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, ExitUsage, ExitCode(err))
		})
	}
}

func TestSummaryRendering(t *testing.T) {
	s := &Summary{
		Operation: OpUp, Stack: "prod", Result: "succeeded", Duration: 1234 * time.Millisecond,
		Changes: map[string]int{"same": 40, "create": 2, "update": 1, "delete": 0},
		Outputs: maskOutputs(auto.OutputMap{
			"gatewayUrl":    {Value: "http://internal-nlb:8787"},
			"clientAuthKey": {Value: "pk-live-plaintext", Secret: true},
			"subnets":       {Value: []any{"subnet-1", "subnet-2"}},
		}),
	}
	var text bytes.Buffer
	s.writeText(&text)
	out := text.String()
	assert.Contains(t, out, "portkey-eks up: stack prod succeeded in 1.2s")
	assert.Contains(t, out, "resources: 2 create, 1 update, 40 same")
	assert.Regexp(t, `clientAuthKey:\s+\[secret\]`, out)
	assert.Contains(t, out, `["subnet-1","subnet-2"]`)
	assert.NotContains(t, out, "pk-live-plaintext")

	var js bytes.Buffer
	require.NoError(t, s.writeJSON(&js))
	assert.NotContains(t, js.String(), "pk-live-plaintext")
	var got map[string]map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &got))
	assert.Equal(t, 1.234, got["summary"]["durationSeconds"])
	assert.Equal(t, Masked, got["summary"]["outputs"].(map[string]any)["clientAuthKey"])
	assert.Equal(t, "up", got["summary"]["operation"])

	assert.Equal(t, "none", formatChanges(nil))
}

func TestStderrTail(t *testing.T) {
	err := fmt.Errorf("failed to run update: exit status 255\ncode: 255\nstdout: Updating (dev)\nstderr: %s",
		"\nerror: the stack is currently locked by 1 lock(s).\n  file:///x/.pulumi/locks/o/p/dev/1.json: created by ci@runner\n")
	assert.Equal(t, "error: the stack is currently locked by 1 lock(s).\nfile:///x/.pulumi/locks/o/p/dev/1.json: created by ci@runner", stderrTail(err))
	assert.Empty(t, stderrTail(errors.New("plain")))
	assert.Empty(t, stderrTail(nil))
}

func TestUnquoteMessage(t *testing.T) {
	in := []string{"up", "--yes", `--message="ci run 42: \"quoted\" café"`, "--message=plain", "--", `--message="positional"`}
	got := unquoteMessage(in)
	assert.Equal(t, []string{"up", "--yes", `--message=ci run 42: "quoted" café`, "--message=plain", "--", `--message="positional"`}, got)
	assert.Equal(t, `--message="ci run 42: \"quoted\" café"`, in[2], "the caller's slice is not modified")
}

func TestConfigErrorMessage(t *testing.T) {
	assert.Equal(t, "stack dev: invalid configuration: bad cidr",
		(&ConfigError{Stack: "dev", Err: errors.New("bad cidr")}).Error())
	assert.Equal(t, "stack dev: invalid configuration: 1 problem(s): x",
		(&ConfigError{Stack: "dev", Err: errors.New("invalid configuration: 1 problem(s): x")}).Error(), "no stutter")
}
