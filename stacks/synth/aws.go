package synth

import (
	"fmt"
	"strings"
)

// Mocked answers for the AWS provider functions every stack calls.
func init() {
	RegisterInvoke("aws:index/getRegion:getRegion", func(_ map[string]any, region string) map[string]any {
		return map[string]any{"name": region, "id": region, "region": region, "endpoint": "ec2." + region + ".amazonaws.com", "description": region}
	})
	RegisterInvoke("aws:index/getCallerIdentity:getCallerIdentity", func(map[string]any, string) map[string]any {
		return map[string]any{
			"accountId": Account,
			"arn":       fmt.Sprintf("arn:aws:sts::%s:assumed-role/deployer/ci-session", Account),
			"userId":    "AROAEXAMPLE:ci-session",
			"id":        Account,
		}
	})
	RegisterInvoke("aws:index/getPartition:getPartition", func(map[string]any, string) map[string]any {
		return map[string]any{"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws", "reverseDnsPrefix": "com.amazonaws"}
	})
	RegisterInvoke("aws:index/getAvailabilityZones:getAvailabilityZones", func(_ map[string]any, region string) map[string]any {
		var names, ids []any
		for i, s := range []string{"a", "b", "c", "d", "e", "f"} {
			names = append(names, region+s)
			ids = append(ids, fmt.Sprintf("%s-az%d", zoneIDPrefix(region), i+1))
		}
		return map[string]any{"names": names, "zoneIds": ids, "id": region, "groupNames": []any{region}}
	})
	RegisterInvoke("aws:iam/getSessionContext:getSessionContext", func(args map[string]any, _ string) map[string]any {
		return map[string]any{
			"arn":         args["arn"],
			"issuerArn":   fmt.Sprintf("arn:aws:iam::%s:role/deployer", Account),
			"issuerId":    "AROAEXAMPLE",
			"issuerName":  "deployer",
			"sessionName": "ci-session",
			"id":          args["arn"],
		}
	})
}

// zoneIDPrefix abbreviates a region the way AWS zone IDs do: us-east-1 -> use1,
// us-west-2 -> usw2, ca-central-1 -> cac1. The mocks give a region's zones a, b, c, ...
// the IDs <prefix>-az1, -az2, -az3, ... (in a real account the pairing is shuffled).
func zoneIDPrefix(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) < 3 {
		return region
	}
	return parts[0] + parts[1][:1] + parts[len(parts)-1]
}
