package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/portkey-eks/portkey-eks/internal/pulumieks"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

// EKSVersion is the version the fake eks plugin reports: the pinned pulumi-eks SDK's.
const EKSVersion = pulumieks.Version

// The remote component types the fake EKS provider constructs.
const (
	ClusterType          = "eks:index:Cluster"
	ManagedNodeGroupType = "eks:index:ManagedNodeGroup"
)

// K8sProviderEnv names the environment variable that decides whether eks:index:Cluster
// registers its child Kubernetes provider (core.provider), as pulumi-eks does: "true" or
// "false"; unset means true exactly when $FAKECLOUD_KUBECONFIG is set (registering it
// makes the engine load pulumi-resource-kubernetes).
const K8sProviderEnv = "FAKECLOUD_EKS_K8S_PROVIDER"

// EKS is the fake eks provider: Construct for the remote components, nothing else. It
// talks to the engine's resource monitor directly (RegisterResource, getResource), one
// child at a time.
type EKS struct {
	pulumirpc.UnimplementedResourceProviderServer
}

// NewEKS returns the fake eks provider.
func NewEKS() *EKS { return &EKS{} }

// GetPluginInfo reports the pinned pulumi-eks version.
func (e *EKS) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: EKSVersion}, nil
}

// GetSchema returns a minimal schema naming the package.
func (e *EKS) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return &pulumirpc.GetSchemaResponse{Schema: `{"name":"eks","version":"` + EKSVersion + `"}`}, nil
}

// CheckConfig accepts the configuration as given.
func (e *EKS) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// DiffConfig reports no change: the fake has no configuration that matters.
func (e *EKS) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

// Configure accepts secrets and resource references (not output values: inputs arrive as
// plain, secret or unknown values with their dependencies alongside).
func (e *EKS) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

// Check refuses every custom resource: the fake only has components.
func (e *EKS) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return nil, fmt.Errorf("fakecloud: resource type %q is not supported by the fake EKS provider (it constructs only %s and %s)",
		resource.URN(req.GetUrn()).Type(), ClusterType, ManagedNodeGroupType)
}

// Invoke refuses every function: the program calls none of pulumi-eks's.
func (e *EKS) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	return nil, fmt.Errorf("fakecloud: function %q is not supported by the fake EKS provider", req.GetTok())
}

var rpcOpts = plugin.MarshalOptions{KeepSecrets: true, KeepResources: true, KeepUnknowns: true}

// Construct builds eks:index:Cluster or eks:index:ManagedNodeGroup.
func (e *EKS) Construct(ctx context.Context, req *pulumirpc.ConstructRequest) (*pulumirpc.ConstructResponse, error) {
	typ := req.GetType()
	if typ != ClusterType && typ != ManagedNodeGroupType {
		return nil, fmt.Errorf("fakecloud: component %q is not supported by the fake EKS provider", typ)
	}
	conn, err := grpc.NewClient(req.GetMonitorEndpoint(),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return nil, fmt.Errorf("fakecloud: connecting to the resource monitor: %w", err)
	}
	defer conn.Close()
	in, err := plugin.UnmarshalProperties(req.GetInputs(), rpcOpts)
	if err != nil {
		return nil, fmt.Errorf("fakecloud: unmarshaling %s inputs: %w", typ, err)
	}
	b := &builder{ctx: ctx, mon: pulumirpc.NewResourceMonitorClient(conn), req: req, in: in, inDeps: map[string][]string{}}
	for k, d := range req.GetInputDependencies() {
		b.inDeps[k] = d.GetUrns()
	}
	b.plain, _ = plainValue(resource.NewObjectProperty(in)).(map[string]any)
	if b.plain == nil {
		b.plain = map[string]any{}
	}
	if err := b.component(); err != nil {
		return nil, err
	}
	var state map[string]val
	if typ == ClusterType {
		state, err = b.cluster()
	} else {
		state, err = b.managedNodeGroup()
	}
	if err != nil {
		return nil, err
	}
	props, deps := b.props(state)
	obj, err := plugin.MarshalProperties(props, rpcOpts)
	if err != nil {
		return nil, err
	}
	if _, err := b.mon.RegisterResourceOutputs(ctx, &pulumirpc.RegisterResourceOutputsRequest{Urn: string(b.comp), Outputs: obj}); err != nil {
		return nil, fmt.Errorf("fakecloud: registering the outputs of %s: %w", b.comp, err)
	}
	stateDeps := map[string]*pulumirpc.ConstructResponse_PropertyDependencies{}
	for k, d := range deps {
		stateDeps[k] = &pulumirpc.ConstructResponse_PropertyDependencies{Urns: d}
	}
	return &pulumirpc.ConstructResponse{Urn: string(b.comp), State: obj, StateDependencies: stateDeps}, nil
}

// val is a property value and the URNs it depends on.
type val struct {
	v    resource.PropertyValue
	deps []string
}

// lit is a literal value.
func lit(x any) val { return val{v: resource.NewPropertyValue(x)} }

// unknown is a value not known yet (a preview).
func unknown() val { return val{v: resource.MakeComputed(resource.NewStringProperty(""))} }

// res is a registered child: its URN, ID and outputs.
type res struct {
	urn resource.URN
	id  resource.ID
	out resource.PropertyMap
}

// get is the output k, depending on the child.
func (r *res) get(k string) val {
	v, ok := r.out[resource.PropertyKey(k)]
	if !ok || v.IsNull() {
		if r.id == "" {
			return val{v: resource.MakeComputed(resource.NewStringProperty("")), deps: []string{string(r.urn)}}
		}
		v = resource.NewNullProperty()
	}
	return val{v: v, deps: []string{string(r.urn)}}
}

// idVal is the child's ID (unknown in a preview of its creation).
func (r *res) idVal() val {
	if r.id == "" {
		return val{v: resource.MakeComputed(resource.NewStringProperty("")), deps: []string{string(r.urn)}}
	}
	return val{v: resource.NewStringProperty(string(r.id)), deps: []string{string(r.urn)}}
}

// ref is a resource reference to the child.
func (r *res) ref() val {
	return val{v: resource.MakeCustomResourceReference(r.urn, r.id, AWSVersion), deps: []string{string(r.urn)}}
}

// builder registers a component and its children through the resource monitor.
type builder struct {
	ctx    context.Context
	mon    pulumirpc.ResourceMonitorClient
	req    *pulumirpc.ConstructRequest
	in     resource.PropertyMap
	inDeps map[string][]string
	plain  map[string]any
	comp   resource.URN
}

// input is the component's input k, and whether the program set it.
func (b *builder) input(k string) (val, bool) {
	v, ok := b.in[resource.PropertyKey(k)]
	if !ok || v.IsNull() {
		return val{}, false
	}
	return val{v: v, deps: b.inDeps[k]}, true
}

// props turns named values into a property map and per-property dependencies.
func (b *builder) props(m map[string]val) (resource.PropertyMap, map[string][]string) {
	pm := resource.PropertyMap{}
	deps := map[string][]string{}
	for k, v := range m {
		pm[resource.PropertyKey(k)] = v.v
		d := slices.Clone(v.deps)
		slices.Sort(d)
		deps[k] = slices.Compact(d)
	}
	return pm, deps
}

// component registers the component resource itself.
func (b *builder) component() error {
	r := b.req
	resp, err := b.mon.RegisterResource(b.ctx, &pulumirpc.RegisterResourceRequest{
		Type:            r.GetType(),
		Name:            r.GetName(),
		Parent:          r.GetParent(),
		Custom:          false,
		Protect:         r.Protect,
		Dependencies:    r.GetDependencies(),
		Providers:       r.GetProviders(),
		Aliases:         r.GetAliases(),
		RetainOnDelete:  r.RetainOnDelete,
		DeletedWith:     r.GetDeletedWith(),
		AcceptSecrets:   true,
		AcceptResources: true,
	})
	if err != nil {
		return fmt.Errorf("fakecloud: registering %s %q: %w", r.GetType(), r.GetName(), err)
	}
	b.comp = resource.URN(resp.GetUrn())
	return nil
}

// custom registers a custom resource with the given inputs under parent (the component
// when empty) and returns it once the engine has created it.
func (b *builder) custom(typ, name string, inputs map[string]val, parent resource.URN, ignoreChanges ...string) (*res, error) {
	if parent == "" {
		parent = b.comp
	}
	pm, pdeps := b.props(inputs)
	obj, err := plugin.MarshalProperties(pm, rpcOpts)
	if err != nil {
		return nil, err
	}
	all := map[string]bool{}
	propDeps := map[string]*pulumirpc.RegisterResourceRequest_PropertyDependencies{}
	for k, d := range pdeps {
		propDeps[k] = &pulumirpc.RegisterResourceRequest_PropertyDependencies{Urns: d}
		for _, u := range d {
			all[u] = true
		}
	}
	pkg, _, _ := strings.Cut(typ, ":")
	version := ""
	if pkg == "aws" {
		version = AWSVersion
	}
	resp, err := b.mon.RegisterResource(b.ctx, &pulumirpc.RegisterResourceRequest{
		Type:                  typ,
		Name:                  name,
		Parent:                string(parent),
		Custom:                true,
		Object:                obj,
		Dependencies:          slices.Sorted(maps.Keys(all)),
		PropertyDependencies:  propDeps,
		Provider:              b.req.GetProviders()[pkg],
		Version:               version,
		IgnoreChanges:         ignoreChanges,
		AcceptSecrets:         true,
		AcceptResources:       true,
		SupportsPartialValues: true,
	})
	if err != nil {
		return nil, fmt.Errorf("fakecloud: registering %s %q: %w", typ, name, err)
	}
	out, err := plugin.UnmarshalProperties(resp.GetObject(), rpcOpts)
	if err != nil {
		return nil, err
	}
	return &res{urn: resource.URN(resp.GetUrn()), id: resource.ID(resp.GetId()), out: out}, nil
}

// getResource reads an existing resource's state back from the engine.
func (b *builder) getResource(urn resource.URN) (*res, error) {
	args, err := plugin.MarshalProperties(resource.PropertyMap{"urn": resource.NewStringProperty(string(urn))}, rpcOpts)
	if err != nil {
		return nil, err
	}
	resp, err := b.mon.Invoke(b.ctx, &pulumirpc.ResourceInvokeRequest{Tok: "pulumi:pulumi:getResource", Args: args, AcceptResources: true})
	if err != nil {
		return nil, fmt.Errorf("fakecloud: reading %s back: %w", urn, err)
	}
	if f := resp.GetFailures(); len(f) > 0 {
		return nil, fmt.Errorf("fakecloud: reading %s back: %s", urn, f[0].GetReason())
	}
	ret, err := plugin.UnmarshalProperties(resp.GetReturn(), rpcOpts)
	if err != nil {
		return nil, err
	}
	r := &res{urn: urn, out: resource.PropertyMap{}}
	if id := ret["id"]; id.IsString() {
		r.id = resource.ID(id.StringValue())
	}
	if st := ret["state"]; st.IsObject() {
		r.out = st.ObjectValue()
	}
	return r, nil
}

// mergeTags merges object values, later ones winning; the result is unknown if any is
// unknown and secret if any is secret.
func mergeTags(vs ...val) val {
	out := resource.PropertyMap{}
	var deps []string
	secret := false
	for _, v := range vs {
		deps = append(deps, v.deps...)
		p := v.v
		if p.IsSecret() {
			secret, p = true, p.SecretValue().Element
		}
		switch {
		case p.IsComputed() || (p.IsOutput() && !p.OutputValue().Known):
			return val{v: resource.MakeComputed(resource.NewObjectProperty(resource.PropertyMap{})), deps: deps}
		case p.IsObject():
			maps.Copy(out, p.ObjectValue())
		}
	}
	r := resource.NewObjectProperty(out)
	if secret {
		r = resource.MakeSecret(r)
	}
	return val{v: r, deps: deps}
}

// tagsOf is the input k if set, else an empty object.
func (b *builder) tagsOf(k string) val {
	if v, ok := b.input(k); ok {
		return v
	}
	return lit(map[string]any{})
}

// concat concatenates array values (unknown if any is unknown).
func concat(vs ...val) val {
	var out []resource.PropertyValue
	var deps []string
	secret := false
	for _, v := range vs {
		deps = append(deps, v.deps...)
		p := v.v
		if p.IsSecret() {
			secret, p = true, p.SecretValue().Element
		}
		if p.IsComputed() || (p.IsOutput() && !p.OutputValue().Known) {
			return val{v: resource.MakeComputed(resource.NewArrayProperty(nil)), deps: deps}
		}
		if p.IsArray() {
			out = append(out, p.ArrayValue()...)
		}
	}
	r := resource.NewArrayProperty(out)
	if secret {
		r = resource.MakeSecret(r)
	}
	return val{v: r, deps: deps}
}

func plainBool(v any, def bool) bool {
	if b, ok := v.(bool); ok {
		return b
	}
	return def
}

func plainMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

// issuerOf is the OIDC issuer in an aws:eks/cluster:Cluster's identities output.
func issuerOf(cluster *res) val {
	v := cluster.get("identities")
	if v.v.IsComputed() {
		return v
	}
	for _, id := range anyList(plainValue(v.v)) {
		for _, o := range anyList(plainMap(id)["oidcs"]) {
			if s, ok := plainMap(o)["issuer"].(string); ok {
				return val{v: resource.NewStringProperty(s), deps: v.deps}
			}
		}
	}
	return val{v: resource.NewStringProperty(""), deps: v.deps}
}

// cluster stands in for eks:index:Cluster (pulumi-eks v2.8.1): the children the real
// component creates for the program's configuration (API authentication, OIDC, access
// entries, no default node group) and its outputs, resource-typed ones as references to
// those children. Mirrors stacks/synth/eks.go's mock, the contract the program reads.
func (b *builder) cluster() (map[string]val, error) {
	name := b.req.GetName()
	tags := b.tagsOf("tags")

	role, err := b.custom("aws:iam/role:Role", name+"-eksRole-role", map[string]val{
		"assumeRolePolicy": lit(pulumieks.ClusterRoleTrust()),
		"description":      lit("Allows EKS to manage clusters on your behalf."),
		"tags":             tags,
	}, "")
	if err != nil {
		return nil, err
	}
	if _, err := b.custom("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name+"-eksRole-AmazonEKSClusterPolicy", map[string]val{
		"role":      role.get("name"),
		"policyArn": lit("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"),
	}, ""); err != nil {
		return nil, err
	}
	// pulumi-eks v2.8.1 creates a default instance role, even without a default node group,
	// unless instanceRoles is given (an empty list counts: `if (args.instanceRoles)`).
	instanceRoles := val{v: resource.NewArrayProperty(nil)}
	if given, ok := b.input("instanceRoles"); ok {
		instanceRoles = given
	} else {
		instanceRole, err := b.custom("aws:iam/role:Role", name+"-instanceRole-role", map[string]val{
			"assumeRolePolicy": lit(pulumieks.InstanceRoleTrust()),
			"tags":             tags,
		}, "")
		if err != nil {
			return nil, err
		}
		instanceRoles = val{v: resource.NewArrayProperty([]resource.PropertyValue{instanceRole.ref().v}), deps: []string{string(instanceRole.urn)}}
	}

	sg := map[string]val{
		"revokeRulesOnDelete": lit(true),
		"description":         lit("Managed by Pulumi"),
		"tags":                mergeTags(lit(map[string]any{"Name": name + "-eksClusterSecurityGroup"}), b.tagsOf("clusterSecurityGroupTags"), tags),
	}
	vpcID, hasVpc := b.input("vpcId")
	if hasVpc {
		sg["vpcId"] = vpcID
	}
	clusterSG, err := b.custom("aws:ec2/securityGroup:SecurityGroup", name+"-eksClusterSecurityGroup", sg, "")
	if err != nil {
		return nil, err
	}
	if _, err := b.custom("aws:ec2/securityGroupRule:SecurityGroupRule", name+"-eksClusterInternetEgressRule", map[string]val{
		"description":     lit("Allow internet access."),
		"type":            lit("egress"),
		"fromPort":        lit(0),
		"toPort":          lit(0),
		"protocol":        lit("-1"),
		"cidrBlocks":      lit([]any{"0.0.0.0/0"}),
		"securityGroupId": clusterSG.idVal(),
	}, ""); err != nil {
		return nil, err
	}

	subnets, ok := b.input("subnetIds")
	if !ok {
		var parts []val
		for _, k := range []string{"publicSubnetIds", "privateSubnetIds"} {
			if v, ok := b.input(k); ok {
				parts = append(parts, v)
			}
		}
		subnets = concat(parts...)
	}
	sgID := clusterSG.idVal()
	vpcConfig := resource.PropertyMap{
		"securityGroupIds":      resource.NewArrayProperty([]resource.PropertyValue{sgID.v}),
		"subnetIds":             subnets.v,
		"endpointPrivateAccess": resource.NewBoolProperty(plainBool(b.plain["endpointPrivateAccess"], false)),
		"endpointPublicAccess":  resource.NewBoolProperty(plainBool(b.plain["endpointPublicAccess"], true)),
	}
	vpcDeps := slices.Concat(sgID.deps, subnets.deps, b.inDeps["endpointPrivateAccess"], b.inDeps["endpointPublicAccess"])
	if cidrs, ok := b.input("publicAccessCidrs"); ok && len(anyList(b.plain["publicAccessCidrs"])) > 0 {
		vpcConfig["publicAccessCidrs"] = cidrs.v
		vpcDeps = append(vpcDeps, cidrs.deps...)
	}
	clusterIn := map[string]val{
		"roleArn":                    role.get("arn"),
		"vpcConfig":                  {v: resource.NewObjectProperty(vpcConfig), deps: vpcDeps},
		"bootstrapSelfManagedAddons": lit(true),
		"tags":                       mergeTags(lit(map[string]any{"Name": name + "-eksCluster"}), b.tagsOf("clusterTags"), tags),
	}
	for _, k := range []string{"name", "version"} {
		if v, ok := b.input(k); ok {
			clusterIn[k] = v
		}
	}
	if v, ok := b.input("enabledClusterLogTypes"); ok && len(anyList(b.plain["enabledClusterLogTypes"])) > 0 {
		clusterIn["enabledClusterLogTypes"] = v
	}
	if v, ok := b.input("encryptionConfigKeyArn"); ok {
		clusterIn["encryptionConfig"] = val{v: resource.NewObjectProperty(resource.PropertyMap{
			"provider":  resource.NewObjectProperty(resource.PropertyMap{"keyArn": v.v}),
			"resources": resource.NewArrayProperty([]resource.PropertyValue{resource.NewStringProperty("secrets")}),
		}), deps: v.deps}
	}
	if v, ok := b.input("authenticationMode"); ok {
		// pulumi-eks grants the creating principal cluster admin when it sets a mode.
		clusterIn["accessConfig"] = val{v: resource.NewObjectProperty(resource.PropertyMap{
			"authenticationMode":                      v.v,
			"bootstrapClusterCreatorAdminPermissions": resource.NewBoolProperty(true),
		}), deps: v.deps}
	}
	cluster, err := b.custom("aws:eks/cluster:Cluster", name+"-eksCluster", clusterIn, "",
		"accessConfig.bootstrapClusterCreatorAdminPermissions", "bootstrapSelfManagedAddons")
	if err != nil {
		return nil, err
	}
	clusterName := cluster.get("name")

	ownedTag := val{v: resource.MakeComputed(resource.NewObjectProperty(resource.PropertyMap{})), deps: clusterName.deps}
	if clusterName.v.IsString() {
		ownedTag = val{v: resource.NewObjectProperty(resource.PropertyMap{
			resource.PropertyKey("kubernetes.io/cluster/" + clusterName.v.StringValue()): resource.NewStringProperty("owned"),
		}), deps: clusterName.deps}
	}
	nodeSGIn := map[string]val{
		"revokeRulesOnDelete": lit(true),
		"description":         lit("Managed by Pulumi"),
		"tags":                mergeTags(b.tagsOf("nodeSecurityGroupTags"), tags, lit(map[string]any{"Name": name + "-nodeSecurityGroup"}), ownedTag),
	}
	if hasVpc {
		nodeSGIn["vpcId"] = vpcID
	}
	nodeSG, err := b.custom("aws:ec2/securityGroup:SecurityGroup", name+"-nodeSecurityGroup", nodeSGIn, "")
	if err != nil {
		return nil, err
	}
	ingress, err := b.custom("aws:ec2/securityGroupRule:SecurityGroupRule", name+"-eksClusterIngressRule", map[string]val{
		"description":           lit("Allow pods to communicate with the cluster API Server"),
		"type":                  lit("ingress"),
		"fromPort":              lit(443),
		"toPort":                lit(443),
		"protocol":              lit("tcp"),
		"securityGroupId":       clusterSG.idVal(),
		"sourceSecurityGroupId": nodeSG.idVal(),
	}, "")
	if err != nil {
		return nil, err
	}

	core := map[string]val{
		"cluster":              cluster.ref(),
		"clusterSecurityGroup": clusterSG.ref(),
		"clusterIamRole":       role.ref(),
		"endpoint":             cluster.get("endpoint"),
		"subnetIds":            subnets,
		"instanceRoles":        instanceRoles,
		"nodeGroupOptions":     lit(map[string]any{}),
		"tags":                 tags,
	}
	for _, k := range []string{"vpcId", "privateSubnetIds", "publicSubnetIds"} {
		if v, ok := b.input(k); ok {
			core[k] = v
		}
	}

	if plainBool(b.plain["createOidcProvider"], false) {
		oidc, err := b.custom("aws:iam/openIdConnectProvider:OpenIdConnectProvider", name+"-oidcProvider", map[string]val{
			"clientIdLists":   lit([]any{"sts.amazonaws.com"}),
			"url":             issuerOf(cluster),
			"thumbprintLists": lit([]any{"9e99a48a9960b14926bb7f3b02e22da2b0ab7280"}),
			"tags":            tags,
		}, "")
		if err != nil {
			return nil, err
		}
		core["oidcProvider"] = oidc.ref()
	}

	// Access entries, named as pulumi-eks's createAccessEntries names them.
	if entriesV, ok := b.input("accessEntries"); ok && entriesV.v.IsObject() {
		entries := entriesV.v.ObjectValue()
		var entryObjs []resource.PropertyValue
		for _, key := range entries.StableKeys() {
			ev := entries[key]
			if !ev.IsObject() {
				continue
			}
			e := ev.ObjectValue()
			field := func(k string) (val, bool) {
				v, ok := e[resource.PropertyKey(k)]
				if !ok || v.IsNull() {
					return val{}, false
				}
				return val{v: v, deps: entriesV.deps}, true
			}
			principal, _ := field("principalArn")
			entryIn := map[string]val{"clusterName": clusterName, "principalArn": principal}
			for _, k := range []string{"type", "tags", "kubernetesGroups"} {
				if v, ok := field(k); ok {
					entryIn[k] = v
				}
			}
			if v, ok := field("username"); ok {
				entryIn["userName"] = v
			}
			entry, err := b.custom("aws:eks/accessEntry:AccessEntry", name+"-"+string(key), entryIn, "")
			if err != nil {
				return nil, err
			}
			entryObjs = append(entryObjs, ev)
			if pv, ok := field("accessPolicies"); ok && pv.v.IsObject() {
				policies := pv.v.ObjectValue()
				for _, pk := range policies.StableKeys() {
					p := policies[pk]
					if !p.IsObject() {
						continue
					}
					po := p.ObjectValue()
					if _, err := b.custom("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", name+"-"+string(key)+"-"+string(pk), map[string]val{
						"clusterName": clusterName,
						// Depending on the entry through an input: created after it.
						"principalArn": {v: principal.v, deps: append(slices.Clone(principal.deps), string(entry.urn))},
						"policyArn":    {v: po["policyArn"], deps: entriesV.deps},
						"accessScope":  {v: po["accessScope"], deps: entriesV.deps},
					}, entry.urn); err != nil {
						return nil, err
					}
				}
			}
		}
		if len(entryObjs) > 0 {
			core["accessEntries"] = val{v: resource.NewArrayProperty(entryObjs), deps: entriesV.deps}
		}
	}

	kc, err := LoadKubeconfig()
	if err != nil {
		return nil, err
	}
	// The kubeconfig is known once the cluster exists (unknown in a preview creating it).
	kubeconfig := val{v: resource.MakeSecret(resource.NewPropertyValue(kc.Config)), deps: []string{string(cluster.urn)}}
	kubeconfigJSON := val{v: resource.MakeSecret(resource.NewStringProperty(kc.JSON)), deps: []string{string(cluster.urn)}}
	if cluster.id == "" {
		kubeconfig.v = resource.MakeSecret(resource.MakeComputed(resource.NewObjectProperty(resource.PropertyMap{})))
		kubeconfigJSON.v = resource.MakeSecret(resource.MakeComputed(resource.NewStringProperty("")))
	}
	if wantK8sProvider() {
		p, err := b.custom("pulumi:providers:kubernetes", name+"-eks-k8s", map[string]val{"kubeconfig": kubeconfigJSON}, "")
		if err != nil {
			return nil, err
		}
		core["provider"] = val{v: resource.MakeCustomResourceReference(p.urn, p.id, ""), deps: []string{string(p.urn)}}
	}
	core["kubeconfig"] = kubeconfig

	corePM, _ := b.props(core)
	var coreDeps []string
	for _, v := range core {
		coreDeps = append(coreDeps, v.deps...)
	}
	return map[string]val{
		"kubeconfig":            kubeconfig,
		"kubeconfigJson":        kubeconfigJSON,
		"eksCluster":            cluster.ref(),
		"clusterSecurityGroup":  clusterSG.ref(),
		"nodeSecurityGroup":     nodeSG.ref(),
		"eksClusterIngressRule": ingress.ref(),
		"instanceRoles":         instanceRoles,
		"core":                  {v: resource.NewObjectProperty(corePM), deps: coreDeps},
	}, nil
}

// wantK8sProvider applies K8sProviderEnv.
func wantK8sProvider() bool {
	if v, err := strconv.ParseBool(os.Getenv(K8sProviderEnv)); err == nil {
		return v
	}
	return os.Getenv(KubeconfigEnv) != ""
}

// ClusterChildURN is the URN of the aws:eks/cluster:Cluster that the fake registers under
// the eks:index:Cluster component of URN comp.
func ClusterChildURN(comp resource.URN) resource.URN {
	return resource.NewURN(comp.Stack(), comp.Project(), comp.QualifiedType(), "aws:eks/cluster:Cluster", comp.Name()+"-eksCluster")
}

// managedNodeGroup stands in for eks:index:ManagedNodeGroup: one aws:eks/nodeGroup:NodeGroup
// named like the component, with the component's inputs.
func (b *builder) managedNodeGroup() (map[string]val, error) {
	name := b.req.GetName()
	clusterIn, ok := b.input("cluster")
	if !ok {
		return nil, fmt.Errorf("fakecloud: ManagedNodeGroup %q: missing required argument \"cluster\"", name)
	}
	_, hasRole := b.input("nodeRole")
	roleArn, hasRoleArn := b.input("nodeRoleArn")
	if !hasRole && !hasRoleArn {
		return nil, fmt.Errorf("fakecloud: ManagedNodeGroup %q: one of nodeRole or nodeRoleArn is required", name)
	}
	ng := map[string]val{}
	for _, k := range []string{
		"nodeGroupName", "nodeGroupNamePrefix", "subnetIds", "scalingConfig", "instanceTypes",
		"amiType", "capacityType", "labels", "taints", "launchTemplate", "tags", "diskSize", "version",
		"releaseVersion", "remoteAccess", "forceUpdateVersion", "updateConfig",
	} {
		if v, ok := b.input(k); ok {
			ng[k] = v
		}
	}
	if _, ok := ng["amiType"]; !ok {
		ng["amiType"] = lit("AL2_x86_64")
	}
	if v, ok := b.input("clusterName"); ok {
		ng["clusterName"] = v
	} else {
		// The cluster is the eks:index:Cluster component (a reference) or its core data
		// (an object whose "cluster" is the aws:eks/cluster:Cluster).
		var clusterURN resource.URN
		switch c := plainValue(clusterIn.v).(type) {
		case string:
			clusterURN = resource.URN(c)
			if clusterURN.IsValid() && clusterURN.Type() == ClusterType {
				clusterURN = ClusterChildURN(clusterURN)
			}
		case map[string]any:
			if s, ok := c["cluster"].(string); ok {
				clusterURN = resource.URN(s)
			}
		}
		if !clusterURN.IsValid() {
			if b.req.GetDryRun() {
				ng["clusterName"] = unknown()
			} else {
				return nil, fmt.Errorf("fakecloud: ManagedNodeGroup %q: cannot find the cluster in %v", name, plainValue(clusterIn.v))
			}
		} else {
			cl, err := b.getResource(clusterURN)
			if err != nil {
				return nil, err
			}
			ng["clusterName"] = cl.get("name")
		}
	}
	if hasRoleArn {
		ng["nodeRoleArn"] = roleArn
	} else if u, ok := b.plain["nodeRole"].(string); ok && resource.URN(u).IsValid() {
		role, err := b.getResource(resource.URN(u))
		if err != nil {
			return nil, err
		}
		ng["nodeRoleArn"] = role.get("arn")
	} else {
		ng["nodeRoleArn"] = unknown()
	}
	group, err := b.custom("aws:eks/nodeGroup:NodeGroup", name, ng, "")
	if err != nil {
		return nil, err
	}
	return map[string]val{"nodeGroup": group.ref()}, nil
}
