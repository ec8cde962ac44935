package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/portkey-eks/portkey-eks/validate"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// Engines, authentication modes and the gateway's settings.
const (
	// CacheStoreBuiltin and CacheStoreElastiCache are the gateway's CACHE_STORE values.
	CacheStoreBuiltin     = "redis"
	CacheStoreElastiCache = "aws-elastic-cache"
	// DefaultPort is the cache port when none is given.
	DefaultPort = 6379

	// GatewayAccessString is the IAM user's ACL: the gateway owns the cache and its
	// clients issue server commands (INFO, CLUSTER SLOTS), so it gets all commands.
	GatewayAccessString = "on ~* +@all"
	// DisabledDefaultAccessString disables the "default" user every ElastiCache user
	// group must contain, so that nobody connects without IAM.
	DisabledDefaultAccessString = "off -@all"
)

// Environment variable names the gateway reads.
const (
	EnvCacheStore      = "CACHE_STORE"
	EnvRedisURL        = "REDIS_URL"
	EnvRedisTLSEnabled = "REDIS_TLS_ENABLED"
	EnvRedisMode       = "REDIS_MODE"
	EnvRedisPassword   = "REDIS_PASSWORD"
	EnvAuthMode        = "AWS_REDIS_AUTH_MODE"
	EnvClusterName     = "AWS_REDIS_CLUSTER_NAME"
	EnvRedisUsername   = "REDIS_USERNAME"
)

// engineMajor returns the major version of an engine version such as 8.0.
func engineMajor(version string) (int, error) {
	if err := validate.CacheEngineVersion(version); err != nil {
		return 0, err
	}
	major, _, _ := strings.Cut(version, ".")
	return strconv.Atoi(major)
}

// ParameterGroupFamily returns the ElastiCache parameter group family of an engine
// version: valkey 7.2 -> valkey7, valkey 8.0 -> valkey8, redis 7.1 -> redis7,
// redis 6.2 -> redis6.x.
func ParameterGroupFamily(engine vocab.CacheEngine, version string) (string, error) {
	major, err := engineMajor(version)
	if err != nil {
		return "", fmt.Errorf("engine version %w", err)
	}
	switch {
	case engine == vocab.EngineValkey && major >= 7:
		return fmt.Sprintf("valkey%d", major), nil
	case engine == vocab.EngineRedis && major == 6:
		return "redis6.x", nil
	case engine == vocab.EngineRedis && major >= 7:
		return fmt.Sprintf("redis%d", major), nil
	}
	return "", fmt.Errorf("%s %s is not supported: want valkey 7.2 or later, or redis 6 or later", engine, version)
}

// SupportsIAM reports whether an engine version supports IAM authentication (valkey 7.2
// and later, redis 7.0 and later).
func SupportsIAM(engine vocab.CacheEngine, version string) bool {
	major, err := engineMajor(version)
	if err != nil {
		return false
	}
	return (engine == vocab.EngineValkey && major >= 7) || (engine == vocab.EngineRedis && major >= 7)
}

// Layout is how the replication group's nodes are arranged.
type Layout struct {
	// NumCacheClusters is the node count with cluster mode off (primary + replicas).
	NumCacheClusters int
	// NumNodeGroups and ReplicasPerNodeGroup are the shards and their replicas with
	// cluster mode on.
	NumNodeGroups        int
	ReplicasPerNodeGroup int
	// AutomaticFailover and MultiAZ are on when there is a replica to fail over to
	// (AWS requires automatic failover in cluster mode).
	AutomaticFailover bool
	MultiAZ           bool
}

// NodeLayout returns the layout for cluster mode, shards (1 without cluster mode) and
// replicas per shard (0 to 5).
func NodeLayout(clusterMode bool, shards, replicas int) (Layout, error) {
	if replicas < 0 || replicas > 5 {
		return Layout{}, fmt.Errorf("%d replicas per shard: want 0 to 5", replicas)
	}
	if !clusterMode {
		if shards > 1 {
			return Layout{}, fmt.Errorf("%d shards need cluster mode: without it there is one shard", shards)
		}
		return Layout{NumCacheClusters: 1 + replicas, AutomaticFailover: replicas > 0, MultiAZ: replicas > 0}, nil
	}
	if shards < 1 || shards > 500 {
		return Layout{}, fmt.Errorf("%d shards: want 1 to 500", shards)
	}
	return Layout{NumNodeGroups: shards, ReplicasPerNodeGroup: replicas, AutomaticFailover: true, MultiAZ: replicas > 0}, nil
}

// redisURL returns the gateway's REDIS_URL for a host and port: rediss:// with TLS,
// redis:// without.
func redisURL(host string, port int, tls bool) string {
	scheme := "redis"
	if tls {
		scheme = "rediss"
	}
	return fmt.Sprintf("%s://%s:%d", scheme, host, port)
}

// Endpoint is what the gateway needs to know of an ElastiCache cache.
type Endpoint struct {
	Host    string
	Port    int
	TLS     bool
	Cluster bool
	// IAM is set with IAM authentication, with the replication group and user IDs.
	IAM                bool
	ReplicationGroupID string
	UserID             string
}

// GatewayEnvironment returns the non-secret environment variables the gateway needs for
// its cache (the install guide's keys, plus the IAM ones); REDIS_PASSWORD, when used,
// is kept apart as a secret. A nil endpoint means the chart's built-in Redis. It is the
// one place these values are made: the Cache component outputs them and the gateway
// release merges them unchanged. CACHE_STORE decides whether the chart renders its own
// Redis (docs/gateway-chart.md, trap 2).
func GatewayEnvironment(e *Endpoint) map[string]string {
	if e == nil {
		return map[string]string{
			EnvCacheStore:      CacheStoreBuiltin,
			EnvRedisURL:        vocab.BuiltinRedisURL,
			EnvRedisTLSEnabled: "false",
		}
	}
	env := map[string]string{
		EnvCacheStore:      CacheStoreElastiCache,
		EnvRedisURL:        redisURL(e.Host, e.Port, e.TLS),
		EnvRedisTLSEnabled: strconv.FormatBool(e.TLS),
	}
	// The guide: add REDIS_MODE only when cluster mode is on.
	if e.Cluster {
		env[EnvRedisMode] = string(vocab.RedisCluster)
	}
	if e.IAM {
		env[EnvAuthMode] = string(vocab.CacheAuthIAM)
		env[EnvClusterName] = e.ReplicationGroupID
		env[EnvRedisUsername] = e.UserID
	}
	return env
}

// AuthTokenSpecials are the only characters other than ASCII letters and digits that
// ElastiCache accepts in an AUTH token (CreateReplicationGroup, AuthToken constraints).
const AuthTokenSpecials = "!&#$^<>-"

// ValidateAuthToken checks an ElastiCache AUTH token: 16 to 128 characters, each an ASCII
// letter, a digit or one of AuthTokenSpecials. The error never contains the token.
func ValidateAuthToken(token string) error {
	if len(token) < 16 || len(token) > 128 {
		return fmt.Errorf("the auth token has %d characters: ElastiCache wants 16 to 128", len(token))
	}
	for i := 0; i < len(token); i++ {
		c := token[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(AuthTokenSpecials, c) >= 0:
		case c < 0x20 || c > 0x7e:
			return fmt.Errorf("the auth token has a character that is not printable ASCII (position %d): ElastiCache allows letters, digits and %s", i+1, AuthTokenSpecials)
		default:
			return fmt.Errorf("the auth token contains %q (position %d), which ElastiCache forbids: it allows letters, digits and %s", string(c), i+1, AuthTokenSpecials)
		}
	}
	return nil
}

// ResourceID builds an ElastiCache identifier (user, user group, snapshot) from parts:
// lower case, letters, digits and single hyphens, starting with a letter, at most 40
// characters (longer ones are cut and end with a hash, to stay unique and stable).
func ResourceID(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		for _, r := range strings.ToLower(p) {
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
				b.WriteRune(r)
			} else {
				b.WriteByte('-')
			}
		}
		b.WriteByte('-')
	}
	s := b.String()
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	s = strings.Trim(s, "-")
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		s = "c-" + s
	}
	if len(s) > 40 {
		sum := sha256.Sum256([]byte(strings.Join(parts, "/")))
		s = strings.TrimRight(s[:31], "-") + "-" + hex.EncodeToString(sum[:])[:8]
	}
	return strings.TrimSuffix(s, "-")
}
