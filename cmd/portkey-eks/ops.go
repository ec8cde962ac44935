package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/automation"
)

const opUsage = `usage: portkey-eks %[1]s --stack NAME [--dir DIR] [flags]

Runs the portkey-eks program inline through the Pulumi Automation API, with DIR (the project
directory: Pulumi.yaml, Pulumi.<stack>.yaml) as the workspace. The pulumi CLI must be on PATH.
Exit status: 0 success (drift: no drift), 1 failure, 2 bad usage or configuration, 3 drift found.

flags:
`

// opFlags are the flags of the engine operations.
type opFlags struct {
	stack, dir, message, secretsProvider string
	createStack, json, yes, refresh      bool
	parallel                             int
	targets                              stringList

	handoff bool // outputs --handoff (handoff.go)
	verify  bool // up --verify (verify.go)
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	if v == "" {
		return errors.New("empty value")
	}
	*l = append(*l, v)
	return nil
}

// parseOpFlags parses the flags of verb. It returns flag.ErrHelp for -h, and an error
// (already reported on stderr) for bad usage.
func parseOpFlags(verb string, args []string, stderr io.Writer) (opFlags, error) {
	var f opFlags
	fs := flag.NewFlagSet(verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, opUsage, verb)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.stack, "stack", "", "stack name (reads Pulumi.<stack>.yaml); required")
	fs.StringVar(&f.stack, "s", "", "short for --stack")
	fs.StringVar(&f.dir, "dir", ".", "project directory (holds Pulumi.yaml)")
	fs.BoolVar(&f.createStack, "create-stack", false, "create the stack if it does not exist (preview, up, refresh, drift)")
	fs.StringVar(&f.secretsProvider, "secrets-provider", "", "secrets provider of a stack --create-stack creates (e.g. awskms://alias/portkey-eks)")
	fs.BoolVar(&f.json, "json", false, "write engine events as JSON lines to stdout, then a {\"summary\": ...} line")
	fs.BoolVar(&f.yes, "yes", false, "run up, refresh or destroy without asking (required when not on a terminal)")
	fs.BoolVar(&f.yes, "y", false, "short for --yes")
	fs.Var(&f.targets, "target", "limit the operation to this resource URN (repeatable)")
	fs.BoolVar(&f.refresh, "refresh", false, "refresh the state first (preview, up, destroy, drift)")
	fs.IntVar(&f.parallel, "parallel", 0, "maximum concurrent resource operations (0: engine default)")
	fs.StringVar(&f.message, "message", "", "message recorded with the update in the stack history")
	fs.BoolVar(&f.handoff, "handoff", false, "outputs: print what to send the Portkey team for the stack's connectivity modes")
	fs.BoolVar(&f.verify, "verify", false, "up: run `portkey-eks verify` after a successful up (its exit status is up's)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q", fs.Arg(0))
		fmt.Fprintf(stderr, "portkey-eks %s: %v\n", verb, err)
		fs.Usage()
		return f, err
	}
	if f.stack == "" {
		err := errors.New("--stack is required")
		fmt.Fprintf(stderr, "portkey-eks %s: %v\n", verb, err)
		fs.Usage()
		return f, err
	}
	return f, nil
}

// options turns the flags into driver options.
func (f opFlags) options(stdout, stderr io.Writer) automation.Options {
	return automation.Options{
		ProjectDir:      f.dir,
		Stack:           f.stack,
		CreateStack:     f.createStack,
		SecretsProvider: f.secretsProvider,
		JSON:            f.json,
		Yes:             f.yes,
		Target:          f.targets,
		Refresh:         f.refresh,
		Parallel:        f.parallel,
		Message:         f.message,
		Stdout:          stdout,
		Stderr:          stderr,
	}
}

// runOperation implements `portkey-eks preview|up|refresh|destroy|drift|outputs`: it runs
// stacks.Program inline, after stacks.ValidateStackDir has checked the configuration.
func runOperation(verb string, args []string, stdout, stderr io.Writer) int {
	var confirm func(string) bool
	if interactive() {
		confirm = askOn(os.Stdin, stderr)
	}
	return operate(stacks.Program, stacks.ValidateStackDir, confirm, verb, args, stdout, stderr)
}

// operate runs verb with program; validate checks a stack's configuration; confirm asks
// before changes (nil: nobody to ask).
func operate(program pulumi.RunFunc, validate func(dir, stack string) error, confirm func(string) bool,
	verb string, args []string, stdout, stderr io.Writer,
) int {
	op, err := automation.ParseOperation(verb)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks: %v\n", err)
		return automation.ExitUsage
	}
	f, err := parseOpFlags(verb, args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return automation.ExitOK
	}
	if err != nil {
		return automation.ExitUsage
	}
	if f.handoff {
		return runHandoff(program, verb, f, stdout, stderr)
	}
	if f.verify && op != automation.OpUp {
		fmt.Fprintf(stderr, "portkey-eks %s: --verify is a flag of up only\n", verb)
		return automation.ExitUsage
	}
	opts := f.options(stdout, stderr)
	opts.Confirm = confirm
	if validate != nil {
		opts.Validate = func() error { return validate(f.dir, f.stack) }
	}
	driver, err := automation.New(program, opts)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks %s: %v\n", verb, err)
		return automation.ExitCode(err)
	}

	ctx, stop := cancelOnInterrupt(verb, stderr)
	defer stop()
	_, err = driver.Run(ctx, op)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks %s: %v\n", verb, err)
		// The API server could not be reached: say so last, on one line, with the keys.
		if line := apiUnreachableLine(err); line != "" {
			fmt.Fprintf(stderr, "portkey-eks %s: %s\n", verb, line)
		}
	}
	if err == nil && f.verify {
		fmt.Fprintln(stdout)
		return verifyStack(ctx, verifyFlags{stack: f.stack, dir: f.dir, json: f.json}, stdout, stderr)
	}
	return automation.ExitCode(err)
}

// cancelOnInterrupt returns a context canceled by the first SIGINT or SIGTERM, which makes
// the driver interrupt the engine cleanly (it finishes in-flight steps, saves the state and
// releases the lock). A second signal exits at once.
func cancelOnInterrupt(verb string, stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			fmt.Fprintf(stderr, "\nportkey-eks %s: %v received: cancelling; waiting for the engine to stop cleanly "+
				"(interrupt again to quit at once, which can leave the stack locked)\n", verb, s)
			cancel(fmt.Errorf("%v received", s))
		case <-done:
			return
		}
		select {
		case <-sigs:
			fmt.Fprintf(stderr, "portkey-eks %s: quitting now; if the stack stays locked run `pulumi cancel`\n", verb)
			os.Exit(automation.ExitFailure)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// interactive reports whether someone can answer a question: stdin and stderr are
// terminals and CI is not set.
func interactive() bool {
	if os.Getenv("CI") != "" {
		return false
	}
	for _, f := range []*os.File{os.Stdin, os.Stderr} {
		fi, err := f.Stat()
		if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			return false
		}
	}
	return true
}

// askOn returns a Confirm that asks on w and reads the answer from r; only "y" or "yes"
// agrees.
func askOn(r io.Reader, w io.Writer) func(string) bool {
	in := bufio.NewReader(r)
	return func(question string) bool {
		fmt.Fprintf(w, "%s [yes/no]: ", question)
		line, _ := in.ReadString('\n')
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "y", "yes":
			return true
		}
		return false
	}
}
