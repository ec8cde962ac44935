package estimate

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Step is one resource in a cold deploy: when it can start and finish (minutes from the
// start of `up`), and how much later it could finish without delaying the deploy.
type Step struct {
	URN     string  `json:"urn"`
	Name    string  `json:"name"`
	Type    string  `json:"type"`
	Label   string  `json:"label"`
	Minutes float64 `json:"minutes"`
	Range   string  `json:"range,omitempty"`
	Start   float64 `json:"start"`
	Finish  float64 `json:"finish"`
	Slack   float64 `json:"slack"`
	// Merged lists the mock children a remote component stands for.
	Merged []string `json:"merged,omitempty"`
}

// Gate is a resource on the critical path that should never be there.
type Gate struct {
	Step   Step   `json:"step"`
	Reason string `json:"reason"`
}

// Plan is the estimated cold deploy of an inventory.
type Plan struct {
	// Path is the critical path, first to last.
	Path         []Step  `json:"path"`
	TotalMinutes float64 `json:"totalMinutes"`
	// Beside are the slow resources off the critical path, slowest first.
	Beside []Step `json:"beside"`
	// Gating are the resources of MustNotGate types on the critical path that could
	// only start after SlowMinutes: they waited on something slow they should not need.
	Gating      []Gate  `json:"gating"`
	SlowMinutes float64 `json:"slowMinutes"`
}

type node struct {
	r       Resource
	minutes float64
	deps    []string
	merged  []string
	es, ef  float64
	lf      float64
	state   int
}

// DeployTime estimates a cold `up` of inv: every resource starts when everything it
// waits on has finished and takes its type's typical create time.
//
// What a resource waits on is its dependencies and its explicit provider. A dependency
// on a component (portkey-eks:...) is a dependency on every resource below it, since a
// component is not created itself; a parent does not delay its children (a child needs
// only its parent's URN). A remote pulumi-eks component stands for its create time: the
// children synth's mocks register beside it (TimeTable.RemoteChildren) are merged into it.
func DeployTime(t *TimeTable, inv []Resource) (*Plan, error) {
	byURN := map[string]Resource{}
	children := map[string][]string{}
	for _, r := range inv {
		byURN[r.URN] = r
		if r.Parent != "" {
			children[r.Parent] = append(children[r.Parent], r.URN)
		}
	}
	// Stand-ins: mock children merged into their remote component.
	into := map[string]string{}
	for _, rc := range inv {
		if !rc.Remote {
			continue
		}
		types := t.RemoteChildren.Types[rc.Type]
		for _, s := range inv {
			if s.URN == rc.URN || !s.Custom || s.Remote || s.Parent != rc.Parent || !slices.Contains(types, s.Type) {
				continue
			}
			if s.Name == rc.Name || strings.HasPrefix(s.Name, rc.Name+"-") {
				into[s.URN] = rc.URN
			}
		}
	}
	canon := func(u string) string {
		if c, ok := into[u]; ok {
			return c
		}
		return u
	}
	// descendants returns the created resources below a component.
	var descendants func(u string, out map[string]bool)
	descendants = func(u string, out map[string]bool) {
		for _, c := range children[u] {
			if r := byURN[c]; r.isComponent() {
				descendants(c, out)
			} else {
				out[canon(c)] = true
			}
		}
	}
	nodes := map[string]*node{}
	for _, r := range inv {
		if r.isComponent() {
			continue
		}
		u := canon(r.URN)
		n := nodes[u]
		if n == nil {
			n = &node{r: byURN[u], minutes: t.minutes(byURN[u])}
			nodes[u] = n
		}
		if u != r.URN {
			n.merged = append(n.merged, r.Name)
		}
		waits := slices.Clone(r.Dependencies)
		// Provider is "<urn>::<id>"; the URN itself contains "::", so cut at the last one.
		if i := strings.LastIndex(r.Provider, "::"); i > 0 {
			waits = append(waits, r.Provider[:i])
		}
		for _, d := range waits {
			dr, ok := byURN[d]
			if !ok {
				continue
			}
			if dr.isComponent() {
				set := map[string]bool{}
				descendants(d, set)
				for c := range set {
					n.deps = append(n.deps, c)
				}
				continue
			}
			n.deps = append(n.deps, canon(d))
		}
	}
	for u, n := range nodes {
		slices.Sort(n.deps)
		n.deps = slices.Compact(n.deps)
		n.deps = slices.DeleteFunc(n.deps, func(d string) bool { return d == u })
	}
	// Earliest start and finish.
	var visit func(u string, stack []string) error
	visit = func(u string, stack []string) error {
		n := nodes[u]
		switch n.state {
		case 2:
			return nil
		case 1:
			return fmt.Errorf("dependency cycle: %s", strings.Join(append(stack, u), " -> "))
		}
		n.state = 1
		for _, d := range n.deps {
			if err := visit(d, append(stack, u)); err != nil {
				return err
			}
			n.es = max(n.es, nodes[d].ef)
		}
		n.ef = n.es + n.minutes
		n.state = 2
		return nil
	}
	urns := make([]string, 0, len(nodes))
	for u := range nodes {
		urns = append(urns, u)
	}
	sort.Strings(urns)
	plan := &Plan{SlowMinutes: t.SlowMinutes, Path: []Step{}, Beside: []Step{}, Gating: []Gate{}}
	for _, u := range urns {
		if err := visit(u, nil); err != nil {
			return nil, err
		}
		plan.TotalMinutes = max(plan.TotalMinutes, nodes[u].ef)
	}
	// Latest finish, for slack: walk in decreasing earliest finish.
	order := slices.Clone(urns)
	sort.SliceStable(order, func(i, j int) bool { return nodes[order[i]].ef > nodes[order[j]].ef })
	for _, u := range order {
		nodes[u].lf = plan.TotalMinutes
	}
	for _, u := range order {
		n := nodes[u]
		for _, d := range n.deps {
			nodes[d].lf = min(nodes[d].lf, n.lf-n.minutes)
		}
	}
	// better orders candidates for the path: later finish, then a remote component,
	// then the longer create, then URN.
	better := func(a, b string) bool {
		na, nb := nodes[a], nodes[b]
		if na.ef != nb.ef {
			return na.ef > nb.ef
		}
		if na.r.Remote != nb.r.Remote {
			return na.r.Remote
		}
		if na.minutes != nb.minutes {
			return na.minutes > nb.minutes
		}
		return a < b
	}
	var cur string
	for _, u := range urns {
		if cur == "" || better(u, cur) {
			cur = u
		}
	}
	onPath := map[string]bool{}
	for cur != "" {
		onPath[cur] = true
		plan.Path = append(plan.Path, t.step(nodes[cur]))
		next := ""
		for _, d := range nodes[cur].deps {
			if next == "" || better(d, next) {
				next = d
			}
		}
		cur = next
	}
	slices.Reverse(plan.Path)
	for _, s := range plan.Path {
		// On the path by need (the gateway waits on the cache it uses) is fine; on it
		// because it first waited on something slow is not.
		if why, ok := t.MustNotGate.Types[s.Type]; ok && s.Start >= t.SlowMinutes {
			plan.Gating = append(plan.Gating, Gate{Step: s, Reason: why})
		}
	}
	for _, u := range urns {
		if n := nodes[u]; !onPath[u] && n.minutes >= t.SlowMinutes {
			plan.Beside = append(plan.Beside, t.step(n))
		}
	}
	sort.SliceStable(plan.Beside, func(i, j int) bool { return plan.Beside[i].Minutes > plan.Beside[j].Minutes })
	return plan, nil
}

func (t *TimeTable) step(n *node) Step {
	label := n.r.Type
	if i := strings.LastIndex(label, ":"); i >= 0 {
		label = label[i+1:]
	}
	ct, ok := t.Types[n.r.Type]
	if ok && ct.Label != "" {
		label = ct.Label
	}
	return Step{URN: n.r.URN, Name: n.r.Name, Type: n.r.Type, Label: label, Minutes: n.minutes, Range: ct.Range,
		Start: round1(n.es), Finish: round1(n.ef), Slack: round1(n.lf - n.ef), Merged: n.merged}
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// SlowOnPath returns the critical path's members that take at least SlowMinutes.
func (p *Plan) SlowOnPath() []Step {
	var out []Step
	for _, s := range p.Path {
		if s.Minutes >= p.SlowMinutes {
			out = append(out, s)
		}
	}
	return out
}

// String renders the plan as synth prints it.
func (p *Plan) String() string {
	var b strings.Builder
	b.WriteString("cold deploy estimate (typical create times: stacks/estimate/data/create-times.json):\n  critical path: ")
	var parts []string
	for _, s := range p.Path {
		part := s.Label + " " + s.Name
		if s.Minutes >= 0.5 {
			part += fmt.Sprintf(" (~%s min)", fmtNum(s.Minutes))
		}
		parts = append(parts, part)
	}
	fmt.Fprintf(&b, "%s: ~%s min\n", strings.Join(parts, " -> "), fmtNum(round1(p.TotalMinutes)))
	// Resources of one kind with the same timing (a NAT gateway per AZ) share a line.
	type key struct {
		label                         string
		minutes, start, finish, slack float64
	}
	var keys []key
	names := map[key][]string{}
	ranges := map[key]string{}
	for _, s := range p.Beside {
		k := key{s.Label, s.Minutes, s.Start, s.Finish, s.Slack}
		if _, ok := names[k]; !ok {
			keys = append(keys, k)
		}
		names[k] = append(names[k], s.Name)
		ranges[k] = s.Range
	}
	for _, k := range keys {
		rng := ""
		if ranges[k] != "" {
			rng = ", range " + ranges[k]
		}
		fmt.Fprintf(&b, "  beside it: %s %s (~%s min%s) runs from %s to %s min, %s min before the deploy would wait on it\n",
			k.label, strings.Join(names[k], ", "), fmtNum(k.minutes), rng, fmtNum(k.start), fmtNum(k.finish), fmtNum(k.slack))
	}
	for _, g := range p.Gating {
		fmt.Fprintf(&b, "  WARNING: %s %s is on the critical path: %s\n", g.Step.Label, g.Step.Name, g.Reason)
	}
	return b.String()
}
