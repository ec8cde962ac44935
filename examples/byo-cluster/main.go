// Command byo-cluster puts the Portkey gateway on an EKS cluster you already run, using the
// portkey-eks components as a library: the cluster is looked up, not created; the program
// adds an S3 log bucket, the gateway's IRSA role, and the Helm release (ClusterIP only:
// expose it the way your cluster does).
//
//	pulumi config set clusterName my-cluster
//	pulumi config set organisationId <org id>
//	pulumi config set --secret clientAuthKey <key>      # and registryUsername, registryPassword
//	pulumi up
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/components/identity"
	"github.com/portkey-eks/portkey-eks/components/logstore"
	"github.com/portkey-eks/portkey-eks/vocab"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		conf := config.New(ctx, "")
		region := config.Require(ctx, "aws:region")
		tags := map[string]string{"ManagedBy": "pulumi", "Project": ctx.Project(), "Stack": ctx.Stack()}

		eks, err := cluster.NewCluster(ctx, "cluster", &cluster.ClusterArgs{
			Existing: &cluster.ExistingCluster{Name: conf.Require("clusterName")},
			Tags:     tags,
		})
		if err != nil {
			return err
		}
		logs, err := logstore.NewLogBucket(ctx, "logs", &logstore.LogBucketArgs{
			BucketPrefix:          "portkey-logs",
			Encryption:            "kms",
			Versioning:            true,
			RetentionDays:         90,
			TransitionToIaDays:    30,
			NoncurrentVersionDays: 30,
			Protect:               true,
			Tags:                  tags,
		})
		if err != nil {
			return err
		}
		policies, err := identity.GatewayPolicies(identity.GatewayPolicyArgs{BucketArn: logs.BucketArn, KmsKeyArn: logs.KmsKeyArn})
		if err != nil {
			return err
		}
		role, err := identity.NewServiceAccountRole(ctx, "gateway-role", &identity.ServiceAccountRoleArgs{
			Mode:            vocab.IRSA,
			RoleName:        ctx.Stack() + "-portkey-gateway",
			ClusterName:     eks.ClusterName,
			OidcProviderArn: eks.OidcProviderArn,
			OidcIssuer:      eks.OidcIssuer,
			Namespace:       gateway.DefaultNamespace,
			ServiceAccounts: []string{"gateway-sa"},
			Policies:        policies,
			Tags:            tags,
		})
		if err != nil {
			return err
		}
		// The chart's built-in Redis: the cache component creates nothing and only
		// makes the gateway's cache environment.
		kv, err := cache.NewCache(ctx, "cache", &cache.CacheArgs{Mode: vocab.CacheBuiltin})
		if err != nil {
			return err
		}
		gw, err := gateway.NewGatewayRelease(ctx, "gateway", &gateway.GatewayReleaseArgs{
			Provider:         eks.Provider,
			OrganisationID:   conf.Require("organisationId"),
			ClientAuthKey:    conf.RequireSecret("clientAuthKey"),
			RegistryServer:   "https://index.docker.io/v1/",
			RegistryUsername: conf.RequireSecret("registryUsername"),
			RegistryPassword: conf.RequireSecret("registryPassword"),
			Images:           gateway.DefaultImages(),
			Cache:            gateway.CacheArgs{Mode: kv.Mode, Environment: kv.Environment, SecretEnvironment: kv.SecretEnvironment},
			LogStore:         gateway.LogStoreArgs{Bucket: logs.BucketName, Region: pulumi.String(region)},
			Identity: gateway.IdentityArgs{
				Mode:                  vocab.IRSA,
				RoleArn:               role.RoleArn,
				GatewayServiceAccount: "gateway-sa",
			},
			Replicas:  2,
			Resources: gateway.DefaultResources(),
			Exposure:  gateway.ExposureArgs{Type: vocab.ExposureNone},
			DependsOn: []pulumi.Resource{role},
		})
		if err != nil {
			return err
		}
		ctx.Export("gatewayUrl", gw.GatewayURL)
		ctx.Export("logBucket", logs.BucketName)
		return nil
	})
}
