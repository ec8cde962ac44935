package automation

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
)

// collector reads the engine events of one engine command: it writes them as JSON lines
// when asked, and keeps what the summary needs.
type collector struct {
	phase string    // "refresh" or "preview" for drift findings
	json  io.Writer // nil: do not write events
	warn  io.Writer

	summary  *apitype.SummaryEvent
	changes  []Change // steps that change something, in event order
	errors   []string // error diagnostics
	writeErr error
	badLines int
}

// handle takes one event.
func (c *collector) handle(ev events.EngineEvent) {
	if ev.Error != nil {
		c.badLines++
		if c.warn != nil {
			fmt.Fprintf(c.warn, "warning: unreadable engine event: %v\n", ev.Error)
		}
		return
	}
	e := ev.EngineEvent
	if c.json != nil && c.writeErr == nil {
		b, err := json.Marshal(e)
		if err == nil {
			_, err = fmt.Fprintf(c.json, "%s\n", b)
		}
		c.writeErr = err
	}
	switch {
	case e.SummaryEvent != nil:
		s := *e.SummaryEvent
		c.summary = &s
	case e.DiagnosticEvent != nil:
		d := e.DiagnosticEvent
		if d.Severity == "error" && !d.Ephemeral {
			msg := strings.TrimSpace(colors.Never.Colorize(d.Prefix + d.Message))
			msg = strings.TrimPrefix(msg, "error: ")
			if msg != "" {
				c.errors = append(c.errors, msg)
			}
		}
	case e.ResourcePreEvent != nil:
		if ch, ok := stepChange(c.phase, e.ResourcePreEvent.Metadata); ok {
			c.changes = append(c.changes, ch)
		}
	case e.ResOutputsEvent != nil:
		// A refresh reports each resource once, after reading it: as op "refresh", or (the
		// v3.274 engine, for a resource that drifted) as op "update" or "delete". It drifted
		// when the read changed properties or found the resource gone.
		m := e.ResOutputsEvent.Metadata
		refreshing := m.Op == apitype.OpRefresh || (c.phase == "refresh" && (m.Op == apitype.OpUpdate || m.Op == apitype.OpDelete))
		if !refreshing || c.named(m.URN) {
			return
		}
		ch, ok := refreshChange(m)
		if !ok && m.Op != apitype.OpRefresh {
			ch, ok = Change{Phase: "refresh", Op: string(m.Op), URN: m.URN, Type: m.Type, Diffs: m.Diffs}, true
		}
		if ok {
			c.changes = append(c.changes, ch)
		}
	}
}

// named reports whether a change for urn is already recorded in this phase.
func (c *collector) named(urn string) bool {
	for _, ch := range c.changes {
		if ch.URN == urn {
			return true
		}
	}
	return false
}

// stepChange turns a planned step into a Change, unless it changes nothing.
func stepChange(phase string, m apitype.StepEventMetadata) (Change, bool) {
	if noChangeOps[string(m.Op)] {
		return Change{}, false
	}
	return Change{Phase: phase, Op: string(m.Op), URN: m.URN, Type: m.Type, Diffs: m.Diffs}, true
}

// refreshChange turns a refresh step into a Change when the resource drifted: deleted
// outside Pulumi (no new state) or changed properties.
func refreshChange(m apitype.StepEventMetadata) (Change, bool) {
	ch := Change{Phase: "refresh", URN: m.URN, Type: m.Type}
	switch {
	case m.Old != nil && m.New == nil:
		ch.Op = string(apitype.OpDelete)
	case len(m.Diffs) > 0 || len(m.DetailedDiff) > 0:
		ch.Op = string(apitype.OpUpdate)
		ch.Diffs = m.Diffs
		if len(ch.Diffs) == 0 {
			for k := range m.DetailedDiff {
				ch.Diffs = append(ch.Diffs, k)
			}
		}
	default:
		return Change{}, false
	}
	return ch, true
}

// counts returns the summary event's resource counts, or nil when there was none.
func (c *collector) counts() map[string]int {
	if c.summary == nil {
		return nil
	}
	m := make(map[string]int, len(c.summary.ResourceChanges))
	for op, n := range c.summary.ResourceChanges {
		m[string(op)] = n
	}
	return m
}

// cancelGrace is how long stream waits for an engine command after its context is
// canceled. The pulumi CLI gets an interrupt at once and is killed 10s later; the
// Automation API then still waits for the inline program to return, which a program that
// ignores its context may never do.
var cancelGrace = 30 * time.Second

// stream runs fn with a channel of engine events handled by c, and returns fn's error once
// every event fn produced has been handled.
//
// The Automation API closes the channel at the end of the event stream, but never when the
// CLI failed before streaming; it sends nothing more once fn has returned, so the reader
// stops at whichever comes first. When ctx is canceled and fn has not returned within
// cancelGrace, stream gives up on it and returns ErrCanceled.
func (c *collector) stream(ctx context.Context, fn func(ch chan<- events.EngineEvent) error) error {
	ch := make(chan events.EngineEvent)
	opDone := make(chan struct{})
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		for {
			select {
			case ev, ok := <-ch:
				if !ok {
					return
				}
				c.handle(ev)
			case <-opDone:
				return
			}
		}
	}()
	result := make(chan error, 1)
	go func() { result <- fn(ch) }()
	var err error
	select {
	case err = <-result:
	case <-ctx.Done():
		select {
		case err = <-result:
		case <-time.After(cancelGrace):
			// Leave the engine goroutines behind: the caller is about to exit.
			close(opDone)
			<-readerDone
			return fmt.Errorf("%w: the engine did not stop within %s of the interrupt (the inline program "+
				"ignores cancellation?); the stack may still be locked: check with `pulumi stack` and release it "+
				"with `pulumi cancel` if no update is running", ErrCanceled, cancelGrace)
		}
	}
	close(opDone)
	<-readerDone
	return err
}
