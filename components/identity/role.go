package identity

import (
	"fmt"
	"slices"
	"sort"

	"github.com/portkey-eks/portkey-eks/vocab"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/iampolicy"
	"github.com/portkey-eks/portkey-eks/validate"
)

// ServiceAccountRoleArgs configures a ServiceAccountRole.
type ServiceAccountRoleArgs struct {
	// Mode is vocab.IRSA (the role trusts the cluster's OIDC provider and each service
	// account carries vocab.IRSARoleAnnotation) or vocab.PodIdentity (pod identity
	// associations; needs the eks-pod-identity-agent add-on).
	Mode vocab.IdentityMode
	// RoleName is the IAM role's name; empty lets Pulumi name it after the resource.
	RoleName string
	// Description is the role's description (optional).
	Description string
	// PermissionsBoundaryArn is an IAM policy ARN set as the role's permissions boundary
	// (optional).
	PermissionsBoundaryArn string
	// ClusterName is the EKS cluster the Pod Identity associations are made in
	// (ModePodIdentity only; required there).
	ClusterName pulumi.StringInput
	// OidcProviderArn is the cluster's IAM OIDC provider (ModeIRSA only; required there).
	OidcProviderArn pulumi.StringInput
	// OidcIssuer is the cluster's OIDC issuer URL, with or without https:// (ModeIRSA
	// only; nil takes it from OidcProviderArn).
	OidcIssuer pulumi.StringInput
	// Namespace is the Kubernetes namespace of the service accounts.
	Namespace string
	// ServiceAccounts are the names of the service accounts that may assume the role
	// (at least one).
	ServiceAccounts []string
	// Policies are the role's inline policies: name -> policy JSON. Each must be a policy
	// document without wildcard actions (checked when its value is known).
	Policies map[string]pulumi.StringInput
	// Tags are added to the role and the associations.
	Tags map[string]string
}

// ServiceAccountRole is an IAM role that pods running as given Kubernetes service
// accounts assume, through IRSA or EKS Pod Identity, with inline policies.
type ServiceAccountRole struct {
	pulumi.ResourceState

	// RoleArn is the role's ARN.
	RoleArn pulumi.StringOutput
	// RoleName is the role's name.
	RoleName pulumi.StringOutput
	// ServiceAccountAnnotations are the annotations to put on each service account:
	// eks.amazonaws.com/role-arn with IRSA, none with Pod Identity.
	ServiceAccountAnnotations pulumi.StringMapOutput
	// Associations are the Pod Identity associations (one per service account; empty
	// with IRSA). Make the workloads depend on them so pods start with credentials.
	Associations []pulumi.Resource
	// Mode, Namespace and ServiceAccounts repeat the arguments, for the chart's values.
	Mode            vocab.IdentityMode
	Namespace       string
	ServiceAccounts []string
}

// NewServiceAccountRole creates the role (its trust document from IRSATrustPolicy or
// PodIdentityTrustPolicy), one inline role policy per entry of Policies and, with Pod
// Identity, one aws.eks.PodIdentityAssociation per service account.
func NewServiceAccountRole(ctx *pulumi.Context, name string, args *ServiceAccountRoleArgs, opts ...pulumi.ResourceOption) (*ServiceAccountRole, error) {
	if err := args.validate(); err != nil {
		return nil, fmt.Errorf("identity %q: %w", name, err)
	}
	comp := &ServiceAccountRole{
		Mode:            args.Mode,
		Namespace:       args.Namespace,
		ServiceAccounts: slices.Clone(args.ServiceAccounts),
	}
	if err := ctx.RegisterComponentResource("portkey-eks:identity:ServiceAccountRole", name, comp, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(comp)

	var trust pulumi.StringOutput
	if args.Mode == vocab.IRSA {
		issuer := args.OidcIssuer
		if issuer == nil {
			issuer = pulumi.String("")
		}
		namespace, accounts := args.Namespace, slices.Clone(args.ServiceAccounts)
		trust = pulumi.All(args.OidcProviderArn, issuer).ApplyT(func(v []any) (string, error) {
			doc, err := IRSATrustPolicy(v[0].(string), v[1].(string), namespace, accounts)
			if err != nil {
				return "", err
			}
			return policyJSON(doc)
		}).(pulumi.StringOutput)
	} else {
		doc, err := policyJSON(PodIdentityTrustPolicy())
		if err != nil {
			return nil, err
		}
		trust = pulumi.String(doc).ToStringOutput()
	}

	roleArgs := &iam.RoleArgs{
		AssumeRolePolicy: trust,
		Tags:             pulumi.ToStringMap(args.Tags),
	}
	if args.RoleName != "" {
		roleArgs.Name = pulumi.String(args.RoleName)
	}
	if args.Description != "" {
		roleArgs.Description = pulumi.String(args.Description)
	}
	if args.PermissionsBoundaryArn != "" {
		roleArgs.PermissionsBoundary = pulumi.String(args.PermissionsBoundaryArn)
	}
	role, err := iam.NewRole(ctx, name, roleArgs, parent)
	if err != nil {
		return nil, err
	}

	names := make([]string, 0, len(args.Policies))
	for n := range args.Policies {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		policyName := n
		policy := args.Policies[n].ToStringOutput().ApplyT(func(s string) (string, error) {
			if _, err := iampolicy.Parse(s); err != nil {
				return "", fmt.Errorf("identity %q: inline policy %q: %w", name, policyName, err)
			}
			return s, nil
		}).(pulumi.StringOutput)
		if _, err := iam.NewRolePolicy(ctx, name+"-"+n, &iam.RolePolicyArgs{
			Name:   pulumi.String(n),
			Role:   role.Name,
			Policy: policy,
		}, parent); err != nil {
			return nil, err
		}
	}

	annotations := pulumi.StringMap{}
	if args.Mode == vocab.IRSA {
		annotations[vocab.IRSARoleAnnotation] = role.Arn
	} else {
		for _, sa := range args.ServiceAccounts {
			assoc, err := eks.NewPodIdentityAssociation(ctx, name+"-"+sa, &eks.PodIdentityAssociationArgs{
				ClusterName:    args.ClusterName,
				Namespace:      pulumi.String(args.Namespace),
				ServiceAccount: pulumi.String(sa),
				RoleArn:        role.Arn,
				Tags:           pulumi.ToStringMap(args.Tags),
			}, parent)
			if err != nil {
				return nil, err
			}
			comp.Associations = append(comp.Associations, assoc)
		}
	}

	comp.RoleArn = role.Arn
	comp.RoleName = role.Name
	comp.ServiceAccountAnnotations = annotations.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"roleArn":                   comp.RoleArn,
		"roleName":                  comp.RoleName,
		"serviceAccountAnnotations": comp.ServiceAccountAnnotations,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

func (a *ServiceAccountRoleArgs) validate() error {
	if a == nil {
		return fmt.Errorf("no arguments")
	}
	switch a.Mode {
	case vocab.IRSA:
		if a.OidcProviderArn == nil {
			return fmt.Errorf("mode %s needs OidcProviderArn", vocab.IRSA)
		}
	case vocab.PodIdentity:
		if a.ClusterName == nil {
			return fmt.Errorf("mode %s needs ClusterName", vocab.PodIdentity)
		}
	default:
		return fmt.Errorf("mode %q: want %q or %q", a.Mode, vocab.IRSA, vocab.PodIdentity)
	}
	if a.RoleName != "" {
		if err := validate.RoleName(a.RoleName); err != nil {
			return fmt.Errorf("role name %w", err)
		}
	}
	if a.PermissionsBoundaryArn != "" {
		if err := validate.PolicyARN(a.PermissionsBoundaryArn); err != nil {
			return fmt.Errorf("permissions boundary %w", err)
		}
	}
	if err := checkServiceAccounts(a.Namespace, a.ServiceAccounts); err != nil {
		return err
	}
	for n, p := range a.Policies {
		if err := validate.PolicyName(n); err != nil {
			return fmt.Errorf("inline policy name %w", err)
		}
		if p == nil {
			return fmt.Errorf("inline policy %q has no document", n)
		}
	}
	return nil
}

// GatewayPolicyArgs holds what the gateway's permissions depend on, as outputs of other
// components. Which policies exist is decided by which fields are set, never by values
// only known at deploy time.
type GatewayPolicyArgs struct {
	// BucketArn is the log bucket's ARN (required).
	BucketArn pulumi.StringInput
	// KmsKeyArn is the log bucket's customer-managed key; nil for SSE-S3 or aws/s3.
	KmsKeyArn pulumi.StringInput
	// Bedrock is the optional Bedrock access (plain configuration).
	Bedrock BedrockAccess
	// ElastiCacheReplicationGroupArn and ElastiCacheUserArn are set (both) when the
	// cache uses IAM authentication.
	ElastiCacheReplicationGroupArn pulumi.StringInput
	ElastiCacheUserArn             pulumi.StringInput
}

// GatewayPolicies returns the gateway's inline policies (see GatewayPolicyDocuments) as
// inputs for ServiceAccountRoleArgs.Policies, keyed by PolicyS3, PolicyKMS,
// PolicyBedrock and PolicyElastiCache.
func GatewayPolicies(args GatewayPolicyArgs) (map[string]pulumi.StringInput, error) {
	if args.BucketArn == nil {
		return nil, fmt.Errorf("gateway policies: BucketArn is required")
	}
	if (args.ElastiCacheReplicationGroupArn == nil) != (args.ElastiCacheUserArn == nil) {
		return nil, fmt.Errorf("gateway policies: set both ElastiCache ARNs (IAM authentication) or neither")
	}
	out := map[string]pulumi.StringInput{}
	render := func(doc iampolicy.Document, err error) (string, error) {
		if err != nil {
			return "", err
		}
		return policyJSON(doc)
	}
	out[PolicyS3] = args.BucketArn.ToStringOutput().ApplyT(func(arn string) (string, error) {
		return render(S3LogStorePolicy(arn))
	}).(pulumi.StringOutput)
	if args.KmsKeyArn != nil {
		out[PolicyKMS] = args.KmsKeyArn.ToStringOutput().ApplyT(func(arn string) (string, error) {
			if arn == "" {
				return "", fmt.Errorf("gateway policies: KmsKeyArn is empty: pass nil when the bucket has no customer-managed key")
			}
			return render(KMSLogKeyPolicy(arn))
		}).(pulumi.StringOutput)
	}
	if args.Bedrock.Enabled {
		doc, err := render(BedrockInvokePolicy(args.Bedrock.ModelArns, args.Bedrock.AllModels))
		if err != nil {
			return nil, err
		}
		out[PolicyBedrock] = pulumi.String(doc)
	} else if args.Bedrock.AllModels || len(args.Bedrock.ModelArns) > 0 {
		return nil, fmt.Errorf("bedrock: model ARNs or all models are set but Bedrock access is not enabled")
	}
	if args.ElastiCacheReplicationGroupArn != nil {
		out[PolicyElastiCache] = pulumi.All(args.ElastiCacheReplicationGroupArn, args.ElastiCacheUserArn).ApplyT(func(v []any) (string, error) {
			return render(ElastiCacheConnectPolicy(v[0].(string), v[1].(string)))
		}).(pulumi.StringOutput)
	}
	return out, nil
}
