package provider

import (
	"errors"
	"fmt"
	"strings"
)

// InvokeFunc answers one aws:* function from its plain arguments and the provider's region.
type InvokeFunc func(args map[string]any, region string) (map[string]any, error)

// DeployerRole is the IAM role the fake caller identity has assumed.
const DeployerRole = "fakecloud-deployer"

// ExistingVpcCidr is the CIDR block of every VPC aws:ec2/getVpc finds.
const ExistingVpcCidr = "10.20.0.0/16"

// ExistingSubnetAZ is the AZ of an existing subnet: the region plus a, b or c from the
// subnet ID's last hex digit modulo 3 (the rule stacks/synth uses too).
func ExistingSubnetAZ(subnetID, region string) string {
	if subnetID == "" {
		return region + "a"
	}
	var d int
	if _, err := fmt.Sscanf(subnetID[len(subnetID)-1:], "%x", &d); err != nil {
		d = 0
	}
	return region + string(rune('a'+d%3))
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// Invokes is every aws:* function the fake AWS provider answers.
var Invokes = map[string]InvokeFunc{
	"aws:index/getRegion:getRegion": func(args map[string]any, region string) (map[string]any, error) {
		if n := str(args["name"]); n != "" {
			region = n
		} else if n := str(args["region"]); n != "" {
			region = n
		}
		return map[string]any{"id": region, "name": region, "region": region, "endpoint": "ec2." + region + ".amazonaws.com", "description": region}, nil
	},
	"aws:index/getCallerIdentity:getCallerIdentity": func(map[string]any, string) (map[string]any, error) {
		return map[string]any{
			"id":        Account,
			"accountId": Account,
			"arn":       fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/fakecloud", Account, DeployerRole),
			"userId":    "AROAFAKECLOUD00000000:fakecloud",
		}, nil
	},
	"aws:index/getPartition:getPartition": func(map[string]any, string) (map[string]any, error) {
		return map[string]any{"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}, nil
	},
	"aws:index/getAvailabilityZones:getAvailabilityZones": func(_ map[string]any, region string) (map[string]any, error) {
		var names, ids []any
		for _, l := range []string{"a", "b", "c", "d", "e", "f"} {
			names = append(names, region+l)
			ids = append(ids, AZID(region+l))
		}
		return map[string]any{"id": region, "names": names, "zoneIds": ids, "groupNames": []any{region}}, nil
	},
	"aws:iam/getSessionContext:getSessionContext": func(args map[string]any, _ string) (map[string]any, error) {
		arn := str(args["arn"])
		if arn == "" {
			return nil, errors.New("missing required argument \"arn\"")
		}
		out := map[string]any{"id": arn, "arn": arn, "issuerArn": arn, "issuerId": "", "issuerName": "", "sessionName": ""}
		// arn:aws:sts::<account>:assumed-role/<role>/<session>
		if i := strings.Index(arn, ":assumed-role/"); i >= 0 {
			parts := strings.Split(arn[i+len(":assumed-role/"):], "/")
			if len(parts) == 2 {
				out["issuerArn"] = fmt.Sprintf("arn:aws:iam::%s:role/%s", Account, parts[0])
				out["issuerId"] = "AROAFAKECLOUD00000000"
				out["issuerName"] = parts[0]
				out["sessionName"] = parts[1]
			}
		}
		return out, nil
	},
	// The fake keeps no state, so it knows no cluster from an earlier run: the program's
	// check of cluster.version against the deployed cluster sees a first deployment.
	"aws:eks/getClusters:getClusters": func(_ map[string]any, region string) (map[string]any, error) {
		return map[string]any{"id": region, "names": []any{}}, nil
	},
	"aws:eks/getCluster:getCluster": func(args map[string]any, region string) (map[string]any, error) {
		name := str(args["name"])
		if name == "" {
			return nil, errors.New("missing required argument \"name\"")
		}
		endpoint := fmt.Sprintf("https://%s.gr7.%s.eks.amazonaws.com", EKSEndpointID(name, region), region)
		ca := "RkFLRUNMT1VELUNBLQ==" + Hex("ca/"+name, 16)
		if k, err := LoadKubeconfig(); err == nil && k.Loopback {
			endpoint = k.Server
			if k.CAData != "" {
				ca = k.CAData
			}
		}
		return map[string]any{
			"id":                     name,
			"name":                   name,
			"arn":                    fmt.Sprintf("arn:aws:eks:%s:%s:cluster/%s", region, Account, name),
			"endpoint":               endpoint,
			"version":                "1.34",
			"platformVersion":        "eks.1",
			"status":                 "ACTIVE",
			"createdAt":              CreatedAt,
			"roleArn":                fmt.Sprintf("arn:aws:iam::%s:role/%s-cluster", Account, name),
			"certificateAuthorities": []any{map[string]any{"data": ca}},
			"identities":             []any{map[string]any{"oidcs": []any{map[string]any{"issuer": EKSIssuer(name, region)}}}},
			"accessConfigs":          []any{map[string]any{"authenticationMode": "API_AND_CONFIG_MAP", "bootstrapClusterCreatorAdminPermissions": false}},
			"vpcConfig": map[string]any{
				"clusterSecurityGroupId": EKSClusterSecurityGroupID(name, region),
				"vpcId":                  "vpc-" + Hex("existing-vpc/"+name, 17),
				"subnetIds":              []any{"subnet-" + Hex(name+"/a", 17), "subnet-" + Hex(name+"/b", 17)},
				"securityGroupIds":       []any{},
				"endpointPrivateAccess":  true,
				"endpointPublicAccess":   false,
				"publicAccessCidrs":      []any{},
			},
			"kubernetesNetworkConfigs": []any{map[string]any{"serviceIpv4Cidr": "172.20.0.0/16", "ipFamily": "ipv4"}},
			"enabledClusterLogTypes":   []any{"api", "audit", "authenticator"},
			"tags":                     map[string]any{},
		}, nil
	},
	"aws:eks/getAddonVersion:getAddonVersion": func(args map[string]any, _ string) (map[string]any, error) {
		addon, k8s := str(args["addonName"]), str(args["kubernetesVersion"])
		if addon == "" || k8s == "" {
			return nil, errors.New("missing required argument \"addonName\" or \"kubernetesVersion\"")
		}
		return map[string]any{"id": addon, "addonName": addon, "kubernetesVersion": k8s, "mostRecent": args["mostRecent"], "version": AddonVersion(addon, k8s)}, nil
	},
	"aws:ec2/getVpc:getVpc": func(args map[string]any, region string) (map[string]any, error) {
		id := str(args["id"])
		if id == "" {
			id = "vpc-" + Hex("default-vpc/"+region, 17)
		}
		return map[string]any{
			"id":                     id,
			"arn":                    fmt.Sprintf("arn:aws:ec2:%s:%s:vpc/%s", region, Account, id),
			"cidrBlock":              ExistingVpcCidr,
			"state":                  "available",
			"ownerId":                Account,
			"default":                false,
			"instanceTenancy":        "default",
			"enableDnsSupport":       true,
			"enableDnsHostnames":     true,
			"mainRouteTableId":       "rtb-" + Hex("main-rtb/"+id, 17),
			"dhcpOptionsId":          "dopt-" + Hex("dopt/"+id, 17),
			"cidrBlockAssociations":  []any{map[string]any{"associationId": "vpc-cidr-assoc-" + Hex(id, 17), "cidrBlock": ExistingVpcCidr, "state": "associated"}},
			"ipv6AssociationId":      "",
			"ipv6CidrBlock":          "",
			"tags":                   map[string]any{},
			"defaultSecurityGroupId": "sg-" + Hex("default-sg/"+id, 17),
		}, nil
	},
	"aws:ec2/getSubnet:getSubnet": func(args map[string]any, region string) (map[string]any, error) {
		id := str(args["id"])
		if id == "" {
			return nil, errors.New("the fake only looks subnets up by id")
		}
		vpc := str(args["vpcId"])
		if vpc == "" {
			vpc = "vpc-" + Hex("vpc-of/"+id, 17)
		}
		az := ExistingSubnetAZ(id, region)
		return map[string]any{
			"id":                  id,
			"arn":                 fmt.Sprintf("arn:aws:ec2:%s:%s:subnet/%s", region, Account, id),
			"vpcId":               vpc,
			"availabilityZone":    az,
			"availabilityZoneId":  AZID(az),
			"cidrBlock":           "10.20." + fmt.Sprint(int(id[len(id)-1])%250) + ".0/24",
			"state":               "available",
			"ownerId":             Account,
			"mapPublicIpOnLaunch": false,
			"tags":                map[string]any{},
		}, nil
	},
}
