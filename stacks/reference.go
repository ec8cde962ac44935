package stacks

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// KeyDoc documents one leaf config key for the README's reference table.
type KeyDoc struct {
	// Key is the dotted path below the namespace, such as "cache.engine" or
	// "cluster.nodeGroups[].amiType".
	Key string
	// Type is string, integer, boolean, list of strings, map of strings or list of objects.
	Type string
	// Default is the default as JSON ("" when it is derived from other keys or empty).
	Default string
	// Doc says what the key does; Allowed lists the choices of an enumeration.
	Doc, Allowed string
	// Secret marks the secret keys.
	Secret bool
}

// Reference lists every config key: each leaf of every section, then the secret keys.
func Reference() []KeyDoc {
	var out []KeyDoc
	d := reflect.ValueOf(Defaults())
	t := d.Type()
	for i := 0; i < t.NumField(); i++ {
		name := jsonName(t.Field(i))
		if name == "" {
			continue
		}
		out = append(out, leafDocs(name, t.Field(i), d.Field(i))...)
	}
	for _, s := range SecretKeys {
		out = append(out, KeyDoc{Key: s.Key, Type: "string", Doc: s.Doc, Secret: true})
	}
	return out
}

func leafDocs(path string, f reflect.StructField, v reflect.Value) []KeyDoc {
	ft := f.Type
	switch {
	case ft.Kind() == reflect.Struct:
		var out []KeyDoc
		for i := 0; i < ft.NumField(); i++ {
			if n := jsonName(ft.Field(i)); n != "" {
				out = append(out, leafDocs(path+"."+n, ft.Field(i), v.Field(i))...)
			}
		}
		return out
	case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
		doc := KeyDoc{Key: path, Type: "list of objects", Doc: f.Tag.Get("doc"), Default: jsonOf(v)}
		out := []KeyDoc{doc}
		elem := reflect.New(ft.Elem()).Elem()
		if ft.Elem() == reflect.TypeOf(NodeGroupConfig{}) {
			elem = reflect.ValueOf(defaultNodeGroup())
		}
		for i := 0; i < ft.Elem().NumField(); i++ {
			if n := jsonName(ft.Elem().Field(i)); n != "" {
				out = append(out, leafDocs(path+"[]."+n, ft.Elem().Field(i), elem.Field(i))...)
			}
		}
		return out
	}
	doc := KeyDoc{Key: path, Doc: f.Tag.Get("doc"), Default: jsonOf(v)}
	if a := f.Tag.Get("allowed"); a != "" {
		doc.Allowed = strings.ReplaceAll(a, "|", ", ")
	}
	switch ft.Kind() {
	case reflect.String:
		doc.Type = "string"
	case reflect.Int:
		doc.Type = "integer"
	case reflect.Bool:
		doc.Type = "boolean"
	case reflect.Slice:
		doc.Type = "list of strings"
	case reflect.Map:
		doc.Type = "map of strings"
	default:
		doc.Type = ft.Kind().String()
	}
	return []KeyDoc{doc}
}

func jsonOf(v reflect.Value) string {
	if v.Kind() == reflect.String && v.String() == "" {
		return ""
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprint(v.Interface())
	}
	return string(b)
}

// ReferenceTable renders Reference as the Markdown table README.md carries.
func ReferenceTable() string {
	var b strings.Builder
	b.WriteString("| Key | Type | Default | Description |\n|---|---|---|---|\n")
	for _, k := range Reference() {
		def := k.Default
		if def != "" {
			def = "`" + def + "`"
		}
		doc := k.Doc
		if k.Allowed != "" {
			doc += " One of: " + k.Allowed + "."
		}
		if k.Secret {
			doc = "**Secret.** " + doc
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", k.Key, k.Type, def, strings.ReplaceAll(doc, "|", "\\|"))
	}
	return b.String()
}
