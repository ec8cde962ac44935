package stacks

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/portkey-eks/portkey-eks/vocab"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// StackFile is one stack's configuration as Pulumi would hand it to the program, read
// offline from Pulumi.yaml and Pulumi.<stack>.yaml with the SDK's own loaders: the stack's
// values with the project's defaults applied. Secret values are never decrypted: they read
// as "[secret]".
type StackFile struct {
	Dir     string
	Project string
	Stack   string
	// Config maps fully qualified keys ("aws:region", "portkey-eks:network") to the string
	// a program receives (objects as JSON).
	Config map[string]string
	// SecretKeys are the Config keys whose values are secret, sorted.
	SecretKeys []string
}

// LoadStackFile reads Pulumi.yaml and Pulumi.<stack>.yaml from dir.
func LoadStackFile(dir, stack string) (*StackFile, error) {
	proj, err := workspace.LoadProject(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return nil, fmt.Errorf("reading the project file: %w", err)
	}
	path := workspace.ProjectStackPath(filepath.Join(dir, "Pulumi.yaml"), proj, tokens.QName(stack))
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("stack %q has no stack file %s: %w", stack, path, err)
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: "never"})
	ps, err := workspace.LoadProjectStack(sink, proj, path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	values, err := ps.Config.Decrypt(config.NewBlindingDecrypter())
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	sf := &StackFile{Dir: dir, Project: proj.Name.String(), Stack: stack, Config: map[string]string{}}
	for k, v := range values {
		sf.Config[k.String()] = v
	}
	for _, k := range ps.Config.SecureKeys() {
		sf.SecretKeys = append(sf.SecretKeys, k.String())
	}
	// Apply the project's declared defaults for keys the stack leaves unset, as the engine does.
	for key, decl := range proj.Config {
		full := key
		if !strings.Contains(key, ":") {
			full = sf.Project + ":" + key
		}
		if _, set := sf.Config[full]; set || decl.Default == nil {
			continue
		}
		if s, ok := decl.Default.(string); ok {
			sf.Config[full] = s
			continue
		}
		b, err := json.Marshal(decl.Default)
		if err != nil {
			return nil, fmt.Errorf("default of %s in Pulumi.yaml: %w", key, err)
		}
		sf.Config[full] = string(b)
	}
	sort.Strings(sf.SecretKeys)
	return sf, nil
}

// Input turns the stack file into the raw input of Decode. Secrets are required when
// required is true (pulumi up); synth passes false and substitutes placeholders.
func (sf *StackFile) Input(required bool) Input {
	in := Input{Project: sf.Project, Stack: sf.Stack, Region: sf.Config["aws:region"], Sections: map[string]json.RawMessage{}}
	sections := SectionKeys()
	for full, v := range sf.Config {
		key, ok := strings.CutPrefix(full, sf.Project+":")
		if !ok {
			continue
		}
		if slices.Contains(sections, key) {
			in.Sections[key] = json.RawMessage(v)
		} else {
			in.OtherKeys = append(in.OtherKeys, key)
		}
	}
	sort.Strings(in.OtherKeys)
	in.Secrets = SecretsPresent{Required: required}
	for _, s := range SecretKeys {
		full := sf.Project + ":" + s.Key
		v, set := sf.Config[full]
		set = set && v != ""
		if set && !slices.Contains(sf.SecretKeys, full) {
			in.Secrets.NotSecret = append(in.Secrets.NotSecret, s.Key)
		}
		switch s.Key {
		case KeyClientAuthKey:
			in.Secrets.ClientAuthKey = set
		case KeyRegistryUsername:
			in.Secrets.RegistryUsername = set
		case KeyRegistryPassword:
			in.Secrets.RegistryPassword = set
		case KeyCacheAuthToken:
			in.Secrets.CacheAuthToken = set
		}
	}
	return in
}

// ValidateStackDir checks the configuration of one stack in a project directory before any
// engine starts, with every secret required (as for pulumi up). It returns nil, Problems,
// or an error reading the files.
func ValidateStackDir(dir, stack string) error {
	sf, err := LoadStackFile(dir, stack)
	if err != nil {
		return err
	}
	_, ps := Decode(sf.Input(true))
	return ps.Err()
}

// PlaceholderPrefix starts the value synth gives a secret that the stack file lacks.
const PlaceholderPrefix = "synth-placeholder-"

// ForSynth validates the stack file for an offline synth and returns the configuration to
// run SynthProgram with. Secrets the stack file lacks are added as secret placeholders, one
// warning each; secrets it has read as "[secret]" (never decrypted). Documentation values
// left in the stack file (see Placeholders) are warnings too. Bad configuration returns
// Problems.
func (sf *StackFile) ForSynth() (cfg map[string]string, secretKeys []string, warnings []string, err error) {
	c, ps := Decode(sf.Input(false))
	if len(ps) > 0 {
		return nil, nil, nil, ps
	}
	cfg = make(map[string]string, len(sf.Config)+len(SecretKeys))
	for k, v := range sf.Config {
		cfg[k] = v
	}
	secretKeys = slices.Clone(sf.SecretKeys)
	needed := []string{KeyClientAuthKey, KeyRegistryUsername, KeyRegistryPassword}
	if c.Cache.Mode == vocab.CacheElastiCache && c.Cache.AuthMode == vocab.CacheAuthToken {
		needed = append(needed, KeyCacheAuthToken)
	}
	for _, k := range needed {
		full := sf.Project + ":" + k
		if v, ok := cfg[full]; ok && v != "" {
			continue
		}
		cfg[full] = PlaceholderPrefix + k
		secretKeys = append(secretKeys, full)
		warnings = append(warnings, fmt.Sprintf("secret %s is not set in Pulumi.%s.yaml: synthesised with a placeholder (set it with `pulumi config set --secret %s <value> -s %s` before pulumi up)", k, sf.Stack, k, sf.Stack))
	}
	for _, pl := range Placeholders(c) {
		warnings = append(warnings, pl.String()+" (synth goes on; preview and up refuse it)")
	}
	sort.Strings(secretKeys)
	return cfg, secretKeys, warnings, nil
}
