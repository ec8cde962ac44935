// Package lbcontroller installs the AWS Load Balancer Controller and gives its IAM policy.
//
// NewLoadBalancerController installs the chart aws-load-balancer-controller from
// https://aws.github.io/eks-charts (pinned, DefaultChartVersion 3.5.0) as a helm.sh/v3
// Release "aws-load-balancer-controller" in kube-system, on the cluster's Kubernetes
// provider, with the values from Values: clusterName, region and vpcId (given explicitly
// because the nodes' IMDSv2 hop limit of 1 keeps pods from the instance metadata the
// controller would otherwise read them from), a service account the chart creates
// (annotated with the IRSA role when IRSARoleArn is set; with Pod Identity the
// association names it) and replicaCount, with a PodDisruptionBudget of one unavailable
// pod when there are several replicas. The release is atomic (a failed install or upgrade
// rolls back) and waits for readiness, so it needs running nodes: pass the cluster's node
// groups in DependsOn. Expose Release to what needs the controller (TargetGroupBinding,
// Ingress), so it is created after and deleted before the controller.
//
// The controller's CRDs (TargetGroupBinding, IngressClassParams and, from chart 3.5.0,
// ALBTargetControlConfig and GlobalAccelerator) are the program's, not Helm's: Helm applies
// a chart's crds/ only on first install, so a cluster first installed with 1.14.0 would keep
// its old CRDs through every upgrade. CRDs gives, per chart version, our own CRD documents
// (embedded from crds/); NewLoadBalancerController applies them by server-side apply with
// pulumi.com/patchForce (taking over the fields Helm's first install owns), installs the
// release with SkipCrds and makes it wait on them. On delete the CRDs go after the release;
// RetainCRDsOnDelete keeps them on a cluster the program does not own, because deleting a
// CRD deletes every object of its kind.
//
// ChartKubernetesSupport records the Kubernetes versions each known chart version's
// controller supports; CheckKubernetesVersion is what configuration validation uses to
// refuse a chart and cluster version that do not go together.
//
// The controller's IAM role is not created here: it is made with the workload-identity
// component (IRSA or Pod Identity, like the gateway's) from IAMPolicyDocument, the
// controller's reference policy (PolicySource) reproduced statement for statement as Go
// data and checked against testdata/iam_policy.json. It has no wildcard action. Ten of
// its sixteen statements have Resource "*" as upstream does: the describe and lookup
// calls (EC2, ELB, ACM, Cognito, WAF, Shield), the service-linked role (only for
// elasticloadbalancing.amazonaws.com), security-group creation and ingress changes,
// load balancer and target group creation (only with the elbv2.k8s.aws/cluster request
// tag), listener and rule management and changes to tagged load balancers.
package lbcontroller
