// Package synth runs a Pulumi program under mocks, with no cloud, no credentials and no
// pulumi CLI, and records everything it registers: each resource's type, name, parent,
// provider, dependencies and inputs (secrets masked), plus the stack outputs.
//
// It is the engine behind `portkey-eks synth` and the harness the components' tests use:
//
//	res, err := synth.Run(func(ctx *pulumi.Context) error {
//		_, err := logstore.NewLogBucket(ctx, "logs", &logstore.LogBucketArgs{...})
//		return err
//	}, synth.Options{})
//	bucket := res.One("aws:s3/bucketV2:BucketV2")
//
// Mocked resources get deterministic IDs and ARNs (account 123456789012), and the outputs
// that the program reads back (endpoints, DNS names, ...) come from per-type functions
// registered with RegisterOutputs, so the same program gives the same inventory every run.
package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Account is the AWS account ID every mocked ARN uses.
const Account = "123456789012"

// Masked replaces every secret value in recorded inputs and outputs.
const Masked = "[secret]"

// Resource is one registered resource as `pulumi up` would see it.
type Resource struct {
	URN    string `json:"urn"`
	Type   string `json:"type"`
	Name   string `json:"name"`
	Parent string `json:"parent"`
	// Custom is true for provider-managed resources, false for components.
	Custom bool `json:"custom"`
	// Provider is the provider reference ("<urn>::<id>"), empty for the default provider.
	Provider string `json:"provider"`
	// Dependencies is every URN the resource waits on: explicit DependsOn and those
	// reached through its inputs, sorted.
	Dependencies []string `json:"dependencies"`
	// Inputs are the resource's inputs with secret values replaced by Masked and resource
	// references by their URN.
	Inputs map[string]any `json:"inputs"`
	// Protect and RetainOnDelete are the resource options of the same names.
	Protect        bool `json:"protect,omitempty"`
	RetainOnDelete bool `json:"retainOnDelete,omitempty"`
	// Remote marks a remote component (such as pulumi-eks's Cluster) whose children the
	// mocks stand in for.
	Remote bool `json:"remote,omitempty"`
	// IgnoreChanges and AdditionalSecretOutputs are the resource options of those names.
	IgnoreChanges           []string `json:"ignoreChanges,omitempty"`
	AdditionalSecretOutputs []string `json:"additionalSecretOutputs,omitempty"`
	// SecretInputs lists the input paths whose values were secret.
	SecretInputs []string `json:"secretInputs,omitempty"`
	// ReplaceOnChanges and DeleteBeforeReplace are the resource options of those names: the
	// input paths whose change replaces the resource, and whether the old one goes first.
	ReplaceOnChanges    []string `json:"replaceOnChanges,omitempty"`
	DeleteBeforeReplace bool     `json:"deleteBeforeReplace,omitempty"`

	// PlainInputs are the inputs with secrets revealed; for tests only, never written out.
	PlainInputs map[string]any `json:"-"`
	// Outputs are the mocked outputs (the inputs plus computed values), secrets masked.
	Outputs map[string]any `json:"-"`
}

// OutputArgs is what a function registered with RegisterOutputs sees of a new resource.
type OutputArgs struct {
	Type   string
	Name   string
	ID     string
	Region string
	// Inputs are the plain (unmasked) inputs.
	Inputs map[string]any
}

// OutputFunc computes a mocked resource's outputs beyond its inputs (IDs, ARNs,
// endpoints). What it returns is merged over the inputs.
type OutputFunc func(a OutputArgs) map[string]any

// InvokeFunc answers a mocked provider function (an "invoke" such as aws:index/getRegion).
type InvokeFunc func(args map[string]any, region string) map[string]any

// RemoteFunc stands in for a remote (multi-language) component: it may register real child
// resources with ctx and returns the component's outputs, as resource references where the
// real component returns resources.
type RemoteFunc func(ctx *pulumi.Context, m *Mocks, args pulumi.MockResourceArgs) (resource.PropertyMap, error)

var (
	registryMu sync.RWMutex
	outputFns  = map[string]OutputFunc{}
	invokeFns  = map[string]InvokeFunc{}
	remoteFns  = map[string]RemoteFunc{}
)

// RegisterOutputs sets the function that computes outputs for one resource type token,
// such as "aws:elasticache/replicationGroup:ReplicationGroup". Call it from an init func.
func RegisterOutputs(typeToken string, fn OutputFunc) {
	registryMu.Lock()
	defer registryMu.Unlock()
	outputFns[typeToken] = fn
}

// RegisterInvoke sets the mocked answer for one provider function token, such as
// "aws:index/getAvailabilityZones:getAvailabilityZones". Call it from an init func.
func RegisterInvoke(token string, fn InvokeFunc) {
	registryMu.Lock()
	defer registryMu.Unlock()
	invokeFns[token] = fn
}

// RegisterRemote sets the stand-in for a remote component type, such as
// "eks:index:Cluster". Call it from an init func.
func RegisterRemote(typeToken string, fn RemoteFunc) {
	registryMu.Lock()
	defer registryMu.Unlock()
	remoteFns[typeToken] = fn
}

// Mocks implements pulumi.MockResourceMonitor and records every registration.
type Mocks struct {
	Project, Stack, Region string

	mu        sync.Mutex
	ctx       *pulumi.Context
	resources []Resource
	warnings  []string
}

// NewMocks returns mocks for one project, stack and region.
func NewMocks(project, stack, region string) *Mocks {
	return &Mocks{Project: project, Stack: stack, Region: region}
}

// Context is the program's context, for RemoteFuncs that register child resources.
func (m *Mocks) Context() *pulumi.Context {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ctx
}

func (m *Mocks) setContext(ctx *pulumi.Context) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ctx = ctx
}

// Warn records a warning that synth prints in its summary.
func (m *Mocks) Warn(format string, args ...any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.warnings = append(m.warnings, fmt.Sprintf(format, args...))
}

// Resources returns what has been registered so far, in registration order.
func (m *Mocks) Resources() []Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.resources)
}

// URN computes the URN the mock monitor gives a resource (the same rule as the engine).
func (m *Mocks) URN(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.Stack), tokens.PackageName(m.Project), parentType, tokens.Type(typ), name))
}

// NewResource implements pulumi.MockResourceMonitor.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rpc := args.RegisterRPC
	plain := toPlain(resource.NewObjectProperty(args.Inputs), false).(map[string]any)
	id := args.ID
	if id == "" && args.Custom {
		id = MockID(args.TypeToken, args.Name)
	}

	state := args.Inputs.Copy()
	remote := rpc != nil && rpc.GetRemote()
	registryMu.RLock()
	rfn, hasRemote := remoteFns[args.TypeToken]
	ofn, hasOutputs := outputFns[args.TypeToken]
	registryMu.RUnlock()
	switch {
	case remote && hasRemote:
		outs, err := rfn(m.Context(), m, args)
		if err != nil {
			return "", nil, fmt.Errorf("mocking remote component %s %q: %w", args.TypeToken, args.Name, err)
		}
		maps.Copy(state, outs)
	case remote:
		m.Warn("no mock for remote component %s %q: its outputs are only its inputs", args.TypeToken, args.Name)
	case args.Custom:
		computed := defaultOutputs(args.TypeToken, args.Name, id, m.Region, plain)
		if hasOutputs {
			maps.Copy(computed, ofn(OutputArgs{Type: args.TypeToken, Name: args.Name, ID: id, Region: m.Region, Inputs: plain}))
		}
		for k, v := range computed {
			if _, set := state[resource.PropertyKey(k)]; !set || k == "id" {
				state[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
			}
		}
	}

	r := Resource{
		Type:   args.TypeToken,
		Name:   args.Name,
		Custom: args.Custom,
		Inputs: toPlain(resource.NewObjectProperty(args.Inputs), true).(map[string]any),
		Remote: remote,
	}
	r.PlainInputs = plain
	r.Outputs = toPlain(resource.NewObjectProperty(state), true).(map[string]any)
	r.SecretInputs = secretPaths("", resource.NewObjectProperty(args.Inputs))
	if rpc != nil {
		r.Parent = rpc.GetParent()
		r.Provider = rpc.GetProvider()
		r.Protect = rpc.GetProtect()
		r.RetainOnDelete = rpc.GetRetainOnDelete()
		r.IgnoreChanges = rpc.GetIgnoreChanges()
		r.AdditionalSecretOutputs = rpc.GetAdditionalSecretOutputs()
		r.ReplaceOnChanges = rpc.GetReplaceOnChanges()
		r.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		deps := map[string]bool{}
		for _, d := range rpc.GetDependencies() {
			deps[d] = true
		}
		for _, pd := range rpc.GetPropertyDependencies() {
			for _, d := range pd.GetUrns() {
				deps[d] = true
			}
		}
		for d := range deps {
			if d != "" {
				r.Dependencies = append(r.Dependencies, d)
			}
		}
		sort.Strings(r.Dependencies)
	} else if args.ReadRPC != nil {
		r.Parent = args.ReadRPC.GetParent()
		r.Provider = args.ReadRPC.GetProvider()
	}
	if r.Dependencies == nil {
		r.Dependencies = []string{}
	}
	r.URN = m.URN(r.Parent, r.Type, r.Name)
	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.mu.Unlock()
	return id, state, nil
}

// Call implements pulumi.MockResourceMonitor: it answers provider functions (invokes).
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	registryMu.RLock()
	fn, ok := invokeFns[args.Token]
	registryMu.RUnlock()
	if !ok {
		m.Warn("no mock for provider function %s: it returned nothing", args.Token)
		return resource.PropertyMap{}, nil
	}
	plain := toPlain(resource.NewObjectProperty(args.Args), false).(map[string]any)
	return resource.NewPropertyMapFromMap(fn(plain, m.Region)), nil
}

// MockID returns the deterministic physical ID of a mocked resource: an AWS-style prefix
// for the common EC2 types, then a hash of the type and name.
func MockID(typeToken, name string) string {
	sum := sha256.Sum256([]byte(typeToken + "/" + name))
	h := hex.EncodeToString(sum[:])
	prefixes := map[string]string{
		"aws:ec2/vpc:Vpc":                                           "vpc-",
		"aws:ec2/subnet:Subnet":                                     "subnet-",
		"aws:ec2/securityGroup:SecurityGroup":                       "sg-",
		"aws:ec2/internetGateway:InternetGateway":                   "igw-",
		"aws:ec2/natGateway:NatGateway":                             "nat-",
		"aws:ec2/eip:Eip":                                           "eipalloc-",
		"aws:ec2/routeTable:RouteTable":                             "rtb-",
		"aws:ec2/launchTemplate:LaunchTemplate":                     "lt-",
		"aws:ec2/vpcEndpoint:VpcEndpoint":                           "vpce-",
		"aws:ec2/vpcEndpointService:VpcEndpointService":             "vpce-svc-",
		"aws:ec2/flowLog:FlowLog":                                   "fl-",
		"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr-",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   "sgr-",
	}
	if p, ok := prefixes[typeToken]; ok {
		return p + h[:17]
	}
	return name + "-" + h[:8]
}

// service returns the AWS service part of a type token ("aws:s3/bucketV2:BucketV2" -> "s3").
func service(typeToken string) string {
	parts := strings.Split(typeToken, ":")
	if len(parts) < 2 {
		return ""
	}
	mod, _, _ := strings.Cut(parts[1], "/")
	return mod
}

// defaultOutputs gives every custom AWS resource an id and an arn.
func defaultOutputs(typeToken, name, id, region string, _ map[string]any) map[string]any {
	outs := map[string]any{"id": id}
	if strings.HasPrefix(typeToken, "aws:") {
		svc := service(typeToken)
		switch svc {
		case "iam":
			outs["arn"] = fmt.Sprintf("arn:aws:iam::%s:%s/%s", Account, strings.ToLower(lastPart(typeToken)), name)
		case "s3":
			outs["arn"] = "arn:aws:s3:::" + id
		default:
			outs["arn"] = fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", svc, region, Account, strings.ToLower(lastPart(typeToken)), id)
		}
	}
	return outs
}

func lastPart(typeToken string) string {
	return typeToken[strings.LastIndex(typeToken, ":")+1:]
}

// toPlain converts a property value to plain Go values: secrets become Masked when mask is
// set, resource references become their URN, unknowns become "[unknown]".
func toPlain(v resource.PropertyValue, mask bool) any {
	switch {
	case v.IsSecret():
		if mask {
			return Masked
		}
		return toPlain(v.SecretValue().Element, mask)
	case v.IsOutput():
		o := v.OutputValue()
		if o.Secret && mask {
			return Masked
		}
		if !o.Known {
			return "[unknown]"
		}
		return toPlain(o.Element, mask)
	case v.IsComputed():
		return "[unknown]"
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	case v.IsNull():
		return nil
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
			out[i] = toPlain(e, mask)
		}
		return out
	case v.IsObject():
		obj := v.ObjectValue()
		out := make(map[string]any, len(obj))
		for k, e := range obj {
			out[string(k)] = toPlain(e, mask)
		}
		return out
	case v.IsAsset():
		return "[asset]"
	case v.IsArchive():
		return "[archive]"
	}
	return nil
}

// secretPaths lists the paths under v whose values are secret.
func secretPaths(path string, v resource.PropertyValue) []string {
	switch {
	case v.IsSecret():
		return []string{path}
	case v.IsOutput() && v.OutputValue().Secret:
		return []string{path}
	case v.IsArray():
		var out []string
		for i, e := range v.ArrayValue() {
			out = append(out, secretPaths(fmt.Sprintf("%s[%d]", path, i), e)...)
		}
		return out
	case v.IsObject():
		var out []string
		keys := v.ObjectValue().StableKeys()
		for _, k := range keys {
			p := string(k)
			if path != "" {
				p = path + "." + p
			}
			out = append(out, secretPaths(p, v.ObjectValue()[k])...)
		}
		return out
	}
	return nil
}
