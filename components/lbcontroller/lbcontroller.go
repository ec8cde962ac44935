package lbcontroller

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/internal/chartref"
	"github.com/portkey-eks/portkey-eks/validate"
)

// Chart coordinates.
const (
	ChartName           = "aws-load-balancer-controller"
	ChartRepo           = "https://aws.github.io/eks-charts"
	DefaultChartVersion = "3.5.0"
	// Namespace is where the controller runs.
	Namespace = "kube-system"
	// ReleaseName is the Helm release's name, as in the AWS install instructions.
	ReleaseName = "aws-load-balancer-controller"
	// DefaultServiceAccountName is the controller's service account when none is given.
	DefaultServiceAccountName = "aws-load-balancer-controller"
	// DefaultReplicas is the replica count when none is given.
	DefaultReplicas = 2
	// PatchForceAnnotation makes the Kubernetes provider's server-side apply take every field
	// it sets, including those another field manager owns: the CRDs a first `helm install`
	// created (Helm's client-side apply) and any out-of-band edit.
	PatchForceAnnotation = "pulumi.com/patchForce"
)

// LoadBalancerControllerArgs configures a LoadBalancerController.
type LoadBalancerControllerArgs struct {
	// ClusterName is the EKS cluster's name (required).
	ClusterName pulumi.StringInput
	// Region is the cluster's AWS region (required).
	Region string
	// VpcID is the cluster's VPC (required).
	VpcID pulumi.StringInput
	// ServiceAccountName is the controller's service account in kube-system; empty means
	// DefaultServiceAccountName. Its IAM role must trust exactly this name.
	ServiceAccountName string
	// IRSARoleArn is the controller's IAM role with IRSA (annotated on the service
	// account); nil with EKS Pod Identity, whose association names the service account.
	IRSARoleArn pulumi.StringInput
	// ChartVersion pins the chart; empty means DefaultChartVersion.
	ChartVersion string
	// ChartRepository serves the chart: an HTTP(S) repository or an oci:// registry (a
	// mirror, for air-gapped installs); empty means ChartRepo.
	ChartRepository string
	// Replicas is the controller's replica count; 0 means DefaultReplicas.
	Replicas int
	// Provider is the cluster's Kubernetes provider (required).
	Provider pulumi.ProviderResource
	// RetainCRDsOnDelete leaves the controller's CRDs in the cluster when the component is
	// deleted. Deleting a CRD deletes every object of its kind in the cluster (every
	// TargetGroupBinding, the program's and anyone else's), so keep them on a cluster this
	// program does not own; on a cluster it creates and destroys, leave it false so destroy
	// leaves nothing behind (the release, and everything bound through it, is gone first).
	RetainCRDsOnDelete bool
	// DependsOn are resources the release must wait for although it reads nothing from
	// them: the cluster's node groups (its pods need nodes to become ready) and, with Pod
	// Identity, the role's association and the eks-pod-identity-agent add-on.
	DependsOn []pulumi.Resource
}

// LoadBalancerController is the AWS Load Balancer Controller, installed from its Helm
// chart in kube-system.
type LoadBalancerController struct {
	pulumi.ResourceState

	// Release is the Helm release; make what needs the controller (TargetGroupBindings,
	// Ingresses, Services of type LoadBalancer) depend on it, so it also outlives them.
	Release *helmv3.Release
	// CRDs are the controller's CustomResourceDefinitions for the chart version, applied by
	// the program (the release installs with SkipCrds and waits on them).
	CRDs []pulumi.Resource
	// ServiceAccountName is the controller's service account (namespace Namespace).
	ServiceAccountName string
}

// NewLoadBalancerController installs the chart aws-load-balancer-controller from
// https://aws.github.io/eks-charts as a helm.sh/v3 Release named ReleaseName in
// kube-system, with Values (cluster name, region, VPC ID, service account, replicas), on
// the given provider. The chart version's CRDs (CRDs) are applied first as
// CustomResourceDefinition resources by server-side apply, taking over the fields a
// `helm install` wrote, and the release skips the chart's crds/: Helm applies them only on
// first install, so without this an upgraded controller would run on its old CRDs.
func NewLoadBalancerController(ctx *pulumi.Context, name string, args *LoadBalancerControllerArgs, opts ...pulumi.ResourceOption) (*LoadBalancerController, error) {
	a, err := args.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("load balancer controller %q: %w", name, err)
	}
	comp := &LoadBalancerController{ServiceAccountName: a.ServiceAccountName}
	if err := ctx.RegisterComponentResource("portkey-eks:lbcontroller:LoadBalancerController", name, comp, opts...); err != nil {
		return nil, err
	}

	roleArn := a.IRSARoleArn
	if roleArn == nil {
		roleArn = pulumi.String("")
	}
	values := pulumi.All(a.ClusterName, a.VpcID, roleArn).ApplyT(func(v []any) (map[string]any, error) {
		role := v[2].(string)
		if role != "" {
			if err := validate.RoleARN(role); err != nil {
				return nil, fmt.Errorf("load balancer controller %q: IRSARoleArn %w", name, err)
			}
		}
		return Values(ValuesInput{
			ClusterName:        v[0].(string),
			Region:             a.Region,
			VpcID:              v[1].(string),
			ServiceAccountName: a.ServiceAccountName,
			RoleArn:            role,
			Replicas:           a.Replicas,
		}), nil
	}).(pulumi.MapOutput)

	crds, err := CRDs(a.ChartVersion)
	if err != nil {
		return nil, fmt.Errorf("load balancer controller %q: %w", name, err)
	}
	for _, c := range crds {
		plural, _, _ := strings.Cut(c.Name, ".")
		crd, err := apiextensions.NewCustomResource(ctx, name+"-crd-"+plural, &apiextensions.CustomResourceArgs{
			ApiVersion: pulumi.String("apiextensions.k8s.io/v1"),
			Kind:       pulumi.String("CustomResourceDefinition"),
			Metadata: &metav1.ObjectMetaArgs{
				Name:        pulumi.String(c.Name),
				Labels:      pulumi.StringMap{"app.kubernetes.io/managed-by": pulumi.String("pulumi"), "app.kubernetes.io/part-of": pulumi.String(ChartName)},
				Annotations: pulumi.StringMap{PatchForceAnnotation: pulumi.String("true")},
			},
			OtherFields: kubernetes.UntypedArgs{"spec": c.Spec},
		}, pulumi.Parent(comp), pulumi.Provider(a.Provider), pulumi.RetainOnDelete(a.RetainCRDsOnDelete))
		if err != nil {
			return nil, err
		}
		comp.CRDs = append(comp.CRDs, crd)
	}

	// The release waits on the CRDs (its webhooks and controllers serve them) and, on
	// delete, goes before them.
	releaseOpts := []pulumi.ResourceOption{pulumi.Parent(comp), pulumi.Provider(a.Provider), pulumi.DependsOn(append(slices.Clone(a.DependsOn), comp.CRDs...))}
	chart, repo := chartref.Resolve(a.ChartRepository, ChartName)
	repoOpts := helmv3.RepositoryOptsArgs{}
	if repo != "" {
		repoOpts.Repo = pulumi.String(repo)
	}
	release, err := helmv3.NewRelease(ctx, name, &helmv3.ReleaseArgs{
		Name:           pulumi.String(ReleaseName),
		Chart:          pulumi.String(chart),
		Version:        pulumi.String(a.ChartVersion),
		RepositoryOpts: repoOpts,
		Namespace:      pulumi.String(Namespace),
		Values:         values,
		// The program applies the CRDs above, for install and upgrade alike.
		SkipCrds: pulumi.Bool(true),
		// Roll back a failed install or upgrade, and wait for the controller (and its
		// webhook) to be ready before anything that needs it is created.
		Atomic:        pulumi.Bool(true),
		CleanupOnFail: pulumi.Bool(true),
		Timeout:       pulumi.Int(600),
		MaxHistory:    pulumi.Int(10),
	}, releaseOpts...)
	if err != nil {
		return nil, err
	}
	comp.Release = release
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"releaseName":        release.Name,
		"serviceAccountName": pulumi.String(a.ServiceAccountName),
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// withDefaults validates the arguments and fills the defaults.
func (args *LoadBalancerControllerArgs) withDefaults() (LoadBalancerControllerArgs, error) {
	if args == nil {
		return LoadBalancerControllerArgs{}, fmt.Errorf("no arguments")
	}
	a := *args
	if a.ClusterName == nil || a.VpcID == nil {
		return a, fmt.Errorf("ClusterName and VpcID are required")
	}
	if a.Provider == nil {
		return a, fmt.Errorf("Provider is required: the release must use the cluster's Kubernetes provider")
	}
	if err := validate.Region(a.Region); err != nil {
		return a, fmt.Errorf("Region %w", err)
	}
	if a.ServiceAccountName == "" {
		a.ServiceAccountName = DefaultServiceAccountName
	}
	if err := validate.ServiceAccountName(a.ServiceAccountName); err != nil {
		return a, fmt.Errorf("ServiceAccountName %w", err)
	}
	if a.ChartVersion == "" {
		a.ChartVersion = DefaultChartVersion
	}
	if validate.Semver(a.ChartVersion) != nil {
		return a, fmt.Errorf("ChartVersion %q: pin a chart version such as %s", a.ChartVersion, DefaultChartVersion)
	}
	if _, ok := chartCRDs[a.ChartVersion]; !ok {
		return a, fmt.Errorf("ChartVersion %s: its CRDs are not known to this program (known: %s)", a.ChartVersion, strings.Join(CRDChartVersions(), ", "))
	}
	if a.ChartRepository == "" {
		a.ChartRepository = ChartRepo
	}
	if err := chartref.Validate(a.ChartRepository); err != nil {
		return a, fmt.Errorf("ChartRepository: %w", err)
	}
	if a.Replicas == 0 {
		a.Replicas = DefaultReplicas
	}
	if a.Replicas < 1 || a.Replicas > 10 {
		return a, fmt.Errorf("Replicas %d: want 1 to 10", a.Replicas)
	}
	return a, nil
}
