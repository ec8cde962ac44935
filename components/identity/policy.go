package identity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// PolicyVersion is the IAM policy language version every document here uses.
const PolicyVersion = "2012-10-17"

// PolicyDocument is an IAM policy or trust document. Marshal it with JSON; its field order
// is the order AWS documentation (and the Portkey install guide) writes them in.
type PolicyDocument struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a PolicyDocument.
type Statement struct {
	// Sid is the optional statement ID.
	Sid string `json:"Sid,omitempty"`
	// Effect is "Allow" or "Deny".
	Effect string `json:"Effect"`
	// Principal is set in trust documents only, such as {"Service": "pods.eks.amazonaws.com"}.
	Principal map[string]Strings `json:"Principal,omitempty"`
	// Action lists the actions; never a wildcard in this package.
	Action Strings `json:"Action"`
	// Resource lists the resource ARNs (empty in trust documents).
	Resource Strings `json:"Resource,omitzero"`
	// Condition maps an operator ("StringEquals") to condition keys and their values.
	Condition map[string]map[string]Strings `json:"Condition,omitempty"`
}

// Strings is one or more IAM values (actions, resources, principals, condition values).
// IAM accepts a single value either as a JSON string or as a one-element array; Scalar
// picks the string form so documents read exactly as AWS and the install guide write them.
type Strings struct {
	Values []string
	// Scalar marshals a single value as a JSON string instead of an array.
	Scalar bool
}

// One returns a single value written as a JSON string.
func One(v string) Strings { return Strings{Values: []string{v}, Scalar: true} }

// List returns values written as a JSON array, even when there is only one.
func List(v ...string) Strings { return Strings{Values: v} }

// IsZero reports whether s holds no value (such a field is left out of the JSON).
func (s Strings) IsZero() bool { return len(s.Values) == 0 }

// MarshalJSON writes a string when Scalar is set and there is one value, else an array.
func (s Strings) MarshalJSON() ([]byte, error) {
	if s.Scalar && len(s.Values) == 1 {
		return json.Marshal(s.Values[0])
	}
	if s.Values == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(s.Values)
}

// UnmarshalJSON reads either a JSON string or an array of strings.
func (s *Strings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = One(v)
		return nil
	}
	var v []string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = List(v...)
	return nil
}

// JSON returns the document as indented JSON (two spaces), the form IAM stores it in
// after normalising whitespace. It fails if the document grants a wildcard action.
func (d PolicyDocument) JSON() (string, error) {
	if err := d.Validate(); err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// Validate checks the document's shape and that no statement names a wildcard action
// ("*", "s3:*", "s3:Get*", ...): every permission here is spelled out.
func (d PolicyDocument) Validate() error {
	if d.Version != PolicyVersion {
		return fmt.Errorf("policy version %q: want %q", d.Version, PolicyVersion)
	}
	if len(d.Statement) == 0 {
		return fmt.Errorf("policy has no statement")
	}
	for i, st := range d.Statement {
		if st.Effect != "Allow" && st.Effect != "Deny" {
			return fmt.Errorf("statement %d: effect %q is neither Allow nor Deny", i, st.Effect)
		}
		if len(st.Action.Values) == 0 {
			return fmt.Errorf("statement %d: no action", i)
		}
		for _, a := range st.Action.Values {
			if IsWildcardAction(a) {
				return fmt.Errorf("statement %d: wildcard action %q: name each action", i, a)
			}
		}
		if st.Principal == nil && len(st.Resource.Values) == 0 {
			return fmt.Errorf("statement %d: no resource", i)
		}
		for _, r := range st.Resource.Values {
			if r == "" {
				return fmt.Errorf("statement %d: empty resource", i)
			}
		}
	}
	return nil
}

// IsWildcardAction reports whether an IAM action contains a wildcard ("*", "s3:*",
// "s3:Get*", "s3:?etObject").
func IsWildcardAction(action string) bool {
	return strings.ContainsAny(action, "*?")
}

// ParsePolicy reads a policy document from JSON, as a check that a caller's policy is well
// formed; it also runs Validate.
func ParsePolicy(s string) (PolicyDocument, error) {
	var d PolicyDocument
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return PolicyDocument{}, fmt.Errorf("policy is not a JSON policy document: %w", err)
	}
	if err := d.Validate(); err != nil {
		return PolicyDocument{}, err
	}
	return d, nil
}
