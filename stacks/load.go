package stacks

import (
	"encoding/json"
	"os"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/portkey-eks/portkey-eks/components/cache"
)

// Secrets holds the secret config values as Pulumi secret outputs. They flow into resources
// as outputs only, so they stay secret in state, outputs and logs.
type Secrets struct {
	ClientAuthKey    pulumi.StringOutput
	RegistryUsername pulumi.StringOutput
	RegistryPassword pulumi.StringOutput
	// CacheAuthToken is empty unless cache.mode is elasticache with authMode token.
	CacheAuthToken pulumi.StringOutput
}

// LoadConfig reads the stack's configuration from the project's config namespace, fills the
// defaults and validates it. It registers no resource. On bad configuration it returns
// Problems (an error listing every problem) and a zero Config.
func LoadConfig(ctx *pulumi.Context) (Config, Secrets, error) {
	return loadConfig(ctx, false)
}

// loadConfig is LoadConfig; offline (synth) does not require secrets nor refuse the stack
// file's placeholders.
func loadConfig(ctx *pulumi.Context, offline bool) (Config, Secrets, error) {
	in := Input{
		Project:  ctx.Project(),
		Stack:    ctx.Stack(),
		Region:   config.Get(ctx, "aws:region"),
		Sections: map[string]json.RawMessage{},
	}
	var ps Problems
	for _, key := range SectionKeys() {
		var raw json.RawMessage
		if err := config.GetObject(ctx, key, &raw); err != nil {
			ps = append(ps, Problem{Key: key, Message: "cannot be parsed: " + err.Error(), Allowed: "a YAML/JSON object"})
			continue
		}
		if raw != nil {
			in.Sections[key] = raw
		}
	}
	in.OtherKeys = otherKeysFromEnv()
	in.Secrets = secretsPresent(ctx)
	in.Secrets.Required = !offline
	// The token's value is checked here, where the program holds it in plain text; the
	// error never contains it. Offline (synth), the value is a placeholder or not decrypted.
	if token, ok := ctx.GetConfig(Namespace + ":" + KeyCacheAuthToken); ok && token != "" && !offline {
		if err := cache.ValidateAuthToken(token); err != nil {
			in.Secrets.CacheAuthTokenError = err.Error()
		}
	}
	cfg, problems := Decode(in)
	ps = append(ps, problems...)
	if len(ps) > 0 {
		return Config{}, Secrets{}, ps
	}
	sec := Secrets{
		ClientAuthKey:    config.GetSecret(ctx, KeyClientAuthKey),
		RegistryUsername: config.GetSecret(ctx, KeyRegistryUsername),
		RegistryPassword: config.GetSecret(ctx, KeyRegistryPassword),
		CacheAuthToken:   config.GetSecret(ctx, KeyCacheAuthToken),
	}
	return cfg, sec, nil
}

// secretsPresent records which secret keys are set, and which of them were set in plain text.
func secretsPresent(ctx *pulumi.Context) SecretsPresent {
	s := SecretsPresent{Required: true}
	has := func(key string) bool {
		full := Namespace + ":" + key
		v, ok := ctx.GetConfig(full)
		if ok && v != "" && !ctx.IsConfigSecret(full) {
			s.NotSecret = append(s.NotSecret, key)
		}
		return ok && v != ""
	}
	s.ClientAuthKey = has(KeyClientAuthKey)
	s.RegistryUsername = has(KeyRegistryUsername)
	s.RegistryPassword = has(KeyRegistryPassword)
	s.CacheAuthToken = has(KeyCacheAuthToken)
	return s
}

// otherKeysFromEnv lists the keys in the project's namespace that the Pulumi language host
// passed in PULUMI_CONFIG (set when `pulumi up` runs the program), so a misspelt top-level
// key is reported instead of silently ignored. Inline (Automation API) and mocked runs have
// no such variable; their callers check the stack file with LoadStackFile instead.
func otherKeysFromEnv() []string {
	raw := os.Getenv("PULUMI_CONFIG")
	if raw == "" {
		return nil
	}
	var all map[string]any
	if json.Unmarshal([]byte(raw), &all) != nil {
		return nil
	}
	var keys []string
	for k := range all {
		if rest, ok := strings.CutPrefix(k, Namespace+":"); ok {
			keys = append(keys, rest)
		}
	}
	sort.Strings(keys)
	return keys
}
