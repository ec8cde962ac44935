package automation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Driver runs one Pulumi program on the stacks of one project directory.
type Driver struct {
	program pulumi.RunFunc
	opts    Options
}

// New returns a Driver running program with opts. It fails with a *UsageError when program
// is nil or opts lacks the stack; the rest is checked per operation by Run.
func New(program pulumi.RunFunc, opts Options) (*Driver, error) {
	if program == nil {
		return nil, usagef("automation: no program to run")
	}
	if opts.Stack == "" {
		return nil, usagef("a stack name is required (--stack NAME)")
	}
	opts.Target = slices.Clone(opts.Target)
	return &Driver{program: program, opts: opts}, nil
}

// Preview shows what Up would change.
func (d *Driver) Preview(ctx context.Context) (*Summary, error) { return d.Run(ctx, OpPreview) }

// Up creates or updates the stack's resources.
func (d *Driver) Up(ctx context.Context) (*Summary, error) { return d.Run(ctx, OpUp) }

// Refresh reads the real state of the stack's resources into the state.
func (d *Driver) Refresh(ctx context.Context) (*Summary, error) { return d.Run(ctx, OpRefresh) }

// Destroy deletes the stack's resources; it refuses when some are protected.
func (d *Driver) Destroy(ctx context.Context) (*Summary, error) { return d.Run(ctx, OpDestroy) }

// Drift reports drift without changing anything: a *DriftError when there is some.
func (d *Driver) Drift(ctx context.Context) (*Summary, error) { return d.Run(ctx, OpDrift) }

// Outputs reads the stack's outputs, secrets masked.
func (d *Driver) Outputs(ctx context.Context) (*Summary, error) { return d.Run(ctx, OpOutputs) }

// Run runs op. Usage and configuration errors return before anything starts, with a nil
// Summary. Otherwise the Summary (also printed to Options.Stdout) describes what happened,
// and the error is nil, ErrCanceled, ErrDeclined or one of this package's error types
// (ExitCode maps them to the CLI's exit status).
func (d *Driver) Run(ctx context.Context, op Operation) (*Summary, error) {
	if err := d.opts.check(op); err != nil {
		return nil, err
	}
	if d.opts.Validate != nil && op != OpDestroy && op != OpOutputs {
		if err := d.opts.Validate(); err != nil {
			return nil, &ConfigError{Stack: d.opts.Stack, Err: err}
		}
	}
	start := time.Now()
	sum := &Summary{Operation: op, Stack: d.opts.Stack, Changes: map[string]int{}}
	err := d.run(ctx, op, sum)
	sum.Duration = time.Since(start)
	err = d.explain(ctx, err)
	var nf *StackNotFoundError
	if errors.As(err, &nf) {
		return nil, err
	}
	sum.Result = result(err)
	if err != nil {
		sum.Error = err.Error()
	}
	if d.opts.JSON {
		if werr := sum.writeJSON(d.opts.stdout()); werr != nil && err == nil {
			err = werr
		}
	} else {
		sum.writeText(d.opts.stdout())
	}
	return sum, err
}

func result(err error) string {
	switch {
	case err == nil:
		return "succeeded"
	case errors.Is(err, ErrDrift):
		return "drift"
	case errors.Is(err, ErrCanceled):
		return "canceled"
	case errors.Is(err, ErrDeclined):
		return "declined"
	}
	return "failed"
}

// explain turns Automation API errors into this package's errors.
func (d *Driver) explain(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && !errors.Is(err, ErrCanceled) {
		return fmt.Errorf("%w (%v): the engine was interrupted and saved the state of the steps it finished; "+
			"run `portkey-eks refresh` if a resource operation was in flight", ErrCanceled, context.Cause(ctx))
	}
	if auto.IsConcurrentUpdateError(err) {
		detail := stderrTail(err)
		var ee *EngineError
		if errors.As(err, &ee) {
			detail = ee.Stderr
		}
		return &LockedError{Stack: d.opts.Stack, Dir: d.opts.dir(), Detail: detail, Err: err}
	}
	return err
}

// run does op's work, filling sum.
func (d *Driver) run(ctx context.Context, op Operation, sum *Summary) error {
	stack, created, err := d.stack(ctx)
	if err != nil {
		return err
	}
	sum.CreatedStack = created
	if created {
		d.opts.notef("created stack %s", d.opts.Stack)
	}
	switch op {
	case OpPreview:
		c, err := d.preview(ctx, &stack, false)
		addCounts(sum.Changes, c.counts())
		return d.engineErr(op, err, c)
	case OpUp:
		if err := d.confirm(ctx, &stack, op); err != nil {
			return err
		}
		c := d.newCollector("")
		var res auto.UpResult
		err := c.stream(ctx, func(ch chan<- events.EngineEvent) error {
			var err error
			res, err = stack.Up(ctx, d.upOptions(ch)...)
			return err
		})
		addCounts(sum.Changes, c.counts())
		if err != nil {
			return d.engineErr(op, err, c)
		}
		sum.Outputs = maskOutputs(res.Outputs)
		return nil
	case OpRefresh:
		if err := d.confirm(ctx, &stack, op); err != nil {
			return err
		}
		c := d.newCollector("refresh")
		err := c.stream(ctx, func(ch chan<- events.EngineEvent) error {
			_, err := stack.Refresh(ctx, d.refreshOptions(ch, false)...)
			return err
		})
		addCounts(sum.Changes, c.counts())
		if err != nil {
			return d.engineErr(op, err, c)
		}
		return d.outputs(ctx, &stack, sum)
	case OpDestroy:
		if err := d.checkProtected(ctx, &stack); err != nil {
			return err
		}
		if err := d.confirm(ctx, &stack, op); err != nil {
			return err
		}
		c := d.newCollector("")
		err := c.stream(ctx, func(ch chan<- events.EngineEvent) error {
			_, err := stack.Destroy(ctx, d.destroyOptions(ch)...)
			return err
		})
		addCounts(sum.Changes, c.counts())
		return d.engineErr(op, err, c)
	case OpDrift:
		return d.drift(ctx, &stack, sum)
	case OpOutputs:
		return d.outputs(ctx, &stack, sum)
	}
	return usagef("unknown operation %q", op)
}

// stack selects the stack, creating it when asked.
func (d *Driver) stack(ctx context.Context) (auto.Stack, bool, error) {
	wsOpts := []auto.LocalWorkspaceOption{auto.WorkDir(d.opts.dir()), auto.Program(d.program)}
	if len(d.opts.EnvVars) > 0 {
		wsOpts = append(wsOpts, auto.EnvVars(d.opts.EnvVars))
	}
	if d.opts.SecretsProvider != "" {
		wsOpts = append(wsOpts, auto.SecretsProvider(d.opts.SecretsProvider))
	}
	cmd, err := d.opts.pulumiCommand()
	if err != nil {
		return auto.Stack{}, false, fmt.Errorf("the pulumi CLI (on PATH, v3.274.1 or later; see tools/pulumi/build.sh): %w", err)
	}
	wsOpts = append(wsOpts, auto.Pulumi(cmd))
	ws, err := auto.NewLocalWorkspace(ctx, wsOpts...)
	if err != nil {
		return auto.Stack{}, false, fmt.Errorf("opening the Pulumi workspace in %s: %w", d.opts.dir(), err)
	}
	stack, err := auto.SelectStack(ctx, d.opts.Stack, ws)
	if err == nil {
		return stack, false, nil
	}
	if !auto.IsSelectStack404Error(err) {
		return auto.Stack{}, false, &EngineError{Op: "select stack", Stderr: stderrTail(err), Err: err}
	}
	if !d.opts.CreateStack {
		return auto.Stack{}, false, &StackNotFoundError{Stack: d.opts.Stack, Dir: d.opts.dir(), Err: err}
	}
	stack, err = auto.NewStack(ctx, d.opts.Stack, ws)
	if err != nil {
		return auto.Stack{}, false, &EngineError{Op: "create stack", Stderr: stderrTail(err), Err: err}
	}
	return stack, true, nil
}

func (d *Driver) newCollector(phase string) *collector {
	c := &collector{phase: phase, warn: d.opts.stderr()}
	if d.opts.JSON {
		c.json = d.opts.stdout()
	}
	return c
}

// progress returns the writers for the engine's progress display: none in JSON mode.
func (d *Driver) progress() []io.Writer {
	if d.opts.JSON {
		return nil
	}
	return []io.Writer{d.opts.stdout()}
}

func (d *Driver) engineErr(op Operation, err error, c *collector) error {
	if err == nil {
		return nil
	}
	return &EngineError{Op: op, Diagnostics: c.errors, Stderr: stderrTail(err), Err: err}
}

func (d *Driver) previewOptions(ch chan<- events.EngineEvent, expectNoChanges bool) []optpreview.Option {
	o := []optpreview.Option{
		optpreview.EventStreams(ch),
		optpreview.ErrorProgressStreams(d.opts.stderr()),
	}
	if w := d.progress(); w != nil {
		o = append(o, optpreview.ProgressStreams(w...))
	}
	if len(d.opts.Target) > 0 {
		o = append(o, optpreview.Target(d.opts.Target))
	}
	if d.opts.Refresh {
		o = append(o, optpreview.Refresh())
	}
	if d.opts.Parallel > 0 {
		o = append(o, optpreview.Parallel(d.opts.Parallel))
	}
	if d.opts.Message != "" {
		o = append(o, optpreview.Message(d.opts.Message))
	}
	if expectNoChanges {
		o = append(o, optpreview.ExpectNoChanges())
	}
	return o
}

func (d *Driver) upOptions(ch chan<- events.EngineEvent) []optup.Option {
	o := []optup.Option{
		optup.EventStreams(ch),
		optup.ErrorProgressStreams(d.opts.stderr()),
	}
	if w := d.progress(); w != nil {
		o = append(o, optup.ProgressStreams(w...))
	}
	if len(d.opts.Target) > 0 {
		o = append(o, optup.Target(d.opts.Target))
	}
	if d.opts.Refresh {
		o = append(o, optup.Refresh())
	}
	if d.opts.Parallel > 0 {
		o = append(o, optup.Parallel(d.opts.Parallel))
	}
	if d.opts.Message != "" {
		o = append(o, optup.Message(d.opts.Message))
	}
	return o
}

func (d *Driver) refreshOptions(ch chan<- events.EngineEvent, preview bool) []optrefresh.Option {
	o := []optrefresh.Option{
		optrefresh.EventStreams(ch),
		optrefresh.ErrorProgressStreams(d.opts.stderr()),
	}
	if w := d.progress(); w != nil {
		o = append(o, optrefresh.ProgressStreams(w...))
	}
	if len(d.opts.Target) > 0 {
		o = append(o, optrefresh.Target(d.opts.Target))
	}
	if d.opts.Parallel > 0 {
		o = append(o, optrefresh.Parallel(d.opts.Parallel))
	}
	if d.opts.Message != "" && !preview {
		o = append(o, optrefresh.Message(d.opts.Message))
	}
	return o
}

func (d *Driver) destroyOptions(ch chan<- events.EngineEvent) []optdestroy.Option {
	o := []optdestroy.Option{
		optdestroy.EventStreams(ch),
		optdestroy.ErrorProgressStreams(d.opts.stderr()),
	}
	if w := d.progress(); w != nil {
		o = append(o, optdestroy.ProgressStreams(w...))
	}
	if len(d.opts.Target) > 0 {
		o = append(o, optdestroy.Target(d.opts.Target))
	}
	if d.opts.Refresh {
		o = append(o, optdestroy.Refresh())
	}
	if d.opts.Parallel > 0 {
		o = append(o, optdestroy.Parallel(d.opts.Parallel))
	}
	if d.opts.Message != "" {
		o = append(o, optdestroy.Message(d.opts.Message))
	}
	return o
}

// preview runs a preview, collecting its events.
func (d *Driver) preview(ctx context.Context, stack *auto.Stack, expectNoChanges bool) (*collector, error) {
	c := d.newCollector("preview")
	err := c.stream(ctx, func(ch chan<- events.EngineEvent) error {
		_, err := stack.Preview(ctx, d.previewOptions(ch, expectNoChanges)...)
		return err
	})
	return c, err
}

// confirm asks before a change when Yes is not set. check() already refused the change
// when nothing can ask.
func (d *Driver) confirm(ctx context.Context, stack *auto.Stack, op Operation) error {
	if d.opts.Yes {
		return nil
	}
	if d.opts.Confirm == nil {
		return usagef("%s requires --yes when not run from a terminal", op)
	}
	c := d.newCollector("preview")
	err := c.stream(ctx, func(ch chan<- events.EngineEvent) error {
		var err error
		switch op {
		case OpUp:
			_, err = stack.Preview(ctx, d.previewOptions(ch, false)...)
		case OpRefresh:
			_, err = stack.PreviewRefresh(ctx, d.refreshOptions(ch, true)...)
		case OpDestroy:
			o := []optdestroy.Option{optdestroy.EventStreams(ch), optdestroy.ErrorProgressStreams(d.opts.stderr())}
			if w := d.progress(); w != nil {
				o = append(o, optdestroy.ProgressStreams(w...))
			}
			if len(d.opts.Target) > 0 {
				o = append(o, optdestroy.Target(d.opts.Target))
			}
			_, err = stack.PreviewDestroy(ctx, o...)
		}
		return err
	})
	if err != nil {
		return d.engineErr("preview", err, c)
	}
	q := fmt.Sprintf("Do you want to %s stack %s (%s)?", op, d.opts.Stack, formatChanges(c.counts()))
	if !d.opts.Confirm(q) {
		return ErrDeclined
	}
	return nil
}

// drift runs a refresh preview, then a preview with expect-no-changes, and reports every
// change either finds.
func (d *Driver) drift(ctx context.Context, stack *auto.Stack, sum *Summary) error {
	rc := d.newCollector("refresh")
	err := rc.stream(ctx, func(ch chan<- events.EngineEvent) error {
		_, err := stack.PreviewRefresh(ctx, d.refreshOptions(ch, true)...)
		return err
	})
	if err != nil {
		return d.engineErr("drift (refresh preview)", err, rc)
	}
	sum.RefreshChanges = map[string]int{}
	addCounts(sum.RefreshChanges, rc.counts())
	refreshChanges := countChanges(rc.counts())

	pc, err := d.preview(ctx, stack, true)
	if err != nil && (pc.summary == nil || countChanges(pc.counts()) == 0) {
		// --expect-no-changes fails with the same exit code whether there were changes or
		// an error (pulumi/pulumi#8992): only a summary with changes means drift.
		return d.engineErr("drift (preview)", err, pc)
	}
	addCounts(sum.Changes, pc.counts())
	previewChanges := countChanges(pc.counts())

	sum.Drift = append(slices.Clone(rc.changes), pc.changes...)
	if refreshChanges == 0 && previewChanges == 0 {
		return nil
	}
	if len(sum.Drift) == 0 {
		// The counts saw changes the events did not name; say so rather than list nothing.
		sum.Drift = []Change{{Phase: "summary", Op: formatChanges(sum.RefreshChanges) + "; " + formatChanges(sum.Changes),
			URN: "(resources not named by the engine events: see the engine output)"}}
	}
	return &DriftError{Stack: d.opts.Stack, Changes: sum.Drift}
}

// outputs reads the stack outputs into sum, masked.
func (d *Driver) outputs(ctx context.Context, stack *auto.Stack, sum *Summary) error {
	outs, err := stack.Outputs(ctx)
	if err != nil {
		return &EngineError{Op: "outputs", Stderr: stderrTail(err), Err: err}
	}
	sum.Outputs = maskOutputs(outs)
	return nil
}

// checkProtected fails with a *ProtectedError when the stack's state holds protected
// resources (among Target, when set). It exports the state without decrypting secrets.
func (d *Driver) checkProtected(ctx context.Context, stack *auto.Stack) error {
	ws := stack.Workspace()
	var env []string
	for k, v := range ws.GetEnvVars() {
		env = append(env, k+"="+v)
	}
	if home := ws.PulumiHome(); home != "" {
		env = append(env, "PULUMI_HOME="+home)
	}
	stdout, stderr, _, err := ws.PulumiCommand().Run(ctx, ws.WorkDir(), nil, nil, nil, env,
		"stack", "export", "--stack", d.opts.Stack)
	if err != nil {
		return &EngineError{Op: "destroy (reading the state)", Stderr: tailLines(stderr, 6), Err: err}
	}
	urns, err := protectedURNs([]byte(stdout))
	if err != nil {
		return fmt.Errorf("destroy: reading the exported state of stack %s: %w", d.opts.Stack, err)
	}
	if len(d.opts.Target) > 0 {
		urns = slices.DeleteFunc(urns, func(u string) bool { return !slices.Contains(d.opts.Target, u) })
	}
	if len(urns) > 0 {
		return &ProtectedError{Stack: d.opts.Stack, URNs: urns}
	}
	return nil
}

// protectedURNs returns the URNs of the protected resources in an exported deployment
// (`pulumi stack export` output), in state order.
func protectedURNs(export []byte) ([]string, error) {
	var dep struct {
		Deployment struct {
			Resources []struct {
				URN     string `json:"urn"`
				Protect bool   `json:"protect"`
			} `json:"resources"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal(export, &dep); err != nil {
		return nil, err
	}
	var urns []string
	for _, r := range dep.Deployment.Resources {
		if r.Protect {
			urns = append(urns, r.URN)
		}
	}
	return urns, nil
}

func addCounts(dst, src map[string]int) {
	for k, v := range src {
		dst[k] += v
	}
}
