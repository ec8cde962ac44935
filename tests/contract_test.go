package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

const (
	tTargetGroup     = "aws:lb/targetGroup:TargetGroup"
	tTGB             = "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding"
	tPodIdentityAssn = "aws:eks/podIdentityAssociation:PodIdentityAssociation"
	tIAMRole         = "aws:iam/role:Role"
)

// cacheIAMVariant authenticates the gateway to ElastiCache with IAM instead of a token.
var cacheIAMVariant = variant{Name: "prod-cache-iam", Stack: "prod", Overrides: map[string]string{"cache": `{"authMode": "iam"}`}}

// gatewayRelease returns the gateway's Helm release and its values (secret leaves masked).
func gatewayRelease(t *testing.T, res *synth.Result) (synth.Resource, any) {
	t.Helper()
	for _, r := range res.ByType(tRelease) {
		if in(r, "chart") == "gateway" {
			return r, res.HelmValues(r)
		}
	}
	t.Fatal("no gateway release")
	return synth.Resource{}, nil
}

// TestValuesCrossComponentsUnchanged: each value one component makes and another consumes
// arrives as it was made, in every variant: the stack's outputs are the producer's values
// and the gateway's values (or its other resources) hold the same ones.
func TestValuesCrossComponentsUnchanged(t *testing.T) {
	for _, v := range append(allVariants, cacheIAMVariant) {
		t.Run(v.Name, func(t *testing.T) {
			res := synthVariant(t, v, nil, nil)
			out := res.PlainOutputs
			_, values := gatewayRelease(t, res)
			env := func(k string) any { return synth.Get(values, "environment.data."+k) }

			// The cache: REDIS_URL and CACHE_STORE in the values are the cache's outputs.
			require.NotEmpty(t, out["redisUrl"])
			assert.Equal(t, out["redisUrl"], env("REDIS_URL"))
			assert.Equal(t, out["cacheStore"], env("CACHE_STORE"))
			if out["cacheStore"] == "aws-elastic-cache" {
				rgs := res.ByType(tReplGroup)
				require.Len(t, rgs, 1)
				assert.Contains(t, out["redisUrl"], "rediss://", "the cache has TLS")
				if v.Name == cacheIAMVariant.Name {
					// IAM authentication: the replication group and the user the cache made.
					assert.Equal(t, "iam", env("AWS_REDIS_AUTH_MODE"))
					assert.Equal(t, rgs[0].Outputs["id"], env("AWS_REDIS_CLUSTER_NAME"))
					assert.NotEmpty(t, env("REDIS_USERNAME"))
					assert.Nil(t, env("REDIS_PASSWORD"))
				} else {
					assert.Equal(t, synth.Masked, env("REDIS_PASSWORD"), "the AUTH token is a secret leaf")
				}
			}

			// The log bucket: the gateway writes to the bucket the stack created.
			assert.Equal(t, out["logBucketName"], env("LOG_STORE_GENERATIONS_BUCKET"))
			assert.Equal(t, out["region"], env("LOG_STORE_REGION"))

			// The role: IRSA annotates both service accounts with the gateway role's ARN;
			// Pod Identity associates that role with them in the gateway's namespace.
			roleArn := out["gatewayRoleArn"]
			require.NotEmpty(t, roleArn)
			switch vocab.IdentityMode(out["identityMode"].(string)) {
			case vocab.IRSA:
				for _, sa := range []string{"serviceAccount", "dataservice.serviceAccount"} {
					annotations, _ := synth.Get(values, sa+".annotations").(map[string]any)
					assert.Equal(t, roleArn, annotations[vocab.IRSARoleAnnotation], sa)
				}
			case vocab.PodIdentity:
				assocs := 0
				for _, a := range res.ByType(tPodIdentityAssn) {
					if !hasParentNamed(res, a, "gateway-role") {
						continue
					}
					assocs++
					assert.Equal(t, roleArn, a.Outputs["roleArn"])
					assert.Equal(t, out["gatewayNamespace"], in(a, "namespace"))
				}
				assert.Positive(t, assocs, "no pod identity association for the gateway role")
			default:
				t.Fatalf("identityMode output %v", out["identityMode"])
			}

			// The load balancer: the TargetGroupBinding names the NLB's target group.
			tgbs := res.ByType(tTGB)
			if _, nlb := out["loadBalancerArn"]; !nlb {
				assert.Empty(t, tgbs)
				return
			}
			tgs := res.ByType(tTargetGroup)
			require.Len(t, tgs, 1)
			require.Len(t, tgbs, 1)
			assert.Equal(t, tgs[0].Outputs["arn"], in(tgbs[0], "spec.targetGroupARN"))
		})
	}
}

// hasParentNamed reports whether r's parent is a resource called name.
func hasParentNamed(res *synth.Result, r synth.Resource, name string) bool {
	p := res.ByURN(r.Parent)
	return p != nil && p.Name == name
}
