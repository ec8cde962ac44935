package autoscaler

import (
	"fmt"
	"regexp"
	"slices"

	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/internal/chartref"
	"github.com/portkey-eks/portkey-eks/validate"
)

// Chart coordinates and fixed names.
const (
	ChartName = "cluster-autoscaler"
	ChartRepo = "https://kubernetes.github.io/autoscaler"
	// Namespace is where the autoscaler runs.
	Namespace = "kube-system"
	// ReleaseName is the Helm release's name; fullnameOverride gives the chart's objects
	// the same name.
	ReleaseName = "cluster-autoscaler"
	// DefaultServiceAccountName is the autoscaler's service account when none is given.
	DefaultServiceAccountName = "cluster-autoscaler"
	// DefaultImageRepository is the upstream image.
	DefaultImageRepository = "registry.k8s.io/autoscaling/cluster-autoscaler"
	// DefaultReplicas is the replica count when none is given.
	DefaultReplicas = 1
	// DefaultExpander grows the group that wastes the least CPU and memory.
	DefaultExpander = "least-waste"
	// DefaultScaleDownUnneededTime is the upstream default.
	DefaultScaleDownUnneededTime = "10m"
)

// Expanders are the expanders this component accepts (priority needs a ConfigMap it does
// not write, so it is left out).
var Expanders = []string{"least-waste", "random", "most-pods", "price"}

// reDuration is a Go duration of the kind the autoscaler's flags take: 10m, 1h30m, 90s.
var reDuration = regexp.MustCompile(`^([0-9]+(h|m|s))+$`)

// ClusterAutoscalerArgs configures a ClusterAutoscaler.
type ClusterAutoscalerArgs struct {
	// ClusterName is the EKS cluster's name (required): auto-discovery finds the managed
	// node groups' Auto Scaling groups by the tags EKS puts on them with this name.
	ClusterName pulumi.StringInput
	// Region is the cluster's AWS region (required).
	Region string
	// KubernetesVersion is the cluster's Kubernetes version, such as "1.35" (required): it
	// picks the chart version and image tag from Releases.
	KubernetesVersion string
	// ChartVersion overrides the chart version of Releases (optional).
	ChartVersion string
	// ChartRepository serves the chart: an HTTP(S) repository or an oci:// registry (a
	// mirror, for air-gapped installs); empty means ChartRepo.
	ChartRepository string
	// ImageRepository is the image's repository (a mirror); empty means DefaultImageRepository.
	ImageRepository string
	// ImageTag overrides the image tag of Releases; its minor must still be the cluster's.
	ImageTag string
	// ServiceAccountName is the autoscaler's service account in kube-system; empty means
	// DefaultServiceAccountName. Its IAM role must trust exactly this name.
	ServiceAccountName string
	// IRSARoleArn is the autoscaler's IAM role with IRSA (annotated on the service
	// account); nil with EKS Pod Identity, whose association names the service account.
	IRSARoleArn pulumi.StringInput
	// Replicas is the replica count; 0 means DefaultReplicas (1 to 3; one leads).
	Replicas int
	// Expander is one of Expanders; empty means DefaultExpander.
	Expander string
	// ScaleDownDisabled keeps every node the autoscaler added (scale-up only).
	ScaleDownDisabled bool
	// ScaleDownUnneededTime is how long a node stays unneeded before removal, such as
	// "10m"; empty means DefaultScaleDownUnneededTime.
	ScaleDownUnneededTime string
	// Provider is the cluster's Kubernetes provider (required).
	Provider pulumi.ProviderResource
	// DependsOn are resources the release must wait for although it reads nothing from
	// them: the node groups (its pod needs a node) and, with Pod Identity, the role's
	// association and the eks-pod-identity-agent add-on.
	DependsOn []pulumi.Resource
}

// ClusterAutoscaler is the Kubernetes Cluster Autoscaler, installed from its Helm chart in
// kube-system, growing and shrinking the cluster's managed node groups between their
// minSize and maxSize.
type ClusterAutoscaler struct {
	pulumi.ResourceState
	// Release is the Helm release.
	Release *helmv3.Release
	// ServiceAccountName is the autoscaler's service account (namespace Namespace).
	ServiceAccountName string
	// ChartVersion and ImageTag are what was installed.
	ChartVersion, ImageTag string
}

// NewClusterAutoscaler installs the chart cluster-autoscaler from
// https://kubernetes.github.io/autoscaler as a helm.sh/v3 Release named ReleaseName in
// kube-system, with Values (auto-discovery of the cluster's groups, region, image for the
// cluster's Kubernetes minor, service account, priority and requests), on the given provider.
func NewClusterAutoscaler(ctx *pulumi.Context, name string, args *ClusterAutoscalerArgs, opts ...pulumi.ResourceOption) (*ClusterAutoscaler, error) {
	a, err := args.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("cluster autoscaler %q: %w", name, err)
	}
	comp := &ClusterAutoscaler{ServiceAccountName: a.ServiceAccountName, ChartVersion: a.ChartVersion, ImageTag: a.ImageTag}
	if err := ctx.RegisterComponentResource("portkey-eks:autoscaler:ClusterAutoscaler", name, comp, opts...); err != nil {
		return nil, err
	}
	roleArn := a.IRSARoleArn
	if roleArn == nil {
		roleArn = pulumi.String("")
	}
	values := pulumi.All(a.ClusterName, roleArn).ApplyT(func(v []any) (map[string]any, error) {
		cluster, role := v[0].(string), v[1].(string)
		if err := validate.ClusterName(cluster); err != nil {
			return nil, fmt.Errorf("cluster autoscaler %q: ClusterName %w", name, err)
		}
		if role != "" {
			if err := validate.RoleARN(role); err != nil {
				return nil, fmt.Errorf("cluster autoscaler %q: IRSARoleArn %w", name, err)
			}
		}
		return Values(ValuesInput{
			ClusterName:           cluster,
			Region:                a.Region,
			ImageRepository:       a.ImageRepository,
			ImageTag:              a.ImageTag,
			ServiceAccountName:    a.ServiceAccountName,
			RoleArn:               role,
			Replicas:              a.Replicas,
			Expander:              a.Expander,
			ScaleDownEnabled:      !a.ScaleDownDisabled,
			ScaleDownUnneededTime: a.ScaleDownUnneededTime,
		}), nil
	}).(pulumi.MapOutput)

	releaseOpts := []pulumi.ResourceOption{pulumi.Parent(comp), pulumi.Provider(a.Provider)}
	if len(a.DependsOn) > 0 {
		releaseOpts = append(releaseOpts, pulumi.DependsOn(a.DependsOn))
	}
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
		// Roll back a failed install or upgrade; wait for the autoscaler to be ready.
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
		"chartVersion":       pulumi.String(a.ChartVersion),
		"imageTag":           pulumi.String(a.ImageTag),
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// withDefaults validates the arguments and fills the defaults.
func (args *ClusterAutoscalerArgs) withDefaults() (ClusterAutoscalerArgs, error) {
	if args == nil {
		return ClusterAutoscalerArgs{}, fmt.Errorf("no arguments")
	}
	a := *args
	if a.ClusterName == nil {
		return a, fmt.Errorf("ClusterName is required")
	}
	if a.Provider == nil {
		return a, fmt.Errorf("Provider is required: the release must use the cluster's Kubernetes provider")
	}
	if err := validate.Region(a.Region); err != nil {
		return a, fmt.Errorf("Region %w", err)
	}
	rel, err := ReleaseFor(a.KubernetesVersion)
	if err != nil {
		return a, fmt.Errorf("KubernetesVersion: %w", err)
	}
	if a.ChartVersion == "" {
		a.ChartVersion = rel.ChartVersion
	}
	if validate.Semver(a.ChartVersion) != nil {
		return a, fmt.Errorf("ChartVersion %q: pin a chart version such as %s", a.ChartVersion, rel.ChartVersion)
	}
	if a.ImageTag == "" {
		a.ImageTag = rel.ImageTag
	}
	if err := CheckImageTag(a.ImageTag, a.KubernetesVersion); err != nil {
		return a, fmt.Errorf("ImageTag %w", err)
	}
	if a.ImageRepository == "" {
		a.ImageRepository = DefaultImageRepository
	}
	if err := validate.ImageRepository(a.ImageRepository); err != nil {
		return a, fmt.Errorf("ImageRepository %w", err)
	}
	if a.ChartRepository == "" {
		a.ChartRepository = ChartRepo
	}
	if err := chartref.Validate(a.ChartRepository); err != nil {
		return a, fmt.Errorf("ChartRepository: %w", err)
	}
	if a.ServiceAccountName == "" {
		a.ServiceAccountName = DefaultServiceAccountName
	}
	if err := validate.ServiceAccountName(a.ServiceAccountName); err != nil {
		return a, fmt.Errorf("ServiceAccountName %w", err)
	}
	if a.Replicas == 0 {
		a.Replicas = DefaultReplicas
	}
	if a.Replicas < 1 || a.Replicas > 3 {
		return a, fmt.Errorf("Replicas %d: want 1 to 3 (one leads, the others wait)", a.Replicas)
	}
	if a.Expander == "" {
		a.Expander = DefaultExpander
	}
	if !slices.Contains(Expanders, a.Expander) {
		return a, fmt.Errorf("Expander %q: want one of %v", a.Expander, Expanders)
	}
	if a.ScaleDownUnneededTime == "" {
		a.ScaleDownUnneededTime = DefaultScaleDownUnneededTime
	}
	if err := CheckDuration(a.ScaleDownUnneededTime); err != nil {
		return a, fmt.Errorf("ScaleDownUnneededTime %w", err)
	}
	return a, nil
}

// CheckImageTag checks that an image tag is a pinned cluster-autoscaler version (v1.35.0)
// whose minor is the cluster's Kubernetes minor.
func CheckImageTag(tag, kubernetesVersion string) error {
	if validate.ImageTag(tag) != nil || !regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(tag) {
		return fmt.Errorf("%q is not a cluster-autoscaler version tag such as v1.35.0", tag)
	}
	if Minor(tag) != Minor(kubernetesVersion) {
		return fmt.Errorf("%q is for Kubernetes %s, not %s: the autoscaler's minor must match the cluster's", tag, Minor(tag), Minor(kubernetesVersion))
	}
	return nil
}

// CheckDuration checks a duration as the autoscaler's flags take it, such as 10m or 1h30m.
func CheckDuration(d string) error {
	if !reDuration.MatchString(d) {
		return fmt.Errorf("%q is not a duration such as 10m or 1h30m", d)
	}
	return nil
}
