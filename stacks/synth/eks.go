package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/portkey-eks/portkey-eks/internal/pulumieks"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// Stand-ins for pulumi-eks's remote components and the EKS and EC2 provider functions the
// network and cluster components call.
//
// pulumi-eks v2 components (eks:index:Cluster, eks:index:ManagedNodeGroup) run in a Node.js
// provider, so under mocks their children never exist and their outputs are whatever the
// mock returns. These mocks register the children the real components create, with the
// inputs the real components would give them (copied from the component's own inputs),
// so the inventory shows the aws.eks.Cluster with its vpcConfig, encryption, logging and
// access configuration, the OIDC provider, the security groups, the access entries and
// the node groups. The outputs refer to those children as resource references.
//
// The children are parented to the remote component's own parent (the component that
// created it), because the remote component is itself only registered once its mock
// returns.
func init() {
	RegisterRemote("eks:index:Cluster", mockEKSCluster)
	RegisterRemote("eks:index:ManagedNodeGroup", mockManagedNodeGroup)

	RegisterInvoke("aws:eks/getCluster:getCluster", func(args map[string]any, region string) map[string]any {
		name := eksStr(args["name"])
		return map[string]any{
			"id":       name,
			"name":     name,
			"arn":      fmt.Sprintf("arn:aws:eks:%s:%s:cluster/%s", region, Account, name),
			"endpoint": EKSEndpoint(name, region),
			"version":  deployedVersion(name, "1.34"),
			"status":   "ACTIVE",
			"roleArn":  fmt.Sprintf("arn:aws:iam::%s:role/%s-cluster", Account, name),
			"certificateAuthorities": []any{map[string]any{
				"data": EKSCertificateAuthority(name),
			}},
			"identities": []any{map[string]any{
				"oidcs": []any{map[string]any{"issuer": EKSIssuer(name, region)}},
			}},
			"accessConfigs": []any{map[string]any{"authenticationMode": "API_AND_CONFIG_MAP"}},
			"vpcConfig": map[string]any{
				"clusterSecurityGroupId": EKSClusterSecurityGroupID(name),
				"vpcId":                  "vpc-" + eksHash("existing-vpc/"+name, 17),
				"subnetIds":              []any{"subnet-" + eksHash(name+"/a", 17), "subnet-" + eksHash(name+"/b", 17)},
				"securityGroupIds":       []any{},
				"endpointPrivateAccess":  true,
				"endpointPublicAccess":   false,
				"publicAccessCidrs":      []any{},
			},
			"enabledClusterLogTypes": []any{"api", "audit", "authenticator"},
			"tags":                   map[string]any{},
		}
	})
	RegisterInvoke("aws:ec2/getVpc:getVpc", func(args map[string]any, region string) map[string]any {
		id := eksStr(args["id"])
		return map[string]any{
			"id":        id,
			"arn":       fmt.Sprintf("arn:aws:ec2:%s:%s:vpc/%s", region, Account, id),
			"cidrBlock": ExistingVpcCidr,
			"state":     "available",
			"ownerId":   Account,
		}
	})
	RegisterInvoke("aws:ec2/getSubnet:getSubnet", func(args map[string]any, region string) map[string]any {
		id := eksStr(args["id"])
		vpc := eksStr(args["vpcId"])
		if vpc == "" {
			vpc = "vpc-" + eksHash("vpc-of/"+id, 17)
		}
		return map[string]any{
			"id":               id,
			"arn":              fmt.Sprintf("arn:aws:ec2:%s:%s:subnet/%s", region, Account, id),
			"vpcId":            vpc,
			"availabilityZone": ExistingSubnetAZ(id, region),
			"state":            "available",
		}
	})
}

// ExistingVpcCidr is the CIDR the aws:ec2/getVpc mock gives every existing VPC.
const ExistingVpcCidr = "10.20.0.0/16"

// ExistingSubnetAZ is the AZ the aws:ec2/getSubnet mock puts an existing subnet in: the
// region plus a, b or c from the subnet ID's last hex digit modulo 3, so tests choose
// the spread (subnet-...0 is in a, ...1 in b, ...2 in c).
func ExistingSubnetAZ(subnetID, region string) string {
	last := subnetID[len(subnetID)-1:]
	var d int
	if _, err := fmt.Sscanf(last, "%x", &d); err != nil {
		d = 0
	}
	return region + string(rune('a'+d%3))
}

// EKSEndpoint is the mocked API server endpoint of the EKS cluster called name.
func EKSEndpoint(name, region string) string {
	return fmt.Sprintf("https://%s.gr7.%s.eks.amazonaws.com", strings.ToUpper(eksHash("endpoint/"+name, 32)), region)
}

// EKSIssuer is the mocked OIDC issuer URL of the EKS cluster called name.
func EKSIssuer(name, region string) string {
	return fmt.Sprintf("https://oidc.eks.%s.amazonaws.com/id/%s", region, strings.ToUpper(eksHash("endpoint/"+name, 32)))
}

// EKSCertificateAuthority is the mocked base64 certificate authority data of a cluster.
func EKSCertificateAuthority(name string) string {
	return "TU9DSy1DQS0=" + eksHash("ca/"+name, 16)
}

// EKSClusterSecurityGroupID is the mocked ID of the security group EKS creates for a
// cluster (vpcConfig.clusterSecurityGroupId, which managed nodes use by default).
func EKSClusterSecurityGroupID(name string) string {
	return "sg-" + eksHash("eks-cluster-sg/"+name, 17)
}

// child is a custom resource registered by a mock.
type child struct{ pulumi.CustomResourceState }

// childProvider is a provider resource registered by a mock.
type childProvider struct{ pulumi.ProviderResourceState }

// rehydrated is the remote component's parent, read back by URN.
type rehydrated struct{ pulumi.ResourceState }

// mockParentOpts returns the option that parents mock children to the remote component's
// parent, or nothing when that is the stack.
func mockParentOpts(ctx *pulumi.Context, args pulumi.MockResourceArgs) []pulumi.ResourceOption {
	if args.RegisterRPC == nil {
		return nil
	}
	u := resource.URN(args.RegisterRPC.GetParent())
	if !u.IsValid() || u.QualifiedType() == resource.RootStackType {
		return nil
	}
	p := &rehydrated{}
	if err := ctx.RegisterComponentResource(string(u.Type()), u.Name(), p, pulumi.URN_(string(u))); err != nil {
		return nil
	}
	return []pulumi.ResourceOption{pulumi.Parent(p)}
}

// rehydrate returns a resource standing for an already registered URN, to depend on, or
// nil if the URN cannot be read back.
func rehydrate(ctx *pulumi.Context, urn string) pulumi.Resource {
	u := resource.URN(urn)
	if !u.IsValid() {
		return nil
	}
	r := &rehydrated{}
	if err := ctx.RegisterComponentResource(string(u.Type()), u.Name(), r, pulumi.URN_(urn)); err != nil {
		return nil
	}
	return r
}

// inputDeps returns the resources the remote component's given inputs depend on (all of
// its dependencies when no key is given), so its children wait for what it waits for.
func inputDeps(ctx *pulumi.Context, args pulumi.MockResourceArgs, keys ...string) []pulumi.Resource {
	rpc := args.RegisterRPC
	if rpc == nil {
		return nil
	}
	var urns []string
	if len(keys) == 0 {
		urns = rpc.GetDependencies()
	}
	for _, k := range keys {
		if pd, ok := rpc.GetPropertyDependencies()[k]; ok {
			urns = append(urns, pd.GetUrns()...)
		}
	}
	slices.Sort(urns)
	var out []pulumi.Resource
	for _, u := range slices.Compact(urns) {
		if r := rehydrate(ctx, u); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// withDeps adds a DependsOn option for deps (if any) to opts.
func withDeps(opts []pulumi.ResourceOption, deps []pulumi.Resource) []pulumi.ResourceOption {
	out := slices.Clone(opts)
	if len(deps) > 0 {
		out = append(out, pulumi.DependsOn(deps))
	}
	return out
}

// registered is a child registered by a mock: its URN, ID and recorded outputs.
type registered struct {
	res     pulumi.Resource
	urn, id string
	outputs map[string]any
}

func (r registered) ref() resource.PropertyValue {
	return resource.MakeCustomResourceReference(resource.URN(r.urn), resource.ID(r.id), "")
}

// registerChild registers a custom resource of the given type with plain inputs and waits
// for its URN and ID.
func registerChild(ctx *pulumi.Context, m *Mocks, typ, name string, inputs map[string]any, opts ...pulumi.ResourceOption) (registered, error) {
	props := pulumi.Map{}
	for k, v := range inputs {
		if v != nil {
			props[k] = pulumi.ToOutput(v)
		}
	}
	var (
		res   pulumi.Resource
		idOut pulumi.IDOutput
	)
	if strings.HasPrefix(typ, "pulumi:providers:") {
		p := &childProvider{}
		if err := ctx.RegisterResource(typ, name, props, p, opts...); err != nil {
			return registered{}, fmt.Errorf("registering %s %q: %w", typ, name, err)
		}
		res, idOut = p, p.ID()
	} else {
		c := &child{}
		if err := ctx.RegisterResource(typ, name, props, c, opts...); err != nil {
			return registered{}, fmt.Errorf("registering %s %q: %w", typ, name, err)
		}
		res, idOut = c, c.ID()
	}
	u, err := internals.UnsafeAwaitOutput(ctx.Context(), res.URN())
	if err != nil {
		return registered{}, fmt.Errorf("awaiting %s %q: %w", typ, name, err)
	}
	id, err := internals.UnsafeAwaitOutput(ctx.Context(), idOut)
	if err != nil {
		return registered{}, fmt.Errorf("awaiting %s %q: %w", typ, name, err)
	}
	r := registered{res: res, urn: string(u.Value.(pulumi.URN)), id: string(id.Value.(pulumi.ID))}
	for _, rec := range m.Resources() {
		if rec.URN == r.urn {
			r.outputs = rec.Outputs
		}
	}
	return r, nil
}

// plainInputs returns a remote component's inputs as plain values (secrets revealed,
// resource references as URNs).
func plainInputs(args pulumi.MockResourceArgs) map[string]any {
	return toPlain(resource.NewObjectProperty(args.Inputs), false).(map[string]any)
}

func strList(v any) []any {
	l, _ := v.([]any)
	return l
}

func strMap(v any) map[string]any {
	mp, _ := v.(map[string]any)
	if mp == nil {
		return map[string]any{}
	}
	return mp
}

func boolOr(v any, def bool) bool {
	if b, ok := v.(bool); ok {
		return b
	}
	return def
}

// mergeTags merges tag maps, later ones winning.
func mergeTags(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

// mockKubeconfig is the kubeconfig pulumi-eks generates: the endpoint, the CA and an exec
// credential plugin running `aws eks get-token`.
func mockKubeconfig(clusterName, endpoint, caData, region string) map[string]any {
	return map[string]any{
		"apiVersion": "v1",
		"clusters": []any{map[string]any{
			"cluster": map[string]any{"server": endpoint, "certificate-authority-data": caData},
			"name":    "kubernetes",
		}},
		"contexts":        []any{map[string]any{"context": map[string]any{"cluster": "kubernetes", "user": "aws"}, "name": "aws"}},
		"current-context": "aws",
		"kind":            "Config",
		"users": []any{map[string]any{
			"name": "aws",
			"user": map[string]any{"exec": map[string]any{
				"apiVersion": "client.authentication.k8s.io/v1beta1",
				"command":    "aws",
				"args":       []any{"--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json"},
				"env":        []any{map[string]any{"name": "KUBERNETES_EXEC_INFO", "value": `{"apiVersion": "client.authentication.k8s.io/v1beta1"}`}},
			}},
		}},
	}
}

// mockEKSCluster stands in for eks:index:Cluster (pulumi-eks v2.8.1).
func mockEKSCluster(ctx *pulumi.Context, m *Mocks, args pulumi.MockResourceArgs) (resource.PropertyMap, error) {
	if ctx == nil {
		return nil, fmt.Errorf("no program context")
	}
	in := plainInputs(args)
	name := args.Name
	clusterName := eksStr(in["name"])
	if clusterName == "" {
		clusterName = name + "-eksCluster-" + eksHash(name, 7)
	}
	tags := strMap(in["tags"])
	parent := mockParentOpts(ctx, args)
	opts := func(deps ...pulumi.Resource) []pulumi.ResourceOption { return withDeps(parent, deps) }
	inDeps := func(keys ...string) []pulumi.Resource { return inputDeps(ctx, args, keys...) }

	trust, instanceTrust := pulumieks.ClusterRoleTrust(), pulumieks.InstanceRoleTrust()
	role, err := registerChild(ctx, m, "aws:iam/role:Role", name+"-eksRole-role", map[string]any{
		"assumeRolePolicy": trust,
		"description":      "Allows EKS to manage clusters on your behalf.",
		"tags":             tags,
	}, opts(inDeps("tags")...)...)
	if err != nil {
		return nil, err
	}
	if _, err := registerChild(ctx, m, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name+"-eksRole-AmazonEKSClusterPolicy", map[string]any{
		"role":      role.outputs["name"],
		"policyArn": "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
	}, opts(role.res)...); err != nil {
		return nil, err
	}
	// pulumi-eks v2.8.1 creates a default instance role unless instanceRoles is given (an
	// empty list counts: createCore tests `if (args.instanceRoles)`), even without a
	// default node group; with authentication mode API it also gives that role an
	// EC2_LINUX access entry, so any instance with the role could join the cluster.
	var instanceRoles []any
	_, givenRoles := in["instanceRoles"].([]any)
	if !givenRoles {
		instanceRole, err := registerChild(ctx, m, "aws:iam/role:Role", name+"-instanceRole-role", map[string]any{
			"assumeRolePolicy": instanceTrust,
			"tags":             tags,
		}, opts(inDeps("tags")...)...)
		if err != nil {
			return nil, err
		}
		instanceRoles = append(instanceRoles, instanceRole.ref())
	}

	clusterSG, err := registerChild(ctx, m, "aws:ec2/securityGroup:SecurityGroup", name+"-eksClusterSecurityGroup", map[string]any{
		"vpcId":               in["vpcId"],
		"revokeRulesOnDelete": true,
		"tags":                mergeTags(map[string]any{"Name": name + "-eksClusterSecurityGroup"}, strMap(in["clusterSecurityGroupTags"]), tags),
	}, opts(inDeps("vpcId", "tags", "clusterSecurityGroupTags")...)...)
	if err != nil {
		return nil, err
	}
	if _, err := registerChild(ctx, m, "aws:ec2/securityGroupRule:SecurityGroupRule", name+"-eksClusterInternetEgressRule", map[string]any{
		"description":     "Allow internet access.",
		"type":            "egress",
		"fromPort":        0,
		"toPort":          0,
		"protocol":        "-1",
		"cidrBlocks":      []any{"0.0.0.0/0"},
		"securityGroupId": clusterSG.id,
	}, opts(clusterSG.res)...); err != nil {
		return nil, err
	}

	subnets := strList(in["subnetIds"])
	if len(subnets) == 0 {
		subnets = slices.Concat(strList(in["publicSubnetIds"]), strList(in["privateSubnetIds"]))
	}
	vpcConfig := map[string]any{
		"securityGroupIds":      []any{clusterSG.id},
		"subnetIds":             subnets,
		"endpointPrivateAccess": boolOr(in["endpointPrivateAccess"], false),
		"endpointPublicAccess":  boolOr(in["endpointPublicAccess"], true),
		// Computed by EKS; given as an input here because the mocks only add computed
		// values at the top level of a resource's state.
		"clusterSecurityGroupId": EKSClusterSecurityGroupID(clusterName),
	}
	if cidrs := strList(in["publicAccessCidrs"]); len(cidrs) > 0 {
		vpcConfig["publicAccessCidrs"] = cidrs
	}
	clusterInputs := map[string]any{
		"name":                       clusterName,
		"roleArn":                    role.outputs["arn"],
		"version":                    in["version"],
		"vpcConfig":                  vpcConfig,
		"bootstrapSelfManagedAddons": true,
		"tags":                       mergeTags(map[string]any{"Name": name + "-eksCluster"}, strMap(in["clusterTags"]), tags),
	}
	if lt := strList(in["enabledClusterLogTypes"]); len(lt) > 0 {
		clusterInputs["enabledClusterLogTypes"] = lt
	}
	if key := eksStr(in["encryptionConfigKeyArn"]); key != "" {
		clusterInputs["encryptionConfig"] = map[string]any{"provider": map[string]any{"keyArn": key}, "resources": []any{"secrets"}}
	}
	if mode := eksStr(in["authenticationMode"]); mode != "" {
		// pulumi-eks always grants the creating principal cluster admin when it sets an
		// authentication mode.
		clusterInputs["accessConfig"] = map[string]any{"authenticationMode": mode, "bootstrapClusterCreatorAdminPermissions": true}
	}
	clusterDeps := append(inDeps("name", "version", "vpcId", "subnetIds", "privateSubnetIds", "publicSubnetIds",
		"endpointPrivateAccess", "endpointPublicAccess", "publicAccessCidrs", "enabledClusterLogTypes",
		"encryptionConfigKeyArn", "authenticationMode", "tags", "clusterTags"), role.res, clusterSG.res)
	cluster, err := registerChild(ctx, m, "aws:eks/cluster:Cluster", name+"-eksCluster", clusterInputs,
		append(opts(clusterDeps...), pulumi.IgnoreChanges([]string{"accessConfig.bootstrapClusterCreatorAdminPermissions", "bootstrapSelfManagedAddons"}))...)
	if err != nil {
		return nil, err
	}
	endpoint := EKSEndpoint(clusterName, m.Region)
	issuer := EKSIssuer(clusterName, m.Region)

	nodeSG, err := registerChild(ctx, m, "aws:ec2/securityGroup:SecurityGroup", name+"-nodeSecurityGroup", map[string]any{
		"vpcId":               in["vpcId"],
		"revokeRulesOnDelete": true,
		"tags": mergeTags(strMap(in["nodeSecurityGroupTags"]), tags, map[string]any{
			"Name":                                 name + "-nodeSecurityGroup",
			"kubernetes.io/cluster/" + clusterName: "owned",
		}),
	}, opts(append(inDeps("vpcId", "tags", "nodeSecurityGroupTags"), cluster.res)...)...)
	if err != nil {
		return nil, err
	}
	ingress, err := registerChild(ctx, m, "aws:ec2/securityGroupRule:SecurityGroupRule", name+"-eksClusterIngressRule", map[string]any{
		"description":           "Allow pods to communicate with the cluster API Server",
		"type":                  "ingress",
		"fromPort":              443,
		"toPort":                443,
		"protocol":              "tcp",
		"securityGroupId":       clusterSG.id,
		"sourceSecurityGroupId": nodeSG.id,
	}, opts(clusterSG.res, nodeSG.res)...)
	if err != nil {
		return nil, err
	}

	core := map[string]any{
		"cluster":              cluster.ref(),
		"clusterSecurityGroup": clusterSG.ref(),
		"clusterIamRole":       role.ref(),
		"endpoint":             endpoint,
		"vpcId":                eksStr(in["vpcId"]),
		"subnetIds":            subnets,
		"instanceRoles":        instanceRoles,
		"nodeGroupOptions":     map[string]any{},
		"tags":                 tags,
	}
	if ids := strList(in["privateSubnetIds"]); len(ids) > 0 {
		core["privateSubnetIds"] = ids
	}
	if ids := strList(in["publicSubnetIds"]); len(ids) > 0 {
		core["publicSubnetIds"] = ids
	}
	if boolOr(in["createOidcProvider"], false) {
		oidc, err := registerChild(ctx, m, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", name+"-oidcProvider", map[string]any{
			"clientIdLists":   []any{"sts.amazonaws.com"},
			"url":             issuer,
			"thumbprintLists": []any{"9e99a48a9960b14926bb7f3b02e22da2b0ab7280"},
			"tags":            tags,
		}, opts(cluster.res)...)
		if err != nil {
			return nil, err
		}
		core["oidcProvider"] = oidc.ref()
	}

	// Access entries, as pulumi-eks's createAccessEntries names them.
	entries := strMap(in["accessEntries"])
	keys := slices.Sorted(maps.Keys(entries))
	var entryObjs []any // core.accessEntries holds the entries' arguments, not resources
	for _, key := range keys {
		e := strMap(entries[key])
		entryInputs := map[string]any{
			"clusterName":  clusterName,
			"principalArn": e["principalArn"],
			"type":         e["type"],
			"tags":         e["tags"],
		}
		if g := strList(e["kubernetesGroups"]); len(g) > 0 {
			entryInputs["kubernetesGroups"] = g
		}
		if u := eksStr(e["username"]); u != "" {
			entryInputs["userName"] = u
		}
		entry, err := registerChild(ctx, m, "aws:eks/accessEntry:AccessEntry", name+"-"+key, entryInputs, opts(append(inDeps("accessEntries"), cluster.res)...)...)
		if err != nil {
			return nil, err
		}
		entryObjs = append(entryObjs, e)
		policies := strMap(e["accessPolicies"])
		for _, pk := range slices.Sorted(maps.Keys(policies)) {
			p := strMap(policies[pk])
			if _, err := registerChild(ctx, m, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", name+"-"+key+"-"+pk, map[string]any{
				"clusterName":  clusterName,
				"principalArn": e["principalArn"],
				"policyArn":    p["policyArn"],
				"accessScope":  p["accessScope"],
			}, pulumi.Parent(entry.res), pulumi.DependsOn([]pulumi.Resource{entry.res})); err != nil {
				return nil, err
			}
		}
	}
	if len(entryObjs) > 0 {
		core["accessEntries"] = entryObjs
	}

	kubeconfig := mockKubeconfig(clusterName, endpoint, EKSCertificateAuthority(clusterName), m.Region)
	kubeconfigJSON, err := json.Marshal(kubeconfig)
	if err != nil {
		return nil, err
	}
	provider, err := registerChild(ctx, m, "pulumi:providers:kubernetes", name+"-eks-k8s", map[string]any{
		"kubeconfig": string(kubeconfigJSON),
	}, opts(cluster.res)...)
	if err != nil {
		return nil, err
	}
	core["provider"] = provider.ref()
	core["kubeconfig"] = kubeconfig

	return resource.NewPropertyMapFromMap(map[string]any{
		"kubeconfig":            kubeconfig,
		"kubeconfigJson":        string(kubeconfigJSON),
		"eksCluster":            cluster.ref(),
		"clusterSecurityGroup":  clusterSG.ref(),
		"nodeSecurityGroup":     nodeSG.ref(),
		"eksClusterIngressRule": ingress.ref(),
		"instanceRoles":         instanceRoles,
		"core":                  core,
	}), nil
}

// mockManagedNodeGroup stands in for eks:index:ManagedNodeGroup: one aws.eks.NodeGroup
// named like the component, with the component's inputs.
func mockManagedNodeGroup(ctx *pulumi.Context, m *Mocks, args pulumi.MockResourceArgs) (resource.PropertyMap, error) {
	if ctx == nil {
		return nil, fmt.Errorf("no program context")
	}
	in := plainInputs(args)
	// The cluster input is a reference to the eks:index:Cluster component; find the
	// aws.eks.Cluster its mock registered.
	clusterName, clusterURN := eksStr(in["clusterName"]), ""
	if ref := resource.URN(eksStr(in["cluster"])); ref.IsValid() {
		for _, r := range m.Resources() {
			if r.Type == "aws:eks/cluster:Cluster" && r.Name == ref.Name()+"-eksCluster" {
				clusterURN = r.URN
				if clusterName == "" {
					clusterName = eksStr(r.Outputs["name"])
				}
			}
		}
	}
	if clusterName == "" {
		return nil, fmt.Errorf("managed node group %q: no cluster name and no known cluster", args.Name)
	}
	ngInputs := map[string]any{"clusterName": clusterName}
	for _, k := range []string{
		"nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds", "scalingConfig", "instanceTypes",
		"amiType", "capacityType", "labels", "taints", "launchTemplate", "tags", "diskSize", "version",
		"releaseVersion", "remoteAccess", "forceUpdateVersion",
	} {
		if v, ok := in[k]; ok && v != nil {
			ngInputs[k] = v
		}
	}
	if role := eksStr(in["nodeRole"]); role != "" && ngInputs["nodeRoleArn"] == nil {
		for _, r := range m.Resources() {
			if r.URN == role {
				ngInputs["nodeRoleArn"] = r.Outputs["arn"]
			}
		}
	}
	deps := inputDeps(ctx, args)
	if clusterURN != "" {
		if r := rehydrate(ctx, clusterURN); r != nil {
			deps = append(deps, r)
		}
	}
	ngOpts := withDeps(mockParentOpts(ctx, args), deps)
	// The engine runs the component's transforms on its children; so does this mock, for
	// the ignoreChanges they add (such as cluster.IgnoreDesiredSize's).
	if ignore := transformedIgnoreChanges(ctx, args.Transforms, "aws:eks/nodeGroup:NodeGroup", args.Name, ngInputs); len(ignore) > 0 {
		ngOpts = append(ngOpts, pulumi.IgnoreChanges(ignore))
	}
	ng, err := registerChild(ctx, m, "aws:eks/nodeGroup:NodeGroup", args.Name, ngInputs, ngOpts...)
	if err != nil {
		return nil, err
	}
	return resource.NewPropertyMapFromMap(map[string]any{"nodeGroup": ng.ref()}), nil
}

// transformedIgnoreChanges runs a remote component's transforms on a child of type typ
// and returns the ignoreChanges they ask for.
func transformedIgnoreChanges(ctx *pulumi.Context, transforms []pulumi.ResourceTransform, typ, name string, inputs map[string]any) []string {
	props := pulumi.Map{}
	for k, v := range inputs {
		if v != nil {
			props[k] = pulumi.ToOutput(v)
		}
	}
	targs := &pulumi.ResourceTransformArgs{Custom: true, Type: typ, Name: name, Props: props}
	for _, t := range transforms {
		if r := t(ctx.Context(), targs); r != nil {
			targs.Props, targs.Opts = r.Props, r.Opts
		}
	}
	return targs.Opts.IgnoreChanges
}

// eksStr returns v if it is a string, else "".
func eksStr(v any) string {
	s, _ := v.(string)
	return s
}

// eksHash returns the first n hex digits of the SHA-256 of s.
func eksHash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}
