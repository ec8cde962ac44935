package synth_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// Bucket is a small component of the usual shape: a bucket under a component resource.
type Bucket struct {
	pulumi.ResourceState
	Name pulumi.StringOutput
	Arn  pulumi.StringOutput
}

type BucketArgs struct {
	Name string
}

type bucketV2 struct {
	pulumi.CustomResourceState
	Bucket pulumi.StringOutput `pulumi:"bucket"`
	Arn    pulumi.StringOutput `pulumi:"arn"`
}

func NewBucket(ctx *pulumi.Context, name string, args *BucketArgs, opts ...pulumi.ResourceOption) (*Bucket, error) {
	if args.Name == "" {
		return nil, errors.New("bucket: Name is required")
	}
	b := &Bucket{}
	if err := ctx.RegisterComponentResource("example:store:Bucket", name, b, opts...); err != nil {
		return nil, err
	}
	s3 := &bucketV2{}
	if err := ctx.RegisterResource("aws:s3/bucketV2:BucketV2", name, pulumi.Map{"bucket": pulumi.String(args.Name)}, s3, pulumi.Parent(b)); err != nil {
		return nil, err
	}
	b.Name, b.Arn = s3.Bucket, s3.Arn
	return b, ctx.RegisterResourceOutputs(b, pulumi.Map{"name": b.Name, "arn": b.Arn})
}

func bucketOutputs(b *Bucket) map[string]pulumi.Input {
	return map[string]pulumi.Input{"name": b.Name, "arn": b.Arn, "secret": pulumi.ToSecret(b.Name)}
}

func ExampleComponent() {
	res, _, err := synth.Component(NewBucket, "logs", &BucketArgs{Name: "portkey-logs"}, func(b *Bucket) map[string]pulumi.Input {
		return map[string]pulumi.Input{"bucketName": b.Name}
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Outputs["bucketName"])
	fmt.Println(res.Find("aws:s3/bucketV2:BucketV2", "logs").Parent)
	// Output:
	// portkey-logs
	// urn:pulumi:prod::portkey-eks::example:store:Bucket::logs
}

func TestComponentExportsOutputsAndReturnsTheComponent(t *testing.T) {
	res, b, err := synth.Component(NewBucket, "logs", &BucketArgs{Name: "portkey-logs"}, bucketOutputs, synth.Options{})
	require.NoError(t, err)
	require.NotNil(t, b)
	assert.Equal(t, "us-east-1", res.Region)
	assert.Equal(t, "portkey-logs", res.Outputs["name"])
	assert.Equal(t, res.Find("aws:s3/bucketV2:BucketV2", "logs").Outputs["arn"], res.Outputs["arn"])
	assert.Equal(t, synth.Masked, res.Outputs["secret"])
	assert.Equal(t, "portkey-logs", res.PlainOutputs["secret"])
	assert.Equal(t, []string{"secret"}, res.SecretOutputs)
	assert.Len(t, res.Resources, 2)

	// The same run through synth.Run gives the same Result.
	want, err := synth.Run(func(ctx *pulumi.Context) error {
		b, err := NewBucket(ctx, "logs", &BucketArgs{Name: "portkey-logs"})
		if err != nil {
			return err
		}
		for k, v := range bucketOutputs(b) {
			ctx.Export(k, v)
		}
		return nil
	}, synth.Options{})
	require.NoError(t, err)
	assert.Equal(t, want, res)
}

func TestComponentWithoutOutputs(t *testing.T) {
	res, _, err := synth.Component(NewBucket, "logs", &BucketArgs{Name: "portkey-logs"}, nil, synth.Options{})
	require.NoError(t, err)
	assert.Empty(t, res.Outputs)
	assert.Len(t, res.Resources, 2)
}

func TestComponentReturnsTheConstructorsError(t *testing.T) {
	res, b, err := synth.Component(NewBucket, "logs", &BucketArgs{}, bucketOutputs, synth.Options{})
	require.ErrorContains(t, err, "bucket: Name is required")
	assert.Nil(t, b)
	require.NotNil(t, res)
	assert.Empty(t, res.Resources)
	assert.Empty(t, res.Outputs)
}
