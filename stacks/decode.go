package stacks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/portkey-eks/portkey-eks/internal/textdist"
)

// Input is the raw configuration of one stack, as Pulumi holds it: each section's JSON
// object plus what is known about the secret keys. LoadConfig builds it inside a Pulumi
// program; tests and tools can build it by hand.
type Input struct {
	Project string
	Stack   string
	// Region is aws:region.
	Region string
	// Sections maps a section key ("network", "cache", ...) to its JSON value. Missing
	// sections take their defaults.
	Sections map[string]json.RawMessage
	// OtherKeys are other keys set in the project's namespace; any that is neither a
	// section nor a secret key is reported as unknown.
	OtherKeys []string
	Secrets   SecretsPresent
}

// Decode turns raw configuration into a complete, validated Config: it decodes each section
// over Defaults, fills the values derived from other keys, and validates the result. It
// returns every problem it finds at once; the Config is only meaningful when there are
// none. Decode is pure: it registers nothing and reads nothing but its argument.
func Decode(in Input) (Config, Problems) {
	cfg := Defaults()
	cfg.Project, cfg.Stack, cfg.Region, cfg.Secrets = in.Project, in.Stack, in.Region, in.Secrets
	var ps problems

	known := map[string]bool{}
	for _, s := range SectionKeys() {
		known[s] = true
	}
	for _, s := range SecretKeys {
		known[s.Key] = true
	}
	var names []string
	for k := range in.Sections {
		names = append(names, k)
	}
	names = append(names, in.OtherKeys...)
	sort.Strings(names)
	for _, k := range names {
		if !known[k] {
			ps.add(k, nil, "", "unknown config key%s", suggest(k, append(SectionKeys(), secretKeyNames()...)))
		}
	}

	failed := map[string]bool{}
	v := reflect.ValueOf(&cfg).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		key := jsonName(t.Field(i))
		raw, ok := in.Sections[key]
		if key == "" || !ok || len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
			continue
		}
		var generic any
		if err := json.Unmarshal(raw, &generic); err != nil {
			ps.add(key, nil, "a YAML/JSON object", "cannot be parsed: %v", err)
			continue
		}
		before := len(ps.list)
		checkShape(&ps, key, generic, t.Field(i).Type)
		if len(ps.list) > before {
			failed[key] = true
			continue
		}
		if err := json.Unmarshal(raw, v.Field(i).Addr().Interface()); err != nil {
			failed[key] = true
			ps.add(key, nil, "", "cannot be decoded: %v", err)
		}
	}
	derive(&cfg)
	var explicit problems
	checkExplicitKeys(&explicit, cfg, in.Sections)
	// Report everything at once, except what follows from a section that could not be
	// decoded (it was validated with its defaults, which would only mislead).
	for _, p := range append(explicit.list, Validate(cfg)...) {
		section, _, _ := strings.Cut(p.Key, ".")
		section, _, _ = strings.Cut(section, "[")
		if !failed[section] {
			ps.list = append(ps.list, p)
		}
	}
	return cfg, ps.list
}

// SectionKeys lists the config sections, in declaration order.
func SectionKeys() []string {
	t := reflect.TypeOf(Config{})
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if k := jsonName(t.Field(i)); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

func secretKeyNames() []string {
	names := make([]string, len(SecretKeys))
	for i, s := range SecretKeys {
		names[i] = s.Key
	}
	return names
}

// jsonName is a struct field's JSON key, or "" when it has none.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// checkShape reports every key of v that t does not declare and every value whose JSON kind
// does not fit its Go type, walking objects and arrays.
func checkShape(ps *problems, path string, v any, t reflect.Type) {
	if v == nil {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			ps.add(path, v, "an object", "must be an object, not %s", kindOf(v))
			return
		}
		fields := map[string]reflect.StructField{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			if n := jsonName(t.Field(i)); n != "" {
				fields[n] = t.Field(i)
				names = append(names, n)
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f, ok := fields[k]
			if !ok {
				ps.add(path+"."+k, nil, strings.Join(names, ", "), "unknown key%s", suggest(k, names))
				continue
			}
			checkShape(ps, path+"."+k, obj[k], f.Type)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			ps.add(path, v, "a list", "must be a list, not %s", kindOf(v))
			return
		}
		for i, e := range arr {
			checkShape(ps, fmt.Sprintf("%s[%d]", path, i), e, t.Elem())
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			ps.add(path, v, "a map of strings", "must be a map, not %s", kindOf(v))
			return
		}
		for k, e := range obj {
			checkShape(ps, path+"."+k, e, t.Elem())
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			ps.add(path, v, "a string", "must be a string, not %s (quote it)", kindOf(v))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			ps.add(path, v, "true or false", "must be a boolean, not %s", kindOf(v))
		}
	case reflect.Int:
		f, ok := v.(float64)
		if !ok || f != float64(int(f)) {
			ps.add(path, v, "a whole number", "must be a whole number, not %s", kindOf(v))
		}
	}
}

func kindOf(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", x)
	case bool:
		return "a boolean"
	case float64:
		return fmt.Sprintf("the number %v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// suggest returns ` (did you mean "x"?)` for the closest known name, or "".
func suggest(k string, names []string) string {
	if best := textdist.Closest(k, names, max(2, len(k)/3)); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
