package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Mocked outputs of the load balancer (aws lb) and PrivateLink (aws ec2 endpoints)
// resources: ARNs, DNS names and hosted zones in the shapes AWS returns them.
func init() {
	RegisterOutputs("aws:lb/loadBalancer:LoadBalancer", func(a OutputArgs) map[string]any {
		name := lbPhysicalName(a)
		kind := "app"
		if a.Inputs["loadBalancerType"] == "network" {
			kind = "net"
		}
		h := lbHex(a.Type+"/"+a.Name, 16)
		suffix := fmt.Sprintf("%s/%s/%s", kind, name, h)
		dns := fmt.Sprintf("%s-%s.elb.%s.amazonaws.com", name, h, a.Region)
		if kind == "app" {
			dns = fmt.Sprintf("%s-%s.%s.elb.amazonaws.com", name, h[:10], a.Region)
		}
		if a.Inputs["internal"] == true {
			dns = "internal-" + dns
		}
		return map[string]any{
			"arn":       fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/%s", a.Region, Account, suffix),
			"arnSuffix": suffix,
			"name":      name,
			"dnsName":   dns,
			"zoneId":    lbZoneID(kind, a.Region),
		}
	})
	RegisterOutputs("aws:lb/targetGroup:TargetGroup", func(a OutputArgs) map[string]any {
		name := lbPhysicalName(a)
		suffix := fmt.Sprintf("targetgroup/%s/%s", name, lbHex(a.Type+"/"+a.Name, 16))
		return map[string]any{
			"arn":       fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:%s", a.Region, Account, suffix),
			"arnSuffix": suffix,
			"name":      name,
		}
	})
	RegisterOutputs("aws:lb/listener:Listener", func(a OutputArgs) map[string]any {
		return map[string]any{
			"arn": fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:listener/net/%s/%s/%s",
				a.Region, Account, lbPhysicalName(a), lbHex(a.Type+"/"+a.Name, 16), lbHex(a.Name, 16)),
		}
	})
	RegisterOutputs("aws:ec2/vpcEndpoint:VpcEndpoint", func(a OutputArgs) map[string]any {
		svcRegion, _ := a.Inputs["serviceRegion"].(string)
		if svcRegion == "" {
			svcRegion = a.Region
		}
		svcName, _ := a.Inputs["serviceName"].(string)
		svcID := svcName[strings.LastIndex(svcName, ".")+1:]
		outs := map[string]any{
			"serviceRegion":    svcRegion,
			"state":            "available",
			"ownerId":          Account,
			"requesterManaged": false,
			"arn":              fmt.Sprintf("arn:aws:ec2:%s:%s:vpc-endpoint/%s", a.Region, Account, a.ID),
		}
		if a.Inputs["vpcEndpointType"] == "Interface" {
			outs["dnsEntries"] = []any{map[string]any{
				"dnsName":      fmt.Sprintf("%s-%s.%s.%s.vpce.amazonaws.com", a.ID, lbHex(a.ID, 8), svcID, a.Region),
				"hostedZoneId": "Z7HUB22UULQXV",
			}}
		}
		if _, set := a.Inputs["privateDnsEnabled"]; !set {
			outs["privateDnsEnabled"] = false
		}
		return outs
	})
	RegisterOutputs("aws:ec2/vpcEndpointService:VpcEndpointService", func(a OutputArgs) map[string]any {
		outs := map[string]any{
			"serviceName":          fmt.Sprintf("com.amazonaws.vpce.%s.%s", a.Region, a.ID),
			"serviceType":          "Interface",
			"state":                "Available",
			"managesVpcEndpoints":  false,
			"baseEndpointDnsNames": []any{fmt.Sprintf("%s.%s.vpce.amazonaws.com", a.ID, a.Region)},
			"arn":                  fmt.Sprintf("arn:aws:ec2:%s:%s:vpc-endpoint-service/%s", a.Region, Account, a.ID),
		}
		if _, set := a.Inputs["supportedRegions"]; !set {
			outs["supportedRegions"] = []any{a.Region}
		}
		configs := []any{}
		if n, _ := a.Inputs["privateDnsName"].(string); n != "" {
			configs = append(configs, map[string]any{
				"name":  "_" + lbHex("name/"+n, 20),
				"type":  "TXT",
				"value": "vpce:" + lbHex("value/"+n, 20),
				"state": "pendingVerification",
			})
		}
		outs["privateDnsNameConfigurations"] = configs
		return outs
	})
}

// lbPhysicalName is the resource's name input, or its logical name cut to the 32
// characters ELB allows.
func lbPhysicalName(a OutputArgs) string {
	if n, ok := a.Inputs["name"].(string); ok && n != "" {
		return n
	}
	n := a.Name
	if len(n) > 32 {
		n = n[:32]
	}
	return strings.TrimRight(n, "-")
}

// lbHex returns n hex characters derived from s.
func lbHex(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// lbZoneID returns the Route 53 hosted zone of a load balancer's DNS name ("net" for a
// Network Load Balancer, "app" for an Application Load Balancer) in a few regions.
func lbZoneID(kind, region string) string {
	zones := map[string][2]string{
		"us-east-1":      {"Z26RNL4JYFTOTI", "Z35SXDOTRQ7X7K"},
		"us-east-2":      {"ZLMOA37VPKANP", "Z3AADJGX6KTTL2"},
		"us-west-2":      {"Z18D5FSROUN65G", "Z1H1FL5HABSF5"},
		"eu-west-1":      {"Z2IFOLAFXWLO4F", "Z32O12XQLNTSW2"},
		"eu-central-1":   {"Z3F0SRJ5LGBH90", "Z215JYRZR1TBD5"},
		"ap-southeast-1": {"ZKVM4W9LS7TM", "Z1LMS91P8CMLE5"},
	}
	z, ok := zones[region]
	if !ok {
		z = zones["us-east-1"]
	}
	if kind == "net" {
		return z[0]
	}
	return z[1]
}
