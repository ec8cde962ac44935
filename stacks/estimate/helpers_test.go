package estimate

import "strings"

// inv builds a synthetic inventory for stack "t": each resource's URN is made from its
// type and name, its parent and dependencies are given by name.
type invBuilder struct {
	rs     []Resource
	byName map[string]string
}

func newInv() *invBuilder { return &invBuilder{byName: map[string]string{}} }

func (b *invBuilder) urn(name string) string {
	u, ok := b.byName[name]
	if !ok {
		panic("unknown resource " + name)
	}
	return u
}

// add registers a custom resource.
func (b *invBuilder) add(typ, name string, inputs map[string]any, deps ...string) *invBuilder {
	return b.addR(Resource{Type: typ, Name: name, Custom: true, Inputs: inputs}, "", deps...)
}

// child registers a custom resource under a parent.
func (b *invBuilder) child(parent, typ, name string, inputs map[string]any, deps ...string) *invBuilder {
	return b.addR(Resource{Type: typ, Name: name, Custom: true, Inputs: inputs}, parent, deps...)
}

// component registers a local component (not created itself).
func (b *invBuilder) component(typ, name string) *invBuilder {
	return b.addR(Resource{Type: typ, Name: name}, "")
}

// remote registers a remote component under a parent.
func (b *invBuilder) remote(parent, typ, name string, deps ...string) *invBuilder {
	return b.addR(Resource{Type: typ, Name: name, Remote: true}, parent, deps...)
}

func (b *invBuilder) addR(r Resource, parent string, deps ...string) *invBuilder {
	r.URN = "urn:pulumi:t::p::" + strings.ReplaceAll(r.Type, "::", "") + "::" + r.Name
	if parent != "" {
		r.Parent = b.urn(parent)
	} else {
		r.Parent = "urn:pulumi:t::p::pulumi:pulumi:Stack::p-t"
	}
	for _, d := range deps {
		r.Dependencies = append(r.Dependencies, b.urn(d))
	}
	if r.Inputs == nil {
		r.Inputs = map[string]any{}
	}
	b.byName[r.Name] = r.URN
	b.rs = append(b.rs, r)
	return b
}

func (b *invBuilder) build() []Resource { return b.rs }
