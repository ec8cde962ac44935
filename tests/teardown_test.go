package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

const (
	tAddon     = "aws:eks/addon:Addon"
	tLogGroup  = "aws:cloudwatch/logGroup:LogGroup"
	tFlowLog   = "aws:ec2/flowLog:FlowLog"
	tKMSKey    = "aws:kms/key:Key"
	tGatewayCR = "portkey-eks:gateway:GatewayRelease"
)

// descendantOf reports whether r sits below the component with URN parent.
func descendantOf(res *synth.Result, r synth.Resource, parent string) bool {
	for p := r.Parent; p != ""; {
		if p == parent {
			return true
		}
		pr := res.ByURN(p)
		if pr == nil {
			return false
		}
		p = pr.Parent
	}
	return false
}

// TestGatewayObjectsAreDestroyedBeforeWhatFinalisesThem: every Kubernetes object of the
// gateway (namespace, release with its Service and Ingress, TargetGroupBinding) waits on the
// LB controller and the vpc-cni, coredns and kube-proxy add-ons, so `destroy` deletes it
// while the controller can still run its finalizers (Pulumi deletes dependents first).
func TestGatewayObjectsAreDestroyedBeforeWhatFinalisesThem(t *testing.T) {
	for _, v := range []variant{
		{Name: "dev", Stack: "dev"},
		{Name: "prod", Stack: "prod"},
		{Name: "dev-podidentity", Stack: "dev", Overrides: map[string]string{"identity": `{"mode": "podIdentity"}`}},
		allVariantNamed(t, "prod-alb"),
	} {
		t.Run(v.Name, func(t *testing.T) {
			res := synthVariant(t, v, nil, nil)
			comps := res.ByType(tGatewayCR)
			require.Len(t, comps, 1)
			var outlive []synth.Resource
			for _, a := range res.ByType(tAddon) {
				switch in(a, "addonName") {
				case "vpc-cni", "coredns", "kube-proxy":
					outlive = append(outlive, a)
				}
			}
			require.Len(t, outlive, 3, "vpc-cni, coredns and kube-proxy add-ons")
			for _, r := range res.ByType(tRelease) {
				if in(r, "chart") == "aws-load-balancer-controller" {
					outlive = append(outlive, r)
				}
			}
			require.Len(t, outlive, 4, "and the LB controller")

			var objects int
			for _, r := range res.Resources {
				if !r.Custom || !strings.HasPrefix(r.Type, "kubernetes:") || !descendantOf(res, r, comps[0].URN) {
					continue
				}
				objects++
				for _, o := range outlive {
					assert.True(t, res.DependsOn(r.URN, o.URN), "%s must be destroyed before %s", r.URN, o.URN)
				}
			}
			assert.GreaterOrEqual(t, objects, 3, "namespace, release and (NLB) TargetGroupBinding or (ALB) Ingress in the release")
			for _, o := range outlive {
				for _, r := range res.Resources {
					if r.URN != o.URN && descendantOf(res, r, comps[0].URN) {
						assert.False(t, res.DependsOn(o.URN, r.URN), "%s waits on the gateway's %s: a cycle", o.URN, r.URN)
					}
				}
			}
		})
	}
}

func allVariantNamed(t *testing.T, name string) variant {
	t.Helper()
	for _, v := range allVariants {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no variant %s", name)
	return variant{}
}

// TestDevDestroyLeavesNothing: dev's defaults let `pulumi destroy` delete everything it
// created, and leave nothing that would make the next `up` with the same names fail.
func TestDevDestroyLeavesNothing(t *testing.T) {
	for _, v := range []variant{
		{Name: "dev", Stack: "dev"},
		{Name: "dev-flowlogs", Stack: "dev", Overrides: map[string]string{"network": `{"flowLogs": true, "flowLogsRetentionDays": 30}`}},
	} {
		t.Run(v.Name, func(t *testing.T) {
			res := synthVariant(t, v, nil, nil)
			for _, r := range res.Resources {
				assert.False(t, r.Protect, "%s is protected: destroy refuses it", r.URN)
				assert.False(t, r.RetainOnDelete, "%s is retained: destroy leaves it in AWS", r.URN)
			}
			buckets := res.ByType(tBucket)
			require.NotEmpty(t, buckets)
			for _, b := range buckets {
				assert.Equal(t, true, in(b, "forceDestroy"), "%s: destroy must empty the bucket (it holds log objects)", b.URN)
			}
			for _, lb := range res.ByType(tLB) {
				assert.NotEqual(t, true, in(lb, "enableDeletionProtection"), "%s: AWS refuses to delete it", lb.URN)
			}
			for _, rg := range res.ByType(tReplGroup) {
				assert.Nil(t, in(rg, "finalSnapshotIdentifier"), "%s leaves a billed final snapshot", rg.URN)
			}
			// Log groups AWS would create on its own are created (and so deleted) by the
			// program, after what writes to them: a group left behind fails the next up
			// with ResourceAlreadyExistsException.
			clusters := res.ByType(tEKSCluster)
			require.NotEmpty(t, clusters)
			for _, c := range clusters {
				name, _ := in(c, "name").(string)
				require.NotEmpty(t, name)
				var group *synth.Resource
				for i, g := range res.ByType(tLogGroup) {
					if in(g, "name") == "/aws/eks/"+name+"/cluster" {
						group = &res.ByType(tLogGroup)[i]
					}
				}
				require.NotNil(t, group, "EKS would create /aws/eks/%s/cluster itself, and destroy would leave it", name)
				assert.True(t, res.DependsOn(c.URN, group.URN), "the cluster is deleted before its log group (it writes to it until then)")
				assert.Positive(t, in(*group, "retentionInDays"))
			}
			for _, fl := range res.ByType(tFlowLog) {
				var group *synth.Resource
				for i, g := range res.ByType(tLogGroup) {
					if g.Outputs["arn"] == in(fl, "logDestination") {
						group = &res.ByType(tLogGroup)[i]
					}
				}
				require.NotNil(t, group, "the flow log writes to a group the program owns")
				assert.True(t, res.DependsOn(fl.URN, group.URN))
				assert.NotEmpty(t, in(*group, "namePrefix"), "a generated name never collides with a group left by an earlier stack")
			}
			if v.Name == "dev-flowlogs" {
				assert.NotEmpty(t, res.ByType(tFlowLog))
			}
			// KMS keys are scheduled for deletion, not deleted: docs/teardown.md says so.
			for _, k := range res.ByType(tKMSKey) {
				days, _ := in(k, "deletionWindowInDays").(float64)
				assert.True(t, days >= 7 && days <= 30, "%s: deletion window %v", k.URN, in(k, "deletionWindowInDays"))
			}
		})
	}
}

// teardownDoc reads docs/teardown.md.
func teardownDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "docs", "teardown.md"))
	require.NoError(t, err)
	return string(b)
}

// docRow is one row of a table in docs/teardown.md between <!-- NAME:begin --> and
// <!-- NAME:end -->: the backticked cells, in order.
func docRows(t *testing.T, doc, name string) [][]string {
	t.Helper()
	begin, end := "<!-- "+name+":begin -->", "<!-- "+name+":end -->"
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	require.True(t, i >= 0 && j > i, "docs/teardown.md has no %s table", name)
	code := regexp.MustCompile("`([^`]+)`")
	var rows [][]string
	for _, line := range strings.Split(doc[i:j], "\n") {
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "|---") {
			continue
		}
		var cells []string
		for _, m := range code.FindAllStringSubmatch(line, -1) {
			cells = append(cells, m[1])
		}
		if len(cells) >= 3 {
			rows = append(rows, cells)
		}
	}
	require.NotEmpty(t, rows, "the %s table lists nothing", name)
	return rows
}

// TestProdTeardownDocMatchesTheInventory: what docs/teardown.md says destroy refuses in prod
// (type, logical name, the key that releases it) is exactly what synth shows as protected,
// and setting those keys to false, as the doc says, leaves nothing protected or retained.
func TestProdTeardownDocMatchesTheInventory(t *testing.T) {
	doc := teardownDoc(t)
	prod := synthVariant(t, variant{Name: "prod", Stack: "prod"}, nil, nil)

	var protected, retained []string
	for _, r := range prod.Resources {
		if r.Protect {
			protected = append(protected, r.Type+" "+r.Name)
		}
		if r.RetainOnDelete {
			retained = append(retained, r.Type+" "+r.Name)
		}
	}
	sort.Strings(protected)
	sort.Strings(retained)
	require.NotEmpty(t, protected)

	rows := docRows(t, doc, "protected")
	var listed []string
	overrides := map[string]map[string]any{}
	for _, row := range rows {
		typ, name, key := row[0], row[1], row[2]
		listed = append(listed, typ+" "+name)
		section, field, ok := strings.Cut(key, ".")
		require.True(t, ok, "config key %q", key)
		assert.Contains(t, readme(t), "| `"+key+"` | boolean |", "the doc names a config key the program does not have")
		if overrides[section] == nil {
			overrides[section] = map[string]any{}
		}
		overrides[section][field] = false
	}
	sort.Strings(listed)
	assert.Equal(t, protected, listed, "docs/teardown.md's protected table against prod's inventory")
	assert.Equal(t, protected, retained, "everything protected is also retained on delete, as the doc says")

	// The procedure: one up with those keys false, then destroy.
	released := map[string]string{}
	for section, fields := range overrides {
		var parts []string
		for f := range fields {
			parts = append(parts, `"`+f+`": false`)
		}
		sort.Strings(parts)
		released[section] = "{" + strings.Join(parts, ", ") + "}"
	}
	for _, row := range docRows(t, doc, "deletion-protection") {
		section, field, _ := strings.Cut(row[2], ".")
		released[section] = strings.TrimSuffix(released[section], "}")
		if released[section] == "" {
			released[section] = "{"
		} else {
			released[section] += ", "
		}
		released[section] += `"` + field + `": false}`
	}
	after := synthVariant(t, variant{Name: "prod-released", Stack: "prod", Overrides: released}, nil, nil)
	for _, r := range after.Resources {
		assert.False(t, r.Protect, "%s still protected after the release up", r.URN)
		assert.False(t, r.RetainOnDelete, "%s still retained after the release up", r.URN)
	}
	for _, b := range after.ByType(tBucket) {
		assert.Equal(t, true, in(b, "forceDestroy"), "the release up lets destroy empty the bucket")
	}

	// AWS-side deletion protection (not a Pulumi option): the doc's rows are what prod has
	// on, and what the release up turns off.
	for _, row := range docRows(t, doc, "deletion-protection") {
		typ, name := row[0], row[1]
		r := prod.Find(typ, name)
		require.NotNil(t, r, "no %s %s in prod", typ, name)
		assert.Equal(t, true, in(*r, "enableDeletionProtection"), "%s %s", typ, name)
		assert.Equal(t, false, in(*after.Find(typ, name), "enableDeletionProtection"))
	}
	for _, lb := range prod.ByType(tLB) {
		if in(lb, "enableDeletionProtection") == true {
			assert.Contains(t, doc, "`"+lb.Name+"`", "prod's %s has deletion protection: the doc must list it", lb.Name)
		}
	}

	// What stays billed: the cache's final snapshot by its identifier.
	for _, rg := range prod.ByType(tReplGroup) {
		if id, ok := in(rg, "finalSnapshotIdentifier").(string); ok {
			assert.Contains(t, doc, "`"+id+"`", "the doc names the final snapshot destroy leaves")
		}
	}
	// The inbound endpoint service cannot go while Portkey's endpoint is connected.
	if len(prod.ByType(tEndpointSvc)) > 0 {
		assert.Contains(t, doc, "reject-vpc-endpoint-connections")
	}
}

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	return string(b)
}
