package cluster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/validate"
)

// Capacity types.
const (
	CapacityOnDemand = "ON_DEMAND"
	CapacitySpot     = "SPOT"
)

// NodeGroup is one EKS managed node group. Its nodes run in every private subnet, from a
// launch template that requires IMDSv2 with a hop limit of 1 (pods cannot reach the
// node's credentials), encrypts the gp3 root volume and gives no public IP.
type NodeGroup struct {
	// Name is the group's name (1 to 32 lower-case letters, digits and hyphens).
	Name string
	// InstanceTypes are the instance types, first preferred; all of the AMI type's
	// architecture.
	InstanceTypes []string
	// AmiType is one of the Ami* constants; empty means AmiAL2023Arm64.
	AmiType string
	// CapacityType is CapacityOnDemand (empty) or CapacitySpot.
	CapacityType string
	// MinSize, DesiredSize and MaxSize size the group.
	MinSize, DesiredSize, MaxSize int
	// DiskSizeGiB is the root volume's size (20 to 16384).
	DiskSizeGiB int
	// Labels are Kubernetes node labels (none under node-role.kubernetes.io/, which stop
	// AL2023 nodes from joining).
	Labels map[string]string
	// Taints are Kubernetes node taints.
	Taints []Taint
}

// Taint is a Kubernetes node taint.
type Taint struct {
	Key, Value string
	// Effect is NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE.
	Effect string
}

func (ng NodeGroup) amiType() string {
	if ng.AmiType == "" {
		return AmiAL2023Arm64
	}
	return ng.AmiType
}

func (ng NodeGroup) capacityType() string {
	if ng.CapacityType == "" {
		return CapacityOnDemand
	}
	return ng.CapacityType
}

func (ng NodeGroup) validate() error {
	if err := validate.NodeGroupName(ng.Name); err != nil {
		return fmt.Errorf("name %w", err)
	}
	want, err := AmiArchitecture(ng.amiType())
	if err != nil {
		return err
	}
	if len(ng.InstanceTypes) == 0 {
		return fmt.Errorf("no instance type")
	}
	for _, it := range ng.InstanceTypes {
		arch, err := InstanceArchitecture(it)
		if err != nil {
			return err
		}
		if arch != want {
			return fmt.Errorf("instance type %s is %s but AMI type %s is %s", it, arch, ng.amiType(), want)
		}
	}
	if c := ng.capacityType(); c != CapacityOnDemand && c != CapacitySpot {
		return fmt.Errorf("capacity type %q: want %s or %s", c, CapacityOnDemand, CapacitySpot)
	}
	if ng.MinSize < 0 || ng.MaxSize < 1 || ng.MinSize > ng.MaxSize || ng.DesiredSize < ng.MinSize || ng.DesiredSize > ng.MaxSize {
		return fmt.Errorf("sizes min %d, desired %d, max %d: want 0 <= min <= desired <= max, max >= 1", ng.MinSize, ng.DesiredSize, ng.MaxSize)
	}
	if ng.DiskSizeGiB < 20 || ng.DiskSizeGiB > 16384 {
		return fmt.Errorf("disk size %d GiB: want 20 to 16384", ng.DiskSizeGiB)
	}
	for k, v := range ng.Labels {
		if strings.HasPrefix(k, "node-role.kubernetes.io/") {
			return fmt.Errorf("label %s: labels under node-role.kubernetes.io/ stop AL2023 nodes from joining", k)
		}
		if err := errors.Join(validate.LabelKey(k), validate.LabelValue(v)); err != nil {
			return fmt.Errorf("label %s=%s: %w", k, v, err)
		}
	}
	for _, t := range ng.Taints {
		if err := errors.Join(validate.LabelKey(t.Key), validate.LabelValue(t.Value)); err != nil {
			return fmt.Errorf("taint %s=%s: %w", t.Key, t.Value, err)
		}
		switch t.Effect {
		case "NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE":
		default:
			return fmt.Errorf("taint %s: effect %q is not NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE", t.Key, t.Effect)
		}
	}
	return nil
}

// nodeRole creates the role of every node group with the three managed policies. The
// returned ARN resolves only once the policies are attached, so node groups wait for them.
func (c *Cluster) nodeRole(ctx *pulumi.Context, name string, args *ClusterArgs, acct account) (pulumi.StringOutput, error) {
	parent := pulumi.Parent(c)
	trust, err := NodeTrustPolicy()
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	role, err := iam.NewRole(ctx, name+"-node", &iam.RoleArgs{
		Description:      pulumi.String("Nodes of EKS cluster " + args.Name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             pulumi.ToStringMap(args.Tags),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	deps := []any{role.Arn}
	for _, p := range NodeManagedPolicies {
		att, err := iam.NewRolePolicyAttachment(ctx, name+"-node-"+p, &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(ManagedPolicyArn(acct.partition, p)),
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		deps = append(deps, att.ID())
	}
	return pulumi.All(deps...).ApplyT(func(v []any) string { return v[0].(string) }).(pulumi.StringOutput), nil
}

// nodeGroup creates a node group's launch template and the pulumi-eks ManagedNodeGroup.
func (c *Cluster) nodeGroup(ctx *pulumi.Context, name string, args *ClusterArgs, ng NodeGroup, cl *eks.Cluster, nodeRoleArn pulumi.StringOutput) (pulumi.Resource, error) {
	parent := pulumi.Parent(c)
	resName := name + "-" + ng.Name
	nodeName := args.Name + "-" + ng.Name
	named := mergeTags(args.Tags, map[string]string{"Name": nodeName})

	var tagSpecs ec2.LaunchTemplateTagSpecificationArray
	for _, rt := range []string{"instance", "volume", "network-interface"} {
		tagSpecs = append(tagSpecs, ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String(rt), Tags: named})
	}
	lt, err := ec2.NewLaunchTemplate(ctx, resName, &ec2.LaunchTemplateArgs{
		Description:          pulumi.String("Nodes of " + nodeName + ": IMDSv2 only (hop limit 1), encrypted gp3 root volume, no public IP"),
		UpdateDefaultVersion: pulumi.Bool(true),
		// No image and no user data: EKS picks the AMI of AmiType and bootstraps it.
		MetadataOptions: &ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint:            pulumi.String("enabled"),
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(1),
			InstanceMetadataTags:    pulumi.String("disabled"),
		},
		BlockDeviceMappings: ec2.LaunchTemplateBlockDeviceMappingArray{
			ec2.LaunchTemplateBlockDeviceMappingArgs{
				DeviceName: pulumi.String(RootDeviceName(ng.amiType())),
				Ebs: ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
					VolumeSize:          pulumi.Int(ng.DiskSizeGiB),
					VolumeType:          pulumi.String("gp3"),
					Encrypted:           pulumi.String("true"),
					DeleteOnTermination: pulumi.String("true"),
				},
			},
		},
		// One interface (EKS allows no more, and no subnet on it): no public address, and
		// the cluster security group, which EKS would attach by default.
		NetworkInterfaces: ec2.LaunchTemplateNetworkInterfaceArray{
			ec2.LaunchTemplateNetworkInterfaceArgs{
				DeviceIndex:              pulumi.Int(0),
				AssociatePublicIpAddress: pulumi.String("false"),
				DeleteOnTermination:      pulumi.String("true"),
				SecurityGroups:           pulumi.StringArray{c.NodeSecurityGroupID},
			},
		},
		TagSpecifications: tagSpecs,
		Tags:              named,
	}, parent)
	if err != nil {
		return nil, err
	}

	var taints awseks.NodeGroupTaintArray
	for _, t := range ng.Taints {
		taints = append(taints, awseks.NodeGroupTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect)})
	}
	mng, err := eks.NewManagedNodeGroup(ctx, resName, &eks.ManagedNodeGroupArgs{
		Cluster: cl,
		// The nodes follow the control plane: a Kubernetes version bump updates the
		// cluster first (this input waits for it), then rolls the nodes.
		Version:             cl.EksCluster.Version().ToStringPtrOutput(),
		NodeGroupNamePrefix: pulumi.String(ng.Name + "-"),
		NodeRoleArn:         nodeRoleArn,
		SubnetIds:           args.PrivateSubnetIDs,
		AmiType:             pulumi.String(ng.amiType()),
		InstanceTypes:       pulumi.ToStringArray(ng.InstanceTypes),
		CapacityType:        pulumi.String(ng.capacityType()),
		ScalingConfig: awseks.NodeGroupScalingConfigArgs{
			MinSize:     pulumi.Int(ng.MinSize),
			DesiredSize: pulumi.Int(ng.DesiredSize),
			MaxSize:     pulumi.Int(ng.MaxSize),
		},
		LaunchTemplate: awseks.NodeGroupLaunchTemplateArgs{
			Id:      lt.ID(),
			Version: lt.LatestVersion.ApplyT(strconv.Itoa).(pulumi.StringOutput),
		},
		Labels: pulumi.ToStringMap(ng.Labels),
		Taints: taints,
		Tags:   pulumi.ToStringMap(args.Tags),
	}, parent, pulumi.Transforms([]pulumi.ResourceTransform{IgnoreDesiredSize}))
	if err != nil {
		return nil, err
	}
	return mng, nil
}

// NodeGroupType is the type of the aws.eks.NodeGroup a pulumi-eks ManagedNodeGroup creates.
const NodeGroupType = "aws:eks/nodeGroup:NodeGroup"

// DesiredSizePath is the property path of a node group's desired size.
const DesiredSizePath = "scalingConfig.desiredSize"

// IgnoreDesiredSize is a resource transform (pulumi.Transforms) that adds DesiredSizePath
// to the ignoreChanges of every NodeGroupType resource it sees and leaves every other
// resource alone. Given to a pulumi-eks ManagedNodeGroup (whose own arguments cannot
// ignore the desired size in v2.8.1), the engine applies it to the component's
// aws.eks.NodeGroup child, so `pulumi up` creates the group at NodeGroup.DesiredSize and
// afterwards never resets a size that the cluster autoscaler (or an operator) set.
func IgnoreDesiredSize(_ context.Context, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
	if args == nil || args.Type != NodeGroupType {
		return nil
	}
	opts := args.Opts
	if slices.Contains(opts.IgnoreChanges, DesiredSizePath) {
		return nil
	}
	opts.IgnoreChanges = append(slices.Clone(opts.IgnoreChanges), DesiredSizePath)
	return &pulumi.ResourceTransformResult{Props: args.Props, Opts: opts}
}
