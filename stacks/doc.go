// Package stacks is the portkey-eks program: the typed stack configuration, its defaults and
// validation, and Deploy, the one place where the components are wired together.
//
// Program is what `pulumi up` runs (main.go) and what the portkey-eks CLI runs inline and,
// for synth, under mocks:
//
//	Pulumi.<stack>.yaml -> LoadConfig -> Config (defaults filled, validated) -> Deploy -> outputs
//
// The configuration is plain Go: Config has one section per concern (network, cluster,
// cache, logStore, identity, gateway, exposure, controlPlane, inbound, tags), each read
// from the project's config namespace and decoded over Defaults, so a stack sets only what
// it changes. Decode and Validate are pure: they report every problem at once, each naming
// the key, the bad value and what is allowed, before any resource is registered. The
// secrets (clientAuthKey, registryUsername, registryPassword, cacheAuthToken) never enter
// Config: LoadConfig returns them as Pulumi secret outputs.
//
// LoadStackFile reads a stack's configuration offline with the Pulumi SDK's own loaders, for
// synth and for validating before an engine starts (ValidateStackDir).
package stacks
