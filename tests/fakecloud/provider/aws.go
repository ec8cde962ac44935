package provider

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// AWSVersion is the version the fake aws plugin reports: the pinned pulumi-aws SDK's.
const AWSVersion = "6.83.4"

// Res is what a TypeSpec's functions see of one resource: its identity, the provider's
// region and its inputs as plain Go values (secrets revealed, unknowns as nil; the
// functions must not copy secret inputs into computed attributes).
type Res struct {
	URN    resource.URN
	Type   string
	Name   string
	Region string
	Inputs map[string]any
	// ID is the physical ID: the one Create computed, or the one the engine gave.
	ID string
	// Autoname is the name input or the name Pulumi would generate for it (TypeSpec.Autoname).
	Autoname string
}

// Str returns the string input key, or "".
func (r *Res) Str(key string) string {
	s, _ := r.Inputs[key].(string)
	return s
}

// Hex returns n hex digits derived from the URN and salt.
func (r *Res) Hex(salt string, n int) string { return Hex(string(r.URN)+"#"+salt, n) }

// ARN returns arn:aws:<service>:<region>:<account>:<rest>.
func (r *Res) ARN(service, rest string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, r.Region, Account, rest)
}

// GlobalARN returns arn:aws:<service>::<account>:<rest> (IAM and other global services).
func (r *Res) GlobalARN(service, rest string) string {
	return fmt.Sprintf("arn:aws:%s::%s:%s", service, Account, rest)
}

// TypeSpec describes one aws:* resource type the fake accepts.
type TypeSpec struct {
	// Required are the top-level inputs AWS refuses to go without.
	Required []string
	// ForceNew are the top-level inputs whose change replaces the resource.
	ForceNew []string
	// Autoname is the input Pulumi fills with "<logical name>-<7 hex>" when it is not set
	// (and NamePrefix "<prefix><26 digits>" when the input "<Autoname>Prefix" is set);
	// AutonameMax caps its length, Lower lowercases it.
	Autoname    string
	AutonameMax int
	Lower       bool
	// ID computes the physical ID; nil means Hex-based "<logical name>-<8 hex>".
	ID func(r *Res) string
	// Computed returns the attributes AWS computes, merged over the inputs (an input of
	// the same name wins, except "id").
	Computed func(r *Res) map[string]any
}

// AWS is the fake aws provider. It is safe for concurrent use.
type AWS struct {
	plugin.UnimplementedProvider

	mu     sync.Mutex
	region string
}

// NewAWS returns the fake aws provider, with the region of AWS_REGION (or
// AWS_DEFAULT_REGION) until Configure gives aws:region.
func NewAWS() *AWS {
	r := os.Getenv("AWS_REGION")
	if r == "" {
		r = os.Getenv("AWS_DEFAULT_REGION")
	}
	return &AWS{region: r}
}

// Region is the configured region, DefaultRegion when none was given.
func (p *AWS) Region() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.region == "" {
		return DefaultRegion
	}
	return p.region
}

// Close implements plugin.Provider.
func (p *AWS) Close() error { return nil }

// GetPluginInfo reports the pinned pulumi-aws version.
func (p *AWS) GetPluginInfo(context.Context) (plugin.PluginInfo, error) {
	v := semver.MustParse(AWSVersion)
	return plugin.PluginInfo{Version: &v}, nil
}

// GetSchema returns a minimal schema naming the package.
func (p *AWS) GetSchema(context.Context, plugin.GetSchemaRequest) (plugin.GetSchemaResponse, error) {
	return plugin.GetSchemaResponse{Schema: []byte(`{"name":"aws","version":"` + AWSVersion + `"}`)}, nil
}

// CheckConfig accepts the provider configuration as given.
func (p *AWS) CheckConfig(_ context.Context, req plugin.CheckConfigRequest) (plugin.CheckConfigResponse, error) {
	return plugin.CheckConfigResponse{Properties: req.News}, nil
}

// DiffConfig reports a change when the configuration differs (never a replacement).
func (p *AWS) DiffConfig(_ context.Context, req plugin.DiffConfigRequest) (plugin.DiffConfigResponse, error) {
	changed, _ := diffKeys(req.OldInputs, req.NewInputs, nil)
	if len(changed) == 0 {
		return plugin.DiffResult{Changes: plugin.DiffNone}, nil
	}
	return plugin.DiffResult{Changes: plugin.DiffSome, ChangedKeys: changed}, nil
}

// Configure records aws:region.
func (p *AWS) Configure(_ context.Context, req plugin.ConfigureRequest) (plugin.ConfigureResponse, error) {
	if v, ok := req.Inputs["region"]; ok {
		if s, ok := plainValue(v).(string); ok && s != "" {
			p.mu.Lock()
			p.region = s
			p.mu.Unlock()
		}
	}
	return plugin.ConfigureResponse{}, nil
}

// spec returns the TypeSpec of typ or the fake's error for an unknown type.
func spec(typ string) (TypeSpec, error) {
	s, ok := Types[typ]
	if !ok {
		return TypeSpec{}, fmt.Errorf("fakecloud: resource type %q is not supported by the fake AWS provider "+
			"(add it to Types in tests/fakecloud/provider)", typ)
	}
	return s, nil
}

// Check refuses an unknown type and reports every missing required input; it returns the
// inputs unchanged.
func (p *AWS) Check(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	s, err := spec(string(req.Type))
	if err != nil {
		return plugin.CheckResponse{}, err
	}
	return plugin.CheckResponse{Properties: req.News, Failures: missing(string(req.Type), s.Required, req.News)}, nil
}

// missing returns a failure for each required key absent or null in props (unknown values
// are accepted: they are known by the time of Create).
func missing(typ string, required []string, props resource.PropertyMap) []plugin.CheckFailure {
	var out []plugin.CheckFailure
	for _, k := range required {
		v, ok := props[resource.PropertyKey(k)]
		if !ok || v.IsNull() {
			out = append(out, plugin.CheckFailure{
				Property: resource.PropertyKey(k),
				Reason:   fmt.Sprintf("fakecloud: missing required argument %q of %s", k, typ),
			})
		}
	}
	return out
}

// Diff compares the old and new inputs: no changes when they are equal, a replacement when
// a ForceNew input changed.
func (p *AWS) Diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResponse, error) {
	s, err := spec(string(req.Type))
	if err != nil {
		return plugin.DiffResult{}, err
	}
	changed, replace := diffKeys(req.OldInputs, req.NewInputs, s.ForceNew)
	if len(changed) == 0 {
		return plugin.DiffResult{Changes: plugin.DiffNone}, nil
	}
	return plugin.DiffResult{Changes: plugin.DiffSome, ChangedKeys: changed, ReplaceKeys: replace}, nil
}

// diffKeys returns the top-level keys whose values differ, and those of them in forceNew.
func diffKeys(olds, news resource.PropertyMap, forceNew []string) (changed, replace []resource.PropertyKey) {
	keys := map[resource.PropertyKey]bool{}
	for k := range olds {
		keys[k] = true
	}
	for k := range news {
		keys[k] = true
	}
	for k := range keys {
		o, n := olds[k], news[k]
		if o.IsNull() && n.IsNull() {
			continue
		}
		if o.DeepEquals(n) {
			continue
		}
		changed = append(changed, k)
		if slices.Contains(forceNew, string(k)) {
			replace = append(replace, k)
		}
	}
	sort.Slice(changed, func(i, j int) bool { return changed[i] < changed[j] })
	sort.Slice(replace, func(i, j int) bool { return replace[i] < replace[j] })
	return changed, replace
}

// newRes builds the Res of a resource.
func (p *AWS) newRes(s TypeSpec, urn resource.URN, typ, name string, inputs resource.PropertyMap) *Res {
	if name == "" {
		name = urn.Name()
	}
	r := &Res{URN: urn, Type: typ, Name: name, Region: p.Region()}
	r.Inputs, _ = plainValue(resource.NewObjectProperty(inputs)).(map[string]any)
	if r.Inputs == nil {
		r.Inputs = map[string]any{}
	}
	if s.Autoname != "" {
		r.Autoname = r.Str(s.Autoname)
		if r.Autoname == "" {
			r.Autoname = autoname(r, s)
		}
	}
	return r
}

// autoname is the name Pulumi (or Terraform's name_prefix) gives a resource whose name
// input is not set.
func autoname(r *Res, s TypeSpec) string {
	var n string
	if prefix := r.Str(s.Autoname + "Prefix"); prefix != "" {
		n = prefix + Digits(string(r.URN)+"#prefix", 26)
	} else {
		base, suffix := r.Name, "-"+r.Hex("autoname", 7)
		if s.AutonameMax > 0 && len(base)+len(suffix) > s.AutonameMax {
			base = strings.TrimRight(base[:s.AutonameMax-len(suffix)], "-")
		}
		n = base + suffix
	}
	if s.AutonameMax > 0 && len(n) > s.AutonameMax {
		n = n[:s.AutonameMax]
	}
	if s.Lower {
		n = strings.ToLower(n)
	}
	return n
}

// state returns the inputs plus the computed attributes (secret inputs stay secret).
func state(s TypeSpec, r *Res, inputs resource.PropertyMap) resource.PropertyMap {
	out := inputs.Copy()
	if out == nil {
		out = resource.PropertyMap{}
	}
	computed := map[string]any{"id": r.ID}
	if s.Autoname != "" {
		computed[s.Autoname] = r.Autoname
	}
	if s.Computed != nil {
		for k, v := range s.Computed(r) {
			computed[k] = v
		}
	}
	// tagsAll is the tags (no provider default tags here), secret leaves kept secret.
	if _, set := out["tagsAll"]; !set {
		if tags, ok := inputs["tags"]; ok && !tags.IsNull() {
			out["tagsAll"] = tags
		} else {
			out["tagsAll"] = resource.NewObjectProperty(resource.PropertyMap{})
		}
	}
	secrets := secretStrings(resource.NewObjectProperty(inputs))
	for k, v := range computed {
		key := resource.PropertyKey(k)
		if cur, set := out[key]; set && !cur.IsNull() && k != "id" {
			// An input object gets the computed attributes it lacks (an EKS cluster's
			// vpcConfig.clusterSecurityGroupId); other inputs win.
			if add, ok := v.(map[string]any); ok && cur.IsObject() {
				merged := cur.ObjectValue().Copy()
				for ak, av := range add {
					if _, has := merged[resource.PropertyKey(ak)]; !has {
						merged[resource.PropertyKey(ak)] = resource.NewPropertyValue(av)
					}
				}
				out[key] = resource.NewObjectProperty(merged)
			}
			continue
		}
		pv := resource.NewPropertyValue(v)
		// A computed attribute derived from a secret input is secret too.
		if containsAny(pv, secrets) {
			pv = resource.MakeSecret(pv)
		}
		out[key] = pv
	}
	return out
}

// secretStrings returns the plaintext strings under the secret values of v.
func secretStrings(v resource.PropertyValue) []string {
	var out []string
	var walk func(v resource.PropertyValue, secret bool)
	walk = func(v resource.PropertyValue, secret bool) {
		switch {
		case v.IsSecret():
			walk(v.SecretValue().Element, true)
		case v.IsOutput():
			walk(v.OutputValue().Element, secret || v.OutputValue().Secret)
		case v.IsString():
			if secret && len(v.StringValue()) >= 4 {
				out = append(out, v.StringValue())
			}
		case v.IsArray():
			for _, e := range v.ArrayValue() {
				walk(e, secret)
			}
		case v.IsObject():
			for _, e := range v.ObjectValue() {
				walk(e, secret)
			}
		}
	}
	walk(v, false)
	return out
}

// containsAny reports whether a string under v contains one of needles.
func containsAny(v resource.PropertyValue, needles []string) bool {
	if len(needles) == 0 {
		return false
	}
	switch {
	case v.IsString():
		for _, n := range needles {
			if strings.Contains(v.StringValue(), n) {
				return true
			}
		}
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			if containsAny(e, needles) {
				return true
			}
		}
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			if containsAny(e, needles) {
				return true
			}
		}
	}
	return false
}

// physicalID computes the resource's ID.
func physicalID(s TypeSpec, r *Res) string {
	if s.ID != nil {
		return s.ID(r)
	}
	return r.Name + "-" + r.Hex("id", 8)
}

// Create returns the inputs plus the computed attributes; in a preview the computed
// attributes are unknown, as the real provider has them.
func (p *AWS) Create(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	s, err := spec(string(req.Type))
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	if f := missing(string(req.Type), s.Required, req.Properties); len(f) > 0 {
		return plugin.CreateResponse{}, fmt.Errorf("%s", f[0].Reason)
	}
	r := p.newRes(s, req.URN, string(req.Type), req.Name, req.Properties)
	r.ID = physicalID(s, r)
	out := state(s, r, req.Properties)
	if req.Preview {
		for k, v := range out {
			if _, input := req.Properties[k]; !input || v.IsNull() {
				out[k] = resource.MakeComputed(resource.NewStringProperty(""))
			}
		}
		return plugin.CreateResponse{Properties: out}, nil
	}
	return plugin.CreateResponse{ID: resource.ID(r.ID), Properties: out, Status: resource.StatusOK}, nil
}

// Read returns the state it is given (the fake keeps none). Reading a resource with no
// state (a `get`) gives its computed attributes from the ID.
func (p *AWS) Read(_ context.Context, req plugin.ReadRequest) (plugin.ReadResponse, error) {
	s, err := spec(string(req.Type))
	if err != nil {
		return plugin.ReadResponse{}, err
	}
	if len(req.State) > 0 {
		return plugin.ReadResponse{
			ReadResult: plugin.ReadResult{ID: req.ID, Inputs: req.Inputs, Outputs: req.State},
			Status:     resource.StatusOK,
		}, nil
	}
	r := p.newRes(s, req.URN, string(req.Type), req.Name, req.Inputs)
	r.ID = string(req.ID)
	return plugin.ReadResponse{
		ReadResult: plugin.ReadResult{ID: req.ID, Inputs: req.Inputs, Outputs: state(s, r, req.Inputs)},
		Status:     resource.StatusOK,
	}, nil
}

// Update returns the new inputs plus the same computed attributes.
func (p *AWS) Update(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	s, err := spec(string(req.Type))
	if err != nil {
		return plugin.UpdateResponse{}, err
	}
	if f := missing(string(req.Type), s.Required, req.NewInputs); len(f) > 0 {
		return plugin.UpdateResponse{}, fmt.Errorf("%s", f[0].Reason)
	}
	r := p.newRes(s, req.URN, string(req.Type), req.Name, req.NewInputs)
	r.ID = string(req.ID)
	return plugin.UpdateResponse{Properties: state(s, r, req.NewInputs), Status: resource.StatusOK}, nil
}

// Delete succeeds.
func (p *AWS) Delete(context.Context, plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

// Invoke answers the aws:* functions in Invokes and refuses any other.
func (p *AWS) Invoke(_ context.Context, req plugin.InvokeRequest) (plugin.InvokeResponse, error) {
	fn, ok := Invokes[string(req.Tok)]
	if !ok {
		return plugin.InvokeResponse{}, fmt.Errorf("fakecloud: function %q is not supported by the fake AWS provider "+
			"(add it to Invokes in tests/fakecloud/provider)", req.Tok)
	}
	args, _ := plainValue(resource.NewObjectProperty(req.Args)).(map[string]any)
	if args == nil {
		args = map[string]any{}
	}
	ret, err := fn(args, p.Region())
	if err != nil {
		return plugin.InvokeResponse{}, fmt.Errorf("fakecloud: %s: %w", req.Tok, err)
	}
	return plugin.InvokeResponse{Properties: resource.NewPropertyMapFromMap(ret)}, nil
}

// plainValue converts a property value to plain Go values: secrets revealed, unknowns and
// nulls as nil, resource references as their URN.
func plainValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return plainValue(v.SecretValue().Element)
	case v.IsOutput():
		if !v.OutputValue().Known {
			return nil
		}
		return plainValue(v.OutputValue().Element)
	case v.IsComputed(), v.IsNull():
		return nil
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = plainValue(e)
		}
		return out
	case v.IsObject():
		obj := v.ObjectValue()
		out := make(map[string]any, len(obj))
		for k, e := range obj {
			if pv := plainValue(e); pv != nil {
				out[string(k)] = pv
			}
		}
		return out
	}
	return nil
}
