// Package tests proves the whole stack's promises on the synthesised inventory of the real
// program: security controls, secrets, data protection.
package tests

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portkey-eks/portkey-eks/internal/variants"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// Violation is one control failing on one resource.
type Violation struct {
	Control string
	URN     string
	Detail  string
}

func (v Violation) String() string { return fmt.Sprintf("%s %s: %s", v.Control, v.URN, v.Detail) }

// Exception is a control that cannot hold by design in some variants, with the reason.
type Exception struct {
	Control string
	// Variants the exception applies to.
	Variants []string
	// Type limits the exception to one resource type ("" = any).
	Type   string
	Reason string
}

// exceptions is the one list of allowed exceptions. prod has none but those that hold by
// design for every stack.
var exceptions = []Exception{
	{Control: "EKS.1", Variants: []string{"dev", "dev-podidentity"}, Type: "aws:eks/cluster:Cluster",
		Reason: "dev opens the public API endpoint, restricted to publicAccessCidrs, so operators can reach it without a VPN"},
	{Control: "CKV_AWS_37", Variants: []string{"dev", "dev-podidentity"}, Type: "aws:eks/cluster:Cluster",
		Reason: "dev sends only api, audit and authenticator logs (the EKS.8 minimum) to save CloudWatch cost"},
	{Control: "AutoScaling.6", Variants: []string{"dev", "dev-podidentity"},
		Reason: "dev runs one instance type (t4g.medium) on purpose; a capacity shortage there only delays a dev deploy"},
	{Control: "S3.17", Variants: []string{"dev", "dev-podidentity"}, Type: "aws:s3/bucketV2:BucketV2",
		Reason: "dev uses SSE-S3 to avoid a KMS key per developer stack"},
	{Control: "S3.14", Variants: []string{"dev", "dev-podidentity"}, Type: "aws:s3/bucketV2:BucketV2",
		Reason: "dev keeps no object versions so pulumi destroy empties the bucket"},
	{Control: "ELB.6", Variants: []string{"dev", "dev-podidentity"}, Type: "aws:lb/loadBalancer:LoadBalancer",
		Reason: "dev load balancers must be destroyable"},
	{Control: "CKV_AWS_355", Type: "aws:iam/rolePolicy:RolePolicy",
		Reason: "the AWS Load Balancer Controller's upstream IAM policy creates and tags load balancers and security groups whose ARNs do not exist yet, so some write actions are on Resource *, scoped by tag conditions"},
	{Control: "ELB.18", Reason: "a TCP listener when no certificate is configured (exposure.certificateArn): TLS then ends at the gateway clients"},
	{Control: "CKV_AWS_382", Reason: "nodes need egress to LLM providers on the internet (the guide's allow-all-egress policy); the gateway NetworkPolicy blocks IMDS instead"},
}

func excepted(control, variant string, r *synth.Resource) (string, bool) {
	for _, e := range exceptions {
		if e.Control != control || (len(e.Variants) > 0 && !slices.Contains(e.Variants, variant)) {
			continue
		}
		if e.Type != "" && (r == nil || r.Type != e.Type) {
			continue
		}
		return e.Reason, true
	}
	return "", false
}

// variant is one configuration the whole-stack tests run (internal/variants).
type variant = variants.Variant

// allVariants are the variants every whole-stack test runs.
var allVariants = variants.All

// synthVariant runs the real program for one variant under mocks.
func synthVariant(t testing.TB, v variant, extraConfig map[string]string, extraSecret []string) *synth.Result {
	t.Helper()
	return variants.Synth(t, v, extraConfig, extraSecret)
}

// control checks one rule over a whole inventory and returns its violations.
type control struct {
	id    string
	check func(c *checker)
}

// checker gives controls the inventory and collects violations.
type checker struct {
	res        *synth.Result
	variant    string
	control    string
	violations []Violation
	// strict ignores the exceptions (for testing the controls themselves).
	strict bool
	// examined counts the resources the control looked at.
	examined int
}

func (c *checker) fail(r synth.Resource, format string, args ...any) {
	if _, ok := excepted(c.control, c.variant, &r); ok && !c.strict {
		return
	}
	c.violations = append(c.violations, Violation{Control: c.control, URN: r.URN, Detail: fmt.Sprintf(format, args...)})
}

func (c *checker) each(typ string, fn func(r synth.Resource)) {
	for _, r := range c.res.ByType(typ) {
		c.examined++
		fn(r)
	}
}

// related returns resources of typ that depend on r (the settings resources of a bucket).
func (c *checker) related(r synth.Resource, typ string) []synth.Resource {
	var out []synth.Resource
	for _, o := range c.res.ByType(typ) {
		if slices.Contains(o.Dependencies, r.URN) {
			out = append(out, o)
		}
	}
	return out
}

func in(r synth.Resource, path string) any { return synth.Get(r.Inputs, path) }

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x == "true"
	}
	return false
}

func strs(v any) []string {
	arr, _ := v.([]any)
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// policyStatements parses an IAM document input.
func policyStatements(v any) []map[string]any {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	var doc struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(s), &doc) != nil {
		return nil
	}
	var list []map[string]any
	if json.Unmarshal(doc.Statement, &list) != nil {
		var one map[string]any
		if json.Unmarshal(doc.Statement, &one) == nil {
			list = []map[string]any{one}
		}
	}
	return list
}

func asList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		return strs(x)
	}
	return nil
}

// writeVerbs mark actions that change something, for CKV_AWS_355/290.
var writeVerbs = []string{"Create", "Delete", "Put", "Update", "Modify", "Attach", "Detach", "Set", "Add", "Remove", "Register", "Deregister", "Tag", "Untag", "Revoke", "Authorize", "Replace", "Apply"}

func isWrite(action string) bool {
	_, name, _ := strings.Cut(action, ":")
	for _, v := range writeVerbs {
		if strings.HasPrefix(name, v) {
			return true
		}
	}
	return false
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
