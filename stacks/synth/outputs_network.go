package synth

import (
	"crypto/sha256"
	"fmt"
	"strings"
)

// Mocked outputs for the network and cluster resources: the values the real provider
// computes and the network and cluster components read back (EKS endpoints and OIDC
// issuer, the OIDC provider's ARN, launch template versions, NAT addresses, log group
// names and ARNs in the services' own formats).
func init() {
	RegisterOutputs("aws:eks/cluster:Cluster", func(a OutputArgs) map[string]any {
		name := eksStr(a.Inputs["name"])
		if name == "" {
			name = a.ID
		}
		return map[string]any{
			"name":                 name,
			"arn":                  fmt.Sprintf("arn:aws:eks:%s:%s:cluster/%s", a.Region, Account, name),
			"endpoint":             EKSEndpoint(name, a.Region),
			"certificateAuthority": map[string]any{"data": EKSCertificateAuthority(name)},
			"identities":           []any{map[string]any{"oidcs": []any{map[string]any{"issuer": EKSIssuer(name, a.Region)}}}},
			"platformVersion":      "eks.1",
			"status":               "ACTIVE",
		}
	})
	RegisterOutputs("aws:iam/openIdConnectProvider:OpenIdConnectProvider", func(a OutputArgs) map[string]any {
		host := strings.TrimPrefix(eksStr(a.Inputs["url"]), "https://")
		return map[string]any{"arn": fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", Account, host)}
	})
	RegisterOutputs("aws:eks/nodeGroup:NodeGroup", func(a OutputArgs) map[string]any {
		name := eksStr(a.Inputs["nodeGroupName"])
		if name == "" {
			name = eksStr(a.Inputs["nodeGroupNamePrefix"]) + eksHash("ng/"+a.Name, 26)
		}
		return map[string]any{
			"nodeGroupName": name,
			"arn":           fmt.Sprintf("arn:aws:eks:%s:%s:nodegroup/%s/%s/%s", a.Region, Account, eksStr(a.Inputs["clusterName"]), name, eksHash("ngid/"+a.Name, 8)),
			"status":        "ACTIVE",
		}
	})
	RegisterOutputs("aws:eks/addon:Addon", func(a OutputArgs) map[string]any {
		return map[string]any{"arn": fmt.Sprintf("arn:aws:eks:%s:%s:addon/%s/%s/%s", a.Region, Account, eksStr(a.Inputs["clusterName"]), eksStr(a.Inputs["addonName"]), eksHash("addon/"+a.Name, 8))}
	})
	RegisterOutputs("aws:ec2/launchTemplate:LaunchTemplate", func(a OutputArgs) map[string]any {
		return map[string]any{"latestVersion": 1, "defaultVersion": 1}
	})
	RegisterOutputs("aws:ec2/eip:Eip", func(a OutputArgs) map[string]any {
		sum := sha256.Sum256([]byte("eip/" + a.Name))
		// 198.18.0.0/15 is reserved for benchmarking: no real address is shown.
		return map[string]any{"publicIp": fmt.Sprintf("198.18.%d.%d", sum[0], 1+sum[1]%254), "allocationId": a.ID}
	})
	RegisterOutputs("aws:cloudwatch/logGroup:LogGroup", func(a OutputArgs) map[string]any {
		name := eksStr(a.Inputs["name"])
		if name == "" {
			// Terraform's PrefixedUniqueId: prefix + 26 characters.
			name = eksStr(a.Inputs["namePrefix"]) + eksHash("lg/"+a.Name, 26)
		}
		return map[string]any{
			"name": name,
			"arn":  fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", a.Region, Account, name),
		}
	})
}
