package synth

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Component runs one component under mocks: a program that calls
// newComponent(ctx, name, args), the constructor shape every component has
// (New<Type>(ctx, name, *<Type>Args, ...pulumi.ResourceOption)), and exports each output
// that outputs returns for the component it made (outputs may be nil: no stack outputs).
// It returns the Result, as Run does, and the component itself for reading its fields.
//
// The constructor's error is returned as Run returns a program's error, with whatever the
// constructor returned and the resources registered up to that point. A component that needs other resources first (a
// provider, a dependency) is built by a function of the same shape that creates them and
// then calls the real constructor.
func Component[A, C any](
	newComponent func(ctx *pulumi.Context, name string, args A, opts ...pulumi.ResourceOption) (C, error),
	name string, args A, outputs func(C) map[string]pulumi.Input, opts Options,
) (*Result, C, error) {
	var c C
	res, err := Run(func(ctx *pulumi.Context) error {
		var err error
		if c, err = newComponent(ctx, name, args); err != nil {
			return err
		}
		if outputs != nil {
			for k, v := range outputs(c) {
				ctx.Export(k, v)
			}
		}
		return nil
	}, opts)
	return res, c, err
}
