package identity_test

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/identity"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// The gateway's role with EKS Pod Identity: its service account and the data service's
// share the role, which may write logs to the bucket and invoke one Bedrock model.
func ExampleNewServiceAccountRole() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		policies, err := identity.GatewayPolicies(identity.GatewayPolicyArgs{
			BucketArn: pulumi.String("arn:aws:s3:::portkey-logs-20260101000000000000000001"),
			Bedrock: identity.BedrockAccess{
				Enabled:   true,
				ModelArns: []string{"arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0"},
			},
		})
		if err != nil {
			return err
		}
		role, err := identity.NewServiceAccountRole(ctx, "gateway", &identity.ServiceAccountRoleArgs{
			Mode:            vocab.PodIdentity,
			RoleName:        "portkey-prod-portkey-gateway",
			ClusterName:     pulumi.String("portkey-prod"),
			Namespace:       "portkeyai",
			ServiceAccounts: []string{"gateway-sa", "dataservice-sa"},
			Policies:        policies,
		})
		if err != nil {
			return err
		}
		ctx.Export("roleArn", role.RoleArn)
		return nil
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Outputs["roleArn"])
	var lines []string
	for _, r := range res.Resources {
		if r.Custom {
			lines = append(lines, r.Type+" "+r.Name)
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// arn:aws:iam::123456789012:role/portkey-prod-portkey-gateway
	// aws:eks/podIdentityAssociation:PodIdentityAssociation gateway-dataservice-sa
	// aws:eks/podIdentityAssociation:PodIdentityAssociation gateway-gateway-sa
	// aws:iam/role:Role gateway
	// aws:iam/rolePolicy:RolePolicy gateway-bedrock-access-policy
	// aws:iam/rolePolicy:RolePolicy gateway-s3-access-policy
}
