// Package identity gives Kubernetes workloads on EKS an AWS identity: the IAM documents
// they need, as pure functions, and a component that creates the role.
//
// # Documents (no Pulumi)
//
// IRSATrustPolicy and PodIdentityTrustPolicy build the two trust documents of the Portkey
// install guide, byte for byte in the guide's field order (testdata/ holds them as golden
// files, checked against the guide's text):
//
//   - IRSA: the cluster's OIDC provider as federated principal,
//     sts:AssumeRoleWithWebIdentity, StringEquals <issuer>:aud = sts.amazonaws.com and
//     <issuer>:sub = system:serviceaccount:<namespace>:<service account> (a list when
//     several service accounts share the role, such as the gateway and the data service).
//   - Pod Identity: the pods.eks.amazonaws.com service principal with sts:AssumeRole and
//     sts:TagSession; the aws.eks.PodIdentityAssociation resources say which service
//     accounts may use it.
//
// The permission documents are least privilege and never use a wildcard action
// (iampolicy.Document.Validate refuses one): S3LogStorePolicy (s3:PutObject and s3:GetObject on
// arn:aws:s3:::<bucket>/*), KMSLogKeyPolicy (kms:GenerateDataKey and kms:Decrypt on the
// bucket's key, through S3 only), BedrockInvokePolicy (bedrock:InvokeModel and
// bedrock:InvokeModelWithResponseStream on listed model ARNs, or on "*" only when asked)
// and ElastiCacheConnectPolicy (elasticache:Connect on the replication group and its IAM
// user). GatewayPolicyDocuments assembles the gateway's set from plain values.
//
// # Component
//
// NewServiceAccountRole creates the role with its trust document, one inline role policy
// per entry of its Policies, and with Pod Identity one association per service account.
// Its ServiceAccountAnnotations output is what the chart's service accounts carry
// (eks.amazonaws.com/role-arn with IRSA, nothing with Pod Identity). GatewayPolicies turns
// other components' outputs into the gateway's Policies. The role depends only on the
// OIDC provider (IRSA) or, for its associations, on the cluster name (Pod Identity), so
// it is created as soon as those exist.
package identity
