package automation

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// Operation is one of the operations a Driver runs.
type Operation string

// The operations, named as the CLI verbs.
const (
	OpPreview Operation = "preview"
	OpUp      Operation = "up"
	OpRefresh Operation = "refresh"
	OpDestroy Operation = "destroy"
	OpDrift   Operation = "drift"
	OpOutputs Operation = "outputs"
)

// Operations lists every Operation in CLI order.
var Operations = []Operation{OpPreview, OpUp, OpRefresh, OpDestroy, OpDrift, OpOutputs}

// ParseOperation returns the Operation named s, or a *UsageError.
func ParseOperation(s string) (Operation, error) {
	if op := Operation(s); slices.Contains(Operations, op) {
		return op, nil
	}
	return "", usagef("unknown operation %q (want one of preview, up, refresh, destroy, drift, outputs)", s)
}

// Options configures a Driver. ProjectDir and Stack are required.
type Options struct {
	// ProjectDir holds Pulumi.yaml and Pulumi.<stack>.yaml; it is the workspace the engine
	// runs in. Default ".".
	ProjectDir string
	// Stack is the stack name ("dev", or "org/project/dev" for Pulumi Cloud).
	Stack string
	// CreateStack creates the stack when it does not exist; otherwise a missing stack is a
	// *StackNotFoundError.
	CreateStack bool
	// SecretsProvider is used only when CreateStack creates the stack ("passphrase",
	// "awskms://alias/...", ...). Empty: the backend's default, or what Pulumi.<stack>.yaml says.
	SecretsProvider string

	// JSON writes the engine events to Stdout as JSON lines instead of the progress display,
	// and the final summary as one more JSON line ({"summary": {...}}).
	JSON bool
	// Yes allows Up, Refresh and Destroy to run without asking.
	Yes bool
	// Confirm, when set, is asked after a preview before Up, Refresh or Destroy change
	// anything, when Yes is false. Leave it nil when nobody can answer (CI): the change
	// then requires Yes.
	Confirm func(question string) bool

	// Target limits preview, up, refresh, destroy and drift to these resource URNs.
	Target []string
	// Refresh refreshes the state before preview, up, destroy and drift's preview.
	Refresh bool
	// Parallel caps the engine's concurrent resource operations (0: engine default).
	Parallel int
	// Message is recorded with the update in the stack's history (up, refresh, destroy).
	Message string

	// Stdout receives progress (or JSON events) and the summary; default os.Stdout.
	Stdout io.Writer
	// Stderr receives the engine's errors and the driver's notes; default os.Stderr.
	Stderr io.Writer
	// EnvVars are added to the environment of every pulumi CLI command
	// (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, PULUMI_HOME, ...).
	EnvVars map[string]string

	// Validate checks the stack's configuration before the engine starts, for every
	// operation that runs the program (preview, up, refresh, drift); a failure is a
	// *ConfigError and nothing runs. Destroy and outputs skip it, so a stack whose
	// configuration broke can still be read and torn down.
	Validate func() error

	// PulumiCommand is the pulumi CLI to run; nil: `pulumi` from PATH.
	PulumiCommand auto.PulumiCommand
}

// check validates the options for op; errors are *UsageError.
func (o *Options) check(op Operation) error {
	if _, err := ParseOperation(string(op)); err != nil {
		return err
	}
	if o.Stack == "" {
		return usagef("%s: a stack name is required (--stack NAME)", op)
	}
	if o.Parallel < 0 {
		return usagef("%s: parallel must be 0 (engine default) or more, got %d", op, o.Parallel)
	}
	dir := o.ProjectDir
	if dir == "" {
		dir = "."
	}
	if _, err := os.Stat(filepath.Join(dir, "Pulumi.yaml")); err != nil {
		return usagef("%s: %s is not a Pulumi project directory (no Pulumi.yaml): use --dir", op, dir)
	}
	type flagUse struct {
		name string
		set  bool
		ops  []Operation
	}
	for _, f := range []flagUse{
		{"target", len(o.Target) > 0, []Operation{OpPreview, OpUp, OpRefresh, OpDestroy, OpDrift}},
		{"refresh", o.Refresh, []Operation{OpPreview, OpUp, OpDestroy, OpDrift}},
		{"parallel", o.Parallel > 0, []Operation{OpPreview, OpUp, OpRefresh, OpDestroy, OpDrift}},
		{"message", o.Message != "", []Operation{OpPreview, OpUp, OpRefresh, OpDestroy}},
		{"create-stack", o.CreateStack, []Operation{OpPreview, OpUp, OpRefresh, OpDrift}},
	} {
		if f.set && !slices.Contains(f.ops, op) {
			return usagef("%s does not take --%s", op, f.name)
		}
	}
	if changes(op) && !o.Yes && o.Confirm == nil {
		return usagef("%s changes the stack and nothing can confirm it here (not a terminal): pass --yes to run it unattended", op)
	}
	return nil
}

// changes reports whether op writes to the stack or its resources.
func changes(op Operation) bool {
	return op == OpUp || op == OpRefresh || op == OpDestroy
}

func (o *Options) dir() string {
	if o.ProjectDir == "" {
		return "."
	}
	return o.ProjectDir
}

func (o *Options) stdout() io.Writer {
	if o.Stdout == nil {
		return os.Stdout
	}
	return o.Stdout
}

func (o *Options) stderr() io.Writer {
	if o.Stderr == nil {
		return os.Stderr
	}
	return o.Stderr
}

func (o *Options) notef(format string, args ...any) {
	fmt.Fprintf(o.stderr(), format+"\n", args...)
}
