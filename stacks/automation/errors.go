package automation

import (
	"errors"
	"fmt"
	"strings"
)

// Exit statuses of the portkey-eks operations, as returned by ExitCode.
const (
	ExitOK      = 0 // the operation succeeded; for drift: no drift
	ExitFailure = 1 // the operation failed (engine error, locked stack, protected resources, canceled)
	ExitUsage   = 2 // bad usage or configuration; nothing was run
	ExitDrift   = 3 // drift found
)

// ErrCanceled is returned (wrapped) when the context was canceled while the engine ran, e.g.
// on Ctrl-C. The engine was interrupted and saved the state of the steps it finished.
var ErrCanceled = errors.New("operation canceled")

// ErrDeclined is returned when Options.Confirm answered no: nothing was changed.
var ErrDeclined = errors.New("operation declined: nothing was changed")

// ErrDrift matches a *DriftError with errors.Is.
var ErrDrift = errors.New("drift found")

// UsageError is a bad use of the driver (a missing option, a flag the operation does not
// take, a change without Yes when nothing can ask). Nothing was run. Exit status 2.
type UsageError struct {
	Msg string
}

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// ConfigError wraps the error of Options.Validate: the stack's configuration is invalid and
// no engine was started. Exit status 2.
type ConfigError struct {
	Stack string
	Err   error
}

func (e *ConfigError) Error() string {
	msg := e.Err.Error()
	if !strings.HasPrefix(msg, "invalid configuration") {
		msg = "invalid configuration: " + msg
	}
	return fmt.Sprintf("stack %s: %s", e.Stack, msg)
}

// Unwrap returns the validation error (for example stacks.Problems).
func (e *ConfigError) Unwrap() error { return e.Err }

// StackNotFoundError is returned when the stack does not exist in the backend and
// Options.CreateStack is false. Exit status 2.
type StackNotFoundError struct {
	Stack string
	Dir   string
	Err   error
}

func (e *StackNotFoundError) Error() string {
	return fmt.Sprintf("stack %q does not exist in the backend of project %s: pass --create-stack to create it "+
		"(or run `pulumi stack init %s` there), or check PULUMI_BACKEND_URL / `pulumi login`", e.Stack, e.Dir, e.Stack)
}

// Unwrap returns the Automation API error.
func (e *StackNotFoundError) Unwrap() error { return e.Err }

// LockedError is returned when another update holds the stack's lock. Exit status 1.
type LockedError struct {
	Stack string
	Dir   string
	// Detail is what the backend said about the lock (who holds it, since when).
	Detail string
	Err    error
}

func (e *LockedError) Error() string {
	msg := fmt.Sprintf("stack %s is locked by another update. Wait for it to finish; if no update is running "+
		"(a killed run left its lock behind), release the lock with `pulumi cancel --stack %s` in %s "+
		"(same backend and credentials), then run `portkey-eks refresh` to reconcile the state",
		e.Stack, e.Stack, e.Dir)
	if e.Detail != "" {
		msg += "\n" + e.Detail
	}
	return msg
}

// Unwrap returns the Automation API error.
func (e *LockedError) Unwrap() error { return e.Err }

// ProtectedError is returned by Destroy when the stack holds protected resources; nothing
// was deleted. Exit status 1.
type ProtectedError struct {
	Stack string
	// URNs of the protected resources, in state order.
	URNs []string
}

func (e *ProtectedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stack %s has %d protected resource(s); destroy deletes nothing while they are protected. "+
		"Turn protection off in the stack's configuration (or `pulumi state unprotect`) and run up first if you really mean to delete them:",
		e.Stack, len(e.URNs))
	for _, u := range e.URNs {
		b.WriteString("\n  ")
		b.WriteString(u)
	}
	return b.String()
}

// DriftError is returned by Drift when the stack has drifted. Exit status 3.
type DriftError struct {
	Stack string
	// Changes lists what drifted, refresh findings first.
	Changes []Change
}

func (e *DriftError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "stack %s has drifted: %d change(s)", e.Stack, len(e.Changes))
	for _, c := range e.Changes {
		b.WriteString("\n  ")
		b.WriteString(c.String())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrDrift) true.
func (e *DriftError) Is(target error) bool { return target == ErrDrift }

// EngineError is an operation the engine ran and failed.
type EngineError struct {
	Op Operation
	// Diagnostics are the engine's error messages, colors stripped.
	Diagnostics []string
	// Stderr is the tail of the pulumi CLI's standard error.
	Stderr string
	Err    error
}

func (e *EngineError) Error() string {
	msg := fmt.Sprintf("%s failed", e.Op)
	switch {
	case len(e.Diagnostics) > 0:
		msg += ": " + strings.Join(e.Diagnostics, "; ")
	case e.Stderr != "":
		msg += ": " + e.Stderr
	case e.Err != nil:
		msg += ": " + firstLine(e.Err.Error())
	}
	return msg
}

// Unwrap returns the Automation API error, so auto.IsRuntimeError and friends still work.
func (e *EngineError) Unwrap() error { return e.Err }

// ExitCode maps an error of the driver to the CLI's exit status: nil 0, drift 3, bad usage
// or configuration 2 (UsageError, ConfigError, StackNotFoundError), anything else 1.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, ErrDrift) {
		return ExitDrift
	}
	var ue *UsageError
	var ce *ConfigError
	var nf *StackNotFoundError
	if errors.As(err, &ue) || errors.As(err, &ce) || errors.As(err, &nf) {
		return ExitUsage
	}
	return ExitFailure
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// stderrTail extracts the pulumi CLI's stderr from an Automation API error (its text ends
// with "stderr: ...") and keeps its last few meaningful lines.
func stderrTail(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	i := strings.LastIndex(s, "\nstderr: ")
	if i < 0 {
		return ""
	}
	return tailLines(s[i+len("\nstderr: "):], 6)
}

// tailLines returns the last n non-blank lines of s, trimmed.
func tailLines(s string, n int) string {
	var lines []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
