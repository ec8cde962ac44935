//go:build !linux

package testcluster

import (
	"os/exec"
	"syscall"
)

// setProcAttrs leaves the process attributes alone off Linux.
func setProcAttrs(cmd *exec.Cmd) {}

// signalGroup signals the process itself off Linux: SIGKILL kills it, anything else asks
// it to stop.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) {
	if cmd.Process == nil {
		return
	}
	if sig == syscall.SIGKILL {
		_ = cmd.Process.Kill()
		return
	}
	_ = cmd.Process.Signal(sig)
}
