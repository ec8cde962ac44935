// Package cluster creates the EKS cluster the gateway runs on, or adopts an existing one,
// and gives a Kubernetes provider for it.
//
// # New cluster
//
// NewCluster creates, with pulumi-eks v2 (a remote component: at `pulumi up` it needs the
// aws CLI and kubectl on PATH):
//
//   - the cluster, at a pinned Kubernetes version, in the private subnets only, with the
//     private API endpoint on and the public one off, or on but restricted to
//     PublicAccessCidrs (never 0.0.0.0/0 by default). With the public endpoint off,
//     `pulumi up` must run where the private endpoint is reachable (inside the VPC, over
//     VPN or peering): the Kubernetes provider and the Helm releases talk to it;
//   - authentication mode API (no aws-auth ConfigMap): cluster-admin access entries
//     (AmazonEKSClusterAdminPolicy, cluster scope), exactly one per AdminArns entry,
//     whoever runs the program (the resources never depend on the caller). pulumi-eks v2
//     always sets bootstrapClusterCreatorAdminPermissions, so EKS gives the principal that
//     creates the cluster cluster admin; do not list that principal, a second entry for it
//     fails with ResourceInUseException (pulumi-eks #2373). Everyone else who deploys or
//     operates the cluster must be in AdminArns. DeployerArn reports who runs this
//     deployment (an assumed role resolved to its role ARN with getSessionContext);
//   - an IAM OIDC provider (for IRSA), envelope encryption of secrets with a KMS key
//     (created with rotation and an alias, or SecretsKmsKeyArn), control-plane logs
//     (LogTypes, at least api, audit and authenticator) into /aws/eks/<Name>/cluster,
//     created first with LogRetentionDays;
//   - no default node group and no pulumi-eks VPC CNI (the vpc-cni add-on manages it).
//
// Then one EKS managed node group per NodeGroup through pulumi-eks ManagedNodeGroup,
// spanning every private subnet, with its own EC2 launch template: IMDSv2 required with a
// hop limit of 1 (pods cannot reach the node role's credentials; the AWS Load Balancer
// Controller is given its region and VPC ID so it does not need IMDS), an encrypted gp3
// root volume of DiskSizeGiB, one network interface without public IP carrying the
// cluster security group, and no image or user data (EKS picks and bootstraps the AMI of
// AmiType, AL2023 ARM64 by default; an AMI type whose architecture does not match the
// instance types is an error). The node role has AmazonEKSWorkerNodePolicy,
// AmazonEC2ContainerRegistryReadOnly and AmazonEKS_CNI_Policy; the node groups wait for
// the attachments through the role ARN they read. The node groups follow the control
// plane's Kubernetes version (a version bump updates the cluster, then rolls the nodes), and
// IgnoreDesiredSize (a pulumi.Transforms transform on each ManagedNodeGroup, which the
// engine runs on its aws.eks.NodeGroup child) keeps `pulumi up` from resetting a desired
// size the autoscaler set. No default pulumi-eks instance role is created (InstanceRoles
// is an empty list).
//
// The EKS add-ons vpc-cni, kube-proxy, coredns and, with PodIdentity and MetricsServer,
// eks-pod-identity-agent and metrics-server take over the copies EKS installs, at the
// versions of AddonVersionTable for the Kubernetes version (overridden one by one with
// Addons; a version without a row is an error naming the fields to set). They wait for the
// node groups.
//
// # Existing cluster
//
// With Existing, NewCluster looks the cluster up (eks.LookupCluster) and creates only the
// Kubernetes provider, from a kubeconfig it builds (Kubeconfig: endpoint, CA and
// `aws eks get-token`). No cluster, node group or add-on is managed. OidcProviderArn is
// computed from the account and the issuer rather than looked up, so Pod Identity users
// without an OIDC provider are not blocked; IRSA needs that provider to exist.
//
// # Security groups and outputs
//
// Managed nodes carry the security group EKS creates for the cluster (the launch
// templates attach it explicitly), and with the VPC CNI so do the pods: NodeSecurityGroupID
// is the group to allow on what pods must reach (ElastiCache, the NLB targets).
// ClusterSecurityGroupID is the same group today. The pulumi-eks "node security group"
// is not used by managed nodes and is not exported. Kubeconfig is a secret output;
// Provider is the Kubernetes provider every Kubernetes resource must use; NodeGroups and
// Addons are there for DependsOn of workloads that need running nodes.
package cluster
