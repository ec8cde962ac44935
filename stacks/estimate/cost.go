package estimate

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Line is one item of the monthly cost: a unit price times a monthly quantity.
type Line struct {
	// Item says what is paid for ("NAT gateway", "EC2 t4g.medium").
	Item string `json:"item"`
	// Resources are the logical names of the resources the line prices.
	Resources []string `json:"resources"`
	// Quantity is per month, in Unit.
	Quantity float64 `json:"quantity"`
	Unit     string  `json:"unit"`
	// PriceKey names the price in data/prices.json.
	PriceKey   string  `json:"priceKey"`
	UnitUSD    float64 `json:"unitUsd"`
	MonthlyUSD float64 `json:"monthlyUsd"`
	Source     string  `json:"source"`
	AsOf       string  `json:"asOf"`
	// Basis says how the quantity was found, naming any assumption it uses.
	Basis string `json:"basis"`
}

// Unpriced is a resource the estimate could not price.
type Unpriced struct {
	Type     string `json:"type"`
	Resource string `json:"resource"`
	Reason   string `json:"reason"`
}

// Cost is the itemised monthly cost of one inventory in one region.
type Cost struct {
	Region   string     `json:"region"`
	Currency string     `json:"currency"`
	Lines    []Line     `json:"lines"`
	Unpriced []Unpriced `json:"unpriced"`
	TotalUSD float64    `json:"totalUsd"`
	// Assumptions are the usage figures used, after overrides.
	Assumptions map[string]Assumption `json:"assumptions"`
	// Overridden names the assumptions set with --assume.
	Overridden []string `json:"overridden,omitempty"`
	// Notes are caveats of this estimate (what it leaves out, what it inferred).
	Notes []string `json:"notes"`
	About string   `json:"about"`
}

// ParseAssumptions turns "key=value" pairs (the synth --assume flag) into overrides,
// checking each key against the table's assumptions.
func (t *PriceTable) ParseAssumptions(pairs []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, fmt.Errorf("--assume %q: want key=value", p)
		}
		a, known := t.Assumptions[k]
		if !known {
			return nil, fmt.Errorf("--assume %q: unknown assumption %q (known: %s)", p, k, strings.Join(t.assumptionKeys(), ", "))
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("--assume %q: %s must be a number >= 0 (%s)", p, k, a.Unit)
		}
		out[k] = f
	}
	return out, nil
}

func (t *PriceTable) assumptionKeys() []string {
	var ks []string
	for k := range t.Assumptions {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// pricer accumulates the lines of one estimate.
type pricer struct {
	t      *PriceTable
	prices map[string]Price
	region string
	assume map[string]Assumption
	cost   *Cost
	inv    []Resource
}

func (p *pricer) a(key string) float64 { return p.assume[key].Value }

func (p *pricer) aStr(key string) string {
	a := p.assume[key]
	return fmt.Sprintf("%s = %s %s", key, fmtNum(a.Value), a.Unit)
}

// add prices qty of priceKey for the resource r; a missing price becomes an Unpriced
// entry naming the key.
func (p *pricer) add(r Resource, item, priceKey string, qty float64, basis string) {
	pr, ok := p.prices[priceKey]
	if !ok {
		p.cost.Unpriced = append(p.cost.Unpriced, Unpriced{Type: r.Type, Resource: r.Name,
			Reason: fmt.Sprintf("no price %q (%s) for %s in stacks/estimate/data/prices.json", priceKey, item, p.region)})
		return
	}
	for i := range p.cost.Lines {
		l := &p.cost.Lines[i]
		if l.Item == item && l.PriceKey == priceKey && l.Basis == basis {
			l.Resources = append(l.Resources, r.Name)
			l.Quantity += qty
			l.MonthlyUSD = l.Quantity * l.UnitUSD
			return
		}
	}
	p.cost.Lines = append(p.cost.Lines, Line{Item: item, Resources: []string{r.Name}, Quantity: qty, Unit: pr.Unit,
		PriceKey: priceKey, UnitUSD: pr.USD, MonthlyUSD: qty * pr.USD, Source: pr.Source, AsOf: pr.AsOf, Basis: basis})
}

func (p *pricer) note(format string, args ...any) {
	p.cost.Notes = append(p.cost.Notes, fmt.Sprintf(format, args...))
}

// EstimateCost prices every billable resource of inv for one region, with the table's
// usage assumptions changed by overrides (see ParseAssumptions). A resource whose type
// the table does not know, or whose price is missing for the region, is listed in
// Unpriced rather than guessed.
func EstimateCost(t *PriceTable, inv []Resource, region string, overrides map[string]float64) (*Cost, error) {
	c := &Cost{Region: region, Currency: "USD", About: t.About, Assumptions: map[string]Assumption{}, Lines: []Line{}, Unpriced: []Unpriced{}, Notes: []string{}}
	for k, a := range t.Assumptions {
		if v, ok := overrides[k]; ok {
			a.Value = v
			c.Overridden = append(c.Overridden, k)
		}
		c.Assumptions[k] = a
	}
	for k := range overrides {
		if _, ok := t.Assumptions[k]; !ok {
			return nil, fmt.Errorf("unknown assumption %q", k)
		}
	}
	sort.Strings(c.Overridden)
	prices, ok := t.Regions[region]
	if !ok {
		prices = map[string]Price{}
		c.Notes = append(c.Notes, fmt.Sprintf("stacks/estimate/data/prices.json has no prices for region %s (it has %s): every billable resource is unpriced", region, strings.Join(t.RegionNames(), ", ")))
	}
	p := &pricer{t: t, prices: prices, region: region, assume: c.Assumptions, cost: c, inv: inv}
	var nats []Resource
	for _, r := range inv {
		if r.isComponent() {
			continue
		}
		info, known := t.Types[r.Type]
		switch {
		case !known:
			c.Unpriced = append(c.Unpriced, Unpriced{Type: r.Type, Resource: r.Name, Reason: "type not in stacks/estimate/data/prices.json"})
			continue
		case !info.Billable:
			continue
		}
		switch r.Type {
		case "aws:eks/cluster:Cluster":
			p.eksCluster(r)
		case "aws:eks/nodeGroup:NodeGroup":
			p.nodeGroup(r)
		case "aws:ec2/natGateway:NatGateway":
			p.add(r, "NAT gateway", "nat.hour", t.HoursPerMonth, "always on")
			nats = append(nats, r)
		case "aws:ec2/eip:Eip":
			p.add(r, "Public IPv4 address (Elastic IP)", "ipv4.hour", t.HoursPerMonth, "always on")
		case "aws:lb/loadBalancer:LoadBalancer":
			p.loadBalancer(r)
		case "aws:ec2/vpcEndpoint:VpcEndpoint":
			p.vpcEndpoint(r)
		case "aws:elasticache/replicationGroup:ReplicationGroup":
			p.cache(r)
		case "aws:cloudwatch/logGroup:LogGroup":
			p.logGroup(r)
		case "aws:ec2/flowLog:FlowLog":
			p.flowLog(r)
		case "aws:s3/bucketV2:BucketV2":
			p.bucket(r)
		case "aws:kms/key:Key":
			p.add(r, "KMS customer managed key", "kms.key.month", 1, "per key; rotation adds $1/month for each of the first two rotations")
		case "kubernetes:helm.sh/v3:Release":
			p.helmRelease(r)
		default:
			c.Unpriced = append(c.Unpriced, Unpriced{Type: r.Type, Resource: r.Name, Reason: "billable in stacks/estimate/data/prices.json but the estimate has no rule for it"})
		}
	}
	if len(nats) > 0 {
		gb := p.a("nat.gbPerMonth")
		for _, n := range nats {
			p.add(n, "NAT gateway data processing", "nat.gb", gb/float64(len(nats)), p.aStr("nat.gbPerMonth")+" over all NAT gateways")
		}
	}
	sort.SliceStable(c.Lines, func(i, j int) bool { return c.Lines[i].MonthlyUSD > c.Lines[j].MonthlyUSD })
	for _, l := range c.Lines {
		c.TotalUSD += l.MonthlyUSD
	}
	return c, nil
}

func (p *pricer) eksCluster(r Resource) {
	p.add(r, "EKS control plane", "eks.cluster.hour", p.t.HoursPerMonth, "always on")
	if n := len(r.list("enabledClusterLogTypes")); n > 0 {
		p.add(r, "CloudWatch Logs ingestion: EKS control-plane logs", "logs.ingest.gb", float64(n)*p.a("eksLogs.gbPerMonthPerType"),
			fmt.Sprintf("%d log types x %s", n, p.aStr("eksLogs.gbPerMonthPerType")))
	}
}

// nodeGroup prices a managed node group's instances at its desired size and first
// instance type (on-demand groups launch the first type while it has capacity), and
// their root volumes from its launch template.
func (p *pricer) nodeGroup(r Resource) {
	desired, ok := r.num("scalingConfig.desiredSize")
	if !ok {
		desired = 2
		p.note("node group %s has no desiredSize: priced at 2 nodes (the EKS default)", r.Name)
	}
	types := r.list("instanceTypes")
	itype := "t3.medium"
	if len(types) > 0 {
		itype, _ = types[0].(string)
	}
	basis := "desired size"
	if len(types) > 1 {
		var ss []string
		for _, t := range types {
			s, _ := t.(string)
			ss = append(ss, s)
		}
		basis = fmt.Sprintf("desired size, first of [%s]", strings.Join(ss, ", "))
	}
	if ct := r.str("capacityType"); ct == "SPOT" {
		p.note("node group %s is SPOT: priced at on-demand rates (an upper bound)", r.Name)
	}
	p.add(r, fmt.Sprintf("EC2 %s x %s", itype, fmtNum(desired)), "ec2."+itype+".hour", desired*p.t.HoursPerMonth, fmt.Sprintf("%s x %s h", fmtNum(desired), fmtNum(p.t.HoursPerMonth))+", "+basis)

	size, vtype, from := 20.0, "gp3", "EKS default 20 GB"
	if d, ok := r.num("diskSize"); ok {
		size, from = d, "diskSize"
	}
	if lt := p.launchTemplateOf(r); lt != nil {
		for _, m := range lt.list("blockDeviceMappings") {
			bm, _ := m.(map[string]any)
			ebs, _ := bm["ebs"].(map[string]any)
			if v, ok := ebs["volumeSize"].(float64); ok {
				size, from = v, "launch template "+lt.Name
			}
			if v, ok := ebs["volumeType"].(string); ok && v != "" {
				vtype = v
			}
			break
		}
	}
	p.add(r, "EBS "+vtype+" root volumes", "ebs."+vtype+".gbMonth", desired*size,
		fmt.Sprintf("%s nodes x %s GB (%s)", fmtNum(desired), fmtNum(size), from))
}

// launchTemplateOf finds the launch template of a node group: the one of the same
// logical name, else the only one in the inventory.
func (p *pricer) launchTemplateOf(ng Resource) *Resource {
	var lts []*Resource
	for i := range p.inv {
		if p.inv[i].Type == "aws:ec2/launchTemplate:LaunchTemplate" {
			if p.inv[i].Name == ng.Name {
				return &p.inv[i]
			}
			lts = append(lts, &p.inv[i])
		}
	}
	if len(lts) == 1 {
		return lts[0]
	}
	return nil
}

func (p *pricer) publicSubnets() int {
	n := 0
	for _, r := range p.inv {
		if r.Type == "aws:ec2/subnet:Subnet" && strings.Contains(r.Name, "public") {
			n++
		}
	}
	return n
}

func (p *pricer) loadBalancer(r Resource) {
	kind, key := "NLB", "nlb"
	if r.str("loadBalancerType") == "application" || r.str("loadBalancerType") == "" {
		kind, key = "ALB", "alb"
	}
	p.lbLines(r, kind, key)
	if internal, _ := r.boolean("internal"); !internal {
		n := len(r.list("subnets")) + len(r.list("subnetMappings"))
		p.add(r, "Public IPv4 addresses of the internet-facing "+kind, "ipv4.hour", float64(n)*p.t.HoursPerMonth,
			fmt.Sprintf("one per subnet (%d) x %s h", n, fmtNum(p.t.HoursPerMonth)))
	}
}

func (p *pricer) lbLines(r Resource, kind, key string) {
	p.add(r, kind, key+".hour", p.t.HoursPerMonth, "always on")
	lcu := p.a(key + ".lcu")
	p.add(r, kind+" capacity units", key+".lcu.hour", lcu*p.t.HoursPerMonth, p.aStr(key+".lcu")+" x "+fmtNum(p.t.HoursPerMonth)+" h")
}

// helmRelease prices the ALB that the LB controller creates for a chart's ALB Ingress.
func (p *pricer) helmRelease(r Resource) {
	values, ok := r.Inputs["values"].(map[string]any)
	if !ok {
		if r.Inputs["values"] != nil {
			p.note("the values of release %s are masked as a whole: an ALB its Ingress may create is not priced", r.Name)
		}
		return
	}
	ing, _ := values["ingress"].(map[string]any)
	if ing == nil || ing["enabled"] != true || ing["ingressClassName"] != "alb" {
		return
	}
	p.lbLines(r, "ALB (created by the LB controller from the gateway's Ingress)", "alb")
	ann, _ := ing["annotations"].(map[string]any)
	if ann["alb.ingress.kubernetes.io/scheme"] == "internet-facing" {
		n, basis := float64(p.publicSubnets()), "one per public subnet"
		if n == 0 {
			n, basis = p.a("alb.azs"), p.aStr("alb.azs")
		}
		p.add(r, "Public IPv4 addresses of the internet-facing ALB", "ipv4.hour", n*p.t.HoursPerMonth, fmt.Sprintf("%s (%s) x %s h", basis, fmtNum(n), fmtNum(p.t.HoursPerMonth)))
	}
}

func (p *pricer) vpcEndpoint(r Resource) {
	if t := r.str("vpcEndpointType"); t != "Interface" {
		return // gateway endpoints (S3, DynamoDB) have no charge
	}
	azs := float64(len(r.list("subnetIds")))
	p.add(r, "Interface VPC endpoint", "vpce.az.hour", azs*p.t.HoursPerMonth, fmt.Sprintf("%s AZs x %s h", fmtNum(azs), fmtNum(p.t.HoursPerMonth)))
	gb := p.a("vpce.gbPerMonth")
	p.add(r, "Interface VPC endpoint data processing", "vpce.gb", gb, p.aStr("vpce.gbPerMonth"))
	if sr := r.str("serviceRegion"); sr != "" && sr != p.region {
		p.add(r, "Cross-region data transfer ("+p.region+" to "+sr+" endpoint service)", "transfer.interRegion.gb", gb, p.aStr("vpce.gbPerMonth"))
	}
}

func (p *pricer) cache(r Resource) {
	engine := r.str("engine")
	if engine == "" {
		engine = "redis"
	}
	nodeType := r.str("nodeType")
	nodes, basis := 1.0, "1 node"
	if n, ok := r.num("numCacheClusters"); ok {
		nodes, basis = n, fmt.Sprintf("numCacheClusters %s", fmtNum(n))
	} else if g, ok := r.num("numNodeGroups"); ok {
		rep, _ := r.num("replicasPerNodeGroup")
		nodes, basis = g*(1+rep), fmt.Sprintf("%s shards x (1 + %s replicas)", fmtNum(g), fmtNum(rep))
	}
	p.add(r, fmt.Sprintf("ElastiCache %s %s x %s", engine, nodeType, fmtNum(nodes)), "elasticache."+engine+"."+nodeType+".hour", nodes*p.t.HoursPerMonth,
		fmt.Sprintf("%s x %s h", basis, fmtNum(p.t.HoursPerMonth)))
}

// logIngestGB is what the estimate assumes flows into a log group per month: the EKS
// control-plane logs of the cluster that writes to it, or the flow logs sent to it.
func (p *pricer) logIngestGB(g Resource) (gb float64, what, basis string) {
	name, prefix := g.str("name"), g.str("namePrefix")
	for _, r := range p.inv {
		switch r.Type {
		case "aws:eks/cluster:Cluster":
			if n := len(r.list("enabledClusterLogTypes")); n > 0 && name == "/aws/eks/"+r.str("name")+"/cluster" {
				return float64(n) * p.a("eksLogs.gbPerMonthPerType"), "EKS control-plane logs", fmt.Sprintf("control-plane logs of %s: %d types x %s", r.Name, n, p.aStr("eksLogs.gbPerMonthPerType"))
			}
		case "aws:ec2/flowLog:FlowLog":
			dest := r.str("logDestination")
			if (name != "" && strings.HasSuffix(dest, ":"+name)) || (prefix != "" && strings.Contains(dest, ":log-group:"+prefix)) {
				return p.a("flowLogs.gbPerMonth"), "VPC flow logs", "flow logs: " + p.aStr("flowLogs.gbPerMonth")
			}
		}
	}
	return 0, "", ""
}

func (p *pricer) logGroup(r Resource) {
	gb, what, from := p.logIngestGB(r)
	if gb == 0 {
		return
	}
	days, ok := r.num("retentionInDays")
	months, ret := days/30, fmt.Sprintf("retention %s days", fmtNum(days))
	if !ok || days == 0 {
		months, ret = 12, "never expires: one year shown"
	}
	frac := p.a("logs.storedFraction")
	p.add(r, "CloudWatch Logs storage: "+what, "logs.store.gbMonth", gb*frac*months,
		fmt.Sprintf("steady state: %s, %s, %s", from, ret, p.aStr("logs.storedFraction")))
}

func (p *pricer) flowLog(r Resource) {
	if t := r.str("logDestinationType"); t != "" && t != "cloud-watch-logs" {
		p.note("flow log %s goes to %s: its delivery is not priced", r.Name, t)
		return
	}
	p.add(r, "CloudWatch Logs ingestion: VPC flow logs", "logs.ingest.gb", p.a("flowLogs.gbPerMonth"), p.aStr("flowLogs.gbPerMonth"))
}

// bucket prices the log bucket at steady state: a month's logs arrive, move through the
// lifecycle's storage classes and expire.
func (p *pricer) bucket(r Resource) {
	reqs, kb := p.a("requests.perMonth"), p.a("requests.logKB")
	gbMonth := reqs * kb / 1e6
	type stage struct {
		days  float64
		class string
	}
	var expire float64
	var stages []stage
	minSize := "all_storage_classes_128K"
	for _, lc := range p.inv {
		if lc.Type != "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2" {
			continue
		}
		if s := lc.str("transitionDefaultMinimumObjectSize"); s != "" {
			minSize = s
		}
		for _, rule := range lc.list("rules") {
			m, _ := rule.(map[string]any)
			if m["status"] != "Enabled" {
				continue
			}
			if e, ok := m["expiration"].(map[string]any); ok {
				if d, ok := e["days"].(float64); ok && d > 0 {
					expire = d
				}
			}
			for _, tr := range asList(m["transitions"]) {
				tm, _ := tr.(map[string]any)
				d, _ := tm["days"].(float64)
				cl, _ := tm["storageClass"].(string)
				stages = append(stages, stage{d, cl})
			}
		}
	}
	basis := fmt.Sprintf("%s x %s = %s GB/month", p.aStr("requests.perMonth"), p.aStr("requests.logKB"), fmtNum(gbMonth))
	ret := fmt.Sprintf("expire after %s days", fmtNum(expire))
	if expire == 0 {
		expire, ret = 365, "no expiration: one year shown"
	}
	if len(stages) > 0 && kb < 128 && minSize == "all_storage_classes_128K" {
		p.note("lifecycle transitions of bucket %s do not apply: objects of %s kB are below the 128 kB minimum (transitionDefaultMinimumObjectSize all_storage_classes_128K), so logs stay in S3 Standard until they expire", r.Name, fmtNum(kb))
		stages = nil
	}
	sort.Slice(stages, func(i, j int) bool { return stages[i].days < stages[j].days })
	classKey := map[string]string{"STANDARD": "s3.standard.gbMonth", "STANDARD_IA": "s3.standardIA.gbMonth", "GLACIER_IR": "s3.glacierIR.gbMonth"}
	transKey := map[string]string{"STANDARD_IA": "s3.transition.standardIA.per1000", "GLACIER_IR": "s3.transition.glacierIR.per1000"}
	from, class := 0.0, "STANDARD"
	for _, s := range append(stages, stage{expire, ""}) {
		end := math.Min(s.days, expire)
		if end > from {
			key, ok := classKey[class]
			if !ok {
				key = "s3." + strings.ToLower(class) + ".gbMonth"
			}
			p.add(r, "S3 "+class+" storage (request logs)", key, gbMonth*(end-from)/30,
				fmt.Sprintf("steady state: %s, days %s-%s, %s", basis, fmtNum(from), fmtNum(end), ret))
			from = end
		}
		if s.class != "" && s.days < expire {
			key, ok := transKey[s.class]
			if !ok {
				key = "s3.transition." + strings.ToLower(s.class) + ".per1000"
			}
			p.add(r, "S3 lifecycle transitions to "+s.class, key, reqs/1000, "one per log object: "+p.aStr("requests.perMonth"))
			class = s.class
		}
	}
	p.add(r, "S3 PUT requests (request logs)", "s3.put.per1000", reqs/1000, "one per log object: "+p.aStr("requests.perMonth"))
	p.add(r, "S3 GET requests", "s3.get.per1000", p.a("s3.getsPerMonth")/1000, p.aStr("s3.getsPerMonth"))
	for _, e := range p.inv {
		if e.Type != "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2" {
			continue
		}
		for _, rule := range e.list("rules") {
			m, _ := rule.(map[string]any)
			def, _ := m["applyServerSideEncryptionByDefault"].(map[string]any)
			if alg, _ := def["sseAlgorithm"].(string); !strings.HasPrefix(alg, "aws:kms") {
				continue
			}
			if m["bucketKeyEnabled"] == true {
				p.note("bucket %s uses an S3 Bucket Key: its KMS requests are negligible and not priced", r.Name)
				continue
			}
			p.add(r, "KMS requests (SSE-KMS without a bucket key)", "kms.requests.per10000", reqs/10000, "one per PUT: "+p.aStr("requests.perMonth"))
		}
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// fmtNum prints a number without trailing zeros.
func fmtNum(f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func fmtUSD(f float64) string {
	if f != 0 && math.Abs(f) < 0.01 {
		return "$" + strconv.FormatFloat(f, 'f', 4, 64)
	}
	return "$" + strconv.FormatFloat(f, 'f', 2, 64)
}

// Table renders the cost as the itemised table synth prints.
func (c *Cost) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "monthly cost estimate, %s (USD, on-demand, %s h/month; prices and their dates: stacks/estimate/data/prices.json):\n", c.Region, "730")
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "  ITEM\tN\tQUANTITY/MONTH\tUNIT PRICE\t%10s\n", "MONTHLY")
	for _, l := range c.Lines {
		fmt.Fprintf(w, "  %s\t%d\t%s %s\t%s\t%10s\n", l.Item, len(l.Resources), fmtNum(l.Quantity), l.Unit, fmtPrice(l.UnitUSD), fmtUSD(l.MonthlyUSD))
	}
	fmt.Fprintf(w, "  TOTAL\t\t\t\t%10s\n", fmtUSD(c.TotalUSD))
	w.Flush()
	for _, u := range c.Unpriced {
		fmt.Fprintf(&b, "  no price: %s %s: %s\n", u.Type, u.Resource, u.Reason)
	}
	asOf := map[string]bool{}
	for _, l := range c.Lines {
		asOf[l.AsOf] = true
	}
	var dates []string
	for d := range asOf {
		dates = append(dates, d)
	}
	sort.Strings(dates)
	if len(dates) > 0 {
		fmt.Fprintf(&b, "  prices as of %s from the AWS public pricing pages, not re-checked since: verify before quoting\n", strings.Join(dates, ", "))
	}
	var ks []string
	for k := range c.Assumptions {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var as []string
	for _, k := range ks {
		a := c.Assumptions[k]
		s := fmt.Sprintf("%s=%s", k, fmtNum(a.Value))
		for _, o := range c.Overridden {
			if o == k {
				s += " (set)"
			}
		}
		as = append(as, s)
	}
	fmt.Fprintf(&b, "  assumptions (change with synth --assume key=value): %s\n", strings.Join(as, ", "))
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	return b.String()
}

func fmtPrice(f float64) string {
	s := strconv.FormatFloat(f, 'f', 4, 64)
	return "$" + s
}
