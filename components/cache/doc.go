// Package cache gives the Portkey gateway its cache for prompts, configs and providers:
// the chart's built-in Redis, or an Amazon ElastiCache (Valkey or Redis OSS) replication
// group in the cluster's VPC.
//
// ModeBuiltin creates nothing; the outputs point the gateway at the chart's Redis
// (CACHE_STORE=redis, REDIS_URL=redis://redis:6379, REDIS_TLS_ENABLED=false). It has no
// authentication and no persistence: development only.
//
// ModeElastiCache creates:
//
//   - a security group of its own, in the VPC, with no inline rules and no egress (the
//     provider removes AWS's default allow-all egress), and one
//     aws.vpc.SecurityGroupIngressRule per client security group (the EKS node or cluster
//     security group) on the cache port only; nothing is open to a CIDR. Because the rules
//     are separate resources, the replication group (6 to 15 minutes to create) depends on
//     the VPC and subnets only and starts in parallel with the EKS cluster;
//   - a subnet group on the given private subnets;
//   - in cluster mode, a parameter group of the engine's family (ParameterGroupFamily)
//     with cluster-enabled=yes;
//   - with IAM authentication, an ElastiCache user of authentication type iam (user ID and
//     user name equal, as AWS requires) and a user group holding it and the "default" user
//     every group must contain, here a disabled one ("off -@all"). Users and group use the
//     redis engine, which also serves valkey caches and admits that password-less user;
//   - the replication group: pinned engine version, encryption at rest and in transit,
//     the AUTH token (kept a Pulumi secret, checked against ElastiCache's rules by
//     ValidateAuthToken once known, without the token ever appearing in an error) or the
//     user group, multi-AZ and automatic failover when there is a replica (NodeLayout),
//     snapshot retention and window, maintenance window, a final snapshot when asked, and
//     protect plus retain-on-delete when asked.
//
// The component's main outputs are the gateway's whole cache configuration as final
// values: Environment (CACHE_STORE, REDIS_URL, REDIS_TLS_ENABLED and, when they apply,
// REDIS_MODE and the IAM keys) and SecretEnvironment (REDIS_PASSWORD with an AUTH token,
// a Pulumi secret). GatewayEnvironment is the one function that makes them, from the
// replication group's endpoint: REDIS_URL is rediss:// with TLS, and names the
// configuration endpoint in cluster mode, the primary endpoint otherwise. The gateway
// release merges both maps into its values unchanged. CacheStore, RedisURL, TLSEnabled,
// RedisMode and Password are views of the same values for stack outputs; the
// replication group's ARN and the IAM user's ARN are what the gateway's IAM role needs
// for elasticache:Connect.
package cache
