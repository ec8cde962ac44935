package stacks

import (
	"bytes"
	"encoding/json"
	"reflect"

	"gopkg.in/yaml.v3"
)

// ProjectConfigBlock renders the `config:` block of Pulumi.yaml: every section as an object
// with its description and its defaults (keys in declaration order), then the secret keys
// (an optional one with an empty default, so the CLI does not require it of every stack).
// Pulumi.yaml carries exactly this block; a test keeps them equal.
func ProjectConfigBlock() ([]byte, error) {
	block := &yaml.Node{Kind: yaml.MappingNode}
	d := reflect.ValueOf(Defaults())
	t := d.Type()
	for i := 0; i < t.NumField(); i++ {
		name := jsonName(t.Field(i))
		if name == "" {
			continue
		}
		def, err := orderedNode(d.Field(i).Interface())
		if err != nil {
			return nil, err
		}
		decl := &yaml.Node{Kind: yaml.MappingNode}
		addPair(decl, "type", scalar("object"))
		addPair(decl, "description", scalar(t.Field(i).Tag.Get("doc")+" See README.md for every key."))
		addPair(decl, "default", def)
		addPair(block, name, decl)
	}
	for _, s := range SecretKeys {
		decl := &yaml.Node{Kind: yaml.MappingNode}
		addPair(decl, "type", scalar("string"))
		if s.Optional {
			addPair(decl, "default", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "", Style: yaml.DoubleQuotedStyle})
		} else {
			addPair(decl, "secret", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		addPair(decl, "description", scalar(s.Doc))
		addPair(block, s.Key, decl)
	}
	root := &yaml.Node{Kind: yaml.MappingNode}
	addPair(root, "config", block)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func addPair(m *yaml.Node, k string, v *yaml.Node) { m.Content = append(m.Content, scalar(k), v) }

// orderedNode converts v to a YAML node through JSON, keeping struct field order.
func orderedNode(v any) (*yaml.Node, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	n := doc.Content[0]
	var block func(*yaml.Node)
	block = func(n *yaml.Node) {
		// Empty lists and maps stay in flow style ([] and {}); everything else is block style.
		if len(n.Content) > 0 {
			n.Style = 0
		}
		if n.Kind == yaml.ScalarNode && n.Style == yaml.DoubleQuotedStyle {
			n.Style = 0
		}
		for _, c := range n.Content {
			block(c)
		}
	}
	block(n)
	return n, nil
}
