package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Verdict is the outcome of one check.
type Verdict string

// The verdicts. Skipped is for a check that does not apply to the stack (no load balancer,
// no PrivateLink) or was not asked for; it does not change the exit status.
const (
	Pass      Verdict = "pass"
	Fail      Verdict = "fail"
	CannotRun Verdict = "cannot run"
	Skipped   Verdict = "skipped"
)

// Result is one check's outcome.
type Result struct {
	// Check is the check's name, e.g. "rollout/gateway".
	Check string `json:"check"`
	// Verdict is pass, fail, cannot run or skipped.
	Verdict Verdict `json:"verdict"`
	// Summary is one line on what was seen ("2/2 pods Ready, 0 restarts").
	Summary string `json:"summary"`
	// Reasons explain a failure or why the check cannot run, one finding each.
	Reasons []string `json:"reasons,omitempty"`
	// Next is the next step to take when the check did not pass.
	Next string `json:"next,omitempty"`
	// Duration is how long the check took.
	Duration time.Duration `json:"-"`
}

// MarshalJSON adds durationSeconds.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	return json.Marshal(struct {
		plain
		DurationSeconds float64 `json:"durationSeconds"`
	}{plain(r), r.Duration.Round(time.Millisecond).Seconds()})
}

// Report is every check's result, in the order they ran.
type Report struct {
	// Stack names the stack verified (informational).
	Stack   string   `json:"stack,omitempty"`
	Results []Result `json:"results"`
}

// Counts are the number of results per verdict.
type Counts struct {
	Pass      int `json:"pass"`
	Fail      int `json:"fail"`
	CannotRun int `json:"cannotRun"`
	Skipped   int `json:"skipped"`
}

// Counts counts the results by verdict.
func (r Report) Counts() Counts {
	var c Counts
	for _, res := range r.Results {
		switch res.Verdict {
		case Pass:
			c.Pass++
		case Fail:
			c.Fail++
		case CannotRun:
			c.CannotRun++
		case Skipped:
			c.Skipped++
		}
	}
	return c
}

// Exit statuses of a verification.
const (
	ExitOK     = 0 // every check that ran passed
	ExitFailed = 1 // a check failed or could not run
	ExitUsage  = 2 // bad usage (reported by the caller)
)

// ExitCode is ExitOK when no check failed and none could not run, else ExitFailed. A check
// that cannot run counts as a failure: "not known to work" must not pass a CI gate.
func (r Report) ExitCode() int {
	c := r.Counts()
	if c.Fail > 0 || c.CannotRun > 0 {
		return ExitFailed
	}
	return ExitOK
}

// Result returns the result of the named check, and whether there is one.
func (r Report) Result(check string) (Result, bool) {
	for _, res := range r.Results {
		if res.Check == check {
			return res, true
		}
	}
	return Result{}, false
}

// verdictLabel is the fixed-width label of the text form.
func verdictLabel(v Verdict) string {
	switch v {
	case Pass:
		return "PASS      "
	case Fail:
		return "FAIL      "
	case CannotRun:
		return "CANNOT RUN"
	default:
		return "skip      "
	}
}

// WriteText writes the report for a person: a line per check, its reasons and next step
// indented under it, then a summary line.
func (r Report) WriteText(w io.Writer) {
	width := 0
	for _, res := range r.Results {
		width = max(width, len(res.Check))
	}
	for _, res := range r.Results {
		fmt.Fprintf(w, "%s  %-*s  %s\n", verdictLabel(res.Verdict), width, res.Check, res.Summary)
		for _, reason := range res.Reasons {
			fmt.Fprintf(w, "            %s %s\n", strings.Repeat(" ", width), reason)
		}
		if res.Next != "" {
			fmt.Fprintf(w, "            %s next: %s\n", strings.Repeat(" ", width), res.Next)
		}
	}
	c := r.Counts()
	verdict := "the gateway is working"
	if r.ExitCode() != ExitOK {
		verdict = "the gateway is NOT verified"
	}
	fmt.Fprintf(w, "\n%d passed, %d failed, %d cannot run, %d skipped: %s\n", c.Pass, c.Fail, c.CannotRun, c.Skipped, verdict)
}

// WriteJSON writes one JSON object per check, one a line, then {"summary": {...}}.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, res := range r.Results {
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	c := r.Counts()
	return enc.Encode(map[string]any{"summary": struct {
		Stack string `json:"stack,omitempty"`
		Counts
		ExitCode int  `json:"exitCode"`
		OK       bool `json:"ok"`
	}{r.Stack, c, r.ExitCode(), r.ExitCode() == ExitOK}})
}
