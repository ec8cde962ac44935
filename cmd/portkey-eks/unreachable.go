package main

import (
	"strings"

	"github.com/portkey-eks/portkey-eks/components/cluster"
)

// apiUnreachableLine finds, in a failed operation's error, the program's message that the
// Kubernetes API could not be reached (cluster.APIUnreachablePrefix ... the keys to
// change), so the CLI can end with it as one line instead of leaving it inside the
// engine's output. It returns "" when the error is about something else.
func apiUnreachableLine(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	i := strings.Index(msg, cluster.APIUnreachablePrefix)
	if i < 0 {
		return ""
	}
	line, _, _ := strings.Cut(msg[i:], "\n")
	return strings.TrimSpace(line)
}
