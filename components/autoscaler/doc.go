// Package autoscaler installs the Kubernetes Cluster Autoscaler and gives its IAM policy.
//
// NewClusterAutoscaler installs the chart cluster-autoscaler from
// https://kubernetes.github.io/autoscaler as a helm.sh/v3 Release "cluster-autoscaler" in
// kube-system, on the cluster's Kubernetes provider. The chart version and image tag come
// from one table per Kubernetes minor (Releases): the autoscaler simulates the scheduler with
// its own minor's code and is only supported on the Kubernetes minor of the same number, so
// an image tag of another minor is refused. The values (Values) turn on auto-discovery of
// the Auto Scaling groups EKS tags for the cluster's managed node groups
// (k8s.io/cluster-autoscaler/enabled and k8s.io/cluster-autoscaler/<cluster>), give the
// region explicitly (the nodes' IMDSv2 hop limit of 1 keeps pods from instance metadata),
// balance similar node groups, let nodes running pods with emptyDir volumes (the
// gateway's) be scaled down, run at system-cluster-critical priority with requests
// (CPURequest, MemoryRequest) and name the service account the chart creates (annotated
// with the IRSA role when IRSARoleArn is set; with Pod Identity the association names it).
//
// The autoscaler's IAM role is not created here: it is made with the workload-identity
// component (IRSA or Pod Identity) from IAMPolicyDocument, which names every action, keeps
// the read-only calls on Resource "*" (they take no ARN), limits eks:DescribeNodegroup to
// the cluster's node groups and allows SetDesiredCapacity and
// TerminateInstanceInAutoScalingGroup only on groups tagged
// k8s.io/cluster-autoscaler/<cluster> = owned.
//
// The managed node groups stay the source of capacity: the autoscaler only moves each
// group's desired size between its minSize and maxSize, so maxSize is the ceiling stack
// validation checks the gateway's maximum replicas against.
package autoscaler
