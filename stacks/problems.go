package stacks

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a stack's configuration: the config key (a dotted path
// such as "cluster.nodeGroups[0].amiType"), the offending value, what is wrong and what is
// allowed instead.
type Problem struct {
	Key     string
	Value   string
	Message string
	Allowed string
}

// String renders the problem on one line, for example
//
//	portkey-eks:network.azCount = 1: a new VPC needs at least two availability zones (allowed: 2 to 6)
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(Namespace + ":" + p.Key)
	if p.Value != "" {
		fmt.Fprintf(&b, " = %s", p.Value)
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	if p.Allowed != "" {
		fmt.Fprintf(&b, " (allowed: %s)", p.Allowed)
	}
	return b.String()
}

// Problems is every problem found in one configuration. As an error it lists them all,
// one per line.
type Problems []Problem

// Namespace is the project's config namespace: every key is read as "portkey-eks:<key>".
const Namespace = "portkey-eks"

// Error implements error.
func (ps Problems) Error() string {
	lines := make([]string, 0, len(ps)+1)
	lines = append(lines, fmt.Sprintf("invalid configuration: %d problem(s):", len(ps)))
	for _, p := range ps {
		lines = append(lines, "  - "+p.String())
	}
	return strings.Join(lines, "\n")
}

// Keys returns the config keys that have problems, sorted and without duplicates.
func (ps Problems) Keys() []string {
	seen := map[string]bool{}
	var keys []string
	for _, p := range ps {
		if !seen[p.Key] {
			seen[p.Key] = true
			keys = append(keys, p.Key)
		}
	}
	sort.Strings(keys)
	return keys
}

// Err returns ps as an error, or nil when there are no problems.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// problems collects Problems; its methods keep validation code short.
type problems struct{ list Problems }

func (p *problems) add(key string, value any, allowed, format string, args ...any) {
	p.list = append(p.list, Problem{Key: key, Value: show(value), Message: fmt.Sprintf(format, args...), Allowed: allowed})
}

// show renders a config value the way a user wrote it.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	default:
		return fmt.Sprint(x)
	}
}
