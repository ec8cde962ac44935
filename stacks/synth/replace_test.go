package synth_test

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// TestReplaceOptionsRecorded: ReplaceOnChanges and DeleteBeforeReplace reach the inventory
// (and its JSON) for the resource that sets them, and stay empty for one that does not.
func TestReplaceOptionsRecorded(t *testing.T) {
	prog := func(ctx *pulumi.Context) error {
		if err := ctx.RegisterResource("kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding", "tgb",
			pulumi.Map{"spec": pulumi.Map{"targetGroupARN": pulumi.String("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/a/0123456789abcdef")}},
			&custom{}, pulumi.ReplaceOnChanges([]string{"spec.targetGroupARN"}), pulumi.DeleteBeforeReplace(true)); err != nil {
			return err
		}
		return ctx.RegisterResource("aws:iam/role:Role", "plain", pulumi.Map{}, &custom{})
	}
	res, err := synth.Run(prog, synth.Options{Stack: "dev"})
	require.NoError(t, err)
	tests := []struct {
		typ, name string
		replace   []string
		dbr       bool
	}{
		{"kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding", "tgb", []string{"spec.targetGroupARN"}, true},
		{"aws:iam/role:Role", "plain", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := res.Find(tt.typ, tt.name)
			require.NotNil(t, r)
			assert.Equal(t, tt.replace, r.ReplaceOnChanges)
			assert.Equal(t, tt.dbr, r.DeleteBeforeReplace)
			b, err := json.Marshal(r)
			require.NoError(t, err)
			var m map[string]any
			require.NoError(t, json.Unmarshal(b, &m))
			if tt.dbr {
				assert.Equal(t, true, m["deleteBeforeReplace"])
				assert.Equal(t, []any{"spec.targetGroupARN"}, m["replaceOnChanges"])
			} else {
				assert.NotContains(t, m, "deleteBeforeReplace")
				assert.NotContains(t, m, "replaceOnChanges")
			}
		})
	}
}
