package cache

import (
	"strings"
	"testing"

	"github.com/portkey-eks/portkey-eks/vocab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParameterGroupFamily(t *testing.T) {
	tests := []struct {
		engine, version, want, wantErr string
	}{
		{engine: "valkey", version: "8.0", want: "valkey8"},
		{engine: "valkey", version: "7.2", want: "valkey7"},
		{engine: "redis", version: "7.1", want: "redis7"},
		{engine: "redis", version: "6.2", want: "redis6.x"},
		{engine: "redis", version: "6.x", want: "redis6.x"},
		{engine: "redis", version: "5.0", wantErr: "not supported"},
		{engine: "memcached", version: "1.6", wantErr: "not supported"},
		{engine: "valkey", version: "8", wantErr: "<major>.<minor>"},
	}
	for _, tt := range tests {
		t.Run(tt.engine+tt.version, func(t *testing.T) {
			got, err := ParameterGroupFamily(vocab.CacheEngine(tt.engine), tt.version)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.True(t, SupportsIAM("valkey", "7.2"))
	assert.True(t, SupportsIAM("redis", "7.0"))
	assert.False(t, SupportsIAM("redis", "6.2"))
}

func TestNodeLayout(t *testing.T) {
	tests := []struct {
		name             string
		cluster          bool
		shards, replicas int
		want             Layout
		wantErr          string
	}{
		{name: "single node", shards: 1, want: Layout{NumCacheClusters: 1}},
		{name: "shards unset", shards: 0, replicas: 2, want: Layout{NumCacheClusters: 3, AutomaticFailover: true, MultiAZ: true}},
		{name: "primary and replica", shards: 1, replicas: 1, want: Layout{NumCacheClusters: 2, AutomaticFailover: true, MultiAZ: true}},
		{name: "cluster", cluster: true, shards: 3, replicas: 2, want: Layout{NumNodeGroups: 3, ReplicasPerNodeGroup: 2, AutomaticFailover: true, MultiAZ: true}},
		{name: "cluster without replica", cluster: true, shards: 2, want: Layout{NumNodeGroups: 2, AutomaticFailover: true}},
		{name: "shards without cluster mode", shards: 2, wantErr: "need cluster mode"},
		{name: "no shard", cluster: true, shards: 0, wantErr: "want 1 to 500"},
		{name: "too many replicas", shards: 1, replicas: 6, wantErr: "want 0 to 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NodeLayout(tt.cluster, tt.shards, tt.replicas)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestGatewayEnvironment(t *testing.T) {
	tests := []struct {
		name string
		in   *Endpoint
		want map[string]string
	}{
		{name: "builtin (the guide's values)", in: nil, want: map[string]string{
			"CACHE_STORE": "redis", "REDIS_URL": "redis://redis:6379", "REDIS_TLS_ENABLED": "false",
		}},
		{name: "primary endpoint with TLS", in: &Endpoint{Host: "master.c.abc.euw1.cache.amazonaws.com", Port: 6379, TLS: true}, want: map[string]string{
			"CACHE_STORE": "aws-elastic-cache", "REDIS_URL": "rediss://master.c.abc.euw1.cache.amazonaws.com:6379", "REDIS_TLS_ENABLED": "true",
		}},
		{name: "cluster", in: &Endpoint{Host: "clustercfg.c.abc.euw1.cache.amazonaws.com", Port: 6380, TLS: true, Cluster: true}, want: map[string]string{
			"CACHE_STORE": "aws-elastic-cache", "REDIS_URL": "rediss://clustercfg.c.abc.euw1.cache.amazonaws.com:6380", "REDIS_TLS_ENABLED": "true", "REDIS_MODE": "cluster",
		}},
		{name: "no TLS", in: &Endpoint{Host: "h", Port: 6379}, want: map[string]string{
			"CACHE_STORE": "aws-elastic-cache", "REDIS_URL": "redis://h:6379", "REDIS_TLS_ENABLED": "false",
		}},
		{name: "iam", in: &Endpoint{Host: "h", Port: 6379, TLS: true, IAM: true, ReplicationGroupID: "cache-1a2b3c4", UserID: "cache-prod-gateway"}, want: map[string]string{
			"CACHE_STORE": "aws-elastic-cache", "REDIS_URL": "rediss://h:6379", "REDIS_TLS_ENABLED": "true",
			"AWS_REDIS_AUTH_MODE": "iam", "AWS_REDIS_CLUSTER_NAME": "cache-1a2b3c4", "REDIS_USERNAME": "cache-prod-gateway",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, GatewayEnvironment(tt.in))
		})
	}
}

func TestValidateAuthToken(t *testing.T) {
	tests := []struct {
		name, token, wantErr string
	}{
		{name: "ok", token: "correct-horse-battery-staple"},
		{name: "max", token: strings.Repeat("x", 128)},
		{name: "short", token: "short-token", wantErr: "has 11 characters"},
		{name: "long", token: strings.Repeat("x", 129), wantErr: "has 129 characters"},
		{name: "at sign", token: "correct-horse@battery", wantErr: `contains "@"`},
		{name: "slash", token: "correct/horse/battery", wantErr: `contains "/"`},
		{name: "quote", token: `correct"horse"battery`, wantErr: `contains "\""`},
		{name: "not ascii", token: "correct-horse-bätterie", wantErr: "not printable ASCII"},
		{name: "every allowed special", token: "Abc123!&#$^<>-xyz"},
		{name: "plus", token: "correct+horse+battery", wantErr: `contains "+"`},
		{name: "space", token: "correct horse battery", wantErr: `contains " "`},
		{name: "underscore", token: "correct_horse_battery", wantErr: `contains "_"`},
		{name: "equals (base64 padding)", token: "Y29ycmVjdC1ob3JzZQ==", wantErr: `contains "="`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateAuthToken(tt.token)
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tt.wantErr)
			assert.NotContains(t, err.Error(), tt.token, "the error must not reveal the token")
		})
	}
}

func TestResourceID(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"cache", "prod", "gateway"}, "cache-prod-gateway"},
		{[]string{"Cache", "dev_eu", "default"}, "cache-dev-eu-default"},
		{[]string{"cache", "prod"}, "cache-prod"},
		{[]string{"1cache", "prod"}, "c-1cache-prod"},
		{[]string{"cache-", "-prod--x"}, "cache-prod-x"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ResourceID(tt.parts...))
	}
	long := ResourceID("portkey-gateway-cache", "production-eu-west-1", "gateway")
	assert.LessOrEqual(t, len(long), 40)
	assert.Regexp(t, `^[a-z][a-z0-9-]*[a-z0-9]$`, long)
	assert.NotContains(t, long, "--")
	assert.NotEqual(t, long, ResourceID("portkey-gateway-cache", "production-eu-west-1", "default"), "cut IDs stay distinct")
	assert.Equal(t, long, ResourceID("portkey-gateway-cache", "production-eu-west-1", "gateway"), "and stable")
}
