package automation

import (
	"context"
)

// StackOutputs returns the stack's current outputs with secrets revealed (the kubeconfig is
// one), for a caller in this process that needs them, such as `portkey-eks verify`. It
// opens the stack with the Driver's options (project directory, pulumi CLI, environment,
// secrets provider) and runs no engine operation. Never print what it returns; Outputs is
// the masked view for people.
func (d *Driver) StackOutputs(ctx context.Context) (map[string]any, error) {
	stack, _, err := d.stack(ctx)
	if err != nil {
		return nil, err
	}
	outs, err := stack.Outputs(ctx)
	if err != nil {
		return nil, &EngineError{Op: "outputs", Stderr: stderrTail(err), Err: err}
	}
	m := make(map[string]any, len(outs))
	for k, v := range outs {
		m[k] = v.Value
	}
	return m, nil
}
