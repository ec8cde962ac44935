package testcluster

import (
	"os/exec"
	"syscall"
)

// setProcAttrs puts the command in a process group of its own, so stopping it stops
// whatever it started, and has the kernel kill it if the test binary dies first (a test
// timeout or a SIGKILL runs no cleanup), so no control plane outlives its test.
func setProcAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// signalGroup sends sig to the process group of cmd.
func signalGroup(cmd *exec.Cmd, sig syscall.Signal) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, sig)
	}
}
