package synth

import (
	"fmt"
	"strings"
	"sync"
)

var (
	deployedMu       sync.Mutex
	deployedClusters = map[string]string{}
)

// SetDeployedCluster makes the mocked account hold an EKS cluster called name at Kubernetes
// version (getClusters lists it, getCluster reports the version), as after an earlier
// deployment; the returned function removes it again. For tests of what a program does on
// its second run.
func SetDeployedCluster(name, version string) (remove func()) {
	deployedMu.Lock()
	defer deployedMu.Unlock()
	deployedClusters[name] = version
	return func() {
		deployedMu.Lock()
		defer deployedMu.Unlock()
		delete(deployedClusters, name)
	}
}

// deployedVersion is the version SetDeployedCluster gave the cluster name, or fallback.
func deployedVersion(name, fallback string) string {
	deployedMu.Lock()
	defer deployedMu.Unlock()
	if v, ok := deployedClusters[name]; ok {
		return v
	}
	return fallback
}

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
	// No EKS cluster exists yet in the mocked account (synth shows a first deployment),
	// unless a test deployed one with SetDeployedCluster.
	RegisterInvoke("aws:eks/getClusters:getClusters", func(_ map[string]any, region string) map[string]any {
		deployedMu.Lock()
		defer deployedMu.Unlock()
		names := []any{}
		for name := range deployedClusters {
			names = append(names, name)
		}
		return map[string]any{"id": region, "names": names}
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
