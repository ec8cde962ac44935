// Package iampolicy is the one IAM policy document type of portkey-eks: permission
// policies, trust (assume-role) policies and S3 bucket policies, as Go values that
// marshal to the JSON IAM reads.
//
// A Document marshals its fields in the order AWS documentation writes them (Version,
// Statement; Sid, Effect, Principal, Action, Resource, Condition). A value list (Strings)
// is written as a JSON string or as an array, as its builder chose (One or List), so a
// document can reproduce a published one byte for byte. Condition maps are written with
// their keys sorted, as encoding/json does for every map.
//
// The package holds no resources and imports nothing of Pulumi. Build a document with New
// and Statement literals (or ServiceAssumeRole for a service's trust), then render it with
// JSON (compact) or IndentedJSON. CheckWildcards refuses wildcard actions; Validate adds
// the shape checks of a least-privilege permission or trust policy; Parse reads a
// document and validates it.
package iampolicy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Version is the IAM policy language version every document uses.
const Version = "2012-10-17"

// Effects of a statement.
const (
	// Allow grants the statement's actions.
	Allow = "Allow"
	// Deny refuses the statement's actions, whatever else allows them.
	Deny = "Deny"
)

// Actions of trust documents.
const (
	// ActionAssumeRole lets the principal assume the role (services, AWS accounts).
	ActionAssumeRole = "sts:AssumeRole"
	// ActionTagSession lets the principal pass session tags when it assumes the role.
	ActionTagSession = "sts:TagSession"
	// ActionAssumeRoleWithWebIdentity lets a federated (OIDC) principal assume the role.
	ActionAssumeRoleWithWebIdentity = "sts:AssumeRoleWithWebIdentity"
)

// Document is an IAM policy, trust or bucket policy document.
type Document struct {
	// Version is the policy language version; always the constant Version.
	Version string `json:"Version"`
	// Statement lists the statements, in the order they are written.
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a Document. Fields left zero are left out of the JSON,
// except Effect and Action, which IAM requires.
type Statement struct {
	// Sid is the optional statement ID.
	Sid string `json:"Sid,omitempty"`
	// Effect is Allow or Deny.
	Effect string `json:"Effect"`
	// Principal is who the statement is about; set in trust and bucket policies only.
	Principal Principal `json:"Principal,omitzero"`
	// Action lists the actions.
	Action Strings `json:"Action"`
	// Resource lists the resource ARNs (empty in trust documents).
	Resource Strings `json:"Resource,omitzero"`
	// Condition maps an operator ("StringEquals") to condition keys and their values.
	Condition map[string]map[string]Strings `json:"Condition,omitempty"`
}

// New returns a document of the current Version with the given statements.
func New(statements ...Statement) Document {
	return Document{Version: Version, Statement: statements}
}

// JSON returns the document as compact JSON. It does not check the document; call
// CheckWildcards or Validate first where a package refuses what they refuse.
func (d Document) JSON() (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// IndentedJSON returns the document as JSON indented by two spaces, the form IAM
// stores a document in after normalising its whitespace. Like JSON, it checks nothing.
func (d Document) IndentedJSON() (string, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// IsWildcardAction reports whether an IAM action contains a wildcard ("*", "s3:*",
// "s3:Get*", "s3:?etObject").
func IsWildcardAction(action string) bool {
	return strings.ContainsAny(action, "*?")
}

// CheckWildcards returns an error naming the first action, in any statement, that is a
// wildcard (see IsWildcardAction): a policy that uses it spells out every permission.
func (d Document) CheckWildcards() error {
	for i, st := range d.Statement {
		for _, a := range st.Action.Values {
			if IsWildcardAction(a) {
				return fmt.Errorf("statement %d: wildcard action %q: name each action", i, a)
			}
		}
	}
	return nil
}

// Validate checks that d is a least-privilege permission or trust document: the
// current Version, at least one statement, each with an Effect of Allow or Deny, at
// least one action and no wildcard action (CheckWildcards), and, unless it names a
// Principal, at least one resource and no empty one.
func (d Document) Validate() error {
	if d.Version != Version {
		return fmt.Errorf("policy version %q: want %q", d.Version, Version)
	}
	if len(d.Statement) == 0 {
		return fmt.Errorf("policy has no statement")
	}
	for i, st := range d.Statement {
		if st.Effect != Allow && st.Effect != Deny {
			return fmt.Errorf("statement %d: effect %q is neither Allow nor Deny", i, st.Effect)
		}
		if len(st.Action.Values) == 0 {
			return fmt.Errorf("statement %d: no action", i)
		}
		if st.Principal.IsZero() && len(st.Resource.Values) == 0 {
			return fmt.Errorf("statement %d: no resource", i)
		}
		for _, r := range st.Resource.Values {
			if r == "" {
				return fmt.Errorf("statement %d: empty resource", i)
			}
		}
	}
	return d.CheckWildcards()
}

// Parse reads a document from JSON and runs Validate on it. Fields this package does
// not model (NotAction, NotResource, NotPrincipal, ...) are an error.
func Parse(s string) (Document, error) {
	var d Document
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Document{}, fmt.Errorf("policy is not a JSON policy document: %w", err)
	}
	if err := d.Validate(); err != nil {
		return Document{}, err
	}
	return d, nil
}

// ServiceAssumeRole returns the trust statement that lets an AWS service (such as
// "ec2.amazonaws.com") perform actions (usually List(ActionAssumeRole)) on the role.
// sid may be empty. Set the statement's Condition (see SourceConditions) to limit the
// service to requests made on behalf of one account or resource.
func ServiceAssumeRole(sid, service string, actions Strings) Statement {
	return Statement{
		Sid:       sid,
		Effect:    Allow,
		Principal: ServicePrincipal(service),
		Action:    actions,
	}
}

// SourceConditions returns the conditions that guard a service principal against the
// confused deputy problem: StringEquals aws:SourceAccount = account and ArnLike
// aws:SourceArn = sourceArn (a pattern may use *). An empty argument leaves its
// condition out; both empty return nil.
func SourceConditions(account, sourceArn string) map[string]map[string]Strings {
	var c map[string]map[string]Strings
	if account != "" {
		c = map[string]map[string]Strings{"StringEquals": {"aws:SourceAccount": One(account)}}
	}
	if sourceArn != "" {
		if c == nil {
			c = map[string]map[string]Strings{}
		}
		c["ArnLike"] = map[string]Strings{"aws:SourceArn": One(sourceArn)}
	}
	return c
}

// Principal is a statement's principal: either everyone (the JSON string "*", as in an
// S3 bucket policy that denies insecure transport to all) or a map from principal type
// ("Service", "Federated", "AWS") to values.
type Principal struct {
	// Anyone is the "*" principal; IDs must then be empty.
	Anyone bool
	// IDs maps a principal type to its values, such as {"Service": One("ec2.amazonaws.com")}.
	IDs map[string]Strings
}

// AnyPrincipal returns the "*" principal (everyone, authenticated or not).
func AnyPrincipal() Principal { return Principal{Anyone: true} }

// ServicePrincipal returns {"Service": "<service>"}, an AWS service such as
// "pods.eks.amazonaws.com".
func ServicePrincipal(service string) Principal {
	return Principal{IDs: map[string]Strings{"Service": One(service)}}
}

// FederatedPrincipal returns {"Federated": "<arn>"}, an identity provider such as an
// IAM OIDC provider's ARN.
func FederatedPrincipal(providerArn string) Principal {
	return Principal{IDs: map[string]Strings{"Federated": One(providerArn)}}
}

// IsZero reports whether p names no principal (such a field is left out of the JSON).
func (p Principal) IsZero() bool { return !p.Anyone && len(p.IDs) == 0 }

// MarshalJSON writes "*" for AnyPrincipal, else the map with its keys sorted.
func (p Principal) MarshalJSON() ([]byte, error) {
	if p.Anyone {
		if len(p.IDs) > 0 {
			return nil, fmt.Errorf("principal is both \"*\" and a map")
		}
		return []byte(`"*"`), nil
	}
	return json.Marshal(p.IDs)
}

// UnmarshalJSON reads either the string "*" or a map of principal types to values.
func (p *Principal) UnmarshalJSON(b []byte) error {
	v, ok, err := jsonString(b)
	if err != nil {
		return err
	}
	if ok {
		if v != "*" {
			return fmt.Errorf("principal %q: want \"*\" or a map such as {\"Service\": ...}", v)
		}
		*p = AnyPrincipal()
		return nil
	}
	var ids map[string]Strings
	if err := json.Unmarshal(b, &ids); err != nil {
		return err
	}
	*p = Principal{IDs: ids}
	return nil
}

// Strings is one or more IAM values (actions, resources, principals, condition values).
// IAM accepts a single value either as a JSON string or as a one-element array; Scalar
// picks the string form so documents read exactly as AWS and the install guide write them.
type Strings struct {
	// Values are the values, in order.
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

// MarshalJSON writes a string when Scalar is set and there is one value, else an array
// ([] when there is none).
func (s Strings) MarshalJSON() ([]byte, error) {
	if s.Scalar && len(s.Values) == 1 {
		return json.Marshal(s.Values[0])
	}
	if s.Values == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(s.Values)
}

// UnmarshalJSON reads either a JSON string (as One) or an array of strings (as List).
func (s *Strings) UnmarshalJSON(b []byte) error {
	v, ok, err := jsonString(b)
	if err != nil {
		return err
	}
	if ok {
		*s = One(v)
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*s = List(list...)
	return nil
}

// jsonString decodes b when it is a JSON string; ok reports whether it is one, and err
// is set only then.
func jsonString(b []byte) (v string, ok bool, err error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '"' {
		return "", false, nil
	}
	err = json.Unmarshal(b, &v)
	return v, true, err
}
