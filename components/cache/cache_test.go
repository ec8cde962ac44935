package cache_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

const (
	tRG   = "aws:elasticache/replicationGroup:ReplicationGroup"
	tRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	token = "Valkey-Auth-Token-0123456789abcdef"
)

func elastiCacheArgs() *cache.CacheArgs {
	return &cache.CacheArgs{
		Mode: vocab.CacheElastiCache, Engine: vocab.EngineValkey, EngineVersion: "8.0", NodeType: "cache.t4g.medium",
		TLS: true, ReplicasPerShard: 2, AuthMode: vocab.CacheAuthToken, AuthToken: pulumi.ToSecret(pulumi.String(token)).(pulumi.StringOutput),
		SnapshotRetentionDays: 7, SnapshotWindow: "03:00-04:00", MaintenanceWindow: "sun:05:00-sun:06:00",
		FinalSnapshot: true, Protect: true,
		VpcID:                  pulumi.String("vpc-0123456789abcdef0"),
		SubnetIDs:              pulumi.ToStringArray([]string{"subnet-a", "subnet-b", "subnet-c"}),
		ClientSecurityGroupIDs: []pulumi.StringInput{pulumi.String("sg-0cluster")},
	}
}

func run(t *testing.T, args *cache.CacheArgs) (*synth.Result, error) {
	t.Helper()
	return synth.Run(func(ctx *pulumi.Context) error {
		c, err := cache.NewCache(ctx, "cache", args)
		if err != nil {
			return err
		}
		ctx.Export("cacheStore", c.CacheStore)
		ctx.Export("redisUrl", c.RedisURL)
		ctx.Export("tls", c.TLSEnabled)
		ctx.Export("mode", c.RedisMode)
		ctx.Export("password", c.Password)
		return nil
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "us-west-2"}})
}

func TestBuiltinCreatesNothing(t *testing.T) {
	res, err := run(t, &cache.CacheArgs{Mode: vocab.CacheBuiltin})
	require.NoError(t, err)
	require.Len(t, res.Resources, 1, "only the component itself")
	assert.Equal(t, "redis", res.Outputs["cacheStore"])
	assert.Equal(t, "redis://redis:6379", res.Outputs["redisUrl"])
	assert.Equal(t, "false", res.Outputs["tls"])
}

func TestElastiCacheStandalone(t *testing.T) {
	res, err := run(t, elastiCacheArgs())
	require.NoError(t, err)
	rgs := res.ByType(tRG)
	require.Len(t, rgs, 1)
	rg := rgs[0]
	assert.Equal(t, "valkey", rg.Inputs["engine"])
	assert.Equal(t, true, rg.Inputs["atRestEncryptionEnabled"])
	assert.Equal(t, true, rg.Inputs["transitEncryptionEnabled"])
	assert.Equal(t, true, rg.Inputs["automaticFailoverEnabled"])
	assert.Equal(t, true, rg.Inputs["multiAzEnabled"])
	assert.Equal(t, 3.0, rg.Inputs["numCacheClusters"], "a primary and two replicas")
	assert.Equal(t, "disabled", rg.Inputs["clusterMode"])
	assert.NotEmpty(t, rg.Inputs["finalSnapshotIdentifier"])
	assert.True(t, rg.Protect)
	assert.True(t, rg.RetainOnDelete)

	url, _ := res.Outputs["redisUrl"].(string)
	assert.True(t, strings.HasPrefix(url, "rediss://master."), "TLS gives rediss:// on the primary endpoint: %s", url)
	assert.True(t, strings.HasSuffix(url, ":6379"))
	assert.Equal(t, "aws-elastic-cache", res.Outputs["cacheStore"])
	assert.Equal(t, "standalone", res.Outputs["mode"])
	assert.Equal(t, "true", res.Outputs["tls"])
}

func TestClusterModeUsesTheConfigurationEndpoint(t *testing.T) {
	args := elastiCacheArgs()
	args.ClusterMode, args.Shards, args.ReplicasPerShard = true, 3, 1
	res, err := run(t, args)
	require.NoError(t, err)
	rg := res.ByType(tRG)[0]
	assert.Equal(t, 3.0, rg.Inputs["numNodeGroups"])
	assert.Equal(t, 1.0, rg.Inputs["replicasPerNodeGroup"])
	assert.Equal(t, "enabled", rg.Inputs["clusterMode"])
	params := res.ByType("aws:elasticache/parameterGroup:ParameterGroup")
	require.Len(t, params, 1)
	assert.Equal(t, "valkey8", params[0].Inputs["family"])
	assert.Contains(t, toJSON(params[0].Inputs["parameters"]), `"cluster-enabled"`)
	assert.Equal(t, "cluster", res.Outputs["mode"])
	assert.True(t, strings.HasPrefix(res.Outputs["redisUrl"].(string), "rediss://clustercfg."))
}

func TestSecurityGroupAdmitsOnlyTheCluster(t *testing.T) {
	res, err := run(t, elastiCacheArgs())
	require.NoError(t, err)
	rules := res.ByType(tRule)
	require.Len(t, rules, 1)
	assert.Equal(t, "sg-0cluster", rules[0].Inputs["referencedSecurityGroupId"])
	assert.Nil(t, rules[0].Inputs["cidrIpv4"])
	assert.Equal(t, 6379.0, rules[0].Inputs["fromPort"])
	for _, sg := range res.ByType("aws:ec2/securityGroup:SecurityGroup") {
		assert.NotContains(t, toJSON(sg.Inputs), "0.0.0.0/0")
	}
	// The replication group does not wait on the rule (which waits on the cluster).
	rg := res.ByType(tRG)[0]
	assert.False(t, res.DependsOn(rg.URN, rules[0].URN))
}

func TestAuthTokenStaysSecret(t *testing.T) {
	res, err := run(t, elastiCacheArgs())
	require.NoError(t, err)
	rg := res.ByType(tRG)[0]
	assert.Equal(t, synth.Masked, rg.Inputs["authToken"])
	assert.Contains(t, rg.AdditionalSecretOutputs, "authToken")
	assert.Equal(t, synth.Masked, res.Outputs["password"])
	for _, r := range res.Resources {
		assert.NotContains(t, toJSON(r.Inputs), token, r.URN)
		assert.NotContains(t, toJSON(r.Outputs), token, r.URN)
	}
	assert.Equal(t, token, res.PlainOutputs["password"], "the gateway still gets the real token")
}

func TestIAMAuthentication(t *testing.T) {
	args := elastiCacheArgs()
	args.AuthMode, args.AuthToken = vocab.CacheAuthIAM, nil
	res, err := run(t, args)
	require.NoError(t, err)
	rg := res.ByType(tRG)[0]
	assert.Nil(t, rg.Inputs["authToken"])
	assert.Len(t, rg.Inputs["userGroupIds"], 1)
	users := res.ByType("aws:elasticache/user:User")
	require.Len(t, users, 2)
	modes := map[string]string{}
	for _, u := range users {
		modes[u.Inputs["userName"].(string)] = toJSON(u.Inputs["authenticationMode"])
	}
	assert.Contains(t, modes["default"], "no-password-required")
	for name, m := range modes {
		if name != "default" {
			assert.Contains(t, m, `"iam"`, "the gateway's user authenticates with IAM")
		}
	}
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	for name, mutate := range map[string]func(a *cache.CacheArgs){
		"no TLS":              func(a *cache.CacheArgs) { a.TLS = false },
		"no token":            func(a *cache.CacheArgs) { a.AuthToken = nil },
		"shards without mode": func(a *cache.CacheArgs) { a.Shards = 2 },
		"old redis with IAM": func(a *cache.CacheArgs) {
			a.Engine, a.EngineVersion, a.AuthMode, a.AuthToken = vocab.EngineRedis, "6.2", vocab.CacheAuthIAM, nil
		},
		"no snapshots": func(a *cache.CacheArgs) { a.SnapshotRetentionDays = 0 },
		"bad mode":     func(a *cache.CacheArgs) { a.Mode = "memcached" },
	} {
		t.Run(name, func(t *testing.T) {
			args := elastiCacheArgs()
			mutate(args)
			res, err := run(t, args)
			require.Error(t, err)
			assert.Empty(t, res.Resources)
		})
	}
}

func TestTooShortTokenFailsWithoutShowingIt(t *testing.T) {
	args := elastiCacheArgs()
	args.AuthToken = pulumi.ToSecret(pulumi.String("short-secret")).(pulumi.StringOutput)
	_, err := run(t, args)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "16 to 128")
	assert.NotContains(t, err.Error(), "short-secret")
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
