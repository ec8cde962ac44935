package automation

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// messageFix wraps the pulumi CLI to undo the Automation API's quoting of --message.
//
// sdk v3.274.1 passes the message as fmt.Sprintf("--message=%q", m) to os/exec, where no
// shell removes the quotes, so the stack history records `"ci run 42"` with its quotes
// (the same mistake pulumi/pulumi#9369 fixed for --color). The wrapper unquotes the value.
type messageFix struct {
	auto.PulumiCommand
}

// Run runs the CLI with every --message="..." argument unquoted.
func (m messageFix) Run(ctx context.Context, workdir string, stdin io.Reader,
	additionalOutput, additionalErrorOutput []io.Writer, additionalEnv []string, args ...string,
) (string, string, int, error) {
	return m.PulumiCommand.Run(ctx, workdir, stdin, additionalOutput, additionalErrorOutput, additionalEnv, unquoteMessage(args)...)
}

// unquoteMessage returns args with --message="..." turned into --message=...
func unquoteMessage(args []string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--message=")
		if !ok || len(v) < 2 || v[0] != '"' {
			continue
		}
		if s, err := strconv.Unquote(v); err == nil {
			out[i] = "--message=" + s
		}
	}
	return out
}

// pulumiCommand returns the CLI to run: Options.PulumiCommand or `pulumi` from PATH,
// wrapped by messageFix.
func (o *Options) pulumiCommand() (auto.PulumiCommand, error) {
	cmd := o.PulumiCommand
	if cmd == nil {
		skip := false
		if v, ok := o.EnvVars["PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK"]; ok {
			skip, _ = strconv.ParseBool(v)
		}
		var err error
		cmd, err = auto.NewPulumiCommand(&auto.PulumiCommandOptions{SkipVersionCheck: skip})
		if err != nil {
			return nil, err
		}
	}
	return messageFix{cmd}, nil
}
