package cluster_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

const (
	tEksCluster = "aws:eks/cluster:Cluster"
	tNodeGroup  = "aws:eks/nodeGroup:NodeGroup"
	tMNG        = "eks:index:ManagedNodeGroup"
	tLT         = "aws:ec2/launchTemplate:LaunchTemplate"
	tAddon      = "aws:eks/addon:Addon"
	tProvider   = "pulumi:providers:kubernetes"
	region      = "eu-west-1"
	deployer    = "arn:aws:iam::123456789012:role/deployer" // what the getSessionContext mock answers
	adminArn    = "arn:aws:iam::123456789012:role/platform-admin"
)

var privateSubnets = []string{"subnet-0a0000000000000a1", "subnet-0b0000000000000b2", "subnet-0c0000000000000c3"}

// prodArgs is a production-like cluster: private endpoint, API access entries, two
// Graviton instance types, Pod Identity.
func prodArgs() *cluster.ClusterArgs {
	return &cluster.ClusterArgs{
		Name:             "portkey-prod",
		Version:          "1.35",
		VpcID:            pulumi.String("vpc-0123456789abcdef0"),
		PrivateSubnetIDs: pulumi.ToStringArray(privateSubnets),
		AdminArns:        []string{adminArn, deployer},
		LogTypes:         []string{"api", "audit", "authenticator", "controllerManager", "scheduler"},
		LogRetentionDays: 90,
		NodeGroups: []cluster.NodeGroup{{
			Name:          "general",
			InstanceTypes: []string{"t4g.medium", "c7g.large"},
			AmiType:       cluster.AmiAL2023Arm64,
			MinSize:       3, DesiredSize: 3, MaxSize: 9,
			DiskSizeGiB: 50,
			Labels:      map[string]string{"portkey.ai/pool": "general"},
		}},
		Addons:      cluster.AddonVersions{VpcCni: "v1.19.2-eksbuild.1"},
		PodIdentity: true,
		Tags:        map[string]string{"Stack": "prod"},
	}
}

func run(t *testing.T, args *cluster.ClusterArgs) (*synth.Result, error) {
	t.Helper()
	res, _, err := synth.Component(cluster.NewCluster, "main", args, func(c *cluster.Cluster) map[string]pulumi.Input {
		return map[string]pulumi.Input{
			"clusterName":            c.ClusterName,
			"endpoint":               c.Endpoint,
			"kubeconfig":             c.Kubeconfig,
			"oidcProviderArn":        c.OidcProviderArn,
			"oidcProviderUrl":        c.OidcProviderUrl,
			"oidcIssuer":             c.OidcIssuer,
			"clusterSecurityGroupId": c.ClusterSecurityGroupID,
			"nodeSecurityGroupId":    c.NodeSecurityGroupID,
			"nodeRoleArn":            c.NodeRoleArn,
			"secretsKmsKeyArn":       c.SecretsKmsKeyArn,
			"deployerArn":            c.DeployerArn,
			"nodeGroups":             pulumi.Int(len(c.NodeGroups)),
		}
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": region}})
	return res, err
}

func TestNewCluster(t *testing.T) {
	res, err := run(t, prodArgs())
	require.NoError(t, err)
	assert.Empty(t, res.Warnings)

	remote := res.Find("eks:index:Cluster", "main")
	require.NotNil(t, remote)
	assert.True(t, remote.Remote)
	assert.Equal(t, "API", remote.Inputs["authenticationMode"])
	assert.Equal(t, true, remote.Inputs["skipDefaultNodeGroup"])
	assert.Equal(t, true, remote.Inputs["useDefaultVpcCni"], "the vpc-cni add-on manages the CNI")
	assert.Equal(t, true, remote.Inputs["createOidcProvider"])

	eksCluster := res.Find(tEksCluster, "main-eksCluster")
	require.NotNil(t, eksCluster)
	in := eksCluster.Inputs
	assert.Equal(t, "portkey-prod", in["name"])
	assert.Equal(t, "1.35", in["version"])
	assert.Equal(t, true, synth.Get(in, "vpcConfig.endpointPrivateAccess"))
	assert.Equal(t, false, synth.Get(in, "vpcConfig.endpointPublicAccess"), "public endpoint off")
	assert.Nil(t, synth.Get(in, "vpcConfig.publicAccessCidrs"))
	assert.ElementsMatch(t, privateSubnets, synth.Get(in, "vpcConfig.subnetIds"), "the control plane uses the private subnets only")
	assert.Equal(t, []any{"api", "audit", "authenticator", "controllerManager", "scheduler"}, in["enabledClusterLogTypes"])
	assert.Equal(t, "API", synth.Get(in, "accessConfig.authenticationMode"))

	key := res.Find("aws:kms/key:Key", "main-secrets")
	require.NotNil(t, key)
	assert.Equal(t, true, key.Inputs["enableKeyRotation"])
	assert.Equal(t, key.Outputs["arn"], synth.Get(in, "encryptionConfig.provider.keyArn"), "secrets are encrypted with the created key")
	assert.Equal(t, []any{"secrets"}, synth.Get(in, "encryptionConfig.resources"))
	assert.True(t, res.DependsOn(eksCluster.URN, key.URN), "the EKS cluster waits for its key")

	group := res.Find("aws:cloudwatch/logGroup:LogGroup", "main-control-plane")
	require.NotNil(t, group)
	assert.Equal(t, "/aws/eks/portkey-prod/cluster", group.Inputs["name"])
	assert.EqualValues(t, 90, group.Inputs["retentionInDays"])
	assert.Contains(t, remote.Dependencies, group.URN, "the cluster waits for its log group")

	// Access entries: every listed ARN gets one with cluster admin, including the one that
	// happens to run this deployment (the resources never depend on the caller).
	entries := res.ByType("aws:eks/accessEntry:AccessEntry")
	require.Len(t, entries, 2)
	var principals []any
	for _, e := range entries {
		principals = append(principals, e.Inputs["principalArn"])
		assert.Equal(t, "STANDARD", e.Inputs["type"])
	}
	assert.ElementsMatch(t, []any{adminArn, deployer}, principals)
	assoc := res.ByType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation")
	require.Len(t, assoc, 2)
	for _, a := range assoc {
		assert.Equal(t, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", a.Inputs["policyArn"])
		assert.Equal(t, "cluster", synth.Get(a.Inputs, "accessScope.type"))
	}
	assert.Equal(t, true, synth.Get(in, "accessConfig.bootstrapClusterCreatorAdminPermissions"))
	assert.Equal(t, deployer, res.PlainOutputs["deployerArn"])

	// Outputs.
	assert.Equal(t, "portkey-prod", res.PlainOutputs["clusterName"])
	assert.Equal(t, synth.EKSEndpoint("portkey-prod", region), res.PlainOutputs["endpoint"])
	issuer := synth.EKSIssuer("portkey-prod", region)
	assert.Equal(t, issuer, res.PlainOutputs["oidcProviderUrl"])
	assert.Equal(t, strings.TrimPrefix(issuer, "https://"), res.PlainOutputs["oidcIssuer"])
	assert.Equal(t, "arn:aws:iam::123456789012:oidc-provider/"+strings.TrimPrefix(issuer, "https://"), res.PlainOutputs["oidcProviderArn"])
	assert.Equal(t, synth.EKSClusterSecurityGroupID("portkey-prod"), res.PlainOutputs["clusterSecurityGroupId"])
	assert.Equal(t, res.PlainOutputs["clusterSecurityGroupId"], res.PlainOutputs["nodeSecurityGroupId"])
	assert.Equal(t, key.Outputs["arn"], res.PlainOutputs["secretsKmsKeyArn"])
	assert.Contains(t, res.SecretOutputs, "kubeconfig", "the kubeconfig is a secret")
	assert.Contains(t, res.PlainOutputs["kubeconfig"], "get-token")

	// The Kubernetes provider is built from the (secret) kubeconfig.
	var providers []synth.Resource
	for _, p := range res.ByType(tProvider) {
		if p.Name == "main" {
			providers = append(providers, p)
		}
	}
	require.Len(t, providers, 1)
	assert.Contains(t, providers[0].SecretInputs, "kubeconfig")
	assert.Contains(t, providers[0].PlainInputs["kubeconfig"], "portkey-prod")
}

func TestNodeGroups(t *testing.T) {
	args := prodArgs()
	args.NodeGroups = append(args.NodeGroups, cluster.NodeGroup{
		Name:          "batch",
		InstanceTypes: []string{"m7g.large"},
		CapacityType:  cluster.CapacitySpot,
		MinSize:       0, DesiredSize: 1, MaxSize: 3,
		DiskSizeGiB: 100,
		Taints:      []cluster.Taint{{Key: "portkey.ai/batch", Value: "true", Effect: "NO_SCHEDULE"}},
	})
	res, err := run(t, args)
	require.NoError(t, err)
	assert.EqualValues(t, 2, res.PlainOutputs["nodeGroups"])

	nodeRole := res.Find("aws:iam/role:Role", "main-node")
	require.NotNil(t, nodeRole)
	assert.Contains(t, nodeRole.Inputs["assumeRolePolicy"], "ec2.amazonaws.com")
	var policies []string
	for _, att := range res.ByType("aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
		if strings.HasPrefix(att.Name, "main-node-") {
			policies = append(policies, att.Inputs["policyArn"].(string))
			assert.True(t, res.DependsOn(att.URN, nodeRole.URN))
		}
	}
	assert.ElementsMatch(t, []string{
		"arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
		"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
		"arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
	}, policies)

	tests := []struct {
		name, ami, capacity string
		instances           []any
		disk                float64
		min, desired, max   float64
		taints              bool
	}{
		{"general", "AL2023_ARM_64_STANDARD", "ON_DEMAND", []any{"t4g.medium", "c7g.large"}, 50, 3, 3, 9, false},
		{"batch", "AL2023_ARM_64_STANDARD", "SPOT", []any{"m7g.large"}, 100, 0, 1, 3, true},
	}
	require.Len(t, res.ByType(tNodeGroup), len(tests))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mng := res.Find(tMNG, "main-"+tt.name)
			require.NotNil(t, mng)
			ng := res.Find(tNodeGroup, "main-"+tt.name)
			require.NotNil(t, ng)
			in := ng.Inputs
			assert.Equal(t, "portkey-prod", in["clusterName"])
			assert.Equal(t, tt.name+"-", in["nodeGroupNamePrefix"])
			// The nodes span the private subnets of every AZ.
			assert.Equal(t, []any{privateSubnets[0], privateSubnets[1], privateSubnets[2]}, in["subnetIds"])
			assert.Equal(t, tt.ami, in["amiType"])
			assert.Equal(t, tt.capacity, in["capacityType"])
			assert.Equal(t, tt.instances, in["instanceTypes"])
			assert.Equal(t, map[string]any{"minSize": tt.min, "desiredSize": tt.desired, "maxSize": tt.max}, in["scalingConfig"])
			assert.Nil(t, in["diskSize"], "the disk is in the launch template")
			assert.Equal(t, nodeRole.Outputs["arn"], in["nodeRoleArn"])
			assert.True(t, res.DependsOn(mng.URN, nodeRole.URN))
			if tt.taints {
				assert.Equal(t, []any{map[string]any{"key": "portkey.ai/batch", "value": "true", "effect": "NO_SCHEDULE"}}, in["taints"])
			}

			lt := res.Find(tLT, "main-"+tt.name)
			require.NotNil(t, lt)
			assert.Equal(t, lt.Outputs["id"], synth.Get(in, "launchTemplate.id"))
			assert.Equal(t, "1", synth.Get(in, "launchTemplate.version"))
			l := lt.Inputs
			// IMDSv2 only, and a hop limit of 1 so pods cannot reach the node's credentials.
			assert.Equal(t, "required", synth.Get(l, "metadataOptions.httpTokens"))
			assert.EqualValues(t, 1, synth.Get(l, "metadataOptions.httpPutResponseHopLimit"))
			assert.Equal(t, "enabled", synth.Get(l, "metadataOptions.httpEndpoint"))
			assert.Equal(t, "/dev/xvda", synth.Get(l, "blockDeviceMappings[0].deviceName"))
			assert.Equal(t, "true", synth.Get(l, "blockDeviceMappings[0].ebs.encrypted"))
			assert.Equal(t, "gp3", synth.Get(l, "blockDeviceMappings[0].ebs.volumeType"))
			assert.EqualValues(t, tt.disk, synth.Get(l, "blockDeviceMappings[0].ebs.volumeSize"))
			assert.Equal(t, "false", synth.Get(l, "networkInterfaces[0].associatePublicIpAddress"))
			assert.Equal(t, []any{synth.EKSClusterSecurityGroupID("portkey-prod")}, synth.Get(l, "networkInterfaces[0].securityGroups"))
			assert.Nil(t, l["imageId"], "EKS chooses the AMI")
			assert.Nil(t, l["userData"], "EKS bootstraps the node")
		})
	}
}

func TestAddons(t *testing.T) {
	tests := []struct {
		name        string
		podIdentity bool
		want        []string
	}{
		{"IRSA", false, []string{"coredns", "kube-proxy", "vpc-cni"}},
		{"Pod Identity", true, []string{"coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := prodArgs()
			args.PodIdentity = tt.podIdentity
			res, err := run(t, args)
			require.NoError(t, err)
			got := map[string]*synth.Resource{}
			for _, a := range res.ByType(tAddon) {
				got[a.Inputs["addonName"].(string)] = &a
				assert.Equal(t, "portkey-prod", a.Inputs["clusterName"])
				assert.Equal(t, "OVERWRITE", a.Inputs["resolveConflictsOnCreate"])
			}
			assert.Equal(t, tt.want, slices.Sorted(func(yield func(string) bool) {
				for k := range got {
					if !yield(k) {
						return
					}
				}
			}))
			// Pinned version kept, others resolved to the latest compatible one.
			assert.Equal(t, "v1.19.2-eksbuild.1", got["vpc-cni"].Inputs["addonVersion"])
			assert.Equal(t, synth.MockAddonVersion("coredns", "1.35"), got["coredns"].Inputs["addonVersion"])
			assert.Equal(t, synth.MockAddonVersion("kube-proxy", "1.35"), got["kube-proxy"].Inputs["addonVersion"])
			// coredns needs nodes to become healthy; the DaemonSets do not wait for them.
			ng := res.Find(tMNG, "main-general")
			require.NotNil(t, ng)
			assert.Contains(t, got["coredns"].Dependencies, ng.URN)
			assert.NotContains(t, got["vpc-cni"].Dependencies, ng.URN)
			// The gateway's NetworkPolicy is only enforced when the VPC CNI is told to.
			assert.JSONEq(t, `{"enableNetworkPolicy":"true"}`, got["vpc-cni"].Inputs["configurationValues"].(string))
			assert.Nil(t, got["coredns"].Inputs["configurationValues"])
		})
	}
}

func TestEndpointAndKey(t *testing.T) {
	args := prodArgs()
	args.EndpointPublicAccess = true
	args.PublicAccessCidrs = []string{"203.0.113.0/24"}
	args.SecretsKmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
	args.LogRetentionDays = 0
	res, err := run(t, args)
	require.NoError(t, err)
	in := res.Find(tEksCluster, "main-eksCluster").Inputs
	assert.Equal(t, true, synth.Get(in, "vpcConfig.endpointPublicAccess"))
	assert.Equal(t, true, synth.Get(in, "vpcConfig.endpointPrivateAccess"))
	assert.Equal(t, []any{"203.0.113.0/24"}, synth.Get(in, "vpcConfig.publicAccessCidrs"), "restricted to the configured CIDRs")
	assert.Equal(t, args.SecretsKmsKeyArn, synth.Get(in, "encryptionConfig.provider.keyArn"))
	assert.Empty(t, res.ByType("aws:kms/key:Key"), "no key is created when one is given")
	assert.Empty(t, res.ByType("aws:cloudwatch/logGroup:LogGroup"), "no log group without a retention")
}

func TestExistingCluster(t *testing.T) {
	res, err := run(t, &cluster.ClusterArgs{Existing: &cluster.ExistingCluster{Name: "shared-eks"}})
	require.NoError(t, err)
	assert.Empty(t, res.ByType("eks:index:Cluster"), "no EKS cluster")
	assert.Empty(t, res.ByType(tEksCluster), "no EKS cluster")
	assert.Empty(t, res.ByType(tMNG), "no node group")
	assert.Empty(t, res.ByType(tNodeGroup), "no node group")
	assert.Empty(t, res.ByType(tAddon), "no add-on")
	assert.Empty(t, res.ByType(tLT))
	for _, r := range res.Resources {
		if r.Custom {
			assert.Equal(t, tProvider, r.Type, "only the Kubernetes provider is created, got %s", r.Type)
		}
	}
	providers := res.ByType(tProvider)
	require.Len(t, providers, 1)
	assert.Contains(t, providers[0].SecretInputs, "kubeconfig")

	assert.Equal(t, "shared-eks", res.PlainOutputs["clusterName"])
	assert.Equal(t, synth.EKSEndpoint("shared-eks", region), res.PlainOutputs["endpoint"])
	host := strings.TrimPrefix(synth.EKSIssuer("shared-eks", region), "https://")
	assert.Equal(t, host, res.PlainOutputs["oidcIssuer"])
	assert.Equal(t, "arn:aws:iam::123456789012:oidc-provider/"+host, res.PlainOutputs["oidcProviderArn"], "computed from the account and the issuer")
	assert.Equal(t, synth.EKSClusterSecurityGroupID("shared-eks"), res.PlainOutputs["clusterSecurityGroupId"])
	assert.Equal(t, synth.EKSClusterSecurityGroupID("shared-eks"), res.PlainOutputs["nodeSecurityGroupId"])
	assert.Contains(t, res.SecretOutputs, "kubeconfig")
	var kc struct {
		Clusters []struct {
			Cluster struct {
				Server string `json:"server"`
			} `json:"cluster"`
		} `json:"clusters"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.PlainOutputs["kubeconfig"].(string)), &kc))
	assert.Equal(t, synth.EKSEndpoint("shared-eks", region), kc.Clusters[0].Cluster.Server)
	assert.Contains(t, res.PlainOutputs["kubeconfig"], `"--cluster-name","shared-eks"`)
}

func TestInvalidArgs(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *cluster.ClusterArgs)
		err    string
	}{
		{"AMI does not match the instances", func(a *cluster.ClusterArgs) { a.NodeGroups[0].InstanceTypes = []string{"t4g.medium", "t3.medium"} }, "is x86_64 but AMI type"},
		{"x86 AMI with Graviton", func(a *cluster.ClusterArgs) { a.NodeGroups[0].AmiType = cluster.AmiAL2023X86 }, "is arm64 but AMI type"},
		{"public endpoint open to nobody named", func(a *cluster.ClusterArgs) { a.EndpointPublicAccess = true }, "PublicAccessCidrs"},
		{"CIDRs without public endpoint", func(a *cluster.ClusterArgs) { a.PublicAccessCidrs = []string{"203.0.113.0/24"} }, "public endpoint is off"},
		{"audit log missing", func(a *cluster.ClusterArgs) { a.LogTypes = []string{"api", "authenticator"} }, `include "audit"`},
		{"unpinned version", func(a *cluster.ClusterArgs) { a.Version = "" }, "pin a Kubernetes version"},
		{"no node group", func(a *cluster.ClusterArgs) { a.NodeGroups = nil }, "at least one node group"},
		{"node-role label", func(a *cluster.ClusterArgs) {
			a.NodeGroups[0].Labels = map[string]string{"node-role.kubernetes.io/worker": ""}
		}, "stop AL2023 nodes"},
		{"desired above max", func(a *cluster.ClusterArgs) { a.NodeGroups[0].DesiredSize = 10 }, "min <= desired <= max"},
		{"small disk", func(a *cluster.ClusterArgs) { a.NodeGroups[0].DiskSizeGiB = 8 }, "disk size"},
		{"bad taint effect", func(a *cluster.ClusterArgs) {
			a.NodeGroups[0].Taints = []cluster.Taint{{Key: "k", Value: "v", Effect: "NoSchedule"}}
		}, "effect"},
		{"bad admin ARN", func(a *cluster.ClusterArgs) { a.AdminArns = []string{"platform-admin"} }, "AdminArns"},
		{"bad add-on version", func(a *cluster.ClusterArgs) { a.Addons.CoreDNS = "latest" }, "Addons.CoreDNS"},
		{"existing with node groups", func(a *cluster.ClusterArgs) {
			a.Existing = &cluster.ExistingCluster{Name: "shared"}
		}, "Existing adopts a cluster"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := prodArgs()
			tt.change(args)
			res, err := run(t, args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
			assert.Empty(t, res.Resources, "nothing is registered for invalid arguments")
		})
	}
}

// TestAccessEntriesDoNotDependOnTheCaller runs the same cluster as two different callers:
// the one in the mocks (deployer) and a listed admin. The access entries must be the same.
func TestAccessEntriesDoNotDependOnTheCaller(t *testing.T) {
	principals := func() []any {
		res, err := run(t, prodArgs())
		require.NoError(t, err)
		var out []any
		for _, e := range res.ByType("aws:eks/accessEntry:AccessEntry") {
			out = append(out, e.URN, e.Inputs["principalArn"])
		}
		return out
	}
	asDeployer := principals()
	synth.RegisterInvoke("aws:iam/getSessionContext:getSessionContext", func(args map[string]any, _ string) map[string]any {
		return map[string]any{"arn": args["arn"], "issuerArn": adminArn, "issuerName": "platform-admin", "id": args["arn"]}
	})
	t.Cleanup(func() {
		synth.RegisterInvoke("aws:iam/getSessionContext:getSessionContext", func(args map[string]any, _ string) map[string]any {
			return map[string]any{"arn": args["arn"], "issuerArn": deployer, "issuerId": "AROAEXAMPLE", "issuerName": "deployer", "sessionName": "ci-session", "id": args["arn"]}
		})
	})
	asAdmin := principals()
	assert.Len(t, asDeployer, 4)
	assert.Equal(t, asDeployer, asAdmin, "another caller must get the same access entries")
}

// TestPrivateAccessRules: each admitted CIDR and security group gets one HTTPS rule on the
// cluster security group, and the Kubernetes provider waits for them; the reachability
// check is never called under mocks (the endpoint there is made up).
func TestPrivateAccessRules(t *testing.T) {
	args := prodArgs()
	args.PrivateAccessCidrs = []string{"10.20.0.0/16"}
	args.PrivateAccessSecurityGroupIDs = []string{"sg-0123456789abcdef0"}
	called := false
	args.CheckAPIReachable = func(string) error { called = true; return nil }
	res, err := run(t, args)
	require.NoError(t, err)
	assert.False(t, called, "no network under mocks")

	rules := res.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
	require.Len(t, rules, 2)
	sg := synth.EKSClusterSecurityGroupID("portkey-prod")
	provider := res.Find(tProvider, "main")
	require.NotNil(t, provider)
	sources := map[string]bool{}
	for _, r := range rules {
		assert.Equal(t, sg, r.Inputs["securityGroupId"], "the rule is on the cluster security group")
		assert.EqualValues(t, 443, r.Inputs["fromPort"])
		assert.EqualValues(t, 443, r.Inputs["toPort"])
		assert.Equal(t, "tcp", r.Inputs["ipProtocol"])
		if c, ok := r.Inputs["cidrIpv4"].(string); ok {
			sources[c] = true
		}
		if g, ok := r.Inputs["referencedSecurityGroupId"].(string); ok {
			sources[g] = true
		}
		assert.True(t, res.DependsOn(provider.URN, r.URN), "the Kubernetes provider waits for %s", r.Name)
	}
	assert.Equal(t, map[string]bool{"10.20.0.0/16": true, "sg-0123456789abcdef0": true}, sources)

	// Without any, no rule is created.
	res, err = run(t, prodArgs())
	require.NoError(t, err)
	assert.Empty(t, res.ByType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"))

	for _, bad := range []func(*cluster.ClusterArgs){
		func(a *cluster.ClusterArgs) { a.PrivateAccessCidrs = []string{"0.0.0.0/0"} },
		func(a *cluster.ClusterArgs) { a.PrivateAccessCidrs = []string{"10.20.0.1/16"} },
		func(a *cluster.ClusterArgs) { a.PrivateAccessSecurityGroupIDs = []string{"runner"} },
	} {
		a := prodArgs()
		bad(a)
		_, err := run(t, a)
		assert.ErrorContains(t, err, "PrivateAccess")
	}
}
