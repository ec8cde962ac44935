package cluster_test

import (
	"context"
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
			"kubernetesVersion":      c.KubernetesVersion,
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
	row := cluster.AddonVersionTable["1.35"]
	tests := []struct {
		name                       string
		podIdentity, metricsServer bool
		want                       []string
	}{
		{"IRSA", false, false, []string{"coredns", "kube-proxy", "vpc-cni"}},
		{"Pod Identity", true, false, []string{"coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"}},
		{"metrics-server", false, true, []string{"coredns", "kube-proxy", "metrics-server", "vpc-cni"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := prodArgs()
			args.PodIdentity = tt.podIdentity
			args.MetricsServer = tt.metricsServer
			res, err := run(t, args)
			require.NoError(t, err)
			assert.Empty(t, res.Warnings)
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
			// The override is kept, the others come from the table's 1.35 row.
			assert.Equal(t, "v1.19.2-eksbuild.1", got["vpc-cni"].Inputs["addonVersion"])
			for _, name := range tt.want {
				if name != "vpc-cni" {
					assert.Equal(t, row.Version(name), got[name].Inputs["addonVersion"], name)
				}
			}
			// Every add-on waits for the node groups (which wait for the control plane).
			ng := res.Find(tMNG, "main-general")
			require.NotNil(t, ng)
			for name, a := range got {
				assert.Contains(t, a.Dependencies, ng.URN, name)
			}
			// The gateway's NetworkPolicy is only enforced when the VPC CNI is told to.
			assert.JSONEq(t, `{"enableNetworkPolicy":"true"}`, got["vpc-cni"].Inputs["configurationValues"].(string))
			assert.Nil(t, got["coredns"].Inputs["configurationValues"])
		})
	}
}

// Every Kubernetes version a new cluster may use has a complete, well-formed row.
func TestAddonVersionTable(t *testing.T) {
	for _, k8s := range []string{"1.33", "1.34", "1.35", "1.36"} {
		t.Run(k8s, func(t *testing.T) {
			row, ok := cluster.AddonVersionTable[k8s]
			require.True(t, ok, "no row for %s", k8s)
			for _, a := range cluster.AddonNames {
				assert.Regexp(t, `^v\d+\.\d+\.\d+-eksbuild\.\d+$`, row.Version(a), a)
			}
			// kube-proxy follows the Kubernetes minor version.
			assert.True(t, strings.HasPrefix(row.KubeProxy, "v"+k8s+"."), row.KubeProxy)
			for _, u := range row.Unconfirmed {
				assert.Contains(t, cluster.AddonNames, u)
			}
			got, err := cluster.ResolveAddonVersions(k8s, cluster.AddonVersions{}, cluster.AddonNames)
			require.NoError(t, err)
			assert.Len(t, got, len(cluster.AddonNames))
		})
	}
}

func TestResolveAddonVersions(t *testing.T) {
	tests := []struct {
		name      string
		k8s       string
		overrides cluster.AddonVersions
		addons    []string
		want      map[string]string
		wantErr   []string
	}{
		{"table", "1.34", cluster.AddonVersions{}, []string{"kube-proxy"}, map[string]string{"kube-proxy": cluster.AddonVersionTable["1.34"].KubeProxy}, nil},
		{"override wins", "1.34", cluster.AddonVersions{KubeProxy: "v1.34.0-eksbuild.1"}, []string{"kube-proxy"}, map[string]string{"kube-proxy": "v1.34.0-eksbuild.1"}, nil},
		{"unknown version names the fields", "1.40", cluster.AddonVersions{CoreDNS: "v1.14.2-eksbuild.4"}, []string{"vpc-cni", "kube-proxy", "coredns"},
			nil, []string{"no row for Kubernetes 1.40", "Addons.VpcCni", "Addons.KubeProxy"}},
		{"unknown version fully overridden", "1.40", cluster.AddonVersions{VpcCni: "v1.20.1-eksbuild.3"}, []string{"vpc-cni"}, map[string]string{"vpc-cni": "v1.20.1-eksbuild.3"}, nil},
		{"bad override", "1.35", cluster.AddonVersions{MetricsServer: "latest"}, []string{"metrics-server"}, nil, []string{"Addons.MetricsServer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cluster.ResolveAddonVersions(tt.k8s, tt.overrides, tt.addons)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				assert.NotContains(t, err.Error(), "Addons.CoreDNS", "an overridden add-on is not asked for")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// A cluster version without a table row fails NewCluster, naming what to set.
func TestNewClusterUnknownVersionNeedsAddonPins(t *testing.T) {
	args := prodArgs()
	args.Version = "1.40"
	_, err := run(t, args)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Addons.CoreDNS")
	assert.Contains(t, err.Error(), "Addons.PodIdentityAgent")
	assert.NotContains(t, err.Error(), "Addons.VpcCni", "vpc-cni is pinned by prodArgs")

	args.Addons = cluster.AddonVersions{VpcCni: "v1.20.1-eksbuild.3", CoreDNS: "v1.14.2-eksbuild.4", KubeProxy: "v1.40.0-eksbuild.1", PodIdentityAgent: "v1.3.8-eksbuild.2"}
	res, err := run(t, args)
	require.NoError(t, err)
	assert.Len(t, res.ByType(tAddon), 4)
}

func TestIgnoreDesiredSize(t *testing.T) {
	tests := []struct {
		name string
		args *pulumi.ResourceTransformArgs
		want []string // nil: the transform leaves the resource alone
	}{
		{"node group", &pulumi.ResourceTransformArgs{Custom: true, Type: tNodeGroup, Name: "g"}, []string{cluster.DesiredSizePath}},
		{"keeps others", &pulumi.ResourceTransformArgs{Custom: true, Type: tNodeGroup, Opts: pulumi.ResourceOptions{IgnoreChanges: []string{"tags"}}}, []string{"tags", cluster.DesiredSizePath}},
		{"already there", &pulumi.ResourceTransformArgs{Custom: true, Type: tNodeGroup, Opts: pulumi.ResourceOptions{IgnoreChanges: []string{cluster.DesiredSizePath}}}, nil},
		{"the component itself", &pulumi.ResourceTransformArgs{Type: tMNG}, nil},
		{"another child", &pulumi.ResourceTransformArgs{Custom: true, Type: tLT}, nil},
		{"nil", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cluster.IgnoreDesiredSize(context.Background(), tt.args)
			if tt.want == nil {
				assert.Nil(t, r)
				return
			}
			require.NotNil(t, r)
			assert.Equal(t, tt.want, r.Opts.IgnoreChanges)
		})
	}
}

// The node groups follow the control plane's version and ignore their desired size; no
// default instance role (or its EC2_LINUX access entry) is created.
func TestDay2(t *testing.T) {
	res, err := run(t, prodArgs())
	require.NoError(t, err)
	remote := res.Find("eks:index:Cluster", "main")
	require.NotNil(t, remote)
	assert.Equal(t, []any{}, remote.Inputs["instanceRoles"], "an empty instanceRoles reaches pulumi-eks")
	for _, r := range res.ByType("aws:iam/role:Role") {
		assert.NotContains(t, r.Name, "instanceRole")
	}
	for _, e := range res.ByType("aws:eks/accessEntry:AccessEntry") {
		assert.NotEqual(t, "EC2_LINUX", e.Inputs["type"], e.Name)
	}

	eksCluster := res.Find(tEksCluster, "main-eksCluster")
	require.NotNil(t, eksCluster)
	mng := res.Find(tMNG, "main-general")
	require.NotNil(t, mng)
	assert.Equal(t, "1.35", mng.Inputs["version"])
	assert.True(t, res.DependsOn(mng.URN, eksCluster.URN), "the nodes wait for the control plane")
	ng := res.Find(tNodeGroup, "main-general")
	require.NotNil(t, ng)
	assert.Equal(t, "1.35", ng.Inputs["version"])
	assert.Equal(t, []string{cluster.DesiredSizePath}, ng.IgnoreChanges)
	assert.Equal(t, "1.35", res.PlainOutputs["kubernetesVersion"])
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
