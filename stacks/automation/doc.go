// Package automation runs a Pulumi program inline through the Pulumi Automation API
// (github.com/pulumi/pulumi/sdk/v3/go/auto), for the portkey-eks CLI and for CI pipelines.
//
// A Driver takes the program to run (a pulumi.RunFunc, stacks.Program in the CLI) and the
// project directory, and runs one operation on one stack: Preview, Up, Refresh, Destroy,
// Drift or Outputs. The choices it makes:
//
//   - The program runs inline, in this process: no `go build` at deploy time and no Go
//     language host. The project directory is the workspace, so Pulumi.yaml, the stack's
//     Pulumi.<stack>.yaml and its secrets provider are the ones the pulumi CLI would use.
//     The pulumi CLI itself must be on PATH (or given as Options.PulumiCommand).
//   - A missing stack is an error (StackNotFoundError) unless Options.CreateStack is set.
//   - Configuration is checked by Options.Validate before any engine starts, so bad
//     configuration fails in a second with the same errors as `portkey-eks synth`.
//   - Progress streams to Options.Stdout as the engine prints it; with Options.JSON the
//     engine events are written to Options.Stdout as JSON lines instead. Either way a
//     final summary follows: changes by kind, duration and outputs, secrets masked.
//   - Up, Refresh and Destroy change the stack: they ask Options.Confirm after a preview
//     when it is set (a terminal), and otherwise require Options.Yes.
//   - Destroy first reads the stack's state (without decrypting secrets) and refuses, with
//     the list of them, when resources are protected. It never unprotects anything.
//   - Drift is a refresh in preview mode (has the cloud changed under the state?) followed
//     by a preview with expect-no-changes (does the program and its configuration still
//     match the state?). It changes nothing. Drift is reported as a *DriftError listing
//     what drifted; the engine's own exit code does not tell "changes" from "error"
//     (pulumi/pulumi#8992), so the driver decides from the engine's summary event.
//   - Cancelling the context (Ctrl-C in the CLI) interrupts the engine the way Ctrl-C on
//     the pulumi CLI does, so it finishes its in-flight steps and releases the stack lock.
//   - A stack locked by another update gives a *LockedError naming `pulumi cancel`.
//
// ExitCode maps the errors to the CLI's exit status: 0 success, 1 failure, 2 bad usage or
// configuration, 3 drift found.
package automation
