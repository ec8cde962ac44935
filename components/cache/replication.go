package cache

import (
	"fmt"

	"github.com/portkey-eks/portkey-eks/vocab"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CacheArgs configures a Cache.
type CacheArgs struct {
	// Mode is vocab.CacheBuiltin (the chart's in-cluster Redis: nothing is created here) or
	// vocab.CacheElastiCache.
	Mode vocab.CacheMode
	// Engine is vocab.EngineValkey or vocab.EngineRedis; EngineVersion is pinned, such as "8.0".
	Engine        vocab.CacheEngine
	EngineVersion string
	// NodeType is the ElastiCache node type, such as cache.t4g.medium.
	NodeType string
	// TLS turns on in-transit encryption (the gateway then uses rediss://). AUTH tokens
	// and IAM authentication both require it.
	TLS bool
	// ClusterMode shards the data: Shards node groups with ReplicasPerShard replicas each.
	// Without it there is one shard (Shards must be 0 or 1).
	ClusterMode      bool
	Shards           int
	ReplicasPerShard int
	// AuthMode is vocab.CacheAuthToken (AuthToken must be set, as a secret) or
	// vocab.CacheAuthIAM (an ElastiCache user with IAM authentication, see UserArn and Username).
	AuthMode  vocab.CacheAuth
	AuthToken pulumi.StringInput
	// SnapshotRetentionDays (1 to 35), SnapshotWindow ("03:00-04:00") and
	// MaintenanceWindow ("sun:05:00-sun:06:00") schedule backups and maintenance.
	SnapshotRetentionDays int
	SnapshotWindow        string
	MaintenanceWindow     string
	// FinalSnapshot takes a snapshot when the replication group is deleted.
	FinalSnapshot bool
	// Protect protects the replication group from deletion and retains it when removed
	// from the program.
	Protect bool
	// Port is the cache port (default 6379).
	Port int
	// VpcID and SubnetIDs (private subnets in at least two AZs) place the cache.
	VpcID     pulumi.StringInput
	SubnetIDs pulumi.StringArrayInput
	// ClientSecurityGroupIDs are the groups allowed to reach the cache port (the
	// cluster's node or pod security groups). Each gets its own ingress rule, so the
	// replication group never waits for them.
	ClientSecurityGroupIDs []pulumi.StringInput
	// Tags are added to every resource.
	Tags map[string]string
}

// Cache is the gateway's cache: an ElastiCache replication group, or (vocab.CacheBuiltin)
// just the settings that point the gateway at the chart's built-in Redis.
//
// Environment and SecretEnvironment are the gateway's whole cache configuration, final
// values made by GatewayEnvironment: give them to the gateway release unchanged
// (gateway.CacheArgs). The other string outputs are views of the same values.
type Cache struct {
	pulumi.ResourceState

	// Mode is the cache mode the component was created with (CacheArgs.Mode).
	Mode vocab.CacheMode
	// Environment holds the gateway's cache environment variables (CACHE_STORE, REDIS_URL,
	// REDIS_TLS_ENABLED, and REDIS_MODE, AWS_REDIS_AUTH_MODE, AWS_REDIS_CLUSTER_NAME,
	// REDIS_USERNAME when they apply); none of them is secret.
	Environment pulumi.StringMapOutput
	// SecretEnvironment holds REDIS_PASSWORD (the AUTH token) when one is used, else
	// nothing; it is a Pulumi secret.
	SecretEnvironment pulumi.StringMapOutput

	// CacheStore is the gateway's CACHE_STORE: "redis" (built-in) or "aws-elastic-cache".
	CacheStore pulumi.StringOutput
	// RedisURL is the gateway's REDIS_URL: redis://redis:6379 built in, else
	// rediss://<primary or configuration endpoint>:<port> (redis:// without TLS).
	RedisURL pulumi.StringOutput
	// TLSEnabled ("true"/"false") and RedisMode ("standalone"/"cluster") are the gateway's
	// REDIS_TLS_ENABLED and REDIS_MODE.
	TLSEnabled pulumi.StringOutput
	RedisMode  pulumi.StringOutput
	// Password is the AUTH token (secret); empty for the built-in cache and IAM auth.
	Password pulumi.StringOutput
	// ReplicationGroupID and ReplicationGroupArn identify the replication group (empty
	// when built in).
	ReplicationGroupID  pulumi.StringOutput
	ReplicationGroupArn pulumi.StringOutput
	// UserArn and Username are the IAM-authenticated user (AuthIAM only).
	UserArn  pulumi.StringOutput
	Username pulumi.StringOutput
	// SecurityGroupID is the cache's own security group (empty when built in).
	SecurityGroupID pulumi.StringOutput
}

func (a *CacheArgs) validate() error {
	switch a.Mode {
	case vocab.CacheBuiltin:
		return nil
	case vocab.CacheElastiCache:
	default:
		return fmt.Errorf("cache: mode %q: want %q or %q", a.Mode, vocab.CacheBuiltin, vocab.CacheElastiCache)
	}
	if _, err := ParameterGroupFamily(a.Engine, a.EngineVersion); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if a.NodeType == "" {
		return fmt.Errorf("cache: NodeType is required")
	}
	if _, err := NodeLayout(a.ClusterMode, a.Shards, a.ReplicasPerShard); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if !a.TLS {
		return fmt.Errorf("cache: TLS is required: AUTH tokens and IAM authentication need in-transit encryption")
	}
	switch a.AuthMode {
	case vocab.CacheAuthToken:
		if a.AuthToken == nil {
			return fmt.Errorf("cache: AuthToken is required with auth mode %q", vocab.CacheAuthToken)
		}
	case vocab.CacheAuthIAM:
		if a.AuthToken != nil {
			return fmt.Errorf("cache: AuthToken conflicts with auth mode %q", vocab.CacheAuthIAM)
		}
		if !SupportsIAM(a.Engine, a.EngineVersion) {
			return fmt.Errorf("cache: %s %s does not support IAM authentication", a.Engine, a.EngineVersion)
		}
	default:
		return fmt.Errorf("cache: auth mode %q: want %q or %q", a.AuthMode, vocab.CacheAuthToken, vocab.CacheAuthIAM)
	}
	if a.SnapshotRetentionDays < 1 || a.SnapshotRetentionDays > 35 {
		return fmt.Errorf("cache: %d snapshot retention days: want 1 to 35", a.SnapshotRetentionDays)
	}
	if a.VpcID == nil || a.SubnetIDs == nil {
		return fmt.Errorf("cache: VpcID and SubnetIDs are required")
	}
	return nil
}

// NewCache creates the gateway's cache. With ModeBuiltin it registers only the component
// and its outputs. With ModeElastiCache: a security group (waiting on the VPC only), one
// ingress rule per client security group, a subnet group, a parameter group in cluster
// mode, IAM users in IAM mode, and the replication group: encrypted at rest and in
// transit, authenticated, multi-AZ with automatic failover when there is a replica, with
// daily snapshots.
func NewCache(ctx *pulumi.Context, name string, args *CacheArgs, opts ...pulumi.ResourceOption) (*Cache, error) {
	if args == nil {
		return nil, fmt.Errorf("cache: args are required")
	}
	a := *args
	if a.Port == 0 {
		a.Port = DefaultPort
	}
	if err := a.validate(); err != nil {
		return nil, err
	}
	c := &Cache{Mode: a.Mode}
	if err := ctx.RegisterComponentResource("portkey-eks:cache:Cache", name, c, opts...); err != nil {
		return nil, err
	}
	if a.Mode == vocab.CacheBuiltin {
		empty := pulumi.String("").ToStringOutput()
		c.ReplicationGroupID, c.ReplicationGroupArn, c.UserArn, c.Username, c.SecurityGroupID = empty, empty, empty, empty, empty
		c.setEnvironment(pulumi.ToStringMap(GatewayEnvironment(nil)).ToStringMapOutput(), pulumi.String("").ToStringOutput())
		return c, c.register(ctx)
	}

	parent := pulumi.Parent(c)
	tags := pulumi.ToStringMap(a.Tags)
	layout, _ := NodeLayout(a.ClusterMode, a.Shards, a.ReplicasPerShard)

	sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String("ElastiCache for the Portkey gateway: the cache port from the cluster only"),
		Tags:        tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	for i, client := range a.ClientSecurityGroupIDs {
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, fmt.Sprintf("%s-from-client-%d", name, i), &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           sg.ID(),
			ReferencedSecurityGroupId: client,
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(a.Port),
			ToPort:                    pulumi.Int(a.Port),
			Description:               pulumi.String("cache port from the EKS cluster"),
			Tags:                      tags,
		}, parent); err != nil {
			return nil, err
		}
	}
	subnets, err := elasticache.NewSubnetGroup(ctx, name+"-subnets", &elasticache.SubnetGroupArgs{
		SubnetIds:   a.SubnetIDs,
		Description: pulumi.String("Private subnets of the Portkey gateway's cache"),
		Tags:        tags,
	}, parent)
	if err != nil {
		return nil, err
	}

	rgArgs := &elasticache.ReplicationGroupArgs{
		Description:              pulumi.String("Portkey gateway cache (prompts, configs, providers)"),
		Engine:                   pulumi.String(string(a.Engine)),
		EngineVersion:            pulumi.String(a.EngineVersion),
		NodeType:                 pulumi.String(a.NodeType),
		Port:                     pulumi.Int(a.Port),
		SubnetGroupName:          subnets.Name,
		SecurityGroupIds:         pulumi.StringArray{sg.ID()},
		AtRestEncryptionEnabled:  pulumi.Bool(true),
		TransitEncryptionEnabled: pulumi.Bool(a.TLS),
		AutomaticFailoverEnabled: pulumi.Bool(layout.AutomaticFailover),
		MultiAzEnabled:           pulumi.Bool(layout.MultiAZ),
		AutoMinorVersionUpgrade:  pulumi.Bool(true),
		SnapshotRetentionLimit:   pulumi.Int(a.SnapshotRetentionDays),
		SnapshotWindow:           pulumi.String(a.SnapshotWindow),
		MaintenanceWindow:        pulumi.String(a.MaintenanceWindow),
		ClusterMode:              pulumi.String(map[bool]string{true: "enabled", false: "disabled"}[a.ClusterMode]),
		Tags:                     tags,
	}
	if a.ClusterMode {
		rgArgs.NumNodeGroups = pulumi.Int(layout.NumNodeGroups)
		rgArgs.ReplicasPerNodeGroup = pulumi.Int(layout.ReplicasPerNodeGroup)
		family, _ := ParameterGroupFamily(a.Engine, a.EngineVersion)
		params, err := elasticache.NewParameterGroup(ctx, name+"-params", &elasticache.ParameterGroupArgs{
			Family:      pulumi.String(family),
			Description: pulumi.String("Portkey gateway cache, cluster mode"),
			Parameters:  elasticache.ParameterGroupParameterArray{elasticache.ParameterGroupParameterArgs{Name: pulumi.String("cluster-enabled"), Value: pulumi.String("yes")}},
			Tags:        tags,
		}, parent)
		if err != nil {
			return nil, err
		}
		rgArgs.ParameterGroupName = params.Name
	} else {
		rgArgs.NumCacheClusters = pulumi.Int(layout.NumCacheClusters)
	}
	if a.FinalSnapshot {
		rgArgs.FinalSnapshotIdentifier = pulumi.String(ResourceID(ctx.Stack(), name, "final"))
	}

	password := pulumi.String("").ToStringOutput()
	c.UserArn = pulumi.String("").ToStringOutput()
	c.Username = pulumi.String("").ToStringOutput()
	switch a.AuthMode {
	case vocab.CacheAuthToken:
		token := pulumi.ToSecret(a.AuthToken.ToStringOutput().ApplyT(func(t string) (string, error) {
			return t, ValidateAuthToken(t)
		})).(pulumi.StringOutput)
		rgArgs.AuthToken = token
		password = token
	case vocab.CacheAuthIAM:
		users, userArn, username, err := iamUsers(ctx, name, a, tags, parent)
		if err != nil {
			return nil, err
		}
		rgArgs.UserGroupIds = pulumi.StringArray{users}
		c.UserArn, c.Username = userArn, username
	}

	rgOpts := []pulumi.ResourceOption{parent, pulumi.AdditionalSecretOutputs([]string{"authToken"})}
	if a.Protect {
		rgOpts = append(rgOpts, pulumi.Protect(true), pulumi.RetainOnDelete(true))
	}
	rg, err := elasticache.NewReplicationGroup(ctx, name, rgArgs, rgOpts...)
	if err != nil {
		return nil, err
	}

	host := rg.PrimaryEndpointAddress
	if a.ClusterMode {
		host = rg.ConfigurationEndpointAddress
	}
	c.ReplicationGroupID = rg.ID().ToStringOutput()
	c.ReplicationGroupArn = rg.Arn
	c.SecurityGroupID = sg.ID().ToStringOutput()
	env := pulumi.All(host, rg.Port, c.ReplicationGroupID, c.Username).ApplyT(func(v []any) map[string]string {
		port := a.Port
		if p, ok := v[1].(*int); ok && p != nil {
			port = *p
		}
		return GatewayEnvironment(&Endpoint{
			Host: v[0].(string), Port: port, TLS: a.TLS, Cluster: a.ClusterMode,
			IAM: a.AuthMode == vocab.CacheAuthIAM, ReplicationGroupID: v[2].(string), UserID: v[3].(string),
		})
	}).(pulumi.StringMapOutput)
	c.setEnvironment(env, password)
	return c, c.register(ctx)
}

// setEnvironment sets the gateway's cache environment and the outputs that are views of it.
func (c *Cache) setEnvironment(env pulumi.StringMapOutput, password pulumi.StringOutput) {
	c.Environment = env
	c.SecretEnvironment = pulumi.ToSecret(password.ApplyT(func(p string) map[string]string {
		if p == "" {
			return map[string]string{}
		}
		return map[string]string{EnvRedisPassword: p}
	})).(pulumi.StringMapOutput)
	c.Password = pulumi.ToSecret(password).(pulumi.StringOutput)
	c.CacheStore = env.MapIndex(pulumi.String(EnvCacheStore))
	c.RedisURL = env.MapIndex(pulumi.String(EnvRedisURL))
	c.TLSEnabled = env.MapIndex(pulumi.String(EnvRedisTLSEnabled))
	c.RedisMode = env.ApplyT(func(e map[string]string) string {
		if m := e[EnvRedisMode]; m != "" {
			return m
		}
		return string(vocab.RedisStandalone)
	}).(pulumi.StringOutput)
}

// iamUsers creates the user group for IAM authentication: the gateway's IAM user (user ID
// and name equal, as ElastiCache requires) and a disabled "default" user, which every
// user group must contain.
func iamUsers(ctx *pulumi.Context, name string, a CacheArgs, tags pulumi.StringMap, parent pulumi.ResourceOption) (pulumi.StringOutput, pulumi.StringOutput, pulumi.StringOutput, error) {
	var none pulumi.StringOutput
	// Users and group use the redis engine even for a valkey cache: a valkey user group
	// may not hold a password-less user, and the disabled "default" user is one. ElastiCache
	// attaches redis-engine user groups to valkey replication groups.
	engine := pulumi.String(string(vocab.EngineRedis))
	def, err := elasticache.NewUser(ctx, name+"-default-user", &elasticache.UserArgs{
		UserId:             pulumi.String(ResourceID(ctx.Stack(), name, "default")),
		UserName:           pulumi.String("default"),
		Engine:             engine,
		AccessString:       pulumi.String(DisabledDefaultAccessString),
		AuthenticationMode: &elasticache.UserAuthenticationModeArgs{Type: pulumi.String("no-password-required")},
		Tags:               tags,
	}, parent)
	if err != nil {
		return none, none, none, err
	}
	id := ResourceID(ctx.Stack(), name, "gateway")
	gw, err := elasticache.NewUser(ctx, name+"-gateway-user", &elasticache.UserArgs{
		UserId:             pulumi.String(id),
		UserName:           pulumi.String(id),
		Engine:             engine,
		AccessString:       pulumi.String(GatewayAccessString),
		AuthenticationMode: &elasticache.UserAuthenticationModeArgs{Type: pulumi.String("iam")},
		Tags:               tags,
	}, parent)
	if err != nil {
		return none, none, none, err
	}
	group, err := elasticache.NewUserGroup(ctx, name+"-users", &elasticache.UserGroupArgs{
		UserGroupId: pulumi.String(ResourceID(ctx.Stack(), name, "users")),
		Engine:      engine,
		UserIds:     pulumi.StringArray{def.UserId, gw.UserId},
		Tags:        tags,
	}, parent)
	if err != nil {
		return none, none, none, err
	}
	return group.ID().ToStringOutput(), gw.Arn, gw.UserName, nil
}

func (c *Cache) register(ctx *pulumi.Context) error {
	return ctx.RegisterResourceOutputs(c, pulumi.Map{
		"cacheStore":         c.CacheStore,
		"redisUrl":           c.RedisURL,
		"tlsEnabled":         c.TLSEnabled,
		"redisMode":          c.RedisMode,
		"password":           c.Password,
		"replicationGroupId": c.ReplicationGroupID,
		"securityGroupId":    c.SecurityGroupID,
	})
}
