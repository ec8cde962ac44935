package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Mocked outputs for the data-side resources: the log bucket (S3, KMS), the cache
// (ElastiCache) and the workload identities (IAM roles, EKS Pod Identity associations).
// Each gives what the real provider computes and the components read back: names the
// provider generates, ARNs in the service's own format and endpoints.
func init() {
	RegisterOutputs("aws:s3/bucketV2:BucketV2", func(a OutputArgs) map[string]any {
		name := dataStr(a.Inputs["bucket"])
		if name == "" {
			if prefix := dataStr(a.Inputs["bucketPrefix"]); prefix != "" {
				// Terraform's PrefixedUniqueId: prefix + 18-digit timestamp + 8 hex digits.
				name = prefix + dataDigits(a.Type+"/"+a.Name, 18) + dataHash(a.Name, 8)
			} else {
				name = a.ID
			}
		}
		return map[string]any{
			"bucket":                   name,
			"arn":                      "arn:aws:s3:::" + name,
			"region":                   a.Region,
			"bucketDomainName":         name + ".s3.amazonaws.com",
			"bucketRegionalDomainName": name + ".s3." + a.Region + ".amazonaws.com",
			"hostedZoneId":             "Z3NF1Z3NOM5OY2",
		}
	})
	RegisterOutputs("aws:kms/key:Key", func(a OutputArgs) map[string]any {
		h := dataHash(a.Type+"/"+a.Name, 32)
		keyID := h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
		return map[string]any{
			"keyId": keyID,
			"arn":   fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", a.Region, Account, keyID),
		}
	})

	RegisterOutputs("aws:elasticache/replicationGroup:ReplicationGroup", func(a OutputArgs) map[string]any {
		id := dataStr(a.Inputs["replicationGroupId"])
		if id == "" {
			id = a.ID
		}
		host := fmt.Sprintf("%s.%s.%s.cache.amazonaws.com", id, dataHash(a.Name, 6), a.Region)
		cluster := dataStr(a.Inputs["clusterMode"]) == "enabled"
		out := map[string]any{
			"replicationGroupId":  id,
			"arn":                 fmt.Sprintf("arn:aws:elasticache:%s:%s:replicationgroup:%s", a.Region, Account, id),
			"clusterEnabled":      cluster,
			"engineVersionActual": dataStr(a.Inputs["engineVersion"]) + ".0",
		}
		if _, set := a.Inputs["port"]; !set {
			out["port"] = 6379
		}
		if cluster {
			out["configurationEndpointAddress"] = "clustercfg." + host
			out["primaryEndpointAddress"] = ""
			out["readerEndpointAddress"] = ""
		} else {
			out["configurationEndpointAddress"] = ""
			out["primaryEndpointAddress"] = "master." + host
			out["readerEndpointAddress"] = "replica." + host
		}
		return out
	})
	RegisterOutputs("aws:elasticache/subnetGroup:SubnetGroup", func(a OutputArgs) map[string]any {
		return map[string]any{"name": dataName(a), "arn": fmt.Sprintf("arn:aws:elasticache:%s:%s:subnetgroup:%s", a.Region, Account, dataName(a))}
	})
	RegisterOutputs("aws:elasticache/parameterGroup:ParameterGroup", func(a OutputArgs) map[string]any {
		return map[string]any{"name": dataName(a), "arn": fmt.Sprintf("arn:aws:elasticache:%s:%s:parametergroup:%s", a.Region, Account, dataName(a))}
	})
	RegisterOutputs("aws:elasticache/user:User", func(a OutputArgs) map[string]any {
		return map[string]any{"arn": fmt.Sprintf("arn:aws:elasticache:%s:%s:user:%s", a.Region, Account, dataStr(a.Inputs["userId"]))}
	})
	RegisterOutputs("aws:elasticache/userGroup:UserGroup", func(a OutputArgs) map[string]any {
		return map[string]any{"arn": fmt.Sprintf("arn:aws:elasticache:%s:%s:usergroup:%s", a.Region, Account, dataStr(a.Inputs["userGroupId"]))}
	})

	RegisterOutputs("aws:iam/role:Role", func(a OutputArgs) map[string]any {
		name := dataName(a)
		path := dataStr(a.Inputs["path"])
		if path == "" {
			path = "/"
		}
		return map[string]any{
			"name":     name,
			"arn":      fmt.Sprintf("arn:aws:iam::%s:role%s%s", Account, path, name),
			"uniqueId": "AROA" + strings.ToUpper(dataHash(a.Name, 17)),
		}
	})
	RegisterOutputs("aws:eks/podIdentityAssociation:PodIdentityAssociation", func(a OutputArgs) map[string]any {
		id := "a-" + dataHash(a.Type+"/"+a.Name, 17)
		return map[string]any{
			"associationId":  id,
			"associationArn": fmt.Sprintf("arn:aws:eks:%s:%s:podidentityassociation/%s/%s", a.Region, Account, dataStr(a.Inputs["clusterName"]), id),
		}
	})
}

// dataStr returns v if it is a string, else "".
func dataStr(v any) string {
	s, _ := v.(string)
	return s
}

// dataName returns the "name" input or, when Pulumi would autoname it, the mock ID.
func dataName(a OutputArgs) string {
	if n := dataStr(a.Inputs["name"]); n != "" {
		return n
	}
	return a.ID
}

// dataHash returns the first n hex digits of the SHA-256 of s.
func dataHash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// dataDigits returns n decimal digits derived from the hash of s.
func dataDigits(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteByte('0' + sum[i%len(sum)]%10)
	}
	return b.String()
}
