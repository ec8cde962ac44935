// Package validate holds the syntax rules of the AWS and Kubernetes names and ARNs this
// program takes: one function per rule, shared by the stack's config validation
// (package stacks) and the components' own argument checks, so that a value the config
// accepts is never refused later by a component.
//
// Every function returns nil for an accepted value and an *Error for a refused one. The
// error says what is wrong with the value and what is allowed, but names no config key
// or Go field: callers add their own, for example
//
//	if err := validate.Region(r); err != nil {
//		return fmt.Errorf("Region: %w", err)
//	}
//
// The rules check syntax only (no AWS or Kubernetes call). Each cites where it comes
// from: the AWS documentation or SDK partition metadata, or the Kubernetes source
// (k8s.io/apimachinery/pkg/util/validation and pkg/api/validation). Where this program
// is stricter than AWS or Kubernetes, the doc comment says why.
//
// The package registers no resources and imports nothing of Pulumi.
package validate
