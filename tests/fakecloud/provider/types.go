package provider

import (
	"fmt"
	"strings"
)

// CreatedAt is the fixed creation time of every fake resource (never the clock, so a
// refresh changes nothing).
const CreatedAt = "2026-01-01T00:00:00Z"

// ec2ID returns "<prefix>-<17 hex>", the shape of EC2 IDs.
func ec2ID(prefix string) func(r *Res) string {
	return func(r *Res) string { return prefix + "-" + r.Hex("id", 17) }
}

// byName uses the (auto)name as the ID.
func byName(r *Res) string { return r.Autoname }

// byARN uses the computed arn as the ID (ELB resources, IAM policies, OIDC providers).
func byARN(arn func(r *Res) string) func(r *Res) string { return arn }

// byInput uses the input key as the ID.
func byInput(key string) func(r *Res) string {
	return func(r *Res) string {
		if s := r.Str(key); s != "" {
			return s
		}
		return r.Name + "-" + r.Hex("id", 8)
	}
}

// ec2ARN is arn:aws:ec2:<region>:<account>:<kind>/<id>.
func ec2ARN(kind string) func(r *Res) map[string]any {
	return func(r *Res) map[string]any {
		return map[string]any{"arn": r.ARN("ec2", kind+"/"+r.ID), "ownerId": Account}
	}
}

// s3Sub is the spec of an S3 bucket sub-resource (ID = bucket).
func s3Sub(required ...string) TypeSpec {
	return TypeSpec{Required: append([]string{"bucket"}, required...), ForceNew: []string{"bucket", "expectedBucketOwner"}, ID: byInput("bucket")}
}

// AZID is the zone ID of an availability zone name ("us-east-1b" -> "use1-az2").
func AZID(az string) string {
	if len(az) < 2 {
		return ""
	}
	region, letter := az[:len(az)-1], az[len(az)-1]
	parts := strings.Split(region, "-")
	if len(parts) < 3 {
		return region + "-az1"
	}
	abbrev := map[string]string{
		"northeast": "ne", "southeast": "se", "northwest": "nw", "southwest": "sw",
		"east": "e", "west": "w", "north": "n", "south": "s", "central": "c",
	}
	short := parts[0]
	for _, p := range parts[1 : len(parts)-1] {
		if a, ok := abbrev[p]; ok {
			short += a
		} else {
			short += p[:1]
		}
	}
	return fmt.Sprintf("%s%s-az%d", short, parts[len(parts)-1], int(letter-'a')+1)
}

// EKSEndpointID is the 32-character ID in a cluster's endpoint and OIDC issuer.
func EKSEndpointID(clusterName, region string) string {
	return Upper("eks-endpoint/"+region+"/"+clusterName, 32)
}

// EKSIssuer is the OIDC issuer URL of the cluster called name.
func EKSIssuer(clusterName, region string) string {
	return fmt.Sprintf("https://oidc.eks.%s.amazonaws.com/id/%s", region, EKSEndpointID(clusterName, region))
}

// EKSClusterSecurityGroupID is the security group EKS creates for a cluster.
func EKSClusterSecurityGroupID(clusterName, region string) string {
	return "sg-" + Hex("eks-cluster-sg/"+region+"/"+clusterName, 17)
}

// AddonVersion is the version aws:eks/getAddonVersion answers and an Addon without a
// version gets.
func AddonVersion(addon, kubernetesVersion string) string {
	switch addon {
	case "kube-proxy":
		if kubernetesVersion == "" {
			kubernetesVersion = "1.34"
		}
		return "v" + kubernetesVersion + ".0-eksbuild.1"
	case "vpc-cni":
		return "v1.20.1-eksbuild.1"
	case "coredns":
		return "v1.12.2-eksbuild.4"
	case "eks-pod-identity-agent":
		return "v1.3.8-eksbuild.2"
	}
	return "v1.0.0-eksbuild.1"
}

// lbZoneID is the Route 53 zone of an ELB DNS name ("net" or "app") in a few regions.
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

// fakeIP is an address in 198.18.0.0/15 (reserved for benchmarks: never a real one).
func fakeIP(seed string) string {
	h := Hex(seed, 4)
	var a, b int
	fmt.Sscanf(h[:2], "%x", &a)
	fmt.Sscanf(h[2:], "%x", &b)
	return fmt.Sprintf("198.18.%d.%d", a, 1+b%254)
}

// privateIP is an address in 10.0.0.0/8.
func privateIP(seed string) string {
	h := Hex(seed, 6)
	var a, b, c int
	fmt.Sscanf(h[:2], "%x", &a)
	fmt.Sscanf(h[2:4], "%x", &b)
	fmt.Sscanf(h[4:], "%x", &c)
	return fmt.Sprintf("10.%d.%d.%d", a, b, 1+c%254)
}

// replicationGroup computes an ElastiCache replication group's endpoints and members.
func replicationGroup(r *Res) map[string]any {
	id := r.ID
	host := fmt.Sprintf("%s.%s.%s.cache.amazonaws.com", id, r.Hex("host", 6), r.Region)
	cluster := r.Str("clusterMode") == "enabled"
	if b, ok := r.Inputs["clusterEnabled"].(bool); ok && b {
		cluster = true
	}
	shards, replicas := 1, 0
	if n, ok := r.Inputs["numNodeGroups"].(float64); ok && n > 0 {
		shards = int(n)
	}
	if n, ok := r.Inputs["replicasPerNodeGroup"].(float64); ok {
		replicas = int(n)
	}
	total := shards * (replicas + 1)
	if n, ok := r.Inputs["numCacheClusters"].(float64); ok && n > 0 {
		total = int(n)
	}
	var members []any
	for i := 1; i <= total; i++ {
		members = append(members, fmt.Sprintf("%s-%03d", id, i))
	}
	engine := r.Str("engine")
	if engine == "" {
		engine = "redis"
	}
	out := map[string]any{
		"arn":                  r.ARN("elasticache", "replicationgroup:"+id),
		"replicationGroupId":   id,
		"clusterEnabled":       cluster,
		"memberClusters":       members,
		"engine":               engine,
		"engineVersionActual":  r.Str("engineVersion") + ".0",
		"port":                 6379,
		"numNodeGroups":        shards,
		"replicasPerNodeGroup": replicas,
		"numCacheClusters":     total,
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
}

// eksCluster computes an EKS cluster's attributes; the endpoint and CA are the loopback
// API server's when $FAKECLOUD_KUBECONFIG names one.
func eksCluster(r *Res) map[string]any {
	name := r.Autoname
	endpoint := fmt.Sprintf("https://%s.gr7.%s.eks.amazonaws.com", EKSEndpointID(name, r.Region), r.Region)
	ca := "RkFLRUNMT1VELUNBLQ==" + r.Hex("ca", 16)
	if lb, err := LoadKubeconfig(); err == nil && lb.Server != "" {
		endpoint = lb.Server
		if lb.CAData != "" {
			ca = lb.CAData
		}
	}
	vpc := map[string]any{}
	if in, ok := r.Inputs["vpcConfig"].(map[string]any); ok {
		for k, v := range in {
			vpc[k] = v
		}
	}
	vpc["clusterSecurityGroupId"] = EKSClusterSecurityGroupID(name, r.Region)
	if _, ok := vpc["vpcId"]; !ok {
		vpc["vpcId"] = "vpc-" + Hex("vpc-of-cluster/"+name, 17)
	}
	for k, def := range map[string]any{"endpointPrivateAccess": false, "endpointPublicAccess": true, "securityGroupIds": []any{}} {
		if _, ok := vpc[k]; !ok {
			vpc[k] = def
		}
	}
	if _, ok := vpc["publicAccessCidrs"]; !ok {
		vpc["publicAccessCidrs"] = []any{"0.0.0.0/0"}
	}
	version := r.Str("version")
	if version == "" {
		version = "1.34"
	}
	return map[string]any{
		"arn":                     r.ARN("eks", "cluster/"+name),
		"endpoint":                endpoint,
		"certificateAuthority":    map[string]any{"data": ca},
		"certificateAuthorities":  []any{map[string]any{"data": ca}},
		"identities":              []any{map[string]any{"oidcs": []any{map[string]any{"issuer": EKSIssuer(name, r.Region)}}}},
		"platformVersion":         "eks.1",
		"status":                  "ACTIVE",
		"version":                 version,
		"createdAt":               CreatedAt,
		"clusterId":               UUID(string(r.URN) + "#cluster-id"),
		"vpcConfig":               vpc,
		"kubernetesNetworkConfig": map[string]any{"serviceIpv4Cidr": "172.20.0.0/16", "ipFamily": "ipv4"},
	}
}

// Types is every aws:* resource type the fake AWS provider accepts.
var Types = map[string]TypeSpec{
	// Network.
	"aws:ec2/vpc:Vpc": {
		ForceNew: []string{"cidrBlock", "instanceTenancy", "ipv4IpamPoolId"},
		ID:       ec2ID("vpc"),
		Computed: func(r *Res) map[string]any {
			return map[string]any{
				"arn":                    r.ARN("ec2", "vpc/"+r.ID),
				"ownerId":                Account,
				"defaultSecurityGroupId": "sg-" + r.Hex("default-sg", 17),
				"mainRouteTableId":       "rtb-" + r.Hex("main-rtb", 17),
				"defaultRouteTableId":    "rtb-" + r.Hex("main-rtb", 17),
				"defaultNetworkAclId":    "acl-" + r.Hex("default-acl", 17),
				"dhcpOptionsId":          "dopt-" + r.Hex("dopt", 17),
				"instanceTenancy":        "default",
				"enableDnsSupport":       true,
				"enableDnsHostnames":     false,
			}
		},
	},
	"aws:ec2/subnet:Subnet": {
		Required: []string{"vpcId"},
		ForceNew: []string{"vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "outpostArn"},
		ID:       ec2ID("subnet"),
		Computed: func(r *Res) map[string]any {
			az := r.Str("availabilityZone")
			if az == "" {
				az = r.Region + "a"
			}
			return map[string]any{
				"arn":                 r.ARN("ec2", "subnet/"+r.ID),
				"ownerId":             Account,
				"availabilityZone":    az,
				"availabilityZoneId":  AZID(az),
				"mapPublicIpOnLaunch": false,
			}
		},
	},
	"aws:ec2/internetGateway:InternetGateway": {ID: ec2ID("igw"), Computed: ec2ARN("internet-gateway")},
	"aws:ec2/eip:Eip": {
		ForceNew: []string{"domain", "vpc", "publicIpv4Pool"},
		ID:       ec2ID("eipalloc"),
		Computed: func(r *Res) map[string]any {
			ip := fakeIP(string(r.URN))
			return map[string]any{
				"arn":          r.ARN("ec2", "elastic-ip/"+r.ID),
				"allocationId": r.ID,
				"publicIp":     ip,
				"publicDns":    "ec2-" + strings.ReplaceAll(ip, ".", "-") + ".compute-1.amazonaws.com",
				"domain":       "vpc",
			}
		},
	},
	"aws:ec2/natGateway:NatGateway": {
		Required: []string{"subnetId"},
		ForceNew: []string{"subnetId", "allocationId", "connectivityType"},
		ID:       ec2ID("nat"),
		Computed: func(r *Res) map[string]any {
			return map[string]any{
				"networkInterfaceId": "eni-" + r.Hex("eni", 17),
				"privateIp":          privateIP(string(r.URN)),
				"publicIp":           fakeIP(string(r.URN)),
				"connectivityType":   "public",
			}
		},
	},
	"aws:ec2/routeTable:RouteTable": {
		Required: []string{"vpcId"},
		ForceNew: []string{"vpcId"},
		ID:       ec2ID("rtb"),
		Computed: func(r *Res) map[string]any {
			out := ec2ARN("route-table")(r)
			if _, ok := r.Inputs["routes"]; !ok {
				out["routes"] = []any{}
			}
			return out
		},
	},
	"aws:ec2/route:Route": {
		Required: []string{"routeTableId"},
		ForceNew: []string{"routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"},
		ID:       func(r *Res) string { return "r-" + r.Str("routeTableId") + Digits(string(r.URN), 10) },
		Computed: func(r *Res) map[string]any {
			return map[string]any{"state": "active", "origin": "CreateRoute"}
		},
	},
	"aws:ec2/routeTableAssociation:RouteTableAssociation": {
		Required: []string{"routeTableId"},
		ForceNew: []string{"subnetId", "gatewayId"},
		ID:       ec2ID("rtbassoc"),
	},
	"aws:ec2/flowLog:FlowLog": {
		ForceNew: []string{"vpcId", "subnetId", "eniId", "logDestination", "logDestinationType", "logGroupName", "iamRoleArn", "trafficType", "logFormat", "maxAggregationInterval"},
		ID:       ec2ID("fl"),
		Computed: ec2ARN("vpc-flow-log"),
	},
	"aws:ec2/securityGroup:SecurityGroup": {
		ForceNew: []string{"name", "namePrefix", "vpcId", "description"},
		Autoname: "name", AutonameMax: 255,
		ID: ec2ID("sg"),
		Computed: func(r *Res) map[string]any {
			out := ec2ARN("security-group")(r)
			out["description"] = "Managed by Pulumi"
			out["ingress"] = []any{}
			out["egress"] = []any{}
			if r.Str("vpcId") == "" {
				out["vpcId"] = "vpc-" + Hex("default-vpc/"+r.Region, 17)
			}
			return out
		},
	},
	"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
		ForceNew: []string{"vpcId"},
		ID:       ec2ID("sg"),
		Computed: func(r *Res) map[string]any {
			out := ec2ARN("security-group")(r)
			out["name"] = "default"
			out["description"] = "default VPC security group"
			out["ingress"] = []any{}
			out["egress"] = []any{}
			return out
		},
	},
	"aws:ec2/securityGroupRule:SecurityGroupRule": {
		Required: []string{"fromPort", "protocol", "securityGroupId", "toPort", "type"},
		ForceNew: []string{"fromPort", "protocol", "securityGroupId", "toPort", "type", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "self", "sourceSecurityGroupId"},
		ID:       func(r *Res) string { return "sgrule-" + Digits(string(r.URN), 10) },
		Computed: func(r *Res) map[string]any {
			return map[string]any{"securityGroupRuleId": "sgr-" + r.Hex("rule", 17)}
		},
	},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
		Required: []string{"ipProtocol", "securityGroupId"},
		ForceNew: []string{"securityGroupId"},
		ID:       ec2ID("sgr"),
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ARN("ec2", "security-group-rule/"+r.ID), "securityGroupRuleId": r.ID}
		},
	},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
		Required: []string{"ipProtocol", "securityGroupId"},
		ForceNew: []string{"securityGroupId"},
		ID:       ec2ID("sgr"),
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ARN("ec2", "security-group-rule/"+r.ID), "securityGroupRuleId": r.ID}
		},
	},
	"aws:ec2/launchTemplate:LaunchTemplate": {
		ForceNew: []string{"name", "namePrefix"},
		Autoname: "name", AutonameMax: 128,
		ID: ec2ID("lt"),
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ARN("ec2", "launch-template/"+r.ID), "latestVersion": 1, "defaultVersion": 1}
		},
	},
	"aws:ec2/vpcEndpoint:VpcEndpoint": {
		Required: []string{"vpcId"},
		ForceNew: []string{"vpcId", "serviceName", "vpcEndpointType", "serviceRegion"},
		ID:       ec2ID("vpce"),
		Computed: func(r *Res) map[string]any {
			svc := r.Str("serviceName")
			svcID := svc[strings.LastIndex(svc, ".")+1:]
			region := r.Str("serviceRegion")
			if region == "" {
				region = r.Region
			}
			kind := r.Str("vpcEndpointType")
			if kind == "" {
				kind = "Gateway"
			}
			out := map[string]any{
				"arn":              r.ARN("ec2", "vpc-endpoint/"+r.ID),
				"ownerId":          Account,
				"state":            "available",
				"requesterManaged": false,
				"serviceRegion":    region,
				"vpcEndpointType":  kind,
				"dnsEntries":       []any{},
				"cidrBlocks":       []any{},
			}
			var enis []any
			if subnets, ok := r.Inputs["subnetIds"].([]any); ok {
				for _, s := range subnets {
					enis = append(enis, "eni-"+Hex(string(r.URN)+"#eni/"+fmt.Sprint(s), 17))
				}
			}
			out["networkInterfaceIds"] = append([]any{}, enis...)
			if kind == "Interface" {
				out["dnsEntries"] = []any{map[string]any{
					"dnsName":      fmt.Sprintf("%s-%s.%s.%s.vpce.amazonaws.com", r.ID, r.Hex("dns", 8), svcID, r.Region),
					"hostedZoneId": "Z7HUB22UULQXV",
				}}
				out["privateDnsEnabled"] = false
			} else {
				out["prefixListId"] = "pl-" + r.Hex("pl", 8)
			}
			return out
		},
	},
	"aws:ec2/vpcEndpointService:VpcEndpointService": {
		Required: []string{"acceptanceRequired"},
		ID:       ec2ID("vpce-svc"),
		Computed: func(r *Res) map[string]any {
			configs := []any{}
			if n := r.Str("privateDnsName"); n != "" {
				configs = append(configs, map[string]any{
					"name":  "_" + Hex("name/"+n, 20),
					"type":  "TXT",
					"value": "vpce:" + Hex("value/"+n, 20),
					"state": "pendingVerification",
				})
			}
			var azs []any
			for _, l := range []string{"a", "b", "c"} {
				azs = append(azs, r.Region+l)
			}
			return map[string]any{
				"arn":                          r.ARN("ec2", "vpc-endpoint-service/"+r.ID),
				"serviceName":                  fmt.Sprintf("com.amazonaws.vpce.%s.%s", r.Region, r.ID),
				"serviceType":                  "Interface",
				"state":                        "Available",
				"managesVpcEndpoints":          false,
				"baseEndpointDnsNames":         []any{fmt.Sprintf("%s.%s.vpce.amazonaws.com", r.ID, r.Region)},
				"availabilityZones":            azs,
				"privateDnsNameConfigurations": configs,
				"supportedIpAddressTypes":      []any{"ipv4"},
				"supportedRegions":             []any{r.Region},
				"allowedPrincipals":            []any{},
			}
		},
	},
	"aws:vpc/endpointPrivateDns:EndpointPrivateDns": {
		Required: []string{"privateDnsEnabled", "vpcEndpointId"},
		ForceNew: []string{"vpcEndpointId"},
		ID:       byInput("vpcEndpointId"),
	},
	"aws:vpc/endpointServicePrivateDnsVerification:EndpointServicePrivateDnsVerification": {
		Required: []string{"serviceId"},
		ForceNew: []string{"serviceId"},
		ID:       byInput("serviceId"),
	},

	// Load balancing.
	"aws:lb/loadBalancer:LoadBalancer": {
		ForceNew: []string{"name", "namePrefix", "internal", "loadBalancerType"},
		Autoname: "name", AutonameMax: 32,
		ID: byARN(lbARN),
		Computed: func(r *Res) map[string]any {
			kind := "app"
			if r.Str("loadBalancerType") == "network" {
				kind = "net"
			}
			h := r.Hex("lb", 16)
			suffix := fmt.Sprintf("%s/%s/%s", kind, r.Autoname, h)
			dns := fmt.Sprintf("%s-%s.elb.%s.amazonaws.com", r.Autoname, h, r.Region)
			if kind == "app" {
				dns = fmt.Sprintf("%s-%s.%s.elb.amazonaws.com", r.Autoname, h[:10], r.Region)
			}
			if b, _ := r.Inputs["internal"].(bool); b {
				dns = "internal-" + dns
			}
			lbType := r.Str("loadBalancerType")
			if lbType == "" {
				lbType = "application"
			}
			return map[string]any{
				"arn":              lbARN(r),
				"arnSuffix":        suffix,
				"dnsName":          dns,
				"zoneId":           lbZoneID(kind, r.Region),
				"loadBalancerType": lbType,
				"internal":         false,
				"ipAddressType":    "ipv4",
				"vpcId":            "vpc-" + r.Hex("vpc", 17),
			}
		},
	},
	"aws:lb/targetGroup:TargetGroup": {
		ForceNew: []string{"name", "namePrefix", "port", "protocol", "targetType", "vpcId", "protocolVersion"},
		Autoname: "name", AutonameMax: 32,
		ID: byARN(tgARN),
		Computed: func(r *Res) map[string]any {
			return map[string]any{
				"arn":              tgARN(r),
				"arnSuffix":        strings.TrimPrefix(tgARN(r), r.ARN("elasticloadbalancing", "")),
				"loadBalancerArns": []any{},
			}
		},
	},
	"aws:lb/listener:Listener": {
		Required: []string{"defaultActions", "loadBalancerArn"},
		ForceNew: []string{"loadBalancerArn"},
		ID: byARN(func(r *Res) string {
			lb := r.Str("loadBalancerArn")
			rest := lb
			if i := strings.Index(lb, "loadbalancer/"); i >= 0 {
				rest = lb[i+len("loadbalancer/"):]
			}
			return r.ARN("elasticloadbalancing", "listener/"+rest+"/"+r.Hex("listener", 16))
		}),
		Computed: func(r *Res) map[string]any { return map[string]any{"arn": r.ID} },
	},

	// Data: S3, KMS.
	"aws:s3/bucketV2:BucketV2": {
		ForceNew: []string{"bucket", "bucketPrefix", "objectLockEnabled"},
		Autoname: "bucket", AutonameMax: 63, Lower: true,
		ID: byName,
		Computed: func(r *Res) map[string]any {
			b := r.Autoname
			return map[string]any{
				"arn":                      "arn:aws:s3:::" + b,
				"bucketDomainName":         b + ".s3.amazonaws.com",
				"bucketRegionalDomainName": b + ".s3." + r.Region + ".amazonaws.com",
				"hostedZoneId":             "Z3AQBSTGFYJSTF",
				"region":                   r.Region,
				"forceDestroy":             false,
			}
		},
	},
	"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               s3Sub("versioningConfiguration"),
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": s3Sub("rules"),
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     s3Sub(),
	"aws:s3/bucketPolicy:BucketPolicy":                                                           s3Sub("policy"),
	"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     s3Sub("rule"),
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       s3Sub(),
	"aws:kms/key:Key": {
		ForceNew: []string{"customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId", "customKeyStoreId"},
		ID:       func(r *Res) string { return UUID(string(r.URN) + "#key") },
		Computed: func(r *Res) map[string]any {
			return map[string]any{
				"keyId":                 r.ID,
				"arn":                   r.ARN("kms", "key/"+r.ID),
				"keyUsage":              "ENCRYPT_DECRYPT",
				"customerMasterKeySpec": "SYMMETRIC_DEFAULT",
				"isEnabled":             true,
				"multiRegion":           false,
			}
		},
	},
	"aws:kms/alias:Alias": {
		Required: []string{"targetKeyId"},
		ForceNew: []string{"name", "namePrefix"},
		ID: func(r *Res) string {
			if n := r.Str("name"); n != "" {
				return n
			}
			return "alias/" + r.Name + "-" + r.Hex("alias", 7)
		},
		Computed: func(r *Res) map[string]any {
			target := r.Str("targetKeyId")
			if !strings.HasPrefix(target, "arn:") {
				target = r.ARN("kms", "key/"+target)
			}
			return map[string]any{"name": r.ID, "arn": r.ARN("kms", r.ID), "targetKeyArn": target}
		},
	},

	// IAM.
	"aws:iam/role:Role": {
		Required: []string{"assumeRolePolicy"},
		ForceNew: []string{"name", "namePrefix", "path"},
		Autoname: "name", AutonameMax: 64,
		ID: byName,
		Computed: func(r *Res) map[string]any {
			path := r.Str("path")
			if path == "" {
				path = "/"
			}
			return map[string]any{
				"arn":                 r.GlobalARN("iam", "role"+path+r.Autoname),
				"uniqueId":            "AROA" + Upper(string(r.URN)+"#unique", 17),
				"path":                path,
				"createDate":          CreatedAt,
				"maxSessionDuration":  3600,
				"forceDetachPolicies": false,
				"description":         "",
			}
		},
	},
	"aws:iam/rolePolicy:RolePolicy": {
		Required: []string{"policy", "role"},
		ForceNew: []string{"name", "namePrefix", "role"},
		Autoname: "name", AutonameMax: 128,
		ID: func(r *Res) string { return r.Str("role") + ":" + r.Autoname },
	},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
		Required: []string{"policyArn", "role"},
		ForceNew: []string{"policyArn", "role"},
		ID:       func(r *Res) string { return r.Str("role") + "-" + Digits(string(r.URN), 26) },
	},
	"aws:iam/policy:Policy": {
		Required: []string{"policy"},
		ForceNew: []string{"name", "namePrefix", "path", "description"},
		Autoname: "name", AutonameMax: 128,
		ID: byARN(func(r *Res) string { return r.GlobalARN("iam", "policy/"+r.Autoname) }),
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ID, "policyId": "ANPA" + Upper(string(r.URN)+"#policy", 17), "path": "/", "attachmentCount": 0}
		},
	},
	"aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
		Required: []string{"clientIdLists", "url"},
		ForceNew: []string{"url"},
		ID: byARN(func(r *Res) string {
			return r.GlobalARN("iam", "oidc-provider/"+strings.TrimPrefix(r.Str("url"), "https://"))
		}),
		Computed: func(r *Res) map[string]any {
			out := map[string]any{"arn": r.ID}
			if _, ok := r.Inputs["thumbprintLists"]; !ok {
				out["thumbprintLists"] = []any{"9e99a48a9960b14926bb7f3b02e22da2b0ab7280"}
			}
			return out
		},
	},

	// Cache.
	"aws:elasticache/replicationGroup:ReplicationGroup": {
		Required: []string{"description"},
		ForceNew: []string{"replicationGroupId", "subnetGroupName", "atRestEncryptionEnabled", "kmsKeyId", "snapshotArns", "snapshotName", "dataTiering", "networkType"},
		Autoname: "replicationGroupId", AutonameMax: 40, Lower: true,
		ID:       byName,
		Computed: replicationGroup,
	},
	"aws:elasticache/subnetGroup:SubnetGroup": {
		Required: []string{"subnetIds"},
		ForceNew: []string{"name"},
		Autoname: "name", AutonameMax: 255, Lower: true,
		ID: byName,
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ARN("elasticache", "subnetgroup:"+r.ID), "vpcId": "vpc-" + r.Hex("vpc", 17), "description": "Managed by Pulumi"}
		},
	},
	"aws:elasticache/parameterGroup:ParameterGroup": {
		Required: []string{"family"},
		ForceNew: []string{"name", "family", "description"},
		Autoname: "name", AutonameMax: 255, Lower: true,
		ID: byName,
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ARN("elasticache", "parametergroup:"+r.ID), "description": "Managed by Pulumi"}
		},
	},
	"aws:elasticache/user:User": {
		Required: []string{"accessString", "engine", "userId", "userName"},
		ForceNew: []string{"userId", "userName"},
		ID:       byInput("userId"),
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ARN("elasticache", "user:"+r.ID)}
		},
	},
	"aws:elasticache/userGroup:UserGroup": {
		Required: []string{"engine", "userGroupId"},
		ForceNew: []string{"userGroupId", "engine"},
		ID:       byInput("userGroupId"),
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ARN("elasticache", "usergroup:"+r.ID)}
		},
	},

	// EKS.
	"aws:eks/cluster:Cluster": {
		Required: []string{"roleArn", "vpcConfig"},
		ForceNew: []string{"name", "roleArn", "encryptionConfig", "kubernetesNetworkConfig", "outpostConfig", "bootstrapSelfManagedAddons"},
		Autoname: "name", AutonameMax: 100,
		ID:       byName,
		Computed: eksCluster,
	},
	"aws:eks/nodeGroup:NodeGroup": {
		Required: []string{"clusterName", "nodeRoleArn", "scalingConfig", "subnetIds"},
		ForceNew: []string{"clusterName", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "subnetIds", "amiType", "capacityType", "diskSize", "instanceTypes", "remoteAccess"},
		Autoname: "nodeGroupName", AutonameMax: 63,
		ID: func(r *Res) string { return r.Str("clusterName") + ":" + r.Autoname },
		Computed: func(r *Res) map[string]any {
			ngID := UUID(string(r.URN) + "#ng")
			return map[string]any{
				"arn":            r.ARN("eks", fmt.Sprintf("nodegroup/%s/%s/%s", r.Str("clusterName"), r.Autoname, ngID)),
				"status":         "ACTIVE",
				"amiType":        "AL2_x86_64",
				"capacityType":   "ON_DEMAND",
				"version":        "1.34",
				"releaseVersion": "1.34.0-20260101",
				"resources": []any{map[string]any{
					"autoscalingGroups":           []any{map[string]any{"name": "eks-" + r.Autoname + "-" + ngID}},
					"remoteAccessSecurityGroupId": "",
				}},
			}
		},
	},
	"aws:eks/addon:Addon": {
		Required: []string{"addonName", "clusterName"},
		ForceNew: []string{"addonName", "clusterName"},
		ID:       func(r *Res) string { return r.Str("clusterName") + ":" + r.Str("addonName") },
		Computed: func(r *Res) map[string]any {
			return map[string]any{
				"arn":          r.ARN("eks", fmt.Sprintf("addon/%s/%s/%s", r.Str("clusterName"), r.Str("addonName"), UUID(string(r.URN)+"#addon"))),
				"addonVersion": AddonVersion(r.Str("addonName"), ""),
				"createdAt":    CreatedAt,
				"modifiedAt":   CreatedAt,
			}
		},
	},
	"aws:eks/accessEntry:AccessEntry": {
		Required: []string{"clusterName", "principalArn"},
		ForceNew: []string{"clusterName", "principalArn", "type"},
		ID:       func(r *Res) string { return r.Str("clusterName") + ":" + r.Str("principalArn") },
		Computed: func(r *Res) map[string]any {
			p := r.Str("principalArn")
			return map[string]any{
				"accessEntryArn":   r.ARN("eks", fmt.Sprintf("access-entry/%s/role/%s/%s", r.Str("clusterName"), Account, UUID(string(r.URN)+"#ae"))),
				"type":             "STANDARD",
				"kubernetesGroups": []any{},
				"userName":         p[strings.LastIndex(p, "/")+1:],
				"createdAt":        CreatedAt,
				"modifiedAt":       CreatedAt,
			}
		},
	},
	"aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {
		Required: []string{"accessScope", "clusterName", "policyArn", "principalArn"},
		ForceNew: []string{"clusterName", "policyArn", "principalArn"},
		ID: func(r *Res) string {
			return r.Str("clusterName") + "#" + r.Str("principalArn") + "#" + r.Str("policyArn")
		},
		Computed: func(r *Res) map[string]any {
			return map[string]any{"associatedAt": CreatedAt, "modifiedAt": CreatedAt}
		},
	},
	"aws:eks/podIdentityAssociation:PodIdentityAssociation": {
		Required: []string{"clusterName", "namespace", "roleArn", "serviceAccount"},
		ForceNew: []string{"clusterName", "namespace", "serviceAccount"},
		ID:       func(r *Res) string { return "a-" + r.Hex("assoc", 17) },
		Computed: func(r *Res) map[string]any {
			return map[string]any{
				"associationId":  r.ID,
				"associationArn": r.ARN("eks", fmt.Sprintf("podidentityassociation/%s/%s", r.Str("clusterName"), r.ID)),
			}
		},
	},

	// Logs.
	"aws:cloudwatch/logGroup:LogGroup": {
		ForceNew: []string{"name", "namePrefix", "logGroupClass"},
		Autoname: "name", AutonameMax: 512,
		ID: byName,
		Computed: func(r *Res) map[string]any {
			return map[string]any{"arn": r.ARN("logs", "log-group:"+r.ID), "logGroupClass": "STANDARD"}
		},
	},
}

// lbARN is a load balancer's ARN.
func lbARN(r *Res) string {
	kind := "app"
	if r.Str("loadBalancerType") == "network" {
		kind = "net"
	}
	return r.ARN("elasticloadbalancing", fmt.Sprintf("loadbalancer/%s/%s/%s", kind, r.Autoname, r.Hex("lb", 16)))
}

// tgARN is a target group's ARN.
func tgARN(r *Res) string {
	return r.ARN("elasticloadbalancing", fmt.Sprintf("targetgroup/%s/%s", r.Autoname, r.Hex("tg", 16)))
}
